using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Migration;

/// <summary>Gives the disks that had their own storage policy at the source (not their VM's) the same policy at the
/// destination. vCD places a new or cloned VM's disks on the VM's policy (instantiateOvf and cloneVApp take one
/// policy per VM), so each such VM gets one disks reconfiguration (<c>PUT …/virtualHardwareSection/disks</c>,
/// vcd-api.md) after it exists. Disks are matched by their order on the VM, which a copy keeps.</summary>
internal static class DiskPolicies
{
    private const string RasdItemsListType = "application/vnd.vmware.vcloud.rasdItemsList+xml";

    /// <summary>After a move or copy: the source's disks with a policy of their own, resolved by the preflight.</summary>
    public static Task<int> RestoreAsync(VCloudConnection destination, string vappHref, MoveContext c, MoveOptions o, Action<string>? log, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(o.StorageProfile)) return Task.FromResult(0);   // one policy for everything: the VMs carry it
        var wanted = c.SourceVms.Select(vm => (vm.Name, (IReadOnlyList<string?>)vm.Disks
            .Select(d => OwnPolicy(d) is string own && c.StorageTargets.TryGetValue(own, out var t) ? t : null).ToList()));
        return ApplyAsync(destination, vappHref, c.DestinationVdc, wanted, o.Transfer.TaskTimeout, log, ct);
    }

    /// <param name="vdc">The destination VDC (its storage profiles).</param>
    /// <param name="wanted">Each VM by name, with the destination policy of each of its disks in disk order (null: the VM's).</param>
    /// <returns>The disks whose policy was set.</returns>
    public static async Task<int> ApplyAsync(VCloudConnection destination, string vappHref, XElement vdc,
        IEnumerable<(string vmName, IReadOnlyList<string?> disks)> wanted, TimeSpan taskTimeout, Action<string>? log, CancellationToken ct)
    {
        var todo = wanted.Where(v => v.disks.Any(d => d != null)).ToList();
        if (todo.Count == 0) return 0;
        var offered = MovePreflight.Refs(vdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var vapp = await destination.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        var vms = (vapp.V("Children")?.Elements(VcdXml.Vcloud + "Vm") ?? Enumerable.Empty<XElement>()).ToList();
        int changed = 0;
        foreach (var (name, disks) in todo)
        {
            var vm = vms.FirstOrDefault(v => string.Equals(v.Attr("name"), name, StringComparison.Ordinal));
            if (vm?.Attr("href") is not string vmHref) continue;
            var href = vmHref.TrimEnd('/') + "/virtualHardwareSection/disks";
            var list = await destination.GetXmlAsync(href, ct).ConfigureAwait(false);
            var items = list.Elements().Where(e => e.Name.LocalName == "Item" && e.Element(VcdXml.Rasd + "ResourceType")?.Value.Trim() == "17").ToList();
            int here = 0;
            for (int i = 0; i < Math.Min(items.Count, disks.Count); i++)
            {
                if (disks[i] is not string policy || !offered.TryGetValue(policy, out var profileHref)) continue;
                var host = items[i].Element(VcdXml.Rasd + "HostResource");
                if (host == null || string.Equals(host.Attr("storageProfileHref"), profileHref, StringComparison.OrdinalIgnoreCase)) continue;
                SetAttribute(host, "storageProfileHref", profileHref);
                SetAttribute(host, "storageProfileOverrideVmDefault", "true");
                here++;
            }
            if (here == 0) continue;
            var task = await destination.PutXmlAsync(href, RasdItemsListType, list, ct).ConfigureAwait(false);
            if (task != null) await destination.WaitForTaskAsync(task, taskTimeout, null, ct).ConfigureAwait(false);
            log?.Invoke($"VM '{name}': {here} disk(s) put back on their own storage policy.");
            changed += here;
        }
        return changed;
    }

    /// <summary>The disk's own storage policy by name; null when it uses its VM's.</summary>
    public static string? OwnPolicy(VmDisk disk) => disk.OverridesVmStorageProfile ? disk.StorageProfile : null;

    /// <summary>A disk that overrides its VM's policy names it only by href: its name comes from the VM's VDC.</summary>
    public static void NameOverrides(IEnumerable<Vm> vms, XElement vdc)
    {
        var names = MovePreflight.Refs(vdc.V("VdcStorageProfiles"), "VdcStorageProfile")
            .GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase);
        foreach (var disk in vms.SelectMany(v => v.Disks).Where(d => d.StorageProfile == null && d.StorageProfileHref != null))
            if (names.TryGetValue(disk.StorageProfileHref!, out var name)) disk.StorageProfile = name;
    }

    private static void SetAttribute(XElement e, string localName, string value)
    {
        var existing = e.Attributes().FirstOrDefault(a => a.Name.LocalName == localName);
        if (existing != null) existing.Value = value;
        else e.SetAttributeValue(VcdXml.Vcloud + localName, value);
    }
}
