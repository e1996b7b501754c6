using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Core.Migration;

/// <summary>Which destination storage profile each VM of an OVF package lands on, and the
/// <c>InstantiateVmParams</c> of instantiateOvf that ask vCD for it (vcd-api.md §5.4). Import-VApp resolves the
/// package's policies here; a streamed move asks <see cref="MoveContext.ProfileHrefFor"/>, resolved by its preflight.</summary>
internal static class StoragePlacement
{
    private static readonly XNamespace V = VcdXml.Vcloud;

    /// <param name="systems">The package's VirtualSystems with the storage policies they (and their disks) had at their source.</param>
    /// <param name="vdc">The destination VDC.</param>
    /// <param name="storageProfile">One profile for every VM and disk (-StorageProfile); wins over everything else.</param>
    /// <param name="mapping">Source policy → destination policy for policies the destination does not offer by name;
    /// a policy the destination lacks and the mapping does not name stops the import (TargetMapping).</param>
    /// <returns>VirtualSystem id → storage profile href (VMs not listed get the VDC's default), and each VM's
    /// disks' own destination policies by VM name, in disk order (null: the VM's).</returns>
    public static (IReadOnlyDictionary<string, string> vms, IReadOnlyList<(string vmName, IReadOnlyList<string?> disks)> disks) Resolve(
        IReadOnlyList<OvfVirtualSystem> systems, XElement vdc, string? storageProfile, IDictionary<string, string>? mapping)
    {
        var offered = MovePreflight.Refs(vdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var vdcName = vdc.Attr("name") ?? "the VDC";
        var noDisks = Array.Empty<(string, IReadOnlyList<string?>)>();
        if (!string.IsNullOrEmpty(storageProfile))
        {
            if (!offered.TryGetValue(storageProfile!, out var href))
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "StorageProfileNotFound",
                    $"VDC '{vdcName}' has no storage profile '{storageProfile}'. Its storage policies: {string.Join(", ", offered.Keys.Select(k => "'" + k + "'"))}. Nothing was created.");
            return (systems.ToDictionary(s => s.Id, _ => href, StringComparer.Ordinal), noDisks);
        }
        var used = systems.Select(s => s.StoragePolicy).Concat(systems.SelectMany(s => s.Disks).Select(d => d.StoragePolicy))
            .Where(p => !string.IsNullOrEmpty(p)).Select(p => p!);
        var resolved = TargetMapping.ResolveStorageProfiles(used, offered.Keys,
            new MappingOptions { StorageProfileMapping = mapping ?? new Dictionary<string, string>(StringComparer.Ordinal) }, vdcName);
        var vms = systems.Where(s => !string.IsNullOrEmpty(s.StoragePolicy))
            .ToDictionary(s => s.Id, s => offered[resolved[s.StoragePolicy!]], StringComparer.Ordinal);
        var disks = systems.Select(s => (s.Name, (IReadOnlyList<string?>)s.Disks
            .Select(d => d.StoragePolicy != null && d.StoragePolicy != s.StoragePolicy ? resolved[d.StoragePolicy] : null).ToList())).ToList();
        return (vms, disks);
    }

    public static IEnumerable<XElement> InstantiateVmParams(IReadOnlyDictionary<string, string> placement)
        => placement.Select(p => new XElement(V + "InstantiateVmParams", new XAttribute("id", p.Key),
            new XElement(V + "VdcStorageProfile", new XAttribute("href", p.Value))));
}
