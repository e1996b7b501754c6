using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Transfers through a vCD connection's request pipeline: its session, TLS settings, timeouts and retry rules.</summary>
internal sealed class VcdTransferHttp : ITransferHttp
{
    private readonly VCloudConnection _connection;
    public VcdTransferHttp(VCloudConnection connection) { _connection = connection; }
    public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct)
        => _connection.SendOnceAsync(requestFactory, ct);

    public RetryPolicy Retry => _connection.Retry;
}
