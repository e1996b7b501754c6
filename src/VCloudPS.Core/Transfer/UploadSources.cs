using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Readers of one seekable stream at any offset. Reads are positional and one at a time, so a chunk still
/// draining into a dead connection cannot disturb the chunk sent again after it.</summary>
internal sealed class SeekableSource : IDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
    public SeekableSource(Stream stream) { _stream = stream; }

    public void Dispose() => _gate.Dispose();

    public Stream OpenAt(long offset) => new SourceView(this, offset);

    internal async Task<int> ReadAtAsync(long at, byte[] buffer, int offset, int count, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_stream.Position != at) _stream.Position = at;
            return await _stream.ReadAsync(buffer, offset, count, ct).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }
}

/// <summary>Readers of a stream that cannot seek (e.g. a download being moved): the last <c>window</c> bytes read
/// are kept so a chunk can be read again after a failed send; anything older cannot be.</summary>
internal sealed class ForwardOnlySource : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _window;
    private long _read;   // bytes taken from the stream so far
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    public ForwardOnlySource(Stream stream, int window) { _stream = stream; _window = new byte[Math.Max(1, window)]; }

    public void Dispose() => _gate.Dispose();

    public Stream OpenAt(long offset) => new SourceView(this, offset);

    internal async Task<int> ReadAtAsync(long at, byte[] buffer, int offset, int count, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (at > _read)
            {   // skip forward (keeping the skipped bytes in the window)
                var skipped = await FillAsync((int)Math.Min(_window.Length, at - _read), ct).ConfigureAwait(false);
                if (skipped == 0) return 0;
            }
            if (at < _read)
            {
                if (_read - at > _window.Length)
                    throw new InvalidOperationException($"The source cannot seek and byte {at} is no longer held (read up to {_read}, {_window.Length} bytes kept).");
                var index = (int)(at % _window.Length);
                var n = (int)Math.Min(Math.Min(count, _read - at), _window.Length - index);
                Buffer.BlockCopy(_window, index, buffer, offset, n);
                return n;
            }
            var got = await FillAsync(count, ct).ConfigureAwait(false);
            if (got == 0) return 0;
            var start = (int)((at) % _window.Length);
            var first = Math.Min(got, _window.Length - start);
            Buffer.BlockCopy(_window, start, buffer, offset, first);
            if (got > first) Buffer.BlockCopy(_window, 0, buffer, offset + first, got - first);
            return got;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Reads up to <paramref name="count"/> new bytes from the stream into the window.</summary>
    private async Task<int> FillAsync(int count, CancellationToken ct)
    {
        var index = (int)(_read % _window.Length);
        var n = Math.Min(Math.Min(count, _window.Length), _window.Length - index);
        var got = await _stream.ReadAsync(_window, index, n, ct).ConfigureAwait(false);
        _read += got;
        return got;
    }
}

/// <summary>A forward reader at an offset of a <see cref="SeekableSource"/> or <see cref="ForwardOnlySource"/>.</summary>
internal sealed class SourceView : Stream
{
    private readonly Func<long, byte[], int, int, CancellationToken, Task<int>> _readAt;
    private long _position;

    public SourceView(SeekableSource source, long offset) { _readAt = source.ReadAtAsync; _position = offset; }
    public SourceView(ForwardOnlySource source, long offset) { _readAt = source.ReadAtAsync; _position = offset; }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var n = await _readAt(_position, buffer, offset, count, cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
