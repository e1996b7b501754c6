using System.Security.Cryptography;
using VCloudPS.Core;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Tests.Migration;

/// <summary>The relay's guarantees with in-memory ends: bounded chunks, one hash per byte, the held-back last chunk,
/// reconnects on both sides and resume from the destination's byte count.</summary>
public class CrossCloudRelayTests
{
    private const int Chunk = 64 * 1024;
    private static readonly TransferOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 3 };

    private static byte[] Data(int size, int seed = 7) { var b = new byte[size]; new Random(seed).NextBytes(b); return b; }
    private static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b)).ToLowerInvariant();

    /// <summary>Serves the bytes; can flip one byte (corruption on the way out) and drop a stream after N bytes.</summary>
    private sealed class MemorySource : IRelaySource
    {
        private readonly byte[] _data;
        public MemorySource(byte[] data) { _data = data; }
        public string Name => "disk1.vmdk";
        public long? CorruptAt { get; set; }
        public int DropsLeft { get; set; }
        public long DropAfter { get; set; }
        public int Opens { get; private set; }
        public Task<Stream> OpenAsync(long offset, CancellationToken ct)
        {
            Opens++;
            var copy = (byte[])_data.Clone();
            if (CorruptAt is long c) copy[c] ^= 0xFF;
            Stream s = new MemoryStream(copy, (int)offset, copy.Length - (int)offset, false);
            if (DropsLeft > 0) { DropsLeft--; s = new DroppingRead(s, DropAfter); }
            return Task.FromResult(s);
        }
    }

    private sealed class DroppingRead : Stream
    {
        private readonly Stream _inner; private long _left;
        public DroppingRead(Stream inner, long after) { _inner = inner; _left = after; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0) throw new IOException("connection reset");
            var n = _inner.Read(buffer, offset, (int)Math.Min(count, _left)); _left -= n; return n;
        }
        public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException(); public override long Position { get => 0; set { } }
        public override void Flush() { } public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) { } public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
    }

    /// <summary>A destination that, like vCD's transfer server, accepts only data continuing its stored bytes.</summary>
    private sealed class MemoryTarget : IRelayTarget
    {
        public MemoryStream Stored { get; } = new();
        public List<(long offset, int count)> Writes { get; } = new();
        public int FailNextWrites { get; set; }
        public int MaxWrite { get; private set; }
        public Task<long?> StoredBytesAsync(CancellationToken ct) => Task.FromResult<long?>(Stored.Length);
        public Task WriteAsync(long offset, byte[] buffer, int index, int count, long total, CancellationToken ct)
        {
            if (offset != Stored.Length) throw new InvalidOperationException($"write at {offset}, stored {Stored.Length}");
            MaxWrite = Math.Max(MaxWrite, count);
            if (FailNextWrites > 0)
            {   // Half of the chunk arrives, then the connection drops.
                FailNextWrites--;
                Stored.Write(buffer, index, count / 2);
                throw new HttpRequestException("connection reset by peer");
            }
            Stored.Write(buffer, index, count);
            Writes.Add((offset, count));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RelaysInBoundedChunksAndReportsTheDigestOfEveryByte()
    {
        var data = Data(5 * Chunk + 123);
        var target = new MemoryTarget();
        var r = await new CrossCloudRelay(Fast, Chunk).RelayAsync(new MemorySource(data), target, data.Length, null, false, null, CancellationToken.None);
        Assert.Equal(data, target.Stored.ToArray());
        Assert.Equal(Sha(data), r.Sha256);
        Assert.True(target.MaxWrite <= Chunk);
        Assert.Equal(data.Length, r.BytesSent);
    }

    [Fact]
    public async Task CorruptBytesFromTheSourceNeverCompleteTheDestinationFileAndTheErrorNamesTheFile()
    {
        var data = Data(4 * Chunk + 10);
        var source = new MemorySource(data) { CorruptAt = 3 };
        var target = new MemoryTarget();
        var expected = new ExpectedDigest("SHA256", Sha(data), "the source's manifest");
        var ex = await Assert.ThrowsAsync<VCloudException>(() => new CrossCloudRelay(Fast, Chunk).RelayAsync(source, target, data.Length, expected, false, null, CancellationToken.None));
        Assert.Equal("RelayDigestMismatch", ex.ErrorId);
        Assert.Contains("disk1.vmdk", ex.Message);
        Assert.True(target.Stored.Length < data.Length, "the held-back last chunk was sent");
        Assert.Equal(4 * Chunk, target.Stored.Length);
    }

    [Fact]
    public async Task ASingleChunkFileIsHeldBackEntirely()
    {
        var data = Data(1000);
        var target = new MemoryTarget();
        await Assert.ThrowsAsync<VCloudException>(() => new CrossCloudRelay(Fast, Chunk).RelayAsync(new MemorySource(data) { CorruptAt = 999 }, target, data.Length,
            new ExpectedDigest("SHA256", Sha(data), "the source's manifest"), false, null, CancellationToken.None));
        Assert.Equal(0, target.Stored.Length);
    }

    [Fact]
    public async Task DroppedSourceAndDestinationConnectionsContinueWhereTheyStopped()
    {
        var data = Data(6 * Chunk + 5);
        var source = new MemorySource(data) { DropsLeft = 2, DropAfter = Chunk + 17 };
        var target = new MemoryTarget { FailNextWrites = 2 };
        var r = await new CrossCloudRelay(Fast, Chunk).RelayAsync(source, target, data.Length, new ExpectedDigest("SHA256", Sha(data), "m"), false, null, CancellationToken.None);
        Assert.Equal(data, target.Stored.ToArray());
        Assert.Equal(Sha(data), r.Sha256);
        Assert.True(r.VerifiedAgainstSource);
        Assert.True(r.Resumes >= 3);
        Assert.True(source.Opens >= 3);
    }

    [Fact]
    public async Task ResumeSendsOnlyWhatTheDestinationLacksButHashesTheWholeFile()
    {
        var data = Data(5 * Chunk);
        var target = new MemoryTarget();
        target.Stored.Write(data, 0, 2 * Chunk + 100);
        var r = await new CrossCloudRelay(Fast, Chunk).RelayAsync(new MemorySource(data), target, data.Length, null, resume: true, null, CancellationToken.None);
        Assert.Equal(data, target.Stored.ToArray());
        Assert.Equal(data.Length - (2 * Chunk + 100), r.BytesSent);
        Assert.Equal(Sha(data), r.Sha256);
        Assert.Equal(2 * Chunk + 100, target.Writes.Min(w => w.offset));
    }

    [Fact]
    public void GenerationNamesCarryTheUtcTimeAndOnlyTheOldestBeyondNAreSurplus()
    {
        var t = new DateTime(2026, 3, 1, 2, 3, 4, DateTimeKind.Utc);
        Assert.Equal("shop-20260301-020304", Generations.NameFor("shop", t));
        var names = new[] { "shop-20260301-020304", "shop-20260101-000000", "shop-20260201-000000", "shop", "shop-copy", "shop-x-20260101-000000" };
        Assert.Equal(new[] { "shop-20260101-000000" }, Generations.Surplus("shop", names, 2));
        Assert.Empty(Generations.Surplus("shop", names, 3));
    }
}
