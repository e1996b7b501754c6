using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Migration;

/// <summary>Which destination storage profile each VM of an OVF package lands on, and the
/// <c>InstantiateVmParams</c> of instantiateOvf that ask vCD for it (vcd-api.md §5.4). Import-VApp resolves the
/// package's policies here; a streamed move asks <see cref="MoveContext.ProfileHrefFor"/>, resolved by its preflight.</summary>
internal static class StoragePlacement
{
    private static readonly XNamespace V = VcdXml.Vcloud;

    /// <param name="systems">Each OVF VirtualSystem id with the storage policy it had at its source (null: none known).</param>
    /// <param name="vdc">The destination VDC.</param>
    /// <param name="storageProfile">One profile for every VM (-StorageProfile); wins over everything else.</param>
    /// <param name="mapping">Source policy → destination policy for policies the destination does not offer by name.</param>
    /// <returns>VirtualSystem id → storage profile href; VMs not listed get the VDC's default.</returns>
    public static IReadOnlyDictionary<string, string> Resolve(IReadOnlyList<(string systemId, string? policy)> systems, XElement vdc,
        string? storageProfile, IDictionary<string, string>? mapping)
    {
        var offered = MovePreflight.Refs(vdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var vdcName = vdc.Attr("name") ?? "the VDC";
        if (!string.IsNullOrEmpty(storageProfile))
        {
            if (!offered.TryGetValue(storageProfile!, out var href))
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "StorageProfileNotFound",
                    $"VDC '{vdcName}' has no storage profile '{storageProfile}'. Its storage policies: {string.Join(", ", offered.Keys.Select(k => "'" + k + "'"))}. Nothing was created.");
            return systems.ToDictionary(s => s.systemId, _ => href, StringComparer.Ordinal);
        }
        mapping ??= new Dictionary<string, string>(StringComparer.Ordinal);
        // An unmapped policy the destination lacks stops the import (TargetMapping).
        var considered = systems.Where(s => !string.IsNullOrEmpty(s.policy)).ToList();
        var resolved = TargetMapping.ResolveStorageProfiles(considered.Select(s => s.policy!), offered.Keys,
            new MappingOptions { StorageProfileMapping = mapping }, vdcName);
        return considered.ToDictionary(s => s.systemId, s => offered[resolved[s.policy!]], StringComparer.Ordinal);
    }

    public static IEnumerable<XElement> InstantiateVmParams(IReadOnlyDictionary<string, string> placement)
        => placement.Select(p => new XElement(V + "InstantiateVmParams", new XAttribute("id", p.Key),
            new XElement(V + "VdcStorageProfile", new XAttribute("href", p.Value))));
}
