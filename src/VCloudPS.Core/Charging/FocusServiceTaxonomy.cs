using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Charging;

/// <summary>
/// FOCUS 1.2 ServiceCategory and ServiceSubcategory allowed values (every subcategory has one parent category) and the
/// defaults VCloudPS gives each meter when the rate card names none.
/// </summary>
public static class FocusServiceTaxonomy
{
    private static readonly Dictionary<string, string[]> SubcategoriesByCategory = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["AI and Machine Learning"] = new[] { "AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing" },
        ["Analytics"] = new[] { "Analytics Platforms", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics" },
        ["Business Applications"] = new[] { "Productivity and Collaboration" },
        ["Compute"] = new[] { "Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines" },
        ["Databases"] = new[] { "Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases", "Time Series Databases" },
        ["Developer Tools"] = new[] { "Developer Platforms", "Continuous Integration and Deployment", "Development Environments", "Source Code Management", "Quality Assurance" },
        ["Identity"] = new[] { "Identity and Access Management" },
        ["Integration"] = new[] { "API Management", "Messaging", "Workflow Orchestration" },
        ["Internet of Things"] = new[] { "IoT Analytics", "IoT Platforms" },
        ["Management and Governance"] = new[] { "Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery", "Endpoint Management", "Observability", "Support" },
        ["Media"] = new[] { "Content Creation", "Gaming", "Media Streaming", "Mixed Reality" },
        ["Migration"] = new[] { "Data Migration", "Resource Migration" },
        ["Mobile"] = Array.Empty<string>(),
        ["Multicloud"] = new[] { "Multicloud Integration" },
        ["Networking"] = new[] { "Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure", "Network Routing", "Network Security" },
        ["Security"] = new[] { "Secret Management", "Security Posture Management", "Threat Detection and Response" },
        ["Storage"] = new[] { "Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms" },
        ["Web"] = new[] { "Application Platforms" },
        ["Other"] = Array.Empty<string>(),
    };

    /// <summary>Each category's subcategories with its "Other (category)" last (built once: every charge line asks).</summary>
    private static readonly Dictionary<string, string[]> AllowedByCategory = SubcategoriesByCategory.ToDictionary(
        kv => kv.Key, kv => kv.Value.Concat(new[] { "Other (" + kv.Key + ")" }).ToArray(), StringComparer.Ordinal);

    /// <summary>The ServiceCategory values, in the specification's order.</summary>
    public static IReadOnlyCollection<string> Categories => SubcategoriesByCategory.Keys;

    /// <summary>The allowed subcategories of a category, its "Other (category)" last; empty for an unknown category.</summary>
    public static IReadOnlyList<string> SubcategoriesOf(string category) =>
        AllowedByCategory.TryGetValue(category, out var s) ? Array.AsReadOnly(s) : (IReadOnlyList<string>)Array.Empty<string>();

    public static bool IsCategory(string? category) => category != null && SubcategoriesByCategory.ContainsKey(category);

    /// <summary>True when <paramref name="subcategory"/> is one of <paramref name="category"/>'s children.</summary>
    public static bool IsSubcategoryOf(string? subcategory, string? category) =>
        subcategory != null && category != null && AllowedByCategory.TryGetValue(category, out var s) && Array.IndexOf(s, subcategory) >= 0;

    /// <summary>The category a subcategory belongs to, or null when it is not a FOCUS subcategory.</summary>
    public static string? CategoryOf(string subcategory) =>
        SubcategoriesByCategory.Keys.FirstOrDefault(c => SubcategoriesOf(c).Contains(subcategory, StringComparer.Ordinal));

    public static string DefaultCategory(Meter meter) =>
        meter == Meter.StorageGiB ? "Storage" : meter == Meter.PublicIp ? "Networking" : "Compute";

    /// <summary>Per meter: vCPU, memory and VDC capacity are virtual machines; disks are block storage; public IPs network infrastructure.</summary>
    public static string DefaultSubcategory(Meter meter, string category)
    {
        string preferred = meter == Meter.StorageGiB ? "Block Storage" : meter == Meter.PublicIp ? "Network Infrastructure" : "Virtual Machines";
        return IsSubcategoryOf(preferred, category) ? preferred : "Other (" + category + ")";
    }
}
