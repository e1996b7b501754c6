using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>Reads an OVF 1.x descriptor safely and checks it is schema-plausible: an <c>Envelope</c> with
/// <c>References</c>, a consistent <c>DiskSection</c> and exactly one <c>VirtualSystem</c> or
/// <c>VirtualSystemCollection</c>; every href is a safe relative name.</summary>
public static class OvfDescriptorParser
{
    private static readonly XNamespace O = OvfNamespaces.Ovf;
    private static readonly XNamespace R = OvfNamespaces.Rasd;

    public static OvfDescriptor Load(Stream stream, string sourceName, string? deploymentOption = null)
        => Parse(SafeXml.Load(stream, sourceName), sourceName, deploymentOption);

    public static OvfDescriptor LoadFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return Load(fs, Path.GetFileName(path));
    }

    /// <param name="deploymentOption">The <c>DeploymentOptionSection</c> configuration whose hardware items apply;
    /// null: the descriptor's default (the one marked <c>ovf:default</c>, else the first).</param>
    public static OvfDescriptor Parse(XDocument doc, string sourceName, string? deploymentOption = null)
    {
        var env = doc.Root ?? throw Invalid(sourceName, "the document is empty");
        if (env.Name.Namespace == OvfNamespaces.Ovf09)
            throw Invalid(sourceName, "it is an OVF 0.9 descriptor; only OVF 1.x (DMTF DSP0243) is supported");
        if (env.Name.Namespace == OvfNamespaces.Ovf2)
            throw new OvfPackageException("OvfVersionNotSupported",
                $"OVF descriptor '{sourceName}' is OVF 2.0: OVF 2.0 is not supported by vCloud Director. Export it as OVF 1.0 (e.g. VirtualBox: Export Appliance with format 'Open Virtualization Format 1.0'; ovftool can convert it).", sourceName);
        if (env.Name != O + "Envelope")
            throw Invalid(sourceName, $"the root element is '{env.Name.LocalName}' in namespace '{env.Name.NamespaceName}', not ovf:Envelope ({O.NamespaceName})");

        var refs = env.Element(O + "References") ?? throw Invalid(sourceName, "ovf:References is missing");
        var files = new List<OvfFileReference>();
        var fileIds = new HashSet<string>(StringComparer.Ordinal);
        var hrefs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in refs.Elements(O + "File"))
        {
            var id = Attr(f, "id") ?? throw Invalid(sourceName, "an ovf:File has no ovf:id");
            var href = PackagePath.Validate(Attr(f, "href") ?? throw Invalid(sourceName, $"ovf:File '{id}' has no ovf:href"), $"ovf:File '{id}' href");
            if (!fileIds.Add(id)) throw Invalid(sourceName, $"ovf:File id '{id}' is used twice");
            if (!hrefs.Add(href)) throw Invalid(sourceName, $"ovf:File href '{href}' is used twice");
            var size = OptLong(f, "size", sourceName);
            if (size < 0) throw Invalid(sourceName, $"ovf:File '{id}' has a negative size");
            var chunk = OptLong(f, "chunkSize", sourceName);
            if (chunk <= 0) throw Invalid(sourceName, $"ovf:File '{id}' has an invalid chunkSize");
            files.Add(new OvfFileReference(id, href, size, chunk, Attr(f, "compression")));
        }

        var disks = new List<OvfDisk>();
        var diskSection = env.Element(O + "DiskSection");
        if (diskSection != null)
        {
            foreach (var d in diskSection.Elements(O + "Disk"))
            {
                var diskId = Attr(d, "diskId") ?? throw Invalid(sourceName, "an ovf:Disk has no ovf:diskId");
                var fileRef = Attr(d, "fileRef");
                if (fileRef != null && !fileIds.Contains(fileRef))
                    throw Invalid(sourceName, $"ovf:Disk '{diskId}' refers to file '{fileRef}', which ovf:References does not list");
                var capText = Attr(d, "capacity") ?? throw Invalid(sourceName, $"ovf:Disk '{diskId}' has no ovf:capacity");
                if (!long.TryParse(capText, NumberStyles.None, CultureInfo.InvariantCulture, out var cap))
                    throw Invalid(sourceName, $"ovf:Disk '{diskId}' capacity '{capText}' is not a whole number");
                var mult = AllocationUnits.Multiplier(Attr(d, "capacityAllocationUnits"))
                    ?? throw Invalid(sourceName, $"ovf:Disk '{diskId}' has unknown capacityAllocationUnits '{Attr(d, "capacityAllocationUnits")}'");
                if (disks.Any(x => x.DiskId == diskId)) throw Invalid(sourceName, $"ovf:Disk id '{diskId}' is used twice");
                disks.Add(new OvfDisk(diskId, fileRef, checked(cap * mult), OptLong(d, "populatedSize", sourceName), Attr(d, "format")));
            }
        }
        else if (files.Count > 0 && files.Any(f => f.Href.EndsWith(".vmdk", StringComparison.OrdinalIgnoreCase)))
        {
            throw Invalid(sourceName, "ovf:References lists disk files but ovf:DiskSection is missing");
        }

        var networks = new List<OvfNetwork>();
        var netSection = env.Element(O + "NetworkSection");
        if (netSection != null)
            foreach (var n in netSection.Elements(O + "Network"))
                networks.Add(new OvfNetwork(Attr(n, "name") ?? throw Invalid(sourceName, "an ovf:Network has no ovf:name"),
                    (string?)n.Element(O + "Description")));

        var (options, chosen) = ChooseConfiguration(env, deploymentOption, sourceName);

        var collections = env.Elements(O + "VirtualSystemCollection").ToList();
        var singles = env.Elements(O + "VirtualSystem").ToList();
        if (collections.Count + singles.Count != 1)
            throw Invalid(sourceName, "the envelope must hold exactly one ovf:VirtualSystem or ovf:VirtualSystemCollection");

        var storageGroups = StorageGroups(env);
        var systems = new List<OvfVirtualSystem>();
        bool isCollection = collections.Count == 1;
        var top = isCollection ? collections[0] : singles[0];
        if (isCollection)
        {
            foreach (var vs in top.Descendants(O + "VirtualSystem")) systems.Add(ReadSystem(vs, disks, storageGroups, sourceName, chosen));
            if (systems.Count == 0) throw Invalid(sourceName, "the ovf:VirtualSystemCollection holds no ovf:VirtualSystem");
        }
        else systems.Add(ReadSystem(top, disks, storageGroups, sourceName, chosen));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in systems) if (!ids.Add(s.Id)) throw Invalid(sourceName, $"ovf:VirtualSystem id '{s.Id}' is used twice");

        // VMware Studio writes an empty <Name/>: fall back to the ovf:id, then the descriptor's file name.
        string name; string nameSource;
        var named = ((string?)top.Element(O + "Name"))?.Trim();
        if (!string.IsNullOrEmpty(named)) { name = named!; nameSource = "Name"; }
        else if (!string.IsNullOrWhiteSpace(Attr(top, "id"))) { name = Attr(top, "id")!.Trim(); nameSource = "ovf:id"; }
        else { name = Path.GetFileNameWithoutExtension(sourceName); nameSource = "file name"; }

        return new OvfDescriptor(doc, name, isCollection, files, disks, networks, systems)
        { NameSource = nameSource, DeploymentOptions = options, DeploymentOption = chosen };
    }

    /// <summary>The configurations of the <c>DeploymentOptionSection</c> and the one that applies.</summary>
    private static (IReadOnlyList<string> options, string? chosen) ChooseConfiguration(XElement env, string? requested, string sourceName)
    {
        var section = env.Element(O + "DeploymentOptionSection");
        var configs = section?.Elements(O + "Configuration").ToList() ?? new List<XElement>();
        var ids = configs.Select(c => Attr(c, "id")).Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).ToList();
        if (requested != null)
        {
            if (ids.Count == 0)
                throw new OvfPackageException("DeploymentOptionInvalid", $"-DeploymentOption '{requested}' was given but '{sourceName}' has no deployment options.", sourceName);
            if (!ids.Contains(requested))
                throw new OvfPackageException("DeploymentOptionInvalid",
                    $"'{sourceName}' has no deployment option '{requested}'. Its options: {string.Join(", ", ids.Select(i => "'" + i + "'"))}.", sourceName);
            return (ids, requested);
        }
        if (ids.Count == 0) return (ids, null);
        var byDefault = configs.FirstOrDefault(c => string.Equals(Attr(c, "default"), "true", StringComparison.OrdinalIgnoreCase));
        return (ids, byDefault != null ? Attr(byDefault, "id") : ids[0]);
    }

    private static readonly char[] Blanks = new[] { ' ', '\t' };

    /// <summary>Whether a hardware item applies to a configuration: items without <c>ovf:configuration</c>
    /// apply to all, unless an item with the same InstanceID is specific to the chosen configuration.</summary>
    internal static IEnumerable<XElement> ApplicableItems(XElement hardwareSection, string? configuration)
    {
        var items = hardwareSection.Elements(O + "Item").ToList();
        bool Specific(XElement i) => Attr(i, "configuration") != null;
        bool AppliesTo(XElement i) => configuration != null && Attr(i, "configuration")!
            .Split(Blanks, StringSplitOptions.RemoveEmptyEntries).Contains(configuration);
        var overridden = new HashSet<string>(items.Where(i => Specific(i) && AppliesTo(i))
            .Select(i => ((string?)i.Element(R + "InstanceID"))?.Trim() ?? ""), StringComparer.Ordinal);
        return items.Where(i => Specific(i) ? AppliesTo(i) : !overridden.Contains(((string?)i.Element(R + "InstanceID"))?.Trim() ?? ""));
    }

    /// <summary>Storage policies as vSphere names them: <c>vmw:StorageGroupSection</c>s (id → policy name), which a
    /// VirtualSystem or a disk's Item refers to with <c>vmw:StorageSection/@vmw:group</c>.</summary>
    private static Dictionary<string, string> StorageGroups(XElement env)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in env.Descendants(OvfNamespaces.Vmw + "StorageGroupSection"))
        {
            var id = g.Attribute(OvfNamespaces.Vmw + "id")?.Value;
            var name = g.Attribute(OvfNamespaces.Vmw + "name")?.Value?.Trim();
            if (id != null && !string.IsNullOrEmpty(name) && !groups.ContainsKey(id)) groups[id] = name!;
        }
        return groups;
    }

    private static string? StoragePolicyOf(XElement element, IReadOnlyDictionary<string, string> groups)
    {
        var group = element.Element(OvfNamespaces.Vmw + "StorageSection")?.Attribute(OvfNamespaces.Vmw + "group")?.Value;
        return group != null && groups.TryGetValue(group, out var name) ? name : null;
    }

    private static OvfVirtualSystem ReadSystem(XElement vs, List<OvfDisk> disks, IReadOnlyDictionary<string, string> storageGroups, string sourceName, string? configuration)
    {
        var id = Attr(vs, "id") ?? throw Invalid(sourceName, "an ovf:VirtualSystem has no ovf:id");
        var named = ((string?)vs.Element(O + "Name"))?.Trim();
        var name = string.IsNullOrEmpty(named) ? id : named!;
        var hw = vs.Element(O + "VirtualHardwareSection")
            ?? throw Invalid(sourceName, $"ovf:VirtualSystem '{id}' has no ovf:VirtualHardwareSection");
        int? cpu = null; long? mem = null;
        var vmDisks = new List<OvfVmDisk>();
        var nics = new List<OvfNic>();
        var otherDiskResources = new List<string>();
        foreach (var item in ApplicableItems(hw, configuration))
        {
            var type = (string?)item.Element(R + "ResourceType");
            switch (type?.Trim())
            {
                case "3":
                    if (int.TryParse((string?)item.Element(R + "VirtualQuantity"), NumberStyles.None, CultureInfo.InvariantCulture, out var c)) cpu = c;
                    break;
                case "4":
                    if (long.TryParse((string?)item.Element(R + "VirtualQuantity"), NumberStyles.None, CultureInfo.InvariantCulture, out var q))
                    {
                        var mult = AllocationUnits.Multiplier((string?)item.Element(R + "AllocationUnits") ?? "byte * 2^20") ?? 1024 * 1024;
                        mem = q * mult / (1024 * 1024);
                    }
                    break;
                case "17":
                    var host = ((string?)item.Element(R + "HostResource"))?.Trim() ?? "";
                    var diskId = host.StartsWith("ovf:/disk/", StringComparison.Ordinal) ? host.Substring(10)
                               : host.StartsWith("/disk/", StringComparison.Ordinal) ? host.Substring(6) : null;
                    if (diskId == null) { otherDiskResources.Add(host); break; }   // e.g. ovf:/file/...: not a DiskSection disk
                    var disk = disks.FirstOrDefault(d => d.DiskId == diskId)
                        ?? throw Invalid(sourceName, $"VM '{name}' uses disk '{diskId}', which ovf:DiskSection does not define");
                    vmDisks.Add(new OvfVmDisk((string?)item.Element(R + "InstanceID") ?? "", diskId, disk.CapacityBytes)
                    {
                        StoragePolicy = StoragePolicyOf(item, storageGroups),
                    });
                    break;
                case "10":
                    var conn = item.Element(R + "Connection");
                    var primaryAttr = conn?.Attribute(OvfNamespaces.VCloud + "primaryNetworkConnection")?.Value;
                    nics.Add(new OvfNic(((string?)conn)?.Trim(), (string?)item.Element(R + "ResourceSubType"),
                        string.Equals(primaryAttr, "true", StringComparison.OrdinalIgnoreCase),
                        conn?.Attribute(OvfNamespaces.VCloud + "ipAddressingMode")?.Value,
                        (string?)item.Element(R + "Address")));
                    break;
            }
        }
        var os = vs.Element(O + "OperatingSystemSection");
        var osType = os?.Attribute(OvfNamespaces.Vmw + "osType")?.Value ?? (string?)os?.Element(O + "Description");
        var policy = StoragePolicyOf(vs, storageGroups);
        return new OvfVirtualSystem(id, name, cpu, mem, osType, vmDisks, nics)
        {
            OtherDiskResources = otherDiskResources, StoragePolicy = string.IsNullOrEmpty(policy) ? null : policy,
        };
    }

    private static string? Attr(XElement e, string localName)
        => e.Attribute(O + localName)?.Value ?? e.Attribute(localName)?.Value;

    private static long? OptLong(XElement e, string localName, string sourceName)
    {
        var text = Attr(e, localName);
        if (text == null) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            throw Invalid(sourceName, $"attribute ovf:{localName}='{text}' is not a whole number");
        return v;
    }

    private static OvfPackageException Invalid(string source, string why)
        => new OvfPackageException("OvfDescriptorInvalid", $"OVF descriptor '{source}' is invalid: {why}.", source);
}
