using VCloudPS.Core.Ovf;

namespace VCloudPS.Tests.Ovf;

public class OvfDescriptorParserTests
{
    private const string Ns = "xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\"";

    private static string Minimal(string href = "disk1.vmdk", string extraRefs = "", string content = null!) =>
        $"<Envelope {Ns}><References><File ovf:id=\"f1\" ovf:href=\"{href}\" ovf:size=\"10\"/>{extraRefs}</References>" +
        "<DiskSection><Info/><Disk ovf:diskId=\"d1\" ovf:fileRef=\"f1\" ovf:capacity=\"1\" ovf:capacityAllocationUnits=\"byte * 2^30\"/></DiskSection>" +
        (content ?? "<VirtualSystem ovf:id=\"vm1\"><Info/><VirtualHardwareSection><Info/>" +
            "<Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>" +
            "<Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>1024</rasd:VirtualQuantity></Item>" +
            "<Item><rasd:HostResource>ovf:/disk/d1</rasd:HostResource><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>" +
            "</VirtualHardwareSection></VirtualSystem>") + "</Envelope>";

    private static OvfDescriptor Parse(string xml) => OvfDescriptorParser.Parse(SafeXml.Parse(xml, "test.ovf"), "test.ovf");

    [Fact]
    public void ParsesTheOvftoolStyleCollection()
    {
        var d = OvfDescriptorParser.LoadFile(OvfTestData.Data("ovftool-sha1", "web-appliance.ovf"));
        Assert.True(d.IsCollection);
        Assert.Equal("web-appliance", d.Name);
        Assert.Equal(new[] { "web-appliance-disk1.vmdk", "web-appliance-disk2.vmdk" }, d.Files.Select(f => f.Href));
        Assert.Equal(279552 + 140288, d.DeclaredBytes);
        Assert.Equal(2L * 1024 * 1024 * 1024, d.Disks[0].CapacityBytes);
        var web = d.VirtualSystems[0];
        Assert.Equal(("web-frontend", 2, 2048L), (web.Name, web.CpuCount!.Value, web.MemoryMB!.Value));
        Assert.Equal("VM Network", Assert.Single(web.Nics).Network);
        Assert.Equal(1024L, d.VirtualSystems[1].MemoryMB);   // byte * 2^30
    }

    [Fact]
    public void ParsesTheSingleVmWithoutCollectionOrSizes()
    {
        var d = OvfDescriptorParser.LoadFile(OvfTestData.Data("single-vm", "tiny-linux.ovf"));
        Assert.False(d.IsCollection);
        Assert.Equal("tiny-linux", d.Name);
        Assert.Null(Assert.Single(d.Files).Size);
        Assert.Equal(4294967296L, Assert.Single(Assert.Single(d.VirtualSystems).Disks).CapacityBytes);
        Assert.Equal(512L, d.VirtualSystems[0].MemoryMB);
    }

    [VCloudPS.Tests.Api.SamplesFact]
    public void ParsesVcdExportedSampleWhenAvailable()
    {
        var d = OvfDescriptorParser.LoadFile(VCloudPS.Tests.Api.Samples.RequiredPathOf("exported-descriptor.ovf"));
        Assert.True(d.IsCollection);
        Assert.Equal(15189504, Assert.Single(d.Files).Size);
        var vm = Assert.Single(d.VirtualSystems);
        Assert.Equal((1, 48L), (vm.CpuCount!.Value, vm.MemoryMB!.Value));
        Assert.True(Assert.Single(vm.Nics).IsPrimary);
        Assert.Equal(64L * 1024 * 1024, Assert.Single(vm.Disks).CapacityBytes);
    }

    [Fact]
    public void RefusesDtdWithExternalEntityWithoutResolvingIt()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xml = $"<?xml version=\"1.0\"?><!DOCTYPE Envelope [<!ENTITY x SYSTEM \"file://{secret}\">]>" + Minimal().Replace("<Info/><VirtualHardwareSection>", "<Info>&x;</Info><VirtualHardwareSection>");
            var ex = Assert.Throws<OvfPackageException>(() => Parse(xml));
            Assert.Equal("OvfDescriptorDtdRefused", ex.ErrorId);
            Assert.DoesNotContain("TOP-SECRET", ex.Message);
        }
        finally { File.Delete(secret); }
    }

    [Fact]
    public void RefusesInternalEntityExpansionBomb()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>" + Minimal();
        Assert.Equal("OvfDescriptorDtdRefused", Assert.Throws<OvfPackageException>(() => Parse(xml)).ErrorId);
    }

    [Theory]
    [InlineData("../escape.vmdk")]
    [InlineData("disks/../../escape.vmdk")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("..\\escape.vmdk")]
    [InlineData("http://evil.example/disk.vmdk")]
    public void RefusesHrefsEscapingThePackage(string href)
    {
        var ex = Assert.Throws<OvfPackageException>(() => Parse(Minimal(href)));
        Assert.Equal("PackagePathEscapes", ex.ErrorId);
    }

    [Theory]
    [InlineData("<root/>", "not ovf:Envelope")]
    [InlineData("<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\"><VirtualSystem/></Envelope>", "References is missing")]
    [InlineData("<Envelope xmlns=\"http://www.vmware.com/schema/ovf/1/envelope\"/>", "OVF 0.9")]
    public void ExplainsImplausibleDescriptors(string xml, string expected)
    {
        var ex = Assert.Throws<OvfPackageException>(() => Parse(xml));
        Assert.Equal("OvfDescriptorInvalid", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void RefusesDiskReferringToUnknownFile()
    {
        var xml = Minimal().Replace("ovf:fileRef=\"f1\"", "ovf:fileRef=\"nope\"");
        Assert.Contains("'nope'", Assert.Throws<OvfPackageException>(() => Parse(xml)).Message);
    }

    [Fact]
    public void RefusesTwoTopLevelSystems()
    {
        var vs = "<VirtualSystem ovf:id=\"a\"><VirtualHardwareSection/></VirtualSystem>";
        Assert.Contains("exactly one", Assert.Throws<OvfPackageException>(() => Parse(Minimal(content: vs + vs.Replace("\"a\"", "\"b\"")))).Message);
    }

    [Fact]
    public void RefusesMalformedXml()
    {
        Assert.Equal("OvfDescriptorMalformed", Assert.Throws<OvfPackageException>(() => Parse("<Envelope><References>")).ErrorId);
    }
}
