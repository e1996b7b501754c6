using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using VCloudPS.Simulator.Xml;
using static VCloudPS.Simulator.Xml.Ns;

namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>
/// Parses an uploaded OVF 1.x descriptor without trusting it: no DTD, no external resolution, size-limited;
/// accepts a VirtualSystemCollection (vCD style) or a single top-level VirtualSystem (ovftool style).
/// Any problem is an <see cref="OvfDescriptorException"/> whose message explains what is wrong.
/// </summary>
public static partial class OvfDescriptorReader
{
    public const long MaxDescriptorBytes = 16L * 1024 * 1024;

    /// <summary>vCD's limit of network adapters per VM.</summary>
    public const int MaxNicsPerVm = 10;

    public static OvfPackage Read(Stream descriptor)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = MaxDescriptorBytes,
                IgnoreComments = true,
                CloseInput = false,
            };
            using var reader = XmlReader.Create(descriptor, settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new OvfDescriptorException("The OVF descriptor contains a DTD (DOCTYPE), which is not allowed.", ex);
        }
        catch (XmlException ex)
        {
            throw new OvfDescriptorException($"The OVF descriptor is not well-formed XML: {ex.Message}", ex);
        }
        return Read(document);
    }

    public static OvfPackage Read(XDocument document)
    {
        var envelope = document.Root!;
        if (envelope.Name != Ovf + "Envelope")
        {
            throw new OvfDescriptorException($"The OVF descriptor's root element is {{{envelope.Name.NamespaceName}}}{envelope.Name.LocalName}; expected Envelope in namespace {Ovf.NamespaceName}.");
        }

        var files = ReadFiles(envelope);
        var disks = ReadDisks(envelope, files);
        var networks = envelope.Elements(Ovf + "NetworkSection").Elements(Ovf + "Network")
            .Select(n => new OvfNetwork(Required(n, "name", "Network"), (string?)n.Element(Ovf + "Description")))
            .ToList();

        var collection = envelope.Element(Ovf + "VirtualSystemCollection");
        var topSystem = envelope.Element(Ovf + "VirtualSystem");
        if (collection is null && topSystem is null)
        {
            throw new OvfDescriptorException("The OVF descriptor has neither a VirtualSystemCollection nor a VirtualSystem.");
        }
        var systems = collection is not null ? collection.Descendants(Ovf + "VirtualSystem").ToList() : [topSystem!];
        if (systems.Count == 0)
        {
            throw new OvfDescriptorException("The VirtualSystemCollection holds no VirtualSystem.");
        }

        var diskById = disks.ToDictionary(d => d.DiskId, StringComparer.Ordinal);
        var configuration = DefaultConfiguration(envelope);
        var vms = systems.Select(s => ReadVirtualSystem(s, diskById, configuration)).ToList();
        var duplicateVm = vms.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicateVm is not null)
        {
            throw new OvfDescriptorException($"Two virtual systems are named '{duplicateVm.Key}'.");
        }

        var root = collection ?? topSystem!;
        return new OvfPackage
        {
            Name = (string?)root.Element(Ovf + "Name") ?? Required(root, "id", root.Name.LocalName),
            Description = (string?)root.Element(Ovf + "AnnotationSection")?.Element(Ovf + "Annotation"),
            Files = files,
            Disks = disks,
            Networks = networks,
            VirtualMachines = vms,
            HasVirtualSystemCollection = collection is not null,
        };
    }

    private static List<OvfFileReference> ReadFiles(XElement envelope)
    {
        var files = new List<OvfFileReference>();
        foreach (var file in envelope.Elements(Ovf + "References").Elements(Ovf + "File"))
        {
            var href = Required(file, "href", "File");
            if (!IsSafeRelativeName(href))
            {
                throw new OvfDescriptorException($"The file reference '{href}' is not a plain file name relative to the descriptor (absolute paths, '..', folders and URLs are refused).");
            }
            var id = Required(file, "id", "File");
            // vCD refuses compressed packages (ovf:compression="gzip"): it cannot read the disks' content while uploading.
            if ((string?)file.Attribute(Ovf + "compression") is { Length: > 0 } compression && compression != "identity")
            {
                throw new OvfDescriptorException($"The file '{href}' is compressed (ovf:compression=\"{compression}\"); compressed OVF packages are not supported. Export the package without compression.");
            }
            files.Add(new OvfFileReference(id, href, OptionalLong(file, "size"), OptionalLong(file, "chunkSize")));
        }
        var duplicateHref = files.GroupBy(f => f.Href, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicateHref is not null)
        {
            throw new OvfDescriptorException($"The file '{duplicateHref.Key}' is referenced twice.");
        }
        var duplicateId = files.GroupBy(f => f.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null)
        {
            throw new OvfDescriptorException($"The file id '{duplicateId.Key}' is used twice.");
        }
        if (files.Any(f => f.Href.Equals("descriptor.ovf", StringComparison.OrdinalIgnoreCase)))
        {
            throw new OvfDescriptorException("A referenced file may not be named descriptor.ovf.");
        }
        return files;
    }

    private static List<OvfDisk> ReadDisks(XElement envelope, List<OvfFileReference> files)
    {
        var fileIds = files.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var disks = new List<OvfDisk>();
        foreach (var disk in envelope.Elements(Ovf + "DiskSection").Elements(Ovf + "Disk"))
        {
            var diskId = Required(disk, "diskId", "Disk");
            var capacityText = Required(disk, "capacity", "Disk");
            if (!long.TryParse(capacityText, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity <= 0)
            {
                throw new OvfDescriptorException($"Disk '{diskId}' has capacity '{capacityText}', which is not a positive whole number (OVF properties are not supported).");
            }
            var multiplier = UnitMultiplier((string?)disk.Attribute(Ovf + "capacityAllocationUnits"), $"disk '{diskId}'");
            var fileRef = (string?)disk.Attribute(Ovf + "fileRef");
            if (fileRef is not null && !fileIds.Contains(fileRef))
            {
                throw new OvfDescriptorException($"Disk '{diskId}' refers to file '{fileRef}', which is not in References.");
            }
            disks.Add(new OvfDisk(diskId, checked(capacity * multiplier), fileRef, OptionalLong(disk, "populatedSize"), (string?)disk.Attribute(Ovf + "format")));
        }
        return disks;
    }

    /// <summary>
    /// The DeploymentOptionSection's configuration that applies: the one marked ovf:default="true", else the first (OVF
    /// 1.1 §9.8); null without the section.
    /// </summary>
    private static string? DefaultConfiguration(XElement envelope)
    {
        var configurations = envelope.Elements(Ovf + "DeploymentOptionSection").Elements(Ovf + "Configuration").ToList();
        if (configurations.Count == 0)
        {
            return null;
        }
        var chosen = configurations.FirstOrDefault(c => (bool?)c.Attribute(Ovf + "default") == true) ?? configurations[0];
        return Required(chosen, "id", "Configuration");
    }

    /// <summary>An item with ovf:configuration belongs only to the configurations it lists (space-separated).</summary>
    private static bool AppliesTo(XElement item, string? configuration)
    {
        var list = (string?)item.Attribute(Ovf + "configuration");
        return string.IsNullOrWhiteSpace(list)
               || (configuration is not null && list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(configuration, StringComparer.Ordinal));
    }

    private static OvfVirtualMachine ReadVirtualSystem(XElement system, Dictionary<string, OvfDisk> disks, string? configuration)
    {
        var id = Required(system, "id", "VirtualSystem");
        var name = ((string?)system.Element(Ovf + "Name"))?.Trim() is { Length: > 0 } n ? n : id;
        var os = system.Element(Ovf + "OperatingSystemSection");
        var hardware = system.Elements(Ovf + "VirtualHardwareSection").FirstOrDefault()
            ?? throw new OvfDescriptorException($"Virtual system '{name}' has no VirtualHardwareSection.");
        var items = hardware.Elements()
            .Where(e => e.Name.Namespace == Ovf && e.Name.LocalName is "Item" or "StorageItem" or "EthernetPortItem")
            .Where(e => AppliesTo(e, configuration))
            .ToList();

        int cpu = 1, coresPerSocket = 1;
        long memoryMB = 0;
        var controllers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var diskItems = new List<XElement>();
        var nics = new List<OvfVmNic>();
        foreach (var item in items)
        {
            var type = (int?)RasdValue(item, "ResourceType") ?? 0;
            switch (type)
            {
                case RasdResourceType.Processor:
                    cpu = (int?)RasdValue(item, "VirtualQuantity") ?? 1;
                    coresPerSocket = (int?)item.Element(Vmw + "CoresPerSocket") ?? 1;
                    break;
                case RasdResourceType.Memory:
                    var quantity = (long?)RasdValue(item, "VirtualQuantity") ?? 0;
                    var bytes = quantity * UnitMultiplier((string?)RasdValue(item, "AllocationUnits") ?? "byte * 2^20", $"memory of '{name}'");
                    memoryMB = bytes / (1024 * 1024);
                    break;
                case RasdResourceType.IdeController or RasdResourceType.ParallelScsiHba or RasdResourceType.SataController or RasdResourceType.Other:
                    if ((string?)RasdValue(item, "InstanceID") is { } controllerId)
                    {
                        controllers[controllerId] = (string?)RasdValue(item, "ResourceSubType") ?? (type == RasdResourceType.IdeController ? "ide" : null);
                    }
                    break;
                case RasdResourceType.DiskDrive:
                    diskItems.Add(item);
                    break;
                case RasdResourceType.EthernetAdapter:
                    nics.Add(ReadNic(item, nics.Count));
                    break;
            }
        }
        if (cpu <= 0 || memoryMB <= 0)
        {
            throw new OvfDescriptorException($"Virtual system '{name}' must declare at least one CPU and some memory.");
        }
        if (nics.Count > MaxNicsPerVm)
        {
            throw new OvfDescriptorException($"Virtual system '{name}' has {nics.Count} network adapters; a VM can have at most {MaxNicsPerVm}.");
        }

        var vmDisks = new List<OvfVmDisk>();
        foreach (var item in diskItems)
        {
            var hostResource = ((string?)RasdValue(item, "HostResource"))?.Trim() ?? string.Empty;
            var match = DiskReference().Match(hostResource);
            if (!match.Success)
            {
                throw new OvfDescriptorException($"Virtual system '{name}' has a disk whose HostResource '{hostResource}' does not name a disk (ovf:/disk/<id>).");
            }
            var diskId = match.Groups[1].Value;
            if (!disks.TryGetValue(diskId, out var disk))
            {
                throw new OvfDescriptorException($"Virtual system '{name}' uses disk '{diskId}', which is not in the DiskSection.");
            }
            var parent = (string?)RasdValue(item, "Parent");
            vmDisks.Add(new OvfVmDisk(
                diskId,
                (int?)RasdValue(item, "InstanceID") ?? 0,
                (int?)RasdValue(item, "AddressOnParent") ?? vmDisks.Count,
                parent is not null && controllers.TryGetValue(parent, out var subType) ? subType : null,
                disk.CapacityBytes,
                disk.FileRef));
        }

        return new OvfVirtualMachine
        {
            Id = id,
            Name = name,
            Description = (string?)system.Element(Ovf + "AnnotationSection")?.Element(Ovf + "Annotation"),
            OsType = (string?)os?.Attribute(Vmw + "osType"),
            OsDescription = (string?)os?.Element(Ovf + "Description"),
            HardwareVersion = (string?)hardware.Element(Ovf + "System")?.Element(Vssd + "VirtualSystemType"),
            CpuCount = cpu,
            CoresPerSocket = coresPerSocket,
            MemoryMB = memoryMB,
            ComputerName = (string?)system.Element(V + "GuestCustomizationSection")?.Element(V + "ComputerName"),
            Disks = vmDisks,
            Nics = nics,
        };
    }

    private static OvfVmNic ReadNic(XElement item, int position)
    {
        var connection = item.Element(Rasd + "Connection");
        var network = ((string?)connection)?.Trim();
        return new OvfVmNic(
            Index: (int?)RasdValue(item, "AddressOnParent") ?? position,
            Network: string.IsNullOrEmpty(network) ? null : network,
            MacAddress: ((string?)RasdValue(item, "Address"))?.Trim() is { Length: > 0 } mac ? mac : null,
            AddressingMode: (string?)connection?.Attribute(V + "ipAddressingMode") ?? "DHCP",
            IpAddress: (string?)connection?.Attribute(V + "ipAddress"),
            IsPrimary: (bool?)connection?.Attribute(V + "primaryNetworkConnection") ?? position == 0,
            IsConnected: (bool?)RasdValue(item, "AutomaticAllocation") ?? true,
            AdapterType: ((string?)RasdValue(item, "ResourceSubType"))?.ToUpperInvariant() ?? "E1000");
    }

    /// <summary>RASD (and OVF 2 SASD/EPASD) children are matched by local name, whichever CIM namespace they use.</summary>
    private static XElement? RasdValue(XElement item, string localName)
        => item.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    /// <summary>Multiplier for DMTF programmatic units ("byte * 2^20") and the legacy names some tools write.</summary>
    internal static long UnitMultiplier(string? units, string what)
    {
        if (string.IsNullOrWhiteSpace(units))
        {
            return 1;
        }
        var compact = units.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        switch (compact)
        {
            case "byte" or "bytes": return 1;
            case "kilobytes" or "kb": return 1L << 10;
            case "megabytes" or "mb": return 1L << 20;
            case "gigabytes" or "gb": return 1L << 30;
        }
        var match = PowerUnits().Match(compact);
        if (match.Success)
        {
            var baseValue = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var exponent = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if ((baseValue == 2 && exponent <= 50) || (baseValue == 10 && exponent <= 15))
            {
                return (long)Math.Pow(baseValue, exponent);
            }
        }
        throw new OvfDescriptorException($"The allocation units '{units}' of {what} are not understood.");
    }

    private static string Required(XElement element, string attribute, string what)
    {
        var value = (string?)element.Attribute(Ovf + attribute);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new OvfDescriptorException($"A {what} element lacks the required attribute ovf:{attribute}.");
        }
        return value.Trim();
    }

    private static long? OptionalLong(XElement element, string attribute)
    {
        var text = (string?)element.Attribute(Ovf + attribute);
        if (text is null)
        {
            return null;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new OvfDescriptorException($"ovf:{attribute}='{text}' on {element.Name.LocalName} is not a whole number.");
        }
        return value;
    }

    /// <summary>A package file must sit beside the descriptor: no folders, no parent references, no URLs, no drive letters.</summary>
    internal static bool IsSafeRelativeName(string href)
        => href.Length is > 0 and <= 255
           && href != "." && href != ".."
           && href.IndexOfAny(['/', '\\', ':', '\0']) < 0
           && !href.Any(char.IsControl);

    [GeneratedRegex(@"^(?:ovf:)?/disk/(.+)$")]
    private static partial Regex DiskReference();

    [GeneratedRegex(@"^byte\*(\d+)\^(\d+)$")]
    private static partial Regex PowerUnits();
}
