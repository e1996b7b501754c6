using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Transfer;

public class TransferEngineTests
{
    private static readonly Uri Base = new("http://transfer.test/transfer/abc/");
    private static TransferOptions Fast => new() { BufferSize = 4096, ChunkSize = 10_000 };

    private static (FakeTransferServer server, ITransferHttp http) Server()
    {
        var s = new FakeTransferServer();
        return (s, new HttpClientTransfer(s, new RetryPolicy { MaxAttempts = 4, Delay = (_, _) => Task.CompletedTask }));
    }

    [Fact]
    public async Task DownloadHashesWhileStreaming()
    {
        var (server, http) = Server();
        var data = OvfTestData.RandomBytes(100_000, 1);
        server.Files["/transfer/abc/d.vmdk"] = data;
        var dest = new MemoryStream();
        long last = 0;
        var r = await new ResumableDownloader(http, Fast).DownloadAsync(new Uri(Base, "d.vmdk"), dest, data.Length, p => last = p, CancellationToken.None);
        Assert.Equal(data, dest.ToArray());
        Assert.Equal(OvfTestData.Sha256(data), r.Sha256);
        Assert.Equal((data.Length, 0, data.Length), (r.Bytes, r.Resumes, (int)last));
    }

    [Fact]
    public async Task DownloadResumesWithRangeAfterDroppedConnections()
    {
        var (server, http) = Server();
        var data = OvfTestData.RandomBytes(100_000, 2);
        server.Files["/transfer/abc/d.vmdk"] = data;
        server.GetDrops.Enqueue(30_000); server.GetDrops.Enqueue(25_000);
        var dest = new MemoryStream();
        var r = await new ResumableDownloader(http, Fast).DownloadAsync(new Uri(Base, "d.vmdk"), dest, data.Length, null, CancellationToken.None);
        Assert.Equal(data, dest.ToArray());
        Assert.Equal(OvfTestData.Sha256(data), r.Sha256);
        Assert.Equal(2, r.Resumes);
        Assert.Equal(new[] { "GET /transfer/abc/d.vmdk ", "GET /transfer/abc/d.vmdk from 30000", "GET /transfer/abc/d.vmdk from 55000" }, server.Log);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DownloadSurvivesServerIgnoringRange(bool seekable)
    {
        var (server, http) = Server();
        var data = OvfTestData.RandomBytes(50_000, 3);
        server.Files["/transfer/abc/d.vmdk"] = data;
        server.IgnoreRange = true;
        server.GetDrops.Enqueue(20_000);
        var ms = new MemoryStream();
        ms.Write(new byte[7]);   // the region starts after other data (an OVA)
        Stream dest = seekable ? ms : new AppendOnly(ms);
        var r = await new ResumableDownloader(http, Fast).DownloadAsync(new Uri(Base, "d.vmdk"), dest, data.Length, null, CancellationToken.None);
        Assert.Equal(data, ms.ToArray().Skip(7));
        Assert.Equal(OvfTestData.Sha256(data), r.Sha256);
    }

    [Theory]
    [InlineData(+10)]
    [InlineData(-10)]
    public async Task DownloadOfADifferentSizeThanDeclaredFails(int delta)
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/d.vmdk"] = new byte[1000];
        var ex = await Assert.ThrowsAsync<TransferException>(() =>
            new ResumableDownloader(http, Fast).DownloadAsync(new Uri(Base, "d.vmdk"), new MemoryStream(), 1000 + delta, null, CancellationToken.None));
        Assert.Equal("DownloadSizeMismatch", ex.ErrorId);
    }

    [Fact]
    public async Task DownloadGivesUpAfterRetriesWithoutProgress()
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/d.vmdk"] = new byte[1000];
        for (int i = 0; i < 10; i++) server.GetDrops.Enqueue(0);
        var ex = await Assert.ThrowsAsync<TransferException>(() =>
            new ResumableDownloader(http, Fast).DownloadAsync(new Uri(Base, "d.vmdk"), new MemoryStream(), 1000, null, CancellationToken.None));
        Assert.Equal("DownloadFailed", ex.ErrorId);
        Assert.Equal(4, server.Log.Count);   // first try + 3 retries
    }

    [Fact]
    public async Task DownloadHonoursCancellation()
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/d.vmdk"] = new byte[100_000];
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ResumableDownloader(http, Fast)
            .DownloadAsync(new Uri(Base, "d.vmdk"), new MemoryStream(), 100_000, p => { if (p > 20_000) cts.Cancel(); }, cts.Token));
    }

    private static Func<long, Stream> Source(byte[] data) => offset => new MemoryStream(data, (int)offset, data.Length - (int)offset);

    [Fact]
    public async Task UploadSendsSequentialContentRanges()
    {
        var (server, http) = Server();
        var data = OvfTestData.RandomBytes(35_000, 4);
        var r = await new ChunkedUploader(http, Fast).UploadAsync(new Uri(Base, "u.vmdk"), Source(data), data.Length, null, 0, null, CancellationToken.None);
        Assert.Equal(data, server.Stored["/transfer/abc/u.vmdk"].ToArray());
        Assert.Equal(OvfTestData.Sha256(data), r.Sha256);
        Assert.Equal(new[] { "bytes 0-9999/35000", "bytes 10000-19999/35000", "bytes 20000-29999/35000", "bytes 30000-34999/35000" },
            server.Log.Select(l => l.Substring(l.IndexOf("bytes", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task UploadResumesFromServerOffsetAfterDropAnd416()
    {
        var (server, http) = Server();
        var data = OvfTestData.RandomBytes(50_000, 5);
        const string path = "/transfer/abc/u.vmdk";
        server.PutDrops.Enqueue(0); server.PutDrops.Enqueue(3_333);   // first chunk: nothing kept; second try keeps 3333 bytes
        int queries = 0;
        var r = await new ChunkedUploader(http, Fast).UploadAsync(new Uri(Base, "u.vmdk"), Source(data), data.Length,
            _ => { queries++; return Task.FromResult<long?>(server.BytesStored(path)); }, 0, null, CancellationToken.None);
        Assert.Equal(data, server.Stored[path].ToArray());
        Assert.Equal(OvfTestData.Sha256(data), r.Sha256);
        Assert.Equal(2, queries);
        Assert.Contains(server.Log, l => l.EndsWith("bytes 3333-13332/50000", StringComparison.Ordinal));

        // A 500 on a chunk: asked and resent.
        var (server2, http2) = Server();
        server2.PutStatuses.Enqueue(500);
        var r2 = await new ChunkedUploader(http2, Fast).UploadAsync(new Uri(Base, "u.vmdk"), Source(data), data.Length,
            _ => Task.FromResult<long?>(server2.BytesStored(path)), 0, null, CancellationToken.None);
        Assert.Equal(data, server2.Stored[path].ToArray());

        // A cell that lost the end of the last chunk: the next chunk gets 416, the client asks and goes back.
        var (server3, http3) = Server();
        var uploader = new ChunkedUploader(http3, Fast);
        server3.LoseAfterNextPut = 1234;
        var r3 = await uploader.UploadAsync(new Uri(Base, "u.vmdk"), Source(data), data.Length,
            _ => Task.FromResult<long?>(server3.BytesStored(path)), 0, null, CancellationToken.None);
        Assert.Equal(data, server3.Stored[path].ToArray());
        Assert.Equal(OvfTestData.Sha256(data), r3.Sha256);
        Assert.Contains(server3.Log, l => l.EndsWith("bytes 8766-18765/50000", StringComparison.Ordinal));
        Assert.Equal(1, r3.Resumes);
    }

    [Fact]
    public async Task Upload416WithoutAWayToAskFailsClearly()
    {
        var (server, http) = Server();
        server.Stored["/transfer/abc/u.vmdk"] = new MemoryStream(new byte[5]);
        var ex = await Assert.ThrowsAsync<TransferException>(() => new ChunkedUploader(http, Fast)
            .UploadAsync(new Uri(Base, "u.vmdk"), Source(new byte[100]), 100, null, 0, null, CancellationToken.None));
        Assert.Equal("UploadRangeRejected", ex.ErrorId);
    }

    [Fact]
    public async Task BoundedParallelNeverExceedsDegreeAndRethrowsFirstFailure()
    {
        int running = 0, max = 0;
        await BoundedParallel.ForEachAsync(Enumerable.Range(0, 12).ToList(), 3, async (i, idx, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            lock (this) max = Math.Max(max, now);
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
        }, CancellationToken.None);
        Assert.InRange(max, 1, 3);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => BoundedParallel.ForEachAsync(Enumerable.Range(0, 6).ToList(), 2,
            async (i, idx, ct) => { await Task.Delay(i * 5, ct); if (i == 1) throw new InvalidOperationException("boom"); await Task.Delay(1000, ct); }, CancellationToken.None));
        Assert.Equal("boom", ex.Message);
    }

    [Fact]
    public void ProgressTrackerReportsTotalsRateAndCompletion()
    {
        var seen = new List<TransferSnapshot>();
        var t = new ProgressTracker("Export-VApp shop", new[] { ("a", 100L), ("b", 300L) }, new SyncProgress(seen.Add)) { Interval = TimeSpan.Zero };
        t.SetState(0, FileTransferState.Running);
        t.Add(0, 100); t.SetState(0, FileTransferState.Completed);
        t.Set(1, 150);
        t.Complete();
        var last = seen.Last();
        Assert.True(last.Completed);
        Assert.Equal((250L, 400L, 62), (last.BytesDone, last.BytesTotal, last.PercentComplete));
        Assert.Equal(FileTransferState.Completed, last.Files[0].State);
    }

    private sealed class SyncProgress : IProgress<TransferSnapshot>
    {
        private readonly Action<TransferSnapshot> _a; public SyncProgress(Action<TransferSnapshot> a) { _a = a; }
        public void Report(TransferSnapshot value) => _a(value);
    }

    private sealed class AppendOnly : Stream
    {
        private readonly Stream _inner; public AppendOnly(Stream inner) { _inner = inner; }
        public override bool CanRead => false; public override bool CanSeek => false; public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        public override void Flush() { }
        public override int Read(byte[] b, int o, int c) => throw new NotSupportedException();
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
    }
}
