using Newtonsoft.Json;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Migration;

/// <summary>Move-VApp / Copy-VApp end to end against two in-process simulators (two clouds). Every test uses its own
/// source vApp (or its own destination name), so the order of the tests does not matter.</summary>
public sealed class MoveTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>, IDisposable
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    private readonly string _journals = Path.Combine(Path.GetTempPath(), "vcloudps-journals-" + Guid.NewGuid().ToString("N")[..8]);

    public MoveTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    public void Dispose() { try { Directory.Delete(_journals, true); } catch (IOException) { } }

    private static VApp Find(VCloudConnection c, string name) => RoundTripTests.FindVApp(c, name);
    private static bool Exists(VCloudConnection c, string name)
        => c.QueryRecords(InventoryClient.VAppQueryType(c), QueryFilter.Eq("name", name, c.ApiVersion), CancellationToken.None).Any();
    private static Vdc Vdc(VCloudConnection c, string name) => RoundTripTests.FindVdc(c, name);

    private MoveOptions Options(MoveKind kind, VCloudConnection from, string vapp, VCloudConnection to, string vdc, string? name = null, params (string, string)[] mapping) => new()
    {
        Kind = kind, Source = from, SourceHref = Find(from, vapp).Href, Destination = to, DestinationVdcHref = Vdc(to, vdc).Href, Name = name,
        NetworkMapping = mapping.ToDictionary(m => m.Item1, m => (string?)m.Item2), JournalFolder = _journals,
        Transfer = new TransferOptions { ChunkSize = 256 * 1024, BufferSize = 64 * 1024, PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
    };

    private static async Task<IReadOnlyList<(long, string)>> ExportedDisks(VCloudConnection c, string href, Scratch s, string folder)
    {
        var export = await new ExportService(c).ExportAsync(href, new ExportOptions { Path = s.File(folder), Transfer = RoundTripTests.Fast }, null, CancellationToken.None);
        return export.Files.Skip(1).Select(f => (f.Size, f.Sha256)).OrderBy(x => x.Sha256).ToList();
    }

    private int EnableDownloadTasks()
    {
        lock (_ent.Sim.Store.Sync)
            return _ent.Sim.Store.Tasks.Values.Count(t => t.OperationName.Contains("EnableDownload", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SameCloudMoveUsesMoveVAppKeepsTheIdAndSendsNoDiskByte()
    {
        var crm = Find(_ent.Connection, "crm");
        var downloadsBefore = EnableDownloadTasks();
        var options = Options(MoveKind.Move, _ent.Connection, "crm", _ent.Connection, "ent-dev");
        options.StorageProfileMapping["Gold"] = "Standard";   // crm-db's second disk is on Gold, which ent-dev lacks
        var result = await new MoveService().RunAsync(options, null, CancellationToken.None);
        Assert.Equal(MoveMethod.NativeMove, result.Method);
        Assert.Equal(0, result.BytesMoved);
        Assert.Equal(crm.Href, result.DestinationHref);
        var moved = Find(_ent.Connection, "crm");
        Assert.Equal(("ent-dev", "POWERED_ON", 2), (moved.VdcName, moved.Status, moved.NumberOfVMs ?? 0));
        // No download was ever prepared on the cloud: no disk byte left it for the client.
        Assert.Equal(downloadsBefore, EnableDownloadTasks());
    }

    [Fact]
    public async Task SameCloudCopyOfARunningVAppClonesIt()
    {
        var options = Options(MoveKind.Copy, _ent.Connection, "shop", _ent.Connection, "ent-dev", "shop-clone");
        options.StorageProfileMapping["Gold"] = "Standard";
        var result = await new MoveService().RunAsync(options, null, CancellationToken.None);
        Assert.Equal(MoveMethod.NativeClone, result.Method);
        Assert.Equal(0, result.BytesMoved);
        Assert.Equal("POWERED_ON", Find(_ent.Connection, "shop").Status);
        Assert.Equal(4, Find(_ent.Connection, "shop-clone").NumberOfVMs);
    }

    [Fact]
    public async Task CrossCloudMoveStreamsVerifiesAndRemovesTheSourceLast()
    {
        using var s = new Scratch();
        var before = await ExportedDisks(_ent.Connection, Find(_ent.Connection, "reporting").Href, s, "before");
        var result = await new MoveService().RunAsync(Options(MoveKind.Move, _ent.Connection, "reporting", _prov.Connection, "acme-payg", null, ("ent-app-net", "acme-net")), null, CancellationToken.None);
        Assert.Equal(MoveMethod.Streamed, result.Method);
        Assert.True(result.SourceRemoved);
        Assert.False(Exists(_ent.Connection, "reporting"));
        Assert.Equal(before.Sum(d => d.Item1), result.BytesMoved);
        Assert.Equal(before.Select(d => d.Item2).OrderBy(x => x), result.Digests.Values.OrderBy(x => x));
        var after = await ExportedDisks(_prov.Connection, result.DestinationHref, s, "after");
        Assert.Equal(before, after);
        Assert.Empty(Directory.Exists(_journals) ? Directory.GetFiles(_journals) : Array.Empty<string>());
    }

    [Fact]
    public async Task CrossCloudCopyOfARunningVAppNeverStopsItAndRemovesTheTemporaryClone()
    {
        using var s = new Scratch();
        var source = Find(_prov.Connection, "acme-web");
        Assert.True(source.Deployed);
        var plan = await MovePreflight.PlanAsync(Options(MoveKind.Copy, _prov.Connection, "acme-web", _ent.Connection, "ent-dev", null, ("acme-net", "ent-app-net"), ("acme-dmz", "ent-dmz")), CancellationToken.None);
        Assert.True(plan.UsesTemporaryClone, string.Join("; ", plan.Findings));
        // A session expiring on the destination in the middle is renewed.
        _ent.Sim.Faults.Add(new Fault { Kind = FaultKinds.ExpireSession, PathPattern = "/api/vApp/*", Method = "GET", Count = 1 });
        var result = await new MoveService().RunAsync(Options(MoveKind.Copy, _prov.Connection, "acme-web", _ent.Connection, "ent-dev", null, ("acme-net", "ent-app-net"), ("acme-dmz", "ent-dmz")), null, CancellationToken.None);
        Assert.Equal(MoveMethod.Streamed, result.Method);
        Assert.False(result.SourceRemoved);
        var after = Find(_prov.Connection, "acme-web");
        Assert.Equal((source.Status, true, source.NumberOfVMs), (after.Status, after.Deployed, after.NumberOfVMs));
        Assert.DoesNotContain(_prov.Connection.QueryRecords("vApp", null, CancellationToken.None), r => (r.Attribute("name")?.Value ?? "").Contains("-vcloudps-copy-"));
        Assert.Equal(result.Digests.Values.OrderBy(x => x), (await ExportedDisks(_ent.Connection, result.DestinationHref, s, "copy")).Select(d => d.Item2));
    }

    [Fact]
    public async Task DestinationQuotaExceededFailsInPreflightAndCreatesNothing()
    {
        var store = _prov.Sim.Store;
        var vdc = store.Vdcs.Values.Single(v => v.Name == "acme-pool");
        long limit;
        lock (store.Sync) { limit = vdc.StorageLimitMB; vdc.StorageLimitMB = 1024; store.Touch(); }
        try
        {
            var options = Options(MoveKind.Move, _ent.Connection, "legacy-erp", _prov.Connection, "acme-pool", null, ("ent-app-net", "acme-net"));
            var plan = await MovePreflight.PlanAsync(options, CancellationToken.None);
            Assert.Contains(plan.Blockers, f => f.Code == "DestinationQuotaExceeded");
            Assert.Contains(plan.Blockers, f => f.Code == "SourceDeployed");
            var ex = await Assert.ThrowsAsync<VCloudException>(() => new MoveService().RunAsync(options, null, CancellationToken.None));
            Assert.Equal(VCloudErrorKind.QuotaExceeded, ex.Kind);
            Assert.Contains("Stop-VApp", ex.Message);
            Assert.False(Exists(_prov.Connection, "legacy-erp"));
            Assert.True(Exists(_ent.Connection, "legacy-erp"));
        }
        finally { lock (store.Sync) { vdc.StorageLimitMB = limit; store.Touch(); } }
    }

    [Fact]
    public async Task NetworksWithoutMappingAreReportedWithTheFix()
    {
        var plan = await MovePreflight.PlanAsync(Options(MoveKind.Copy, _ent.Connection, "intranet", _prov.Connection, "acme-payg"), CancellationToken.None);
        var unmapped = Assert.Single(plan.Blockers, f => f.Code == "NetworkUnmapped");
        Assert.Contains("ent-app-net", unmapped.Message);
        Assert.Contains("acme-net", unmapped.Fix);
        Assert.Contains(plan.Blockers, f => f.Code == "SourceSuspended");
        Assert.Equal(MoveMethod.Streamed, plan.Method);
        Assert.True(plan.BytesToSend > 0);
    }

    [Fact]
    public async Task DestinationTaskFailureRemovesThePartialCopyAndLeavesTheSource()
    {
        using var s = new Scratch();
        var before = await ExportedDisks(_prov.Connection, Find(_prov.Connection, "acme-archive").Href, s, "before");
        _ent.Sim.Faults.Add(new Fault { Kind = FaultKinds.TaskFail, PathPattern = "/api/vdc/*/action/instantiateOvf", Count = 1, Message = "Simulated datastore failure" });
        var ex = await Assert.ThrowsAsync<VCloudException>(() =>
            new MoveService().RunAsync(Options(MoveKind.Move, _prov.Connection, "acme-archive", _ent.Connection, "ent-prod", "archive-t6", ("acme-net", "ent-app-net")), null, CancellationToken.None));
        Assert.True(ex.Message.Contains("source is unchanged"), ex.Message);
        Assert.Contains("removed", ex.Message);
        Assert.False(Exists(_ent.Connection, "archive-t6"));
        Assert.Equal(before, await ExportedDisks(_prov.Connection, Find(_prov.Connection, "acme-archive").Href, s, "after"));
    }

    [Fact]
    public async Task DroppedConnectionsOnBothSidesAreResumedAndDigestsMatch()
    {
        using var s = new Scratch();
        var before = await ExportedDisks(_prov.Connection, Find(_prov.Connection, "acme-archive").Href, s, "before");
        _prov.Sim.Faults.Add(new Fault { Kind = FaultKinds.Drop, PathPattern = "/transfer/*", Method = "GET", AfterBytes = 100_000, Count = 2 });
        _ent.Sim.Faults.Add(new Fault { Kind = FaultKinds.Drop, PathPattern = "/transfer/*", Method = "PUT", AfterBytes = 50_000, Count = 2 });
        var result = await new MoveService().RunAsync(Options(MoveKind.Copy, _prov.Connection, "acme-archive", _ent.Connection, "ent-prod", "archive-drop", ("acme-net", "ent-app-net")), null, CancellationToken.None);
        Assert.True(result.Files.Sum(f => f.Resumes) >= 1);
        Assert.Equal(before.Select(d => d.Item2).OrderBy(x => x), result.Digests.Values.OrderBy(x => x));
        Assert.Equal(before, await ExportedDisks(_ent.Connection, result.DestinationHref, s, "copy"));
    }

    [Fact]
    public async Task SourceBusyFailsInPreflightBeforeAnythingIsCreated()
    {
        // A reset that never ends keeps acme-batch busy, as a long task of another admin would.
        _prov.Sim.Faults.Add(new Fault { Kind = FaultKinds.Hang, PathPattern = "/api/vApp/*/power/action/reset", Count = 1 });
        await _prov.Connection.PostXmlAsync(Find(_prov.Connection, "acme-batch").Href + "/power/action/reset", null, null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<VCloudException>(() =>
            new MoveService().RunAsync(Options(MoveKind.Copy, _prov.Connection, "acme-batch", _ent.Connection, "ent-prod", "batch-busy", ("acme-net", "ent-app-net")), null, CancellationToken.None));
        Assert.True(ex.Kind == VCloudErrorKind.Busy, ex.Kind + ": " + ex.Message);
        Assert.Contains("Wait for its task", ex.Message);
        Assert.False(Exists(_ent.Connection, "batch-busy"));
        Assert.Equal(3, Find(_prov.Connection, "acme-batch").NumberOfVMs);
    }

    [Fact]
    public async Task CancelledStreamedCopyKeepsAJournalWithoutSecretsAndResumesWithoutResendingFinishedBytes()
    {
        using var s = new Scratch();
        var options = Options(MoveKind.Copy, _prov.Connection, "acme-archive", _ent.Connection, "ent-prod", "archive-resume", ("acme-net", "ent-app-net"));
        options.Transfer.MaxParallelFiles = 1;
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(snap => { if (snap.BytesDone >= 3 * 256 * 1024) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new MoveService().RunAsync(options, progress, cts.Token));

        var journalFile = Assert.Single(Directory.GetFiles(_journals));
        var text = File.ReadAllText(journalFile);
        Assert.DoesNotContain("Acme-Admin-2026!", text);
        Assert.DoesNotContain("Ent-Admin-2026!", text);
        Assert.DoesNotContain("/transfer/", text);
        Assert.True(Exists(_ent.Connection, "archive-resume"));
        Assert.True(Exists(_prov.Connection, "acme-archive"));

        var plan = await MovePreflight.PlanAsync(options, CancellationToken.None);
        Assert.True(plan.ResumesInterruptedMove);
        Assert.True(plan.CanProceed, string.Join("; ", plan.Findings));
        options.Resume = true;
        var log = new List<string>();
        var result = await new MoveService(log.Add).RunAsync(options, null, CancellationToken.None);
        text += string.Join("\n", log);
        Assert.True(result.Files.Sum(f => f.BytesSent) < result.Files.Sum(f => f.Size), "bytes finished before the interruption were sent again: " + JsonConvert.SerializeObject(result.Files) + text);
        Assert.Equal(await ExportedDisks(_prov.Connection, Find(_prov.Connection, "acme-archive").Href, s, "src"), await ExportedDisks(_ent.Connection, result.DestinationHref, s, "dst"));
        Assert.Empty(Directory.GetFiles(_journals));
    }

    /// <summary>Progress delivered on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress : IProgress<TransferSnapshot>
    {
        private readonly Action<TransferSnapshot> _on;
        public SyncProgress(Action<TransferSnapshot> on) { _on = on; }
        public void Report(TransferSnapshot value) => _on(value);
    }
}
