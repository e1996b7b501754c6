using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// A response body read through the pipeline: a read that gets no byte for the inactivity timeout fails with a
/// <see cref="VCloudErrorKind.Timeout"/> error naming the request, and more than the cap fails with
/// <c>ResponseTooLarge</c>. The caller's cancellation stays a cancellation.
/// </summary>
internal sealed class WatchedStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _inactivity;
    private readonly long? _cap;
    private readonly Func<Exception> _stalled;
    private readonly Func<Exception> _tooLarge;
    private long _read;

    public WatchedStream(Stream inner, TimeSpan inactivity, long? cap, Func<Exception> stalled, Func<Exception> tooLarge)
    {
        _inner = inner; _inactivity = inactivity; _cap = cap; _stalled = stalled; _tooLarge = tooLarge;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        int n;
        if (_inactivity <= TimeSpan.Zero || _inactivity == Timeout.InfiniteTimeSpan)
            n = await _inner.ReadAsync(buffer, offset, count, ct).ConfigureAwait(false);
        else
        {
            using var timer = new CancellationTokenSource(_inactivity);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
            try
            {
                n = await _inner.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (timer.IsCancellationRequested && !ct.IsCancellationRequested && (ex is OperationCanceledException || ex is IOException))
            {
                throw _stalled();
            }
        }
        _read += n;
        if (_cap.HasValue && _read > _cap.Value) throw _tooLarge();
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
