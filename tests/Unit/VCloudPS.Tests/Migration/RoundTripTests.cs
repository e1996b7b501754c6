using System.Xml.Linq;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Migration;

/// <summary>Export → import → export against the in-process simulators: VMs, CPU, memory, disks (bit for bit) and NICs
/// survive the round trip.</summary>
public class RoundTripTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public RoundTripTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    internal static VApp FindVApp(VCloudConnection c, string name)
        => c.QueryRecords(InventoryClient.VAppQueryType(c), QueryFilter.Eq("name", name, c.ApiVersion), CancellationToken.None)
            .Select(r => EntityMapper.ToVAppFromRecord(r, c)).Single();

    internal static Vdc FindVdc(VCloudConnection c, string name) => InventoryClient.GetVdcs(c, name, CancellationToken.None).Single(v => v.Name == name);

    internal static TransferOptions Fast => new() { PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) };

    [Fact]
    public async Task ShopRoundTripsEnterpriseToProviderAndBack()
    {
        using var s = new Scratch();
        var shop = FindVApp(_ent.Connection, "shop");
        var before = (await InventoryClient.GetVmsAsync(_ent.Connection, shop.Href, CancellationToken.None)).OrderBy(v => v.Name).ToList();

        var export1 = await new ExportService(_ent.Connection).ExportAsync(shop.Href,
            new ExportOptions { Path = s.File("shop.ova"), StopIfDeployed = true, Transfer = Fast }, null, CancellationToken.None);
        Assert.Equal("OVA", export1.Format);
        Assert.True(export1.WasStopped);
        Assert.Equal("POWERED_ON", FindVApp(_ent.Connection, "shop").Status);
        var verified = OvfPackageVerifier.VerifyFile(export1.Path);
        Assert.Equal(export1.Files.Count, verified.Digests.Count);

        var vdc = FindVdc(_prov.Connection, "acme-payg");
        var (vappXml, report) = await new ImportService(_prov.Connection).ImportAsync(new ImportOptions
        {
            Path = export1.Path, VdcHref = vdc.Href, Name = "shop-rt",
            NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net", ["ent-dmz"] = "acme-dmz" },
            Transfer = Fast,
        }, null, CancellationToken.None);
        var imported = EntityMapper.ToVApp(vappXml, _prov.Connection);
        Assert.Equal("shop-rt", imported.Name);
        var after = (await InventoryClient.GetVmsAsync(_prov.Connection, imported.Href, CancellationToken.None)).OrderBy(v => v.Name).ToList();
        Assert.Equal(before.Select(v => (v.Name, v.CpuCount, v.MemoryMB, v.StorageMB)), after.Select(v => (v.Name, v.CpuCount, v.MemoryMB, v.StorageMB)));
        Assert.Equal(before.Select(v => v.Nics?.Length ?? 0), after.Select(v => v.Nics?.Length ?? 0));

        var export2 = await new ExportService(_prov.Connection).ExportAsync(imported.Href,
            new ExportOptions { Path = s.File("again"), Transfer = Fast }, null, CancellationToken.None);
        var disks1 = export1.Files.Skip(1).Select(f => (f.Size, f.Sha256)).OrderBy(x => x.Sha256);
        var disks2 = export2.Files.Skip(1).Select(f => (f.Size, f.Sha256)).OrderBy(x => x.Sha256);
        Assert.Equal(disks1, disks2);
    }

    [Fact]
    public async Task CatalogImportLeavesAReusableTemplateAndAVAppFromIt()
    {
        using var s = new Scratch();
        var package = await new ExportService(_ent.Connection).ExportAsync(FindVApp(_ent.Connection, "reporting").Href,
            new ExportOptions { Path = s.File("rep"), Transfer = Fast }, null, CancellationToken.None);
        var catalog = InventoryClient.GetCatalogs(_prov.Connection, "acme-catalog", CancellationToken.None).Single();
        var (vappXml, report) = await new ImportService(_prov.Connection).ImportAsync(new ImportOptions
        {
            Path = package.Path, VdcHref = FindVdc(_prov.Connection, "acme-pool").Href, Name = "rep-from-template", CatalogHref = catalog.Href,
            NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net" }, Transfer = Fast,
        }, null, CancellationToken.None);
        Assert.NotNull(report.TemplateHref);
        var template = _prov.Connection.QueryRecords("vAppTemplate", QueryFilter.Eq("name", "rep-from-template", _prov.Connection.ApiVersion), CancellationToken.None)
            .Select(r => EntityMapper.ToVAppTemplate(r, _prov.Connection)).Single();
        Assert.Equal("acme-catalog", template.CatalogName);
        var vapp = EntityMapper.ToVApp(vappXml, _prov.Connection);
        Assert.Equal(("rep-from-template", 1), (vapp.Name, vapp.NumberOfVMs ?? 0));
        Assert.Equal(FindVdc(_prov.Connection, "acme-pool").Href, vapp.VdcHref);
    }
}
