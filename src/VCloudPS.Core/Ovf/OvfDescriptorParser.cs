using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf
{
    /// <summary>Reads an OVF 1.x descriptor safely and checks it is schema-plausible: an <c>Envelope</c> with
    /// <c>References</c>, a consistent <c>DiskSection</c> and exactly one <c>VirtualSystem</c> or
    /// <c>VirtualSystemCollection</c>; every href is a safe relative name.</summary>
    public static class OvfDescriptorParser
    {
        private static readonly XNamespace O = OvfNamespaces.Ovf;
        private static readonly XNamespace R = OvfNamespaces.Rasd;

        public static OvfDescriptor Load(Stream stream, string sourceName) => Parse(SafeXml.Load(stream, sourceName), sourceName);

        public static OvfDescriptor LoadFile(string path)
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            return Load(fs, Path.GetFileName(path));
        }

        public static OvfDescriptor Parse(XDocument doc, string sourceName)
        {
            var env = doc.Root ?? throw Invalid(sourceName, "the document is empty");
            if (env.Name.Namespace == OvfNamespaces.Ovf09)
                throw Invalid(sourceName, "it is an OVF 0.9 descriptor; only OVF 1.x (DMTF DSP0243) is supported");
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

            var collections = env.Elements(O + "VirtualSystemCollection").ToList();
            var singles = env.Elements(O + "VirtualSystem").ToList();
            if (collections.Count + singles.Count != 1)
                throw Invalid(sourceName, "the envelope must hold exactly one ovf:VirtualSystem or ovf:VirtualSystemCollection");

            var systems = new List<OvfVirtualSystem>();
            string name;
            bool isCollection = collections.Count == 1;
            if (isCollection)
            {
                var c = collections[0];
                name = (string?)c.Element(O + "Name") ?? Attr(c, "id") ?? throw Invalid(sourceName, "the ovf:VirtualSystemCollection has no ovf:id");
                foreach (var vs in c.Descendants(O + "VirtualSystem")) systems.Add(ReadSystem(vs, disks, sourceName));
                if (systems.Count == 0) throw Invalid(sourceName, "the ovf:VirtualSystemCollection holds no ovf:VirtualSystem");
            }
            else
            {
                var vs = ReadSystem(singles[0], disks, sourceName);
                systems.Add(vs);
                name = vs.Name;
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in systems) if (!ids.Add(s.Id)) throw Invalid(sourceName, $"ovf:VirtualSystem id '{s.Id}' is used twice");

            return new OvfDescriptor(doc, name, isCollection, files, disks, networks, systems);
        }

        private static OvfVirtualSystem ReadSystem(XElement vs, List<OvfDisk> disks, string sourceName)
        {
            var id = Attr(vs, "id") ?? throw Invalid(sourceName, "an ovf:VirtualSystem has no ovf:id");
            var name = (string?)vs.Element(O + "Name") ?? id;
            var hw = vs.Element(O + "VirtualHardwareSection")
                ?? throw Invalid(sourceName, $"ovf:VirtualSystem '{id}' has no ovf:VirtualHardwareSection");
            int? cpu = null; long? mem = null;
            var vmDisks = new List<OvfVmDisk>();
            var nics = new List<OvfNic>();
            foreach (var item in hw.Elements(O + "Item"))
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
                        if (diskId == null) break;   // e.g. a host device or ovf:/file/ reference: not a DiskSection disk
                        var disk = disks.FirstOrDefault(d => d.DiskId == diskId)
                            ?? throw Invalid(sourceName, $"VM '{name}' uses disk '{diskId}', which ovf:DiskSection does not define");
                        vmDisks.Add(new OvfVmDisk((string?)item.Element(R + "InstanceID") ?? "", diskId, disk.CapacityBytes));
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
            return new OvfVirtualSystem(id, name, cpu, mem, osType, vmDisks, nics);
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
}
