using System.Globalization;
using System.Text;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Tests.Ovf;

/// <summary>Packages as real tools ship them: each opens (everything an import checks before sending a byte) or is
/// refused with a clear, specific error.</summary>
public class RealToolPackageTests
{
    private static string Tiny => File.ReadAllText(OvfTestData.Data("single-vm", "tiny-linux.ovf"));

    private static OvfPackage Open(Scratch s, string descriptorText, string name = "p.ovf", string? option = null)
        => OvfPackage.Open(RealToolSamples.Build(s.File("pkg"), name, descriptorText), option);

    [OvfSamplesTheory]
    [InlineData("gvcd-vapp_with_3_vms.ovf", null)]
    [InlineData("gvcd-test_vapp_template.ovf", null)]
    [InlineData("gvcd-template_with_custom_chunk_size.ovf", null)]
    [InlineData("gvcd-template_without_vmdk_size.ovf", null)]
    [InlineData("cot-csr1000v.ovf", null)]
    [InlineData("cot-iosv.ovf", null)]
    [InlineData("cot-vmware.ovf", null)]
    [InlineData("cot-v0.9.ovf", "OvfDescriptorInvalid")]
    [InlineData("cot-ubuntu.2.0.ovf", "OvfVersionNotSupported")]
    [InlineData("govmomi-vCD_vApp_OVF.ovf", null)]
    [InlineData("govmomi-StudioVappEulaOvf.ovf", null)]
    [InlineData("govmomi-gzip_compression.ovf", "PackageCompressed")]
    [InlineData("govmomi-deploymentoption.ovf", null)]
    [InlineData("govmomi-sunVHW-DiskTypes.ovf", null)]
    [InlineData("govmomi-bitnami-tomcatstack-8.0.36-x86_64.ovf", null)]
    [InlineData("govmomi-converter_winxp.ovf", null)]
    [InlineData("govmomi-ApplicationDirector-5.0.0.0-862123_OVF10.ovf", null)]
    public void RealDescriptorsOpenOrAreRefusedClearly(string sample, string? errorId)
    {
        using var s = new Scratch();
        if (errorId == null)
        {
            var p = Open(s, RealToolSamples.Text(sample), sample);
            Assert.False(string.IsNullOrWhiteSpace(p.Descriptor.Name));
            Assert.NotEmpty(p.Descriptor.VirtualSystems);
        }
        else Assert.Equal(errorId, Assert.Throws<OvfPackageException>(() => Open(s, RealToolSamples.Text(sample), sample)).ErrorId);
    }

    [OvfSamplesFact]
    public void GzipCompressedReferenceIsRefusedBeforeAByteIsSent()
    {
        using var s = new Scratch();
        var ex = Assert.Throws<OvfPackageException>(() => Open(s, RealToolSamples.Text("govmomi-gzip_compression.ovf")));
        Assert.Equal(("PackageCompressed", "valid_disk_gzip.vmdk.gz"), (ex.ErrorId, ex.FileName));
        Assert.Contains("vCloud Director does not accept compressed packages", ex.Message);
    }

    [OvfSamplesFact]
    public void AVmWithMoreThanTenNicsInTheChosenDeploymentOptionIsRefused()
    {
        using var s = new Scratch();
        var iosv = RealToolSamples.Text("cot-iosv.ovf");
        Assert.Single(Open(s, iosv).Descriptor.VirtualSystems);   // its default has 8 NICs
        using var s2 = new Scratch();
        var ex = Assert.Throws<OvfPackageException>(() => Open(s2, iosv, option: "1CPU-3GB-16NIC"));
        Assert.Equal("VcdTooManyNics", ex.ErrorId);
        Assert.Contains("16 network adapters in deployment option '1CPU-3GB-16NIC'", ex.Message);
    }

    [OvfSamplesFact]
    public void EmptyNameFallsBackToTheOvfIdThenTheFileName()
    {
        using var s = new Scratch();
        var studio = RealToolSamples.Text("govmomi-StudioVappEulaOvf.ovf");
        var p = Open(s, studio);
        Assert.Equal(("VSC ovfid", "ovf:id"), (p.Descriptor.Name, p.Descriptor.NameSource));

        using var s2 = new Scratch();
        var withoutId = Tiny.Replace("<VirtualSystem ovf:id=\"tiny-linux\">", "<VirtualSystemCollection ovf:id=\" \"><Info>x</Info><Name/><VirtualSystem ovf:id=\"vm1\">")
            .Replace("</VirtualSystem>", "</VirtualSystem></VirtualSystemCollection>");
        var q = Open(s2, withoutId, "appliance.ovf");
        Assert.Equal(("appliance", "file name"), (q.Descriptor.Name, q.Descriptor.NameSource));
        Assert.Equal("vm1", q.Descriptor.VirtualSystems[0].Name);
    }

    [Fact]
    public void ManifestWithAByteOrderMarkIsAccepted()
    {
        var text = "SHA256(a.vmdk)= " + new string('a', 64) + "\r\n";
        var bom = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var m = OvfManifest.Load(new MemoryStream(bom), "x.mf");
        Assert.Equal("a.vmdk", m.Entries.Single().FileName);
    }

    internal static string WithDeploymentOptions => Tiny
        .Replace("<VirtualSystem ovf:id=\"tiny-linux\">", """
          <DeploymentOptionSection>
            <Info>Sizes</Info>
            <Configuration ovf:id="small" ovf:default="true"><Label>Small</Label><Description>1 vCPU, 4 GB</Description></Configuration>
            <Configuration ovf:id="large"><Label>Large</Label><Description>4 vCPU, 8 GB</Description></Configuration>
          </DeploymentOptionSection>
          <VirtualSystem ovf:id="tiny-linux">
          """)
        .Replace("<rasd:VirtualQuantity>512</rasd:VirtualQuantity>", "<rasd:VirtualQuantity>4096</rasd:VirtualQuantity>")
        .Replace("""
              <Item>
                <rasd:Address>0</rasd:Address>
        """, """
              <Item ovf:configuration="large">
                <rasd:InstanceID>1</rasd:InstanceID>
                <rasd:ResourceType>3</rasd:ResourceType>
                <rasd:VirtualQuantity>4</rasd:VirtualQuantity>
              </Item>
              <Item ovf:configuration="large">
                <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
                <rasd:InstanceID>2</rasd:InstanceID>
                <rasd:ResourceType>4</rasd:ResourceType>
                <rasd:VirtualQuantity>8192</rasd:VirtualQuantity>
              </Item>
              <Item>
                <rasd:Address>0</rasd:Address>
        """);

    [Fact]
    public void TheDefaultDeploymentOptionDecidesTheHardwareAndAnotherCanBeChosen()
    {
        using var s = new Scratch();
        Assert.Contains("ovf:configuration=\"large\"", WithDeploymentOptions);
        var p = Open(s, WithDeploymentOptions);
        Assert.Equal(("small", 1, 4096L), (p.Descriptor.DeploymentOption, p.Descriptor.VirtualSystems[0].CpuCount ?? 0, p.Descriptor.VirtualSystems[0].MemoryMB ?? 0));
        Assert.Equal(new[] { "small", "large" }, p.Descriptor.DeploymentOptions);
        // What vCD gets: the chosen configuration's items only, no options left for the server to interpret.
        var sent = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(OvfDescriptorForUpload.Bytes(p)));
        Assert.DoesNotContain("DeploymentOptionSection", sent.ToString());
        Assert.DoesNotContain("configuration=", sent.ToString());
        Assert.Equal(1, OvfDescriptorParser.Parse(sent, "sent.ovf").VirtualSystems[0].CpuCount);

        using var s2 = new Scratch();
        var large = Open(s2, WithDeploymentOptions, option: "large");
        Assert.Equal((4, 8192L), (large.Descriptor.VirtualSystems[0].CpuCount ?? 0, large.Descriptor.VirtualSystems[0].MemoryMB ?? 0));
        var sentLarge = OvfDescriptorParser.Parse(System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(OvfDescriptorForUpload.Bytes(large))), "sent.ovf");
        Assert.Equal((4, 8192L), (sentLarge.VirtualSystems[0].CpuCount ?? 0, sentLarge.VirtualSystems[0].MemoryMB ?? 0));

        using var s3 = new Scratch();
        var ex = Assert.Throws<OvfPackageException>(() => Open(s3, WithDeploymentOptions, option: "huge"));
        Assert.Equal("DeploymentOptionInvalid", ex.ErrorId);
        Assert.Contains("'small', 'large'", ex.Message);
    }

    [Fact]
    public void VcdLimitsAreCheckedBeforeAnythingIsSent()
    {
        var nic = """
              <Item>
                <rasd:Connection>NAT</rasd:Connection>
                <rasd:InstanceID>9{0}</rasd:InstanceID>
                <rasd:ResourceType>10</rasd:ResourceType>
              </Item>
        """;
        var elevenNics = Tiny.Replace("    </VirtualHardwareSection>", string.Concat(Enumerable.Range(0, 10).Select(i => string.Format(CultureInfo.InvariantCulture, nic, i))) + "    </VirtualHardwareSection>");
        using (var s = new Scratch())
        {
            var ex = Assert.Throws<OvfPackageException>(() => Open(s, elevenNics));
            Assert.Equal("VcdTooManyNics", ex.ErrorId);
            Assert.Contains("11 network adapters", ex.Message);
        }
        using (var s = new Scratch())
        {
            var ex = Assert.Throws<OvfPackageException>(() => Open(s, Tiny.Replace("<rasd:HostResource>/disk/vmdisk1</rasd:HostResource>", "<rasd:HostResource>ovf:/file/file1</rasd:HostResource>")));
            Assert.Equal("VcdDiskResourceInvalid", ex.ErrorId);
            Assert.Contains("ovf:/file/file1", ex.Message);
        }
        using (var s = new Scratch())
        {
            var ex = Assert.Throws<OvfPackageException>(() => Open(s, Tiny.Replace("http://schemas.dmtf.org/ovf/envelope/1", "http://schemas.dmtf.org/ovf/envelope/2")));
            Assert.Equal("OvfVersionNotSupported", ex.ErrorId);
            Assert.Contains("OVF 2.0 is not supported by vCloud Director", ex.Message);
        }
    }
}
