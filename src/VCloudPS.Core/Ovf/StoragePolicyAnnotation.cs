using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>A VM's storage policy and its disks' (in disk order; null: the disk uses the VM's policy).</summary>
public sealed class VmStoragePolicies
{
    public VmStoragePolicies(string vmName, string? policy, IReadOnlyList<string?> diskPolicies) { VmName = vmName; Policy = policy; DiskPolicies = diskPolicies; }
    public string VmName { get; }
    public string? Policy { get; }
    public IReadOnlyList<string?> DiskPolicies { get; }
}

/// <summary>Writes the storage policies of a vApp's VMs and disks into a descriptor that names none (vCD's exports
/// name none), in vSphere's form: one <c>vmw:StorageGroupSection</c> per policy in the envelope, and a
/// <c>vmw:StorageSection</c> referring to it in each VirtualSystem and in the Item of each disk with a policy of
/// its own. Import-VApp reads them back (<see cref="OvfDescriptorParser"/>), so an exported package keeps its
/// policies; every part is <c>ovf:required="false"</c>, so other tools may ignore it.</summary>
public static class StoragePolicyAnnotation
{
    private static readonly XNamespace O = OvfNamespaces.Ovf;
    private static readonly XNamespace Vmw = OvfNamespaces.Vmw;
    private static readonly XNamespace R = OvfNamespaces.Rasd;

    /// <returns>The annotated descriptor, or null when there is nothing to add: no policy known, no VirtualSystem
    /// of those VMs, or the descriptor names storage groups already.</returns>
    public static byte[]? Annotate(byte[] descriptor, IReadOnlyList<VmStoragePolicies> vms, string sourceName)
    {
        if (descriptor == null) throw new ArgumentNullException(nameof(descriptor));
        if (vms == null || !vms.Any(v => v.Policy != null || v.DiskPolicies.Any(p => p != null))) return null;
        XDocument doc;
        using (var stream = new MemoryStream(descriptor, writable: false)) doc = SafeXml.Load(stream, sourceName);
        var env = doc.Root;
        if (env == null || env.Name != O + "Envelope" || env.Descendants(Vmw + "StorageGroupSection").Any()) return null;
        var content = env.Elements().FirstOrDefault(e => e.Name == O + "VirtualSystemCollection" || e.Name == O + "VirtualSystem");
        if (content == null) return null;

        var groups = new Dictionary<string, string>(StringComparer.Ordinal);   // policy → group id
        string Group(string policy)
        {
            if (!groups.TryGetValue(policy, out var id)) groups[policy] = id = "group" + (groups.Count + 1).ToString(CultureInfo.InvariantCulture);
            return id;
        }
        var systems = content.DescendantsAndSelf(O + "VirtualSystem").ToList();
        foreach (var vm in vms)
        {
            var vs = systems.FirstOrDefault(s => string.Equals(((string?)s.Element(O + "Name"))?.Trim(), vm.VmName, StringComparison.Ordinal))
                     ?? systems.FirstOrDefault(s => string.Equals(s.Attribute(O + "id")?.Value, vm.VmName, StringComparison.Ordinal));
            var hardware = vs?.Element(O + "VirtualHardwareSection");
            if (vs == null || hardware == null) continue;
            if (vm.Policy != null) hardware.AddAfterSelf(Reference(Group(vm.Policy)));
            var diskItems = hardware.Elements(O + "Item").Where(i => ((string?)i.Element(R + "ResourceType"))?.Trim() == "17").ToList();
            for (int i = 0; i < Math.Min(diskItems.Count, vm.DiskPolicies.Count); i++)
                if (vm.DiskPolicies[i] is string own && own != vm.Policy) diskItems[i].Add(Reference(Group(own)));
        }
        if (groups.Count == 0) return null;
        if (env.GetPrefixOfNamespace(Vmw) == null) env.SetAttributeValue(XNamespace.Xmlns + "vmw", Vmw.NamespaceName);
        content.AddBeforeSelf(groups.Select(g => new XElement(Vmw + "StorageGroupSection",
            new XAttribute(O + "required", "false"), new XAttribute(Vmw + "id", g.Value), new XAttribute(Vmw + "name", g.Key),
            new XElement(O + "Info", "Storage policy for group of disks"))));

        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            doc.Save(writer);
        return output.ToArray();
    }

    private static XElement Reference(string group)
        => new(Vmw + "StorageSection", new XAttribute(O + "required", "false"), new XAttribute(Vmw + "group", group),
            new XElement(O + "Info", "Storage policy group reference"));
}
