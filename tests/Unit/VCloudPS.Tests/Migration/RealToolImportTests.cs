using System.Text;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Ovf;
using VCloudPS.Tests.Ovf;
using static VCloudPS.Tests.Migration.RoundTripTests;

namespace VCloudPS.Tests.Migration;

/// <summary>Packages as real tools ship them, imported end to end into the provider simulator.</summary>
public class RealToolImportTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public RealToolImportTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    private int VAppCount() => _prov.Connection.QueryRecords(InventoryClient.VAppQueryType(_prov.Connection), null, CancellationToken.None).Count();

    private async Task<(System.Xml.Linq.XElement vapp, ImportReport report, List<string> warnings)> Import(string path, IDictionary<string, string?> map,
        string? name = null, string? option = null, bool allowDisconnected = false)
    {
        var warnings = new List<string>();
        var (vapp, report) = await new ImportService(_prov.Connection, null, warnings.Add).ImportAsync(new ImportOptions
        {
            Path = path, VdcHref = FindVdc(_prov.Connection, "acme-payg").Href, Name = name, NetworkMapping = map, DeploymentOption = option,
            AllowDisconnectedNetworks = allowDisconnected, Transfer = Fast,
        }, null, CancellationToken.None);
        return (vapp, report, warnings);
    }

    [OvfSamplesFact]
    public async Task VMwareStudioPackageWithAnEmptyNameIsNamedAfterItsOvfIdAndSaysSo()
    {
        using var s = new Scratch();
        var path = RealToolSamples.Build(s.File("studio"), "StudioVappEulaOvf.ovf", RealToolSamples.Text("govmomi-StudioVappEulaOvf.ovf"));
        var (vapp, report, warnings) = await Import(path, new Dictionary<string, string?> { ["ubuntu8.04 Network 1"] = "acme-net", ["ubuntu8.04 1 Network 1"] = "acme-net" });
        Assert.Equal("VSC ovfid", vapp.Attr("name"));
        Assert.Equal("ovf:id", report.NameSource);
        Assert.Contains(warnings, w => w.Contains("'VSC ovfid' after its ovf:id"));
    }

    [Fact]
    public async Task TheDefaultDeploymentOptionIsImportedAndNamed()
    {
        using var s = new Scratch();
        var path = RealToolSamples.Build(s.File("opts"), "sized.ovf", RealToolPackageTests.WithDeploymentOptions);
        var (vapp, report, warnings) = await Import(path, new Dictionary<string, string?> { ["NAT"] = "acme-net" }, "sized-default");
        var vm = (await InventoryClient.GetVmsAsync(_prov.Connection, vapp.Attr("href")!, CancellationToken.None)).Single();
        Assert.Equal((1, 4096L), (vm.CpuCount ?? 0, vm.MemoryMB ?? 0));
        Assert.Equal("small", report.DeploymentOption);
        Assert.Contains(warnings, w => w.Contains("deployment option 'small' (the package's default); its others: 'large'"));

        var (large, _, _) = await Import(path, new Dictionary<string, string?> { ["NAT"] = "acme-net" }, "sized-large", "large");
        var vmLarge = (await InventoryClient.GetVmsAsync(_prov.Connection, large.Attr("href")!, CancellationToken.None)).Single();
        Assert.Equal((4, 8192L), (vmLarge.CpuCount ?? 0, vmLarge.MemoryMB ?? 0));
    }

    [OvfSamplesFact]
    public async Task GzipCompressedPackageIsRefusedBeforeAnythingIsCreated()
    {
        using var s = new Scratch();
        var before = VAppCount();
        var path = RealToolSamples.Build(s.File("gz"), "gzip_compression.ovf", RealToolSamples.Text("govmomi-gzip_compression.ovf"));
        var ex = await Assert.ThrowsAsync<OvfPackageException>(() => Import(path, new Dictionary<string, string?>()));
        Assert.Equal("PackageCompressed", ex.ErrorId);
        Assert.Equal(before, VAppCount());
    }

    [Fact]
    public async Task ManifestWithAByteOrderMarkImports()
    {
        using var s = new Scratch();
        OvfTestData.CopyFolder(OvfTestData.Data("single-vm"), s.File("bom"));
        var mf = s.File("bom/tiny-linux.mf");
        File.WriteAllBytes(mf, new UTF8Encoding(true).GetPreamble().Concat(File.ReadAllBytes(mf)).ToArray());
        var (vapp, report, _) = await Import(s.File("bom/tiny-linux.ovf"), new Dictionary<string, string?> { ["NAT"] = "acme-net" }, "bom");
        Assert.Equal("bom", vapp.Attr("name"));
        Assert.Equal(2, report.Verified.Count);
    }

    [Fact]
    public async Task AForgottenNetworkMappingStopsBeforeAnythingIsCreatedUnlessDisconnectingIsMeant()
    {
        var before = VAppCount();
        var tiny = OvfTestData.Data("single-vm", "tiny-linux.ovf");
        var ex = await Assert.ThrowsAsync<VCloudPS.Core.VCloudException>(() => Import(tiny, new Dictionary<string, string?>(), "forgotten"));
        Assert.Equal("NetworkMappingRequired", ex.ErrorId);
        Assert.Contains("'NAT'", ex.Message);
        Assert.Contains("'acme-net'", ex.Message);
        Assert.Equal(before, VAppCount());

        var (onPurpose, _, warnings) = await Import(tiny, new Dictionary<string, string?> { ["NAT"] = null }, "disconnected-on-purpose");
        Assert.Contains(warnings, w => w.Contains("'NAT' stays disconnected"));
        var (allowed, _, _) = await Import(tiny, new Dictionary<string, string?>(), "disconnected-allowed", allowDisconnected: true);
        var (mapped, _, _) = await Import(tiny, new Dictionary<string, string?> { ["NAT"] = "acme-net" }, "connected");
        Assert.Equal("acme-net", (await InventoryClient.GetVmsAsync(_prov.Connection, mapped.Attr("href")!, CancellationToken.None)).Single().Nics.Single().Network);
        Assert.DoesNotContain((await InventoryClient.GetVmsAsync(_prov.Connection, allowed.Attr("href")!, CancellationToken.None)).Single().Nics, n => n.Network == "acme-net");
        Assert.DoesNotContain((await InventoryClient.GetVmsAsync(_prov.Connection, onPurpose.Attr("href")!, CancellationToken.None)).Single().Nics, n => n.Network == "acme-net");
    }
}
