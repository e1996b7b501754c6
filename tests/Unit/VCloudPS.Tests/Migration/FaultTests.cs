using System.Diagnostics.CodeAnalysis;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Ovf;
using VCloudPS.Simulator.Faults;
using VCloudPS.Tests.Ovf;
using static VCloudPS.Tests.Migration.RoundTripTests;

namespace VCloudPS.Tests.Migration;

/// <summary>Bad packages and server faults: each ends in a clear error or a completed, verified transfer, and leaves
/// no half-made vApp, template or file behind.</summary>
public class FaultTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public FaultTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    private string VdcHref => FindVdc(_prov.Connection, "acme-payg").Href;
    private static int VAppCount(VCloudConnection c) => c.QueryRecords(InventoryClient.VAppQueryType(c), null, CancellationToken.None).Count();
    private static readonly Dictionary<string, string> AppliancesMap = new() { ["VM Network"] = "acme-net" };

    private Task<(System.Xml.Linq.XElement vapp, ImportReport report)> Import(string path, string name, IDictionary<string, string>? map = null, string? catalog = null, bool fullPreCheck = false)
        => new ImportService(_prov.Connection).ImportAsync(new ImportOptions
        {
            Path = path, VdcHref = VdcHref, Name = name, CatalogHref = catalog, FullPreCheck = fullPreCheck,
            NetworkMapping = map?.ToDictionary(m => m.Key, m => (string?)m.Value) ?? new Dictionary<string, string?>(), Transfer = Fast,
        }, null, CancellationToken.None);

    private async Task<ExportResult> ExportReporting(string path)
        => await new ExportService(_ent.Connection).ExportAsync(FindVApp(_ent.Connection, "reporting").Href,
            new ExportOptions { Path = path, Force = true, Transfer = Fast }, null, CancellationToken.None);

    [Fact]
    [SuppressMessage("Security", "CA5350", Justification = "The sample's manifest is SHA-1, as ovftool wrote it; the test computes the same digest.")]
    public async Task TamperedDiskStopsTheImportBeforeItsLastBlockAndLeavesNothing()
    {
        using var s = new Scratch();
        var before = VAppCount(_prov.Connection);
        OvfTestData.CopyFolder(OvfTestData.Data("ovftool-sha1"), s.File("t"));
        var disk = s.File("t/web-appliance-disk2.vmdk");
        var b = File.ReadAllBytes(disk); b[7] ^= 0x20; File.WriteAllBytes(disk, b);
        var expected = OvfManifest.Parse(File.ReadAllText(s.File("t/web-appliance.mf")), "mf").Find("web-appliance-disk2.vmdk")!.Digest;
        var actual = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(b)).ToLowerInvariant();
        foreach (var catalog in new string?[] { null, InventoryClient.GetCatalogs(_prov.Connection, "acme-catalog", CancellationToken.None).Single().Href })
        {
            var ex = await Assert.ThrowsAsync<OvfPackageException>(() => Import(s.File("t/web-appliance.ovf"), "tampered", AppliancesMap, catalog));
            Assert.Equal(("ManifestDigestMismatch", "web-appliance-disk2.vmdk"), (ex.ErrorId, ex.FileName));
            Assert.Contains(expected, ex.Message);
            Assert.Contains(actual, ex.Message);
            Assert.Contains("removed", ex.Message);
            Assert.Equal(before, VAppCount(_prov.Connection));
        }
        Assert.DoesNotContain(_prov.Connection.QueryRecords("vAppTemplate", null, CancellationToken.None), t => t.Attr("name") == "tampered");

        // -FullPreCheck finds it before anything is created.
        var pre = await Assert.ThrowsAsync<OvfPackageException>(() => Import(s.File("t/web-appliance.ovf"), "tampered-pre", AppliancesMap, fullPreCheck: true));
        Assert.Equal("ManifestDigestMismatch", pre.ErrorId);
        Assert.Contains("nothing was uploaded", pre.Message);
        Assert.Equal(before, VAppCount(_prov.Connection));
    }

    [Fact]
    public async Task TruncatedOrEscapingPackagesAreRefusedBeforeAnythingIsCreated()
    {
        using var s = new Scratch();
        var before = VAppCount(_prov.Connection);
        var ova = OvfPackageTests.MakeOva(OvfTestData.Data("ovftool-sha1"), "web-appliance.ovf", s.File("w.ova"));
        var bytes = File.ReadAllBytes(ova);
        File.WriteAllBytes(ova, bytes.Take(bytes.Length - 3000).ToArray());
        Assert.Equal("OvaTruncated", (await Assert.ThrowsAsync<OvfPackageException>(() => Import(ova, "truncated", AppliancesMap))).ErrorId);

        var evil = new MemoryStream();
        evil.Write(TarTests.BuildTar(("evil.ovf", File.ReadAllBytes(OvfTestData.Data("single-vm", "tiny-linux.ovf")))).SkipLast(1024).ToArray());
        evil.Write(TarTests.RawHeader("../../escape.vmdk", 0, '0'));
        evil.Write(new byte[1024]);
        File.WriteAllBytes(s.File("evil.ova"), evil.ToArray());
        Assert.Equal("PackagePathEscapes", (await Assert.ThrowsAsync<OvfPackageException>(() => Import(s.File("evil.ova"), "evil"))).ErrorId);

        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + File.ReadAllText(OvfTestData.Data("single-vm", "tiny-linux.ovf")).Replace("<?xml version=\"1.0\"?>", "");
        Directory.CreateDirectory(s.File("dtd"));
        File.WriteAllText(s.File("dtd/x.ovf"), dtd);
        File.Copy(OvfTestData.Data("single-vm", "tiny-linux-disk001.vmdk"), s.File("dtd/tiny-linux-disk001.vmdk"));
        Assert.Equal("OvfDescriptorDtdRefused", (await Assert.ThrowsAsync<OvfPackageException>(() => Import(s.File("dtd/x.ovf"), "dtd"))).ErrorId);

        Assert.Equal(before, VAppCount(_prov.Connection));
    }

    [Fact]
    public async Task ThirdPartyPackagesImport()
    {
        var (a, _) = await Import(OvfTestData.Data("ovftool-sha1", "web-appliance.ovf"), "ovftool-style", AppliancesMap);
        var vmsA = await InventoryClient.GetVmsAsync(_prov.Connection, a.Attr("href")!, CancellationToken.None);
        Assert.Equal(new[] { ("web-cache", 1, 1024L), ("web-frontend", 2, 2048L) },
            vmsA.OrderBy(v => v.Name).Select(v => (v.Name, v.CpuCount ?? 0, v.MemoryMB ?? 0)));
        var (b, report) = await Import(OvfTestData.Data("single-vm", "tiny-linux.ovf"), "single-vm", new Dictionary<string, string> { ["NAT"] = "acme-net" });
        Assert.Single(await InventoryClient.GetVmsAsync(_prov.Connection, b.Attr("href")!, CancellationToken.None));
        Assert.Equal(2, report.Verified.Count);   // SHA-256 manifest in the "SHA256 (x) = y" form
    }

    [Fact]
    public async Task DroppedConnectionsMidDownloadAndMidUploadResumeWithCorrectDigests()
    {
        using var s = new Scratch();
        var clean = await ExportReporting(s.File("clean.ova"));
        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*", Method = "GET", Kind = FaultKinds.Drop, AfterBytes = 300_000, Count = 2 });
        var dropped = await ExportReporting(s.File("dropped.ova"));
        Assert.True(dropped.Resumes >= 1, "the download should have resumed with Range");
        Assert.Equal(clean.Files.Skip(1).Select(f => f.Sha256), dropped.Files.Skip(1).Select(f => f.Sha256));

        _prov.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*", Method = "PUT", Kind = FaultKinds.Drop, AfterBytes = 200_000, Count = 2 });
        var (vapp, report) = await Import(dropped.Path, "resumed-upload", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" });
        Assert.True(report.Resumes >= 1, "the upload should have resumed from the server's bytesTransferred");
        var again = await new ExportService(_prov.Connection).ExportAsync(vapp.Attr("href")!, new ExportOptions { Path = s.File("again.ova"), Transfer = Fast }, null, CancellationToken.None);
        Assert.Equal(clean.Files.Skip(1).Select(f => f.Sha256), again.Files.Skip(1).Select(f => f.Sha256));
    }

    [Fact]
    public async Task ARateLimitedSessionSlowsDownAndFinishesExportAndImport()
    {
        using var s = new Scratch();
        var clean = await ExportReporting(s.File("clean.ova"));
        var ent = _ent.Sim.Faults.Add(new Fault { PathPattern = "*", Kind = FaultKinds.RateLimit, Limit = 4, WindowMs = 1000 });
        var prov = _prov.Sim.Faults.Add(new Fault { PathPattern = "*", Kind = FaultKinds.RateLimit, Limit = 4, WindowMs = 1000 });
        try
        {
            var limited = await ExportReporting(s.File("limited.ova"));
            Assert.Equal(clean.Files.Skip(1).Select(f => f.Sha256), limited.Files.Skip(1).Select(f => f.Sha256));
            Assert.True(_ent.Sim.Faults.List().Single(f => f.Id == ent.Id).Refused > 0, "the export should have met 429s");

            var (vapp, _) = await Import(limited.Path, "rate-limited", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" });
            Assert.True(_prov.Sim.Faults.List().Single(f => f.Id == prov.Id).Refused > 0, "the import should have met 429s");
            _prov.Sim.Faults.Clear();
            var again = await new ExportService(_prov.Connection).ExportAsync(vapp.Attr("href")!, new ExportOptions { Path = s.File("again.ova"), Transfer = Fast }, null, CancellationToken.None);
            Assert.Equal(clean.Files.Skip(1).Select(f => f.Sha256), again.Files.Skip(1).Select(f => f.Sha256));
        }
        finally
        {
            _ent.Sim.Faults.Clear();
            _prov.Sim.Faults.Clear();
        }
    }

    [Fact]
    public async Task SessionExpiringDuringTheUploadIsRenewed()
    {
        using var s = new Scratch();
        var package = await ExportReporting(s.File("r.ova"));
        _prov.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*", Method = "PUT", Kind = FaultKinds.ExpireSession, Count = 1 });
        var renewals = _prov.Connection.SessionRenewals;
        var (vapp, _) = await Import(package.Path, "renewed", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" });
        Assert.NotNull(vapp.Attr("href"));
        Assert.True(_prov.Connection.SessionRenewals > renewals);
    }

    [Fact]
    public async Task FailedServerTaskRemovesTheHalfCreatedVAppAndTemplate()
    {
        using var s = new Scratch();
        var package = await ExportReporting(s.File("f.ova"));
        var before = VAppCount(_prov.Connection);
        _prov.Sim.Faults.Add(new Fault { PathPattern = "/api/vdc/*/action/instantiateOvf", Kind = FaultKinds.TaskFail, Message = "Injected storage failure", Count = 1 });
        var ex = await Assert.ThrowsAnyAsync<VCloudException>(() => Import(package.Path, "doomed", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" }));
        Assert.Contains("Injected storage failure", ex.Message);
        Assert.Contains("removed", ex.Message);
        Assert.Equal(before, VAppCount(_prov.Connection));

        var catalog = InventoryClient.GetCatalogs(_prov.Connection, "acme-catalog", CancellationToken.None).Single();
        int Templates() => _prov.Connection.QueryRecords("vAppTemplate", null, CancellationToken.None).Count();
        var templatesBefore = Templates();
        _prov.Sim.Faults.Add(new Fault { PathPattern = "/api/catalog/*/action/upload", Kind = FaultKinds.TaskFail, Message = "Injected template failure", Count = 1 });
        var ex2 = await Assert.ThrowsAnyAsync<VCloudException>(() => Import(package.Path, "doomed-template", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" }, catalog.Href));
        Assert.Contains("Injected template failure", ex2.Message);
        Assert.Equal(templatesBefore, Templates());
        Assert.Equal(before, VAppCount(_prov.Connection));
    }

    [Fact]
    public async Task VdcWithoutEnoughQuotaIsAClearErrorAndLeavesNothing()
    {
        using var s = new Scratch();
        var package = await ExportReporting(s.File("q.ova"));
        var before = VAppCount(_prov.Connection);
        var store = _prov.Sim.Store;
        VCloudPS.Simulator.Store.SimVdc vdc;
        lock (store.Sync) { vdc = store.Vdcs.Values.Single(v => v.Name == "acme-payg"); vdc.VmQuota = 1; }
        try
        {
            var ex = await Assert.ThrowsAnyAsync<VCloudException>(() => Import(package.Path, "over-quota", new Dictionary<string, string> { ["ent-app-net"] = "acme-net" }));
            Assert.Equal((VCloudErrorKind.QuotaExceeded, "VdcQuotaExceeded"), (ex.Kind, ex.ErrorId));
            Assert.Contains("quota", ex.Message);
            Assert.Equal(before, VAppCount(_prov.Connection));
        }
        finally { lock (store.Sync) vdc.VmQuota = 0; }
    }

    [Fact]
    public async Task DeployedVAppIsRefusedWithTheHint()
    {
        using var s = new Scratch();
        var ex = await Assert.ThrowsAnyAsync<VCloudException>(() => new ExportService(_ent.Connection).ExportAsync(FindVApp(_ent.Connection, "legacy-erp").Href,
            new ExportOptions { Path = s.File("erp.ova"), Transfer = Fast }, null, CancellationToken.None));
        Assert.Equal((VCloudErrorKind.Conflict, "VAppDeployed"), (ex.Kind, ex.ErrorId));
        Assert.Contains("-Stop", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(s.Path));
    }

    [Fact]
    public async Task FailedExportLeavesNoFilesAndRestoresThePowerState()
    {
        using var s = new Scratch();
        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*", Method = "GET", Kind = FaultKinds.Status, Status = 500, Count = 50 });
        try
        {
            var crm = FindVApp(_ent.Connection, "crm");
            var opts = new ExportOptions { Path = s.File("crm.ova"), StopIfDeployed = true, Transfer = Fast };
            var ex = await Assert.ThrowsAnyAsync<VCloudException>(() => new ExportService(_ent.Connection).ExportAsync(crm.Href, opts, null, CancellationToken.None));
            Assert.Equal("DownloadFailed", ex.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(s.Path));
            Assert.Equal("POWERED_ON", FindVApp(_ent.Connection, "crm").Status);
        }
        finally { _ent.Sim.Faults.Clear(); }
    }

    [Fact]
    public async Task StopRestoresADeployedButPoweredOffVAppToDeployed()
    {
        using var s = new Scratch();
        var erp = FindVApp(_ent.Connection, "legacy-erp");
        Assert.True(erp.Deployed);
        var r = await new ExportService(_ent.Connection).ExportAsync(erp.Href, new ExportOptions { Path = s.File("erp.ova"), StopIfDeployed = true, Transfer = Fast }, null, CancellationToken.None);
        Assert.True(r.WasStopped);
        var after = FindVApp(_ent.Connection, "legacy-erp");
        Assert.True(after.Deployed);
        Assert.Equal("POWERED_OFF", after.Status);
    }

    [Fact]
    public async Task EightConcurrentExportsOfOneVAppAllSucceedAndTheLastDisablesTheDownload()
    {
        using var s = new Scratch();
        var href = FindVApp(_ent.Connection, "reporting").Href;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => new ExportService(_ent.Connection).ExportAsync(href,
            new ExportOptions { Path = s.File($"r{i}.ova"), Transfer = Fast }, null, CancellationToken.None))));
        Assert.Single(results.Select(r => string.Join(",", r.Files.Skip(1).Select(f => f.Sha256))).Distinct());
        var after = await _ent.Connection.GetXmlAsync(href, CancellationToken.None);
        Assert.Null(after.LinkHref("download:default"));
    }

    [Fact]
    public async Task TheDescriptorGetsTheSameRetriesAsTheDisksAndPermanentStatusesAreNotRetried()
    {
        using var s = new Scratch();
        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*.ovf", Method = "GET", Kind = FaultKinds.Status, Status = 503, Count = 2 });
        var ok = await ExportReporting(s.File("retried.ova"));
        Assert.True(File.Exists(ok.Path));

        _ent.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*.vmdk", Method = "GET", Kind = FaultKinds.Status, Status = 404, Count = 1 });
        var ex = await Assert.ThrowsAsync<VCloudPS.Core.Transfer.TransferException>(() => ExportReporting(s.File("gone.ova")));
        Assert.Equal(404, ex.StatusCode);   // one 404 is final: a retry would have succeeded
        Assert.False(File.Exists(s.File("gone.ova")));
        _ent.Sim.Faults.Clear();
    }
}
