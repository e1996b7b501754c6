using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Body of one upload PUT: <c>length</c> bytes of the source from <c>offset</c>. It opens its own reader each
/// time it is serialised, so the request can be replayed (session renewal) without buffering the chunk.</summary>
internal sealed class ChunkContent : HttpContent
{
    private readonly Func<long, Stream> _openAt;
    private readonly long _offset;
    private readonly long _length;
    private readonly byte[] _buffer;
    private readonly Action<long, byte[], int> _onSent;

    /// <param name="onSent">(absolute offset of the block, buffer, count) after each block was written to the socket.</param>
    /// <param name="buffer">Shared by the chunks of one file, which are sent one after the other.</param>
    public ChunkContent(Func<long, Stream> openAt, long offset, long length, byte[] buffer, Action<long, byte[], int> onSent)
    {
        _openAt = openAt; _offset = offset; _length = length; _buffer = buffer; _onSent = onSent;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = _buffer;
        using var source = _openAt(_offset);
        long sent = 0;
        while (sent < _length)
        {
            var n = await source.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, _length - sent)).ConfigureAwait(false);
            if (n == 0) throw new InvalidOperationException("The source ended before the chunk was complete.");
            // Hash (onSent) while the block goes out on the socket; both finish before the buffer is refilled.
            var at = _offset + sent;
            var count = n;
            var hashing = Task.Run(() => _onSent(at, buffer, count));
            try { await stream.WriteAsync(buffer, 0, n).ConfigureAwait(false); }
            finally { await hashing.ConfigureAwait(false); }
            sent += n;
        }
    }

    protected override bool TryComputeLength(out long length) { length = _length; return true; }
}
