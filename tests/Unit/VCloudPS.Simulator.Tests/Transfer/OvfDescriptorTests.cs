using System.Text;
using System.Xml.Linq;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Xml;
using static VCloudPS.Simulator.Xml.Ns;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class OvfDescriptorTests
{
    internal static OvfVAppDescription Shop()
    {
        OvfVmDescription Vm(string name, int order, int cpu, long memory, long[] disksMB, string mac) => new()
        {
            Name = name,
            Id = Guid.Parse($"00000000-0000-0000-0000-00000000000{order + 1}"),
            OsType = "ubuntu64Guest",
            CpuCount = cpu,
            CoresPerSocket = cpu > 1 ? 2 : 1,
            MemoryMB = memory,
            StartOrder = order,
            Disks = disksMB.Select((mb, i) => new OvfDiskDescription
            {
                FileHref = OvfDescriptorWriter.DiskFileName(name, i + 1),
                CapacityMB = mb,
                FileSize = 1_000_000 + i,
                PopulatedSize = 2_000_000,
            }).ToList(),
            Nics = [new OvfNicDescription { Index = 0, Network = "shop-net", MacAddress = mac, IpAddress = "10.0.0." + (order + 10), AddressingMode = "POOL", IsPrimary = true }],
        };
        return new OvfVAppDescription
        {
            Name = "shop",
            Description = "Three-tier shop",
            Networks = [new OvfNetworkDescription { Name = "shop-net", Gateway = "10.0.0.1", PrefixLength = 24 }],
            Vms =
            [
                Vm("db1", 0, 4, 16384, [40960, 102400], "00:50:56:01:00:01"),
                Vm("db2", 1, 4, 16384, [40960], "00:50:56:01:00:02"),
                Vm("web", 2, 2, 4096, [20480], "00:50:56:01:00:03"),
                Vm("proxy", 3, 1, 2048, [10240], "00:50:56:01:00:04"),
            ],
        };
    }

    [Fact]
    public void DefaultFormIsAWellFormedVcdStyleEnvelopeWithoutMacs()
    {
        var bytes = OvfDescriptorWriter.WriteBytes(Shop(), OvfDescriptorForm.Default);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.OrdinalIgnoreCase);
        var envelope = XDocument.Parse(text).Root!;

        Assert.Equal(Ovf + "Envelope", envelope.Name);
        Assert.Equal(
            ["References", "DiskSection", "NetworkSection", "CustomizationSection", "NetworkConfigSection", "VirtualSystemCollection"],
            envelope.Elements().Select(e => e.Name.LocalName));
        var files = envelope.Element(Ovf + "References")!.Elements(Ovf + "File").ToList();
        Assert.Equal(["db1-disk1.vmdk", "db1-disk2.vmdk", "db2-disk1.vmdk", "web-disk1.vmdk", "proxy-disk1.vmdk"], files.Select(f => (string)f.Attribute(Ovf + "href")!));
        var disk = envelope.Element(Ovf + "DiskSection")!.Elements(Ovf + "Disk").First();
        Assert.Equal("40960", (string?)disk.Attribute(Ovf + "capacity"));
        Assert.Equal("byte * 2^20", (string?)disk.Attribute(Ovf + "capacityAllocationUnits"));
        Assert.Equal((string?)files[0].Attribute(Ovf + "id"), (string?)disk.Attribute(Ovf + "fileRef"));
        Assert.Equal(Ns.StreamOptimizedFormat, (string?)disk.Attribute(Ovf + "format"));

        var collection = envelope.Element(Ovf + "VirtualSystemCollection")!;
        Assert.Equal("shop", (string?)collection.Attribute(Ovf + "id"));
        Assert.Equal(4, collection.Element(Ovf + "StartupSection")!.Elements(Ovf + "Item").Count());
        var systems = collection.Elements(Ovf + "VirtualSystem").ToList();
        Assert.Equal(["db1", "db2", "web", "proxy"], systems.Select(s => (string)s.Attribute(Ovf + "id")!));

        var db1Items = systems[0].Element(Ovf + "VirtualHardwareSection")!.Elements(Ovf + "Item").ToList();
        int Type(XElement item) => (int)item.Element(Rasd + "ResourceType")!;
        var cpu = db1Items.Single(i => Type(i) == 3);
        Assert.Equal(4, (int)cpu.Element(Rasd + "VirtualQuantity")!);
        Assert.Equal(2, (int)cpu.Element(Vmw + "CoresPerSocket")!);
        Assert.Equal(16384, (int)db1Items.Single(i => Type(i) == 4).Element(Rasd + "VirtualQuantity")!);
        var controller = db1Items.Single(i => Type(i) == 6);
        var disks = db1Items.Where(i => Type(i) == 17).ToList();
        Assert.Equal(2, disks.Count);
        Assert.All(disks, d => Assert.Equal((string)controller.Element(Rasd + "InstanceID")!, (string)d.Element(Rasd + "Parent")!));
        Assert.StartsWith("ovf:/disk/vmdisk-", (string)disks[0].Element(Rasd + "HostResource")!, StringComparison.Ordinal);
        var nic = db1Items.Single(i => Type(i) == 10);
        Assert.Null(nic.Element(Rasd + "Address"));
        Assert.Equal("shop-net", (string)nic.Element(Rasd + "Connection")!);
        Assert.Equal("POOL", (string?)nic.Element(Rasd + "Connection")!.Attribute(V + "ipAddressingMode"));
        Assert.Null(nic.Element(Rasd + "Connection")!.Attribute(V + "ipAddress"));
        Assert.Equal("VMXNET3", (string)nic.Element(Rasd + "ResourceSubType")!);
        Assert.DoesNotContain("00:50:56", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VirtualMachineId", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityFormKeepsMacsAndIds()
    {
        var text = Encoding.UTF8.GetString(OvfDescriptorWriter.WriteBytes(Shop(), OvfDescriptorForm.Identity));
        Assert.Contains("<rasd:Address>00:50:56:01:00:01</rasd:Address>", text, StringComparison.Ordinal);
        Assert.Contains("vcloud:ipAddress=\"10.0.0.10\"", text, StringComparison.Ordinal);
        Assert.Contains("<vcloud:VirtualMachineId>00000000-0000-0000-0000-000000000001</vcloud:VirtualMachineId>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenDescriptorReadsBackToTheSameVms()
    {
        var shop = Shop();
        var package = OvfDescriptorReader.Read(new MemoryStream(OvfDescriptorWriter.WriteBytes(shop, OvfDescriptorForm.Identity)));
        Assert.True(package.HasVirtualSystemCollection);
        Assert.Equal("shop", package.Name);
        Assert.Equal("Three-tier shop", package.Description);
        Assert.Equal(5, package.Files.Count);
        Assert.Equal(1_000_000, package.Files[0].Size);
        Assert.Equal(["shop-net"], package.Networks.Select(n => n.Name));
        Assert.Equal(shop.Vms.Select(v => v.Name), package.VirtualMachines.Select(v => v.Name));
        foreach (var (expected, actual) in shop.Vms.Zip(package.VirtualMachines))
        {
            Assert.Equal(expected.CpuCount, actual.CpuCount);
            Assert.Equal(expected.CoresPerSocket, actual.CoresPerSocket);
            Assert.Equal(expected.MemoryMB, actual.MemoryMB);
            Assert.Equal(expected.OsType, actual.OsType);
            Assert.Equal(expected.HardwareVersion, actual.HardwareVersion);
            Assert.Equal(expected.Disks.Select(d => d.CapacityMB * 1024 * 1024), actual.Disks.Select(d => d.CapacityBytes));
            Assert.All(actual.Disks, d => Assert.Equal("lsilogic", d.ControllerSubType));
            Assert.Equal(expected.Nics.Select(n => n.MacAddress), actual.Nics.Select(n => n.MacAddress));
            Assert.Equal(expected.Nics.Select(n => n.Network), actual.Nics.Select(n => n.Network));
            Assert.True(actual.Nics[0].IsPrimary);
        }
        Assert.Equal((40960L + 102400 + 40960 + 20480 + 10240) * 1024 * 1024, package.TotalCapacityBytes);
    }

    [SamplesFact]
    public void CapturedVcdDescriptorIsUnderstood()
    {
        using var stream = File.OpenRead(CapturedSamples.PathOf("exported-descriptor.ovf"));
        var package = OvfDescriptorReader.Read(stream);
        var vm = Assert.Single(package.VirtualMachines);
        Assert.Equal("yVM", vm.Name);
        Assert.Equal(48, vm.MemoryMB);
        Assert.Equal(1, vm.CpuCount);
        Assert.Equal(64L * 1024 * 1024, Assert.Single(vm.Disks).CapacityBytes);
        Assert.Equal("Production_DVS - Mgmt", Assert.Single(vm.Nics).Network);
        Assert.Equal(15189504, Assert.Single(package.Files).Size);
    }

    [Fact]
    public void OvftoolStyleSingleVirtualSystemIsAccepted()
    {
        const string descriptor = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Envelope vmw:buildId="build-1" xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
              <References><File ovf:href="appliance-disk1.vmdk" ovf:id="file1" ovf:size="2048"/></References>
              <DiskSection><Info>Virtual disk information</Info>
                <Disk ovf:capacity="8" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
              </DiskSection>
              <NetworkSection><Info>The list of logical networks</Info><Network ovf:name="VM Network"><Description>The VM Network network</Description></Network></NetworkSection>
              <VirtualSystem ovf:id="appliance">
                <Info>A virtual machine</Info><Name>appliance</Name>
                <OperatingSystemSection ovf:id="101" vmw:osType="otherLinux64Guest"><Info>The kind of installed guest operating system</Info></OperatingSystemSection>
                <VirtualHardwareSection><Info>Virtual hardware requirements</Info>
                  <System><vssd:ElementName>Virtual Hardware Family</vssd:ElementName><vssd:InstanceID>0</vssd:InstanceID><vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType></System>
                  <Item><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:ElementName>2 virtual CPU(s)</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
                  <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>2048MB of memory</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>
                  <Item><rasd:Address>0</rasd:Address><rasd:ElementName>SCSI controller 0</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
                  <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:ElementName>Hard disk 1</rasd:ElementName><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
                  <Item><rasd:AddressOnParent>7</rasd:AddressOnParent><rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>VM Network</rasd:Connection><rasd:ElementName>Network adapter 1</rasd:ElementName><rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """;
        var package = OvfDescriptorReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(descriptor)));
        Assert.False(package.HasVirtualSystemCollection);
        Assert.Equal("appliance", package.Name);
        var vm = Assert.Single(package.VirtualMachines);
        Assert.Equal(2, vm.CpuCount);
        Assert.Equal(2048, vm.MemoryMB);
        Assert.Equal(8L << 30, Assert.Single(vm.Disks).CapacityBytes);
        Assert.Equal("VirtualSCSI", vm.Disks[0].ControllerSubType);
        Assert.Equal("VMXNET3", Assert.Single(vm.Nics).AdapterType);
        Assert.Equal("vmx-13", vm.HardwareVersion);
    }

    [Theory]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\">&e;</ovf:Envelope>", "DTD")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:References>", "not well-formed")]
    [InlineData("<Envelope/>", "root element")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:References><ovf:File ovf:href=\"../../etc/passwd\" ovf:id=\"f\" ovf:size=\"1\"/></ovf:References></ovf:Envelope>", "not a plain file name")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:References><ovf:File ovf:href=\"/abs.vmdk\" ovf:id=\"f\" ovf:size=\"1\"/></ovf:References></ovf:Envelope>", "not a plain file name")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:References/></ovf:Envelope>", "neither a VirtualSystemCollection")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:DiskSection><ovf:Disk ovf:diskId=\"d\" ovf:capacity=\"${size}\"/></ovf:DiskSection></ovf:Envelope>", "not a positive whole number")]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:DiskSection><ovf:Disk ovf:diskId=\"d\" ovf:capacity=\"1\" ovf:fileRef=\"nope\"/></ovf:DiskSection></ovf:Envelope>", "not in References")]
    public void BadDescriptorsAreRefusedWithAReason(string xml, string expectedText)
    {
        var ex = Assert.Throws<OvfDescriptorException>(() => OvfDescriptorReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
        Assert.Contains(expectedText, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("byte * 2^20", 1L << 20)]
    [InlineData("byte*2^30", 1L << 30)]
    [InlineData("MegaBytes", 1L << 20)]
    [InlineData(null, 1L)]
    public void AllocationUnits(string? units, long multiplier)
        => Assert.Equal(multiplier, OvfDescriptorReader.UnitMultiplier(units, "test"));

    /// <summary>A one-VM ovftool-style envelope; <paramref name="sections"/> go before the VirtualSystem, <paramref name="items"/> into its hardware.</summary>
    private static OvfPackage ReadAppliance(string sections, string items, string fileAttributes = "")
    {
        var descriptor = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
              <References><File ovf:href="appliance-disk1.vmdk" ovf:id="file1" ovf:size="2048" {fileAttributes}/></References>
              <DiskSection><Info>Virtual disk information</Info><Disk ovf:capacity="8" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk1" ovf:fileRef="file1"/></DiskSection>
              {sections}
              <VirtualSystem ovf:id="appliance">
                <Info>A virtual machine</Info><Name>appliance</Name>
                <VirtualHardwareSection><Info>Virtual hardware requirements</Info>
                  <Item><rasd:Address>0</rasd:Address><rasd:ElementName>SCSI controller 0</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
                  <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:ElementName>Hard disk 1</rasd:ElementName><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
                  {items}
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """;
        return OvfDescriptorReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(descriptor)));
    }

    private static string Cpu(int count, string? configuration = null) =>
        $"<Item{(configuration is null ? "" : $" ovf:configuration=\"{configuration}\"")}><rasd:ElementName>{count} CPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>{count}</rasd:VirtualQuantity></Item>";

    private static string Memory(int mb, string? configuration = null) =>
        $"<Item{(configuration is null ? "" : $" ovf:configuration=\"{configuration}\"")}><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>{mb} MB</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>{mb}</rasd:VirtualQuantity></Item>";

    private static string Nic(int index) =>
        $"<Item><rasd:AddressOnParent>{index}</rasd:AddressOnParent><rasd:Connection>VM Network</rasd:Connection><rasd:ElementName>Network adapter {index}</rasd:ElementName><rasd:InstanceID>{10 + index}</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>";

    [Fact]
    public void CompressedPackagesAreRefused()
    {
        Assert.Equal(2, Assert.Single(ReadAppliance("", Cpu(2) + Memory(2048), "ovf:compression=\"identity\"").VirtualMachines).CpuCount);
        var ex = Assert.Throws<OvfDescriptorException>(() => ReadAppliance("", Cpu(2) + Memory(2048), "ovf:compression=\"gzip\""));
        Assert.Contains("compressed", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MoreThanTenNicsPerVmAreRefused()
    {
        var ten = string.Concat(Enumerable.Range(0, 10).Select(Nic));
        Assert.Equal(10, Assert.Single(ReadAppliance("", Cpu(1) + Memory(1024) + ten).VirtualMachines).Nics.Count);
        var ex = Assert.Throws<OvfDescriptorException>(() => ReadAppliance("", Cpu(1) + Memory(1024) + ten + Nic(10)));
        Assert.Contains("at most 10", ex.Message);
    }

    [Theory]
    [InlineData("<Configuration ovf:id=\"small\"><Label>Small</Label><Description>2 CPU</Description></Configuration><Configuration ovf:id=\"large\" ovf:default=\"true\"><Label>Large</Label><Description>8 CPU</Description></Configuration>", 8, 16384)]
    [InlineData("<Configuration ovf:id=\"small\"><Label>Small</Label><Description>2 CPU</Description></Configuration><Configuration ovf:id=\"large\"><Label>Large</Label><Description>8 CPU</Description></Configuration>", 2, 2048)]
    public void DeploymentOptionsTakeTheDefaultConfigurationsItems(string configurations, int cpu, long memoryMB)
    {
        var section = $"<DeploymentOptionSection><Info>Deployment sizes</Info>{configurations}</DeploymentOptionSection>";
        // The large items come first and the small ones last, so "the last item wins" cannot pass by accident either way.
        var items = Cpu(8, "large") + Memory(16384, "large") + Cpu(2, "small") + Memory(2048, "small") + Nic(0);
        var vm = Assert.Single(ReadAppliance(section, items).VirtualMachines);
        Assert.Equal(cpu, vm.CpuCount);
        Assert.Equal(memoryMB, vm.MemoryMB);
        Assert.Single(vm.Nics);
    }
}
