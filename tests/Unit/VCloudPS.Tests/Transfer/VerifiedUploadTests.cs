using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Transfer;

/// <summary>The held-back-tail upload: every byte hashed once while sent, the last block only after the digest matched.</summary>
public class VerifiedUploadTests
{
    private static readonly Uri Base = new("http://transfer.test/transfer/abc/");
    private const string Path = "/transfer/abc/u.vmdk";
    private static TransferOptions Fast => new() { BufferSize = 4096, ChunkSize = 10_000 };

    private static (FakeTransferServer server, VerifiedUpload upload) Server()
    {
        var s = new FakeTransferServer();
        return (s, new VerifiedUpload(new HttpClientTransfer(s, new RetryPolicy { MaxAttempts = 4, Delay = (_, _) => Task.CompletedTask }), Fast));
    }

    private static UploadTarget Target(FakeTransferServer server)
        => new(new Uri(Base, "u.vmdk"), "u.vmdk") { ServerOffset = _ => Task.FromResult<long?>(server.BytesStored(Path)) };

    [Fact]
    public async Task MatchingFileIsSentWithItsLastBlockAfterTheCheck()
    {
        var (server, upload) = Server();
        var data = OvfTestData.RandomBytes(35_000, 11);
        var digest = await upload.UploadAsync(new MemoryStream(data), data.Length, OvfTestData.Sha256(data).ToUpperInvariant(), Target(server), CancellationToken.None);
        Assert.Equal(OvfTestData.Sha256(data), digest);
        Assert.Equal(data, server.Stored[Path].ToArray());
        // The last 4096 bytes (one buffer) travel alone, after the rest.
        Assert.Equal(new[] { "bytes 0-9999/35000", "bytes 10000-19999/35000", "bytes 20000-29999/35000", "bytes 30000-30903/35000", "bytes 30904-34999/35000" },
            server.Log.Select(l => l.Substring(l.IndexOf("bytes", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task CorruptFileIsNeverCompletedAndTheErrorNamesBothDigests()
    {
        var (server, upload) = Server();
        var data = OvfTestData.RandomBytes(35_000, 12);
        var expected = OvfTestData.Sha256(data);
        var corrupt = (byte[])data.Clone(); corrupt[20_000] ^= 1;
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            upload.UploadAsync(new MemoryStream(corrupt), corrupt.Length, expected, Target(server), CancellationToken.None));
        Assert.Equal(("u.vmdk", expected, OvfTestData.Sha256(corrupt)), (ex.FileName, ex.Expected, ex.Actual));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(ex.Actual, ex.Message);
        Assert.Equal(35_000 - 4096, server.BytesStored(Path));   // the server never got the whole file

        // Also when the corruption is in the held-back block itself, and for an empty file (nothing is PUT).
        var (server2, upload2) = Server();
        var tailCorrupt = (byte[])data.Clone(); tailCorrupt[^1] ^= 1;
        await Assert.ThrowsAsync<DigestMismatchException>(() => upload2.UploadAsync(new MemoryStream(tailCorrupt), data.Length, expected, Target(server2), CancellationToken.None));
        Assert.Equal(35_000 - 4096, server2.BytesStored(Path));
        var (server3, upload3) = Server();
        await Assert.ThrowsAsync<DigestMismatchException>(() => upload3.UploadAsync(new MemoryStream(), 0, expected, Target(server3), CancellationToken.None));
        Assert.Empty(server3.Log);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DroppedChunksAreSentAgainFromAStreamThatCannotSeekAndEveryByteIsHashedOnce(bool seekable)
    {
        var (server, upload) = Server();
        var data = OvfTestData.RandomBytes(50_000, 13);
        server.PutDrops.Enqueue(0); server.PutDrops.Enqueue(3_333);
        server.LoseAfterNextPut = 0;
        var source = new CountingStream(new MemoryStream(data), seekable);
        var target = Target(server);
        var digest = await upload.UploadAsync(source, data.Length, OvfTestData.Sha256(data), target, CancellationToken.None);
        Assert.Equal(OvfTestData.Sha256(data), digest);
        Assert.Equal(data, server.Stored[Path].ToArray());
        Assert.Equal(2, target.Resumes);
        if (!seekable) Assert.Equal(data.Length, source.BytesRead);   // one pass over the source
    }

    [Fact]
    public async Task WithoutAnExpectedDigestItOnlyComputesIt()
    {
        var (server, upload) = Server();
        var data = OvfTestData.RandomBytes(12_345, 14);
        var checkedWith = "";
        var target = Target(server);
        target.CheckBeforeTail = d => { checkedWith = d; Assert.Equal(12_345 - 4096, server.BytesStored(Path)); return Task.CompletedTask; };
        Assert.Equal(OvfTestData.Sha256(data), await upload.UploadAsync(new MemoryStream(data), data.Length, null, target, CancellationToken.None));
        Assert.Equal(OvfTestData.Sha256(data), checkedWith);
        Assert.Equal(data, server.Stored[Path].ToArray());
    }

    private sealed class CountingStream : Stream
    {
        private readonly Stream _inner; private readonly bool _seekable;
        public CountingStream(Stream inner, bool seekable) { _inner = inner; _seekable = seekable; }
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { var n = _inner.Read(buffer, offset, count); BytesRead += n; return n; }
        public override bool CanRead => true; public override bool CanSeek => _seekable; public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set { if (!_seekable) throw new NotSupportedException(); _inner.Position = value; } }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => _seekable ? _inner.Seek(o, s) : throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }
}
