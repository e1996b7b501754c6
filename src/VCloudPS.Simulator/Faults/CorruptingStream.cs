namespace VCloudPS.Simulator.Faults;

/// <summary>Passes a response body through but flips one byte at <c>position</c> (fault kind "corrupt" with
/// afterBytes): the bytes a client gets differ from what the server holds, as on a faulty disk or link.</summary>
public sealed class CorruptingStream : Stream
{
    private readonly Stream _inner;
    private readonly long _position;
    private long _written;

    public CorruptingStream(Stream inner, long position) { _inner = inner; _position = position; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var start = _written;
        _written += buffer.Length;
        if (_position < start || _position >= _written)
        {
            await _inner.WriteAsync(buffer, cancellationToken);
            return;
        }
        var copy = buffer.ToArray();
        copy[_position - start] ^= 0x5A;
        await _inner.WriteAsync(copy, cancellationToken);
    }
}
