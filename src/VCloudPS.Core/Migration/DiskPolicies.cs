using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Migration;

/// <summary>Gives the disks that had their own storage policy at the source (not their VM's) the same policy at the
/// destination. vCD places a new or cloned VM's disks on the VM's policy (instantiateOvf and cloneVApp take one
/// policy per VM), so each such VM gets one disks reconfiguration (<c>PUT …/virtualHardwareSection/disks</c>,
/// vcd-api.md) after it exists. Disks are matched by their order on the VM, which a copy keeps.</summary>
internal static class DiskPolicies
{
    private const string RasdItemsListType = "application/vnd.vmware.vcloud.rasdItemsList+xml";

    /// <returns>The disks whose policy was set.</returns>
    public static async Task<int> RestoreAsync(VCloudConnection destination, string vappHref, MoveContext c, MoveOptions o, Action<string>? log, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(o.StorageProfile)) return 0;   // one policy for everything: the VMs carry it
        var wanted = c.SourceVms
            .Select(vm => (vm.Name, disks: vm.Disks.Select(d => d.OverridesVmStorageProfile && d.StorageProfile != null
                && c.StorageTargets.TryGetValue(d.StorageProfile, out var t) ? t : null).ToList()))
            .Where(v => v.disks.Any(d => d != null))
            .ToList();
        if (wanted.Count == 0) return 0;
        var offered = MovePreflight.Refs(c.DestinationVdc.V("VdcStorageProfiles"), "VdcStorageProfile");
        var vapp = await destination.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        var vms = (vapp.V("Children")?.Elements(VcdXml.Vcloud + "Vm") ?? Enumerable.Empty<XElement>()).ToList();
        int changed = 0;
        foreach (var (name, disks) in wanted)
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
            if (task != null) await destination.WaitForTaskAsync(task, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            log?.Invoke($"VM '{name}': {here} disk(s) put back on their own storage policy.");
            changed += here;
        }
        return changed;
    }

    private static void SetAttribute(XElement e, string localName, string value)
    {
        var existing = e.Attributes().FirstOrDefault(a => a.Name.LocalName == localName);
        if (existing != null) existing.Value = value;
        else e.SetAttributeValue(VcdXml.Vcloud + localName, value);
    }
}
