using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Migration;

/// <summary>Which destination storage profile each VM of an OVF package lands on, and the
/// <c>InstantiateVmParams</c> of instantiateOvf that ask vCD for it (vcd-api.md §5.4). Shared by Import-VApp and
/// the streamed and staged moves.</summary>
internal static class StoragePlacement
{
    private static readonly XNamespace V = VcdXml.Vcloud;

    /// <param name="systems">Each OVF VirtualSystem id with the storage policy it had at its source (null: none known).</param>
    /// <param name="vdc">The destination VDC.</param>
    /// <param name="storageProfile">One profile for every VM (-StorageProfile); wins over everything else.</param>
    /// <param name="mapping">Source policy → destination policy for policies the destination does not offer by name.</param>
    /// <param name="unknownIsError">An unmapped policy the destination lacks stops the import (Import-VApp); otherwise
    /// those VMs get the VDC's default profile (moves, where preflight has warned about it).</param>
    /// <returns>VirtualSystem id → storage profile href; VMs not listed get the VDC's default.</returns>
    public static IReadOnlyDictionary<string, string> Resolve(IReadOnlyList<(string systemId, string? policy)> systems, XElement vdc,
        string? storageProfile, IDictionary<string, string>? mapping, bool unknownIsError)
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
        var considered = systems.Where(s => !string.IsNullOrEmpty(s.policy)
            && (unknownIsError || offered.ContainsKey(s.policy!) || mapping.ContainsKey(s.policy!))).ToList();
        var resolved = TargetMapping.ResolveStorageProfiles(considered.Select(s => s.policy!), offered.Keys,
            new MappingOptions { StorageProfileMapping = mapping }, vdcName);
        return considered.ToDictionary(s => s.systemId, s => offered[resolved[s.policy!]], StringComparer.Ordinal);
    }

    /// <summary>The placement of a move, whose preflight has resolved every policy already.</summary>
    /// <param name="targets">Source policy → destination policy name.</param>
    public static IReadOnlyDictionary<string, string> FromResolved(IReadOnlyList<(string systemId, string? policy)> systems, XElement vdc,
        string? storageProfile, IReadOnlyDictionary<string, string> targets)
    {
        var offered = MovePreflight.Refs(vdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var placement = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (systemId, policy) in systems)
        {
            var target = !string.IsNullOrEmpty(storageProfile) ? storageProfile
                : policy != null && targets.TryGetValue(policy, out var t) ? t : null;
            if (target != null && offered.TryGetValue(target, out var href)) placement[systemId] = href;
        }
        return placement;
    }

    public static IEnumerable<XElement> InstantiateVmParams(IReadOnlyDictionary<string, string> placement)
        => placement.Select(p => new XElement(V + "InstantiateVmParams", new XAttribute("id", p.Key),
            new XElement(V + "VdcStorageProfile", new XAttribute("href", p.Value))));
}
