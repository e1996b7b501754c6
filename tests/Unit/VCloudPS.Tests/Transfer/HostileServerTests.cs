using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Transfer;

/// <summary>A server that stalls, sends endless data or answers permanent errors: each ends in a clear error, fast.</summary>
public class HostileServerTests
{
    private static readonly Uri Base = new("http://transfer.test/transfer/abc/");
    private static TransferOptions Fast => new() { BufferSize = 4096, ChunkSize = 10_000 };

    private static (FakeTransferServer server, ITransferHttp http) Server()
    {
        var s = new FakeTransferServer();
        return (s, new HttpClientTransfer(s, new RetryPolicy { MaxAttempts = 3, Delay = (_, _) => Task.CompletedTask }, inactivityTimeout: TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task ADownloadThatStallsAfterItsHeadersEndsNamingTheFileAndHowFarItGot()
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/disk1.vmdk"] = OvfTestData.RandomBytes(50_000, 21);
        for (int i = 0; i < 3; i++) server.GetStalls.Enqueue(i == 0 ? 12_288 : 0);
        var ex = await Assert.ThrowsAsync<TransferException>(() => new ResumableDownloader(http, Fast)
            .DownloadAsync(new Uri(Base, "disk1.vmdk"), new MemoryStream(), 50_000, null, CancellationToken.None));
        Assert.Equal("DownloadStalled", ex.ErrorId);
        Assert.Contains("'disk1.vmdk'", ex.Message);
        Assert.Contains("at byte 12288 of 50000", ex.Message);
        Assert.Equal(3, server.Log.Count);   // the first try and two resumes from byte 12288
        Assert.EndsWith("from 12288", server.Log[1]);
    }

    [Fact]
    public async Task ADownloadWithoutDeclaredSizeIsCappedAtTheGivenMaximum()
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/endless.vmdk"] = new byte[100_000];
        var ex = await Assert.ThrowsAsync<TransferException>(() => new ResumableDownloader(http, Fast)
            .DownloadAsync(new Uri(Base, "endless.vmdk"), new MemoryStream(), null, null, CancellationToken.None, maxBytes: 30_000));
        Assert.Equal("DownloadTooLarge", ex.ErrorId);
        Assert.Single(server.Log);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(302)]
    [InlineData(410)]
    public async Task PermanentStatusesAreNotRetried(int status)
    {
        var (server, http) = Server();
        server.Files["/transfer/abc/d.vmdk"] = new byte[1000];
        for (int i = 0; i < 5; i++) server.GetStatuses.Enqueue(status);
        var ex = await Assert.ThrowsAsync<TransferException>(() => new ResumableDownloader(http, Fast)
            .DownloadAsync(new Uri(Base, "d.vmdk"), new MemoryStream(), 1000, null, CancellationToken.None));
        Assert.Equal(status, ex.StatusCode);
        Assert.Single(server.Log);

        var (server2, http2) = Server();
        for (int i = 0; i < 5; i++) server2.PutStatuses.Enqueue(status);
        var up = await Assert.ThrowsAsync<TransferException>(() => new ChunkedUploader(http2, Fast)
            .UploadAsync(new Uri(Base, "u.vmdk"), o => new MemoryStream(new byte[1000], (int)o, 1000 - (int)o), 1000, null, 0, null, CancellationToken.None));
        Assert.Equal(status, up.StatusCode);
        Assert.Single(server2.Log);
    }
}
