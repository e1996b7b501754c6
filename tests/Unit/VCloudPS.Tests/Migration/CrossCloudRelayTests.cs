using VCloudPS.Core.Api;
using System.Security.Cryptography;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Transfer;

namespace VCloudPS.Tests.Migration;

/// <summary>The relay with a fake transfer server on both ends: the source's download feeds the verified upload
/// directly (nothing on disk), reconnects with Range, and corrupt source bytes never complete the destination file.</summary>
public class CrossCloudRelayTests
{
    private const string Down = "/download/disk1.vmdk";
    private const string Up = "/transfer/up/disk1.vmdk";
    private static readonly Uri Base = new("http://cloud.test/");
    private static TransferOptions Fast => new() { BufferSize = 4096, ChunkSize = 16_384 };

    private static byte[] Data(int size, int seed = 7) { var b = new byte[size]; new Random(seed).NextBytes(b); return b; }
    private static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b)).ToLowerInvariant();

    private static (FakeTransferServer server, CrossCloudRelay relay, VcdRelaySource source) Setup(byte[] served)
    {
        var server = new FakeTransferServer();
        server.Files[Down] = served;
        var http = new HttpClientTransfer(server, new RetryPolicy { MaxAttempts = 4, Delay = (_, _) => Task.CompletedTask });
        return (server, new CrossCloudRelay(http, Fast), new VcdRelaySource(http, new Uri(Base, Down), "disk1.vmdk"));
    }

    private static UploadTarget Target(FakeTransferServer server, long start = 0)
        => new(new Uri(Base, Up), "disk1.vmdk") { ServerOffset = _ => Task.FromResult<long?>(server.BytesStored(Up)), StartOffset = start };

    [Fact]
    public async Task RelaysEveryByteInChunksAndReportsItsDigest()
    {
        var data = Data(100_003);
        var (server, relay, source) = Setup(data);
        var r = await relay.RelayAsync(source, Target(server), data.Length, null, CancellationToken.None);
        Assert.Equal(data, server.Stored[Up].ToArray());
        Assert.Equal(Sha(data), r.Sha256);
        Assert.Equal(data.Length, r.BytesSent);
        Assert.False(r.VerifiedAgainstSource);
        Assert.True(server.Log.Count(l => l.StartsWith("PUT", StringComparison.Ordinal)) >= 7);
    }

    [Fact]
    public async Task CorruptBytesFromTheSourceNeverCompleteTheDestinationFileAndTheErrorNamesTheFile()
    {
        var data = Data(60_000);
        var corrupt = (byte[])data.Clone(); corrupt[5] ^= 0xFF;
        var (server, relay, source) = Setup(corrupt);
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            relay.RelayAsync(source, Target(server), data.Length, new ExpectedDigest("SHA256", Sha(data), "the source's manifest"), CancellationToken.None));
        Assert.Equal("disk1.vmdk", ex.FileName);
        Assert.Contains("disk1.vmdk", ex.Message);
        Assert.True(server.BytesStored(Up) < data.Length, "the held-back last block was sent");
    }

    [Fact]
    public async Task DroppedSourceAndDestinationConnectionsContinueWhereTheyStopped()
    {
        var data = Data(80_000);
        var (server, relay, source) = Setup(data);
        server.GetDrops.Enqueue(20_000); server.GetDrops.Enqueue(7_000);
        server.PutDrops.Enqueue(3_000);
        var target = Target(server);
        var r = await relay.RelayAsync(source, target, data.Length, new ExpectedDigest("SHA256", Sha(data), "m"), CancellationToken.None);
        Assert.Equal(data, server.Stored[Up].ToArray());
        Assert.Equal(Sha(data), r.Sha256);
        Assert.True(r.VerifiedAgainstSource);
        Assert.True(r.Resumes >= 3, $"resumes {r.Resumes}");
        Assert.Contains(server.Log, l => l.StartsWith("GET " + Down + " from ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumeSendsOnlyWhatTheDestinationLacksButHashesTheWholeFile()
    {
        var data = Data(70_000);
        var (server, relay, source) = Setup(data);
        var kept = new MemoryStream(); kept.Write(data, 0, 30_000);
        server.Stored[Up] = kept;
        var r = await relay.RelayAsync(source, Target(server, 30_000), data.Length, null, CancellationToken.None);
        Assert.Equal(data, server.Stored[Up].ToArray());
        Assert.Equal(40_000, r.BytesSent);
        Assert.Equal(Sha(data), r.Sha256);
        Assert.DoesNotContain(server.Log, l => l.Contains("bytes 0-", StringComparison.Ordinal));
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
