using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Transfer;

/// <summary>What transfers need from the request pipeline: one attempt of a request built by the factory (so it
/// can be replayed after a session renewal), its body streamed, and the retry rules the transfer loops follow
/// between attempts (they resume from what the server holds rather than replay). Implementations go through
/// <c>RequestPipeline</c>: <c>VcdTransferHttp</c> with a vCD session, <see cref="HttpClientTransfer"/> without.</summary>
public interface ITransferHttp
{
    Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct);

    /// <summary>Backoff, attempt and time limits between attempts.</summary>
    RetryPolicy Retry { get; }
}

/// <summary><see cref="ITransferHttp"/> through the request pipeline without vCD authentication (tests, plain URLs).</summary>
public sealed class HttpClientTransfer : ITransferHttp, IDisposable
{
    private readonly RequestPipeline _pipeline;

    public HttpClientTransfer(HttpMessageHandler handler, RetryPolicy? retry = null, TimeSpan? inactivityTimeout = null)
    {
        var settings = new PipelineSettings { Retry = retry ?? RetryPolicy.Default };
        if (inactivityTimeout.HasValue) settings.BodyInactivityTimeout = inactivityTimeout.Value;
        _pipeline = new RequestPipeline(handler, settings, "transfer server");
    }

    public RetryPolicy Retry => _pipeline.Settings.Retry;

    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct)
        => _pipeline.SendOnceAsync(new PipelineRequest(requestFactory) { Authenticate = false }, ct);

    public void Dispose() => _pipeline.Dispose();
}

/// <summary>Tuning of transfers. Defaults suit a LAN/WAN link to vCD cells.</summary>
public sealed class TransferOptions
{
    /// <summary>Buffer for each read/hash/write step (1 MiB).</summary>
    public int BufferSize { get; set; } = 1024 * 1024;
    /// <summary>Upload PUT size: each chunk is one request with <c>Content-Range</c> (16 MiB).</summary>
    public long ChunkSize { get; set; } = 16L * 1024 * 1024;
    /// <summary>Upload PUT size when the source cannot be read twice (a cross-cloud relay reads the other cloud's
    /// download once): each file holds its chunk in memory until the server has it, so this bounds the memory of a
    /// relay (4 MiB).</summary>
    public long ForwardOnlyChunkSize { get; set; } = 4L * 1024 * 1024;
    /// <summary>Files transferred at the same time (across the files of one vApp).</summary>
    public int MaxParallelFiles { get; set; } = 3;
    /// <summary>Optional bound shared by several transfers (the vApps of one cmdlet call): each file stream holds
    /// one slot while it runs. Null: only <see cref="MaxParallelFiles"/> applies.</summary>
    public SemaphoreSlim? SharedFileSlots { get; set; }
    /// <summary>Timeout of each vCD task (enableDownload, upload processing, instantiate, power on).</summary>
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Interval for polling an upload's file list.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal TransferOptions WithChunkSize(long chunkSize)
    {
        var copy = (TransferOptions)MemberwiseClone();
        copy.ChunkSize = chunkSize;
        return copy;
    }
}
