using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;

namespace VCloudPS.Tests.Migration;

/// <summary>Faults of issue 11 injected by the SOURCE cloud during a cross-cloud move: corrupt bytes and an expired
/// session. Afterwards the source is listed with unchanged disk digests and nothing partial is left at the destination.</summary>
public class MoveFaultTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>, IDisposable
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    private readonly string _journals = Path.Combine(Path.GetTempPath(), "vcloudps-journals-" + Guid.NewGuid().ToString("N")[..8]);

    public MoveFaultTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    public void Dispose()
    {
        _prov.Sim.Faults.Clear();
        _prov.Sim.Transfers.ServeDownloadManifest = false;
        try { Directory.Delete(_journals, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private MoveOptions Move(string name) => new()
    {
        Kind = MoveKind.Move, Source = _prov.Connection, SourceHref = RoundTripTests.FindVApp(_prov.Connection, "acme-archive").Href,
        Destination = _ent.Connection, DestinationVdcHref = RoundTripTests.FindVdc(_ent.Connection, "ent-prod").Href, Name = name,
        NetworkMapping = new Dictionary<string, string?> { ["acme-net"] = "ent-app-net" }, JournalFolder = _journals,
        Transfer = new TransferOptions { ChunkSize = 256 * 1024, BufferSize = 64 * 1024, PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
    };

    private static bool Exists(VCloudConnection c, string name)
        => c.QueryRecords(InventoryClient.VAppQueryType(c), QueryFilter.Eq("name", name, c.ApiVersion), CancellationToken.None).Any();

    private Task<IReadOnlyList<string>> SourceDigests()
    {
        var href = RoundTripTests.FindVApp(_prov.Connection, "acme-archive").Href;
        return _prov.Sim.Transfers.DiskDigestsAsync(Guid.Parse(href[(href.LastIndexOf("vapp-", StringComparison.Ordinal) + 5)..]));
    }

    [Fact]
    public async Task CorruptBytesFromTheSourceStopTheMoveWithoutSendingTheLastChunk()
    {
        var before = await SourceDigests();
        // The source publishes digests (a manifest next to its descriptor) and one disk download reaches us altered.
        _prov.Sim.Transfers.ServeDownloadManifest = true;
        var corrupt = _prov.Sim.Faults.Add(new Fault { Kind = FaultKinds.Corrupt, PathPattern = "/transfer/*.vmdk", Method = "GET", AfterBytes = 70_000, Count = 1 });
        var ex = await Assert.ThrowsAsync<VCloudException>(() => new MoveService().RunAsync(Move("archive-corrupt"), null, CancellationToken.None));
        Assert.DoesNotContain(_prov.Sim.Faults.List(), f => f.Id == corrupt.Id);

        Assert.Equal("DigestMismatch", ex.ErrorId);
        var mismatch = Assert.IsType<DigestMismatchException>(ex.InnerException);
        Assert.Contains($"'{mismatch.FileName}'", ex.Message);
        Assert.Contains(mismatch.Expected, ex.Message);
        Assert.Contains(mismatch.Actual, ex.Message);
        Assert.NotEqual(mismatch.Expected, mismatch.Actual);
        Assert.Contains("source is unchanged", ex.Message);

        // The destination never completed the upload (it completes only when every file reached its size) and removed it.
        var store = _ent.Sim.Store;
        lock (store.Sync)
        {
            var uploads = store.Tasks.Values.Where(t => t.OperationName == "vdcUploadOvfContents" && t.Operation.Contains("archive-corrupt", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(uploads);
            Assert.DoesNotContain(uploads, t => t.Status == "success");
        }
        Assert.False(Exists(_ent.Connection, "archive-corrupt"));
        Assert.True(Exists(_prov.Connection, "acme-archive"));
        Assert.Equal(before, await SourceDigests());
        Assert.Empty(Directory.Exists(_journals) ? Directory.GetFiles(_journals) : Array.Empty<string>());
    }

    [Fact]
    public async Task SourceSessionExpiringDuringTheMoveIsRenewedAndTheDigestsMatch()
    {
        var before = await SourceDigests();
        // A copy (the source stays for the comparison) whose source session ends while a disk is being read.
        var options = Move("archive-relogin");
        options.Kind = MoveKind.Copy;
        var expiry = _prov.Sim.Faults.Add(new Fault { Kind = FaultKinds.ExpireSession, PathPattern = "/transfer/*.vmdk", Method = "GET", Count = 1 });
        var result = await new MoveService().RunAsync(options, null, CancellationToken.None);
        Assert.DoesNotContain(_prov.Sim.Faults.List(), f => f.Id == expiry.Id);
        Assert.Equal(before, result.Digests.Values.OrderBy(d => d, StringComparer.Ordinal).ToList());
        var store = _ent.Sim.Store;
        Guid copyId;
        lock (store.Sync) copyId = store.VApps.Values.Single(v => v.Name == "archive-relogin").Id;
        Assert.Equal(before, await _ent.Sim.Transfers.DiskDigestsAsync(copyId));
        Assert.Equal(before, await SourceDigests());
    }

    [Fact]
    public async Task InterruptedCopyOfARunningVAppResumesFromItsTemporaryCloneAndRemovesItAtTheEnd()
    {
        var source = RoundTripTests.FindVApp(_prov.Connection, "acme-analytics");
        Assert.True(source.Deployed);
        var sourceId = Guid.Parse(source.Href[(source.Href.LastIndexOf("vapp-", StringComparison.Ordinal) + 5)..]);
        // Pins the source's disk content, which its clones then share.
        var before = await _prov.Sim.Transfers.DiskDigestsAsync(sourceId);
        var options = Move("analytics-resume");
        options.Kind = MoveKind.Copy;
        options.SourceHref = source.Href;
        options.Transfer.MaxParallelFiles = 1;
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(snap => { if (snap.BytesDone >= 3 * 256 * 1024) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new MoveService().RunAsync(options, progress, cts.Token));

        var journal = MoveJournal.TryLoad(Assert.Single(Directory.GetFiles(_journals)))!;
        Assert.NotNull(journal.TemporaryCloneHref);
        Assert.Single(Clones());
        Assert.True(Exists(_ent.Connection, "analytics-resume"));

        options.Resume = true;
        var log = new List<string>();
        var result = await new MoveService(log.Add).RunAsync(options, null, CancellationToken.None);
        Assert.Contains(log, l => l.Contains("Continuing with the temporary clone " + journal.TemporaryCloneHref, StringComparison.Ordinal));
        Assert.True(result.Files.Sum(f => f.BytesSent) < result.Files.Sum(f => f.Size), "bytes finished before the interruption were sent again: " + string.Join("\n", log));
        Assert.Empty(Clones());
        Assert.Empty(Directory.GetFiles(_journals));
        Assert.Equal("POWERED_ON", RoundTripTests.FindVApp(_prov.Connection, "acme-analytics").Status);
        var store = _ent.Sim.Store;
        Guid copyId;
        lock (store.Sync) copyId = store.VApps.Values.Single(v => v.Name == "analytics-resume").Id;
        Assert.Equal(before, result.Digests.Values.OrderBy(d => d, StringComparer.Ordinal).ToList());
        Assert.Equal(before, await _ent.Sim.Transfers.DiskDigestsAsync(copyId));
    }

    private List<string> Clones()
        => _prov.Connection.QueryRecords("vApp", null, CancellationToken.None).Select(r => r.Attribute("name")?.Value ?? "")
            .Where(n => n.Contains("-vcloudps-copy-", StringComparison.Ordinal)).ToList();

    /// <summary>Progress delivered on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SyncProgress : IProgress<TransferSnapshot>
    {
        private readonly Action<TransferSnapshot> _on;
        public SyncProgress(Action<TransferSnapshot> on) { _on = on; }
        public void Report(TransferSnapshot value) => _on(value);
    }
}
