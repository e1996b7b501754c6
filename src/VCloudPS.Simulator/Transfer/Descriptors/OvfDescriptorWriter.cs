using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using VCloudPS.Simulator.Xml;
using static VCloudPS.Simulator.Xml.Ns;

namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>
/// Writes the OVF 1.x envelope vCD produces on download (shapes from the captured exported-descriptor.ovf):
/// References, DiskSection, NetworkSection, vcloud:CustomizationSection, vcloud:NetworkConfigSection and a
/// VirtualSystemCollection with one VirtualSystem per VM.
/// </summary>
public static class OvfDescriptorWriter
{
    private const int FirstScsiDiskInstanceId = 2000;

    /// <summary>The file name vCD gives a VM's N-th disk (1-based) in an export.</summary>
    public static string DiskFileName(string vmName, int diskNumber)
    {
        var safe = new StringBuilder(vmName.Length);
        foreach (var c in vmName)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        var name = safe.ToString().Trim('.');
        return (name.Length == 0 ? "vm" : name) + "-disk" + diskNumber.ToString(CultureInfo.InvariantCulture) + ".vmdk";
    }

    public static string FileId(OvfVmDescription vm, int diskIndex) => $"file-{vm.Id:D}-{FirstScsiDiskInstanceId + diskIndex}";

    public static string DiskId(OvfVmDescription vm, int diskIndex) => $"vmdisk-{vm.Id:D}-{FirstScsiDiskInstanceId + diskIndex}";

    public static byte[] WriteBytes(OvfVAppDescription vapp, OvfDescriptorForm form)
    {
        using var buffer = new MemoryStream();
        // vCD writes the declaration with an upper-case encoding name; XmlWriter would write "utf-8".
        buffer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "    ", OmitXmlDeclaration = true };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            Build(vapp, form).Save(writer);
        }
        return buffer.ToArray();
    }

    public static XDocument Build(OvfVAppDescription vapp, OvfDescriptorForm form)
    {
        var identity = form == OvfDescriptorForm.Identity;
        var envelope = new XElement(Ovf + "Envelope",
            new XAttribute(XNamespace.Xmlns + "ovf", Ovf),
            new XAttribute(XNamespace.Xmlns + "rasd", Rasd),
            new XAttribute(XNamespace.Xmlns + "vcloud", V),
            new XAttribute(XNamespace.Xmlns + "vmw", Vmw),
            new XAttribute(XNamespace.Xmlns + "vssd", Vssd),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            References(vapp),
            DiskSection(vapp),
            NetworkSection(vapp),
            new XElement(V + "CustomizationSection",
                new XAttribute("goldMaster", "false"), new XAttribute(Ovf + "required", "false"),
                new XElement(Ovf + "Info", "VApp template customization section"),
                new XElement(V + "CustomizeOnInstantiate", Bool(vapp.CustomizeOnInstantiate))),
            NetworkConfigSection(vapp),
            VirtualSystemCollection(vapp, identity));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), envelope);
    }

    private static XElement References(OvfVAppDescription vapp)
        => new(Ovf + "References",
            from vm in vapp.Vms
            from disk in vm.Disks.Select((d, i) => (d, i))
            select new XElement(Ovf + "File",
                new XAttribute(Ovf + "href", disk.d.FileHref),
                new XAttribute(Ovf + "id", FileId(vm, disk.i)),
                disk.d.FileSize is { } size ? new XAttribute(Ovf + "size", size) : null));

    private static XElement DiskSection(OvfVAppDescription vapp)
        => new(Ovf + "DiskSection",
            new XElement(Ovf + "Info", "Virtual disk information"),
            from vm in vapp.Vms
            from disk in vm.Disks.Select((d, i) => (d, i))
            select new XElement(Ovf + "Disk",
                new XAttribute(Ovf + "capacity", disk.d.CapacityMB),
                new XAttribute(Ovf + "capacityAllocationUnits", "byte * 2^20"),
                new XAttribute(Ovf + "diskId", DiskId(vm, disk.i)),
                new XAttribute(Ovf + "fileRef", FileId(vm, disk.i)),
                new XAttribute(Ovf + "format", StreamOptimizedFormat),
                new XAttribute(Ovf + "populatedSize", disk.d.PopulatedSize)));

    private static XElement NetworkSection(OvfVAppDescription vapp)
        => new(Ovf + "NetworkSection",
            new XElement(Ovf + "Info", "The list of logical networks"),
            from network in vapp.Networks
            select new XElement(Ovf + "Network",
                new XAttribute(Ovf + "name", network.Name),
                new XElement(Ovf + "Description", network.Description ?? $"The {network.Name} network")));

    private static XElement NetworkConfigSection(OvfVAppDescription vapp)
        => new(V + "NetworkConfigSection", new XAttribute(Ovf + "required", "false"),
            new XElement(Ovf + "Info", "The configuration parameters for logical networks"),
            from network in vapp.Networks
            select new XElement(V + "NetworkConfig", new XAttribute("networkName", network.Name),
                new XElement(V + "Description", network.Description ?? $"The {network.Name} network"),
                new XElement(V + "Configuration",
                    network.Gateway is null ? null : new XElement(V + "IpScopes",
                        new XElement(V + "IpScope",
                            new XElement(V + "IsInherited", "false"),
                            new XElement(V + "Gateway", network.Gateway),
                            new XElement(V + "SubnetPrefixLength", network.PrefixLength ?? 24),
                            new XElement(V + "IsEnabled", "true"))),
                    new XElement(V + "FenceMode", network.FenceMode),
                    new XElement(V + "RetainNetInfoAcrossDeployments", "false")),
                new XElement(V + "IsDeployed", "false")));

    private static XElement VirtualSystemCollection(OvfVAppDescription vapp, bool identity)
        => new(Ovf + "VirtualSystemCollection", new XAttribute(Ovf + "id", vapp.Name),
            new XElement(Ovf + "Info", "A collection of virtual machines"),
            new XElement(Ovf + "Name", vapp.Name),
            Annotation(vapp.Description),
            new XElement(Ovf + "StartupSection",
                new XElement(Ovf + "Info", "VApp startup section"),
                from vm in vapp.Vms
                select new XElement(Ovf + "Item",
                    new XAttribute(Ovf + "id", vm.Name),
                    new XAttribute(Ovf + "order", vm.StartOrder),
                    new XAttribute(Ovf + "startAction", "powerOn"),
                    new XAttribute(Ovf + "startDelay", 0),
                    new XAttribute(Ovf + "stopAction", "powerOff"),
                    new XAttribute(Ovf + "stopDelay", 0))),
            vapp.Vms.Select(vm => VirtualSystem(vm, identity)));

    private static XElement? Annotation(string? text)
        => string.IsNullOrEmpty(text) ? null : new XElement(Ovf + "AnnotationSection",
            new XElement(Ovf + "Info", "A human-readable annotation"),
            new XElement(Ovf + "Annotation", text));

    private static XElement VirtualSystem(OvfVmDescription vm, bool identity)
    {
        var os = OperatingSystems.Describe(vm.OsType);
        return new XElement(Ovf + "VirtualSystem", new XAttribute(Ovf + "id", vm.Name),
            new XElement(Ovf + "Info", "A virtual machine"),
            new XElement(Ovf + "Name", vm.Name),
            Annotation(vm.Description),
            new XElement(Ovf + "OperatingSystemSection",
                new XAttribute(Ovf + "id", os.CimId), new XAttribute(Vmw + "osType", vm.OsType),
                new XElement(Ovf + "Info", "Specifies the operating system installed"),
                new XElement(Ovf + "Description", vm.OsDescription ?? os.Description)),
            VirtualHardwareSection(vm, identity),
            new XElement(V + "GuestCustomizationSection", new XAttribute(Ovf + "required", "false"),
                new XElement(Ovf + "Info", "Specifies Guest OS Customization Settings"),
                new XElement(V + "Enabled", "false"),
                new XElement(V + "ChangeSid", "false"),
                identity ? new XElement(V + "VirtualMachineId", vm.Id.ToString("D")) : null,
                new XElement(V + "JoinDomainEnabled", "false"),
                new XElement(V + "UseOrgSettings", "false"),
                new XElement(V + "AdminPasswordEnabled", "false"),
                new XElement(V + "AdminPasswordAuto", "true"),
                new XElement(V + "ResetPasswordRequired", "false"),
                new XElement(V + "ComputerName", vm.ComputerName ?? ComputerNameFrom(vm.Name))));
    }

    private static XElement VirtualHardwareSection(OvfVmDescription vm, bool identity)
    {
        var items = new List<XElement>();
        var instanceId = 1;
        foreach (var nic in vm.Nics.OrderBy(n => n.Index))
        {
            items.Add(Item(
                identity && nic.MacAddress is not null ? RasdElement("Address", nic.MacAddress) : null,
                RasdElement("AddressOnParent", nic.Index),
                RasdElement("AutomaticAllocation", Bool(nic.IsConnected && nic.Network != "none")),
                new XElement(Rasd + "Connection",
                    new XAttribute(V + "ipAddressingMode", nic.AddressingMode),
                    identity && nic.IpAddress is not null ? new XAttribute(V + "ipAddress", nic.IpAddress) : null,
                    new XAttribute(V + "primaryNetworkConnection", Bool(nic.IsPrimary)),
                    nic.Network),
                RasdElement("Description", $"{nic.AdapterType} ethernet adapter on \"{nic.Network}\""),
                RasdElement("ElementName", $"Network adapter {nic.Index}"),
                RasdElement("InstanceID", instanceId++),
                RasdElement("ResourceSubType", nic.AdapterType),
                RasdElement("ResourceType", RasdResourceType.EthernetAdapter)));
        }

        var controllerId = instanceId++;
        if (vm.Disks.Count > 0)
        {
            items.Add(Item(
                RasdElement("Address", 0),
                RasdElement("Description", "SCSI Controller"),
                RasdElement("ElementName", "SCSI Controller 0"),
                RasdElement("InstanceID", controllerId),
                RasdElement("ResourceSubType", vm.Disks[0].BusSubType),
                RasdElement("ResourceType", RasdResourceType.ParallelScsiHba)));
        }
        for (var i = 0; i < vm.Disks.Count; i++)
        {
            var disk = vm.Disks[i];
            items.Add(Item(
                RasdElement("AddressOnParent", i),
                RasdElement("Description", "Hard disk"),
                RasdElement("ElementName", $"Hard disk {i + 1}"),
                RasdElement("HostResource", "ovf:/disk/" + DiskId(vm, i)),
                RasdElement("InstanceID", FirstScsiDiskInstanceId + i),
                RasdElement("Parent", controllerId),
                RasdElement("ResourceType", RasdResourceType.DiskDrive),
                RasdElement("VirtualQuantity", disk.CapacityMB * 1024 * 1024),
                RasdElement("VirtualQuantityUnits", "byte"),
                VmwConfig("backing.writeThrough", "false")));
        }

        items.Add(Item(
            RasdElement("AllocationUnits", "hertz * 10^6"),
            RasdElement("Description", "Number of Virtual CPUs"),
            RasdElement("ElementName", $"{vm.CpuCount} virtual CPU(s)"),
            RasdElement("InstanceID", instanceId++),
            RasdElement("Reservation", 0),
            RasdElement("ResourceType", RasdResourceType.Processor),
            RasdElement("VirtualQuantity", vm.CpuCount),
            RasdElement("Weight", 0),
            new XElement(Vmw + "CoresPerSocket", new XAttribute(Ovf + "required", "false"), vm.CoresPerSocket)));
        items.Add(Item(
            RasdElement("AllocationUnits", "byte * 2^20"),
            RasdElement("Description", "Memory Size"),
            RasdElement("ElementName", $"{vm.MemoryMB} MB of memory"),
            RasdElement("InstanceID", instanceId++),
            RasdElement("Reservation", 0),
            RasdElement("ResourceType", RasdResourceType.Memory),
            RasdElement("VirtualQuantity", vm.MemoryMB),
            RasdElement("Weight", 0)));

        return new XElement(Ovf + "VirtualHardwareSection", new XAttribute(Ovf + "transport", string.Empty),
            new XElement(Ovf + "Info", "Virtual hardware requirements"),
            new XElement(Ovf + "System",
                new XElement(Vssd + "ElementName", "Virtual Hardware Family"),
                new XElement(Vssd + "InstanceID", 0),
                new XElement(Vssd + "VirtualSystemIdentifier", vm.Name),
                new XElement(Vssd + "VirtualSystemType", vm.HardwareVersion)),
            items,
            VmwConfig("cpuHotAddEnabled", "false"),
            VmwConfig("memoryHotAddEnabled", "false"),
            VmwConfig("firmware", "bios"),
            VmwConfig("tools.syncTimeWithHost", "false"));
    }

    private static XElement Item(params object?[] content) => new(Ovf + "Item", content);

    private static XElement RasdElement(string name, object value) => new(Ns.Rasd + name, value);

    private static XElement VmwConfig(string key, string value)
        => new(Vmw + "Config", new XAttribute(Ovf + "required", "false"), new XAttribute(Vmw + "key", key), new XAttribute(Vmw + "value", value));

    private static string Bool(bool value) => value ? "true" : "false";

    private static string ComputerNameFrom(string vmName)
    {
        var name = new string(vmName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        return name.Length == 0 ? "vm" : name.Length > 15 ? name[..15] : name;
    }
}
