using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// Request content that reports each write, so the response timeout measures silence rather than the time a
/// large upload takes to send: the clock restarts on every write and once more when the body is complete.
/// </summary>
internal sealed class WatchedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action _progress;

    public WatchedContent(HttpContent inner, Action progress)
    {
        _inner = inner; _progress = progress;
        foreach (var h in inner.Headers) Headers.TryAddWithoutValidation(h.Key, h.Value);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await _inner.CopyToAsync(new ProgressStream(stream, _progress)).ConfigureAwait(false);
        _progress();
    }

    protected override bool TryComputeLength(out long length)
    {
        var l = _inner.Headers.ContentLength;
        length = l ?? 0;
        return l.HasValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private sealed class ProgressStream : Stream
    {
        private readonly Stream _inner;
        private readonly Action _progress;
        public ProgressStream(Stream inner, Action progress) { _inner = inner; _progress = progress; }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            await _inner.WriteAsync(buffer, offset, count, ct).ConfigureAwait(false);
            _progress();
        }

        public override void Write(byte[] buffer, int offset, int count) { _inner.Write(buffer, offset, count); _progress(); }
        public override Task FlushAsync(CancellationToken ct) => _inner.FlushAsync(ct);
        public override void Flush() => _inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
