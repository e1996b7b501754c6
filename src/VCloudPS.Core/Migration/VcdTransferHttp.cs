using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration
{
    /// <summary>Transfers through a vCD connection: its auth header, its TLS settings, and one session renewal on 401.</summary>
    internal sealed class VcdTransferHttp : ITransferHttp
    {
        private readonly VCloudConnection _connection;
        public VcdTransferHttp(VCloudConnection connection) { _connection = connection; }
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> requestFactory, HttpCompletionOption completion, CancellationToken ct)
            => _connection.SendAsync(requestFactory, completion, ct);
    }
}
