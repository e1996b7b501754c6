using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>A file of a vCD download area, read with <c>Range</c> from any offset.</summary>
internal sealed class VcdRelaySource : IRelaySource
{
    private readonly ITransferHttp _http;
    private readonly Uri _url;

    public VcdRelaySource(ITransferHttp http, Uri url, string name) { _http = http; _url = url; Name = name; }
    public string Name { get; }

    public async Task<Stream> OpenAsync(long offset, CancellationToken ct)
    {
        var response = await _http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, _url);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (TransientErrors.Retryable(response) is { } retryable) { response.Dispose(); throw retryable; }
        if (status < 200 || status > 299)
        {
            response.Dispose();
            throw new TransferException(status == 401 || status == 403 ? "DownloadForbidden" : "DownloadFailed",
                $"GET {_url.AbsolutePath} answered HTTP {status} {response.ReasonPhrase}.", status);
        }
        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var stream = new ResponseStream(response, body);
        if (offset > 0 && status == 200)
        {   // The server ignored Range: skip the prefix.
            var skip = new byte[81920];
            long left = offset;
            while (left > 0)
            {
                var n = await stream.ReadAsync(skip, 0, (int)Math.Min(skip.Length, left), ct).ConfigureAwait(false);
                if (n == 0) { stream.Dispose(); throw new IOException("the source ended before the resume offset"); }
                left -= n;
            }
        }
        return stream;
    }

    /// <summary>The body of a response that owns the response.</summary>
    private sealed class ResponseStream : Stream
    {
        private readonly HttpResponseMessage _response;
        private readonly Stream _body;
        public ResponseStream(HttpResponseMessage response, Stream body) { _response = response; _body = body; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _body.ReadAsync(buffer, offset, count, ct);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) { _body.Dispose(); _response.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
