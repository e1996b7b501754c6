using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer
{
    /// <summary>The one HTTP operation transfers need: send a request built by the factory (so it can be replayed after a
    /// session renewal) and return the response without buffering the body. <c>VCloudConnection.SendAsync</c> has
    /// this shape; tests use a plain <see cref="HttpClient"/>.</summary>
    public interface ITransferHttp
    {
        Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct);
    }

    /// <summary><see cref="ITransferHttp"/> over a plain <see cref="HttpClient"/> (no vCD authentication).</summary>
    public sealed class HttpClientTransfer : ITransferHttp
    {
        private readonly HttpClient _client;
        public HttpClientTransfer(HttpClient client) { _client = client; }
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct)
            => _client.SendAsync(requestFactory(), completion, ct);
    }

    /// <summary>Tuning of transfers. Defaults suit a LAN/WAN link to vCD cells.</summary>
    public sealed class TransferOptions
    {
        /// <summary>Buffer for each read/hash/write step (1 MiB).</summary>
        public int BufferSize { get; set; } = 1024 * 1024;
        /// <summary>Upload PUT size: each chunk is one request with <c>Content-Range</c> (16 MiB).</summary>
        public long ChunkSize { get; set; } = 16L * 1024 * 1024;
        /// <summary>Files transferred at the same time (across the files of one vApp).</summary>
        public int MaxParallelFiles { get; set; } = 3;
        /// <summary>Attempts in a row that make no progress before a file transfer gives up.</summary>
        public int MaxRetries { get; set; } = 5;
        /// <summary>First back-off delay; doubles per failed attempt in a row (capped at 30 s).</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>Timeout of each vCD task (enableDownload, upload processing, instantiate, power on).</summary>
        public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(30);
        /// <summary>Longest wait for the next bytes of a response body; a server that stalls longer has dropped the
        /// transfer. Null: the connection's request timeout (Connect-VCloud -TimeoutSec), 100 s without a connection.</summary>
        public TimeSpan? InactivityTimeout { get; set; }
        /// <summary>Interval for polling an upload's file list.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        internal TimeSpan Backoff(int attempt)
        {
            var ms = RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
            return TimeSpan.FromMilliseconds(Math.Min(ms, 30000));
        }
    }
}
