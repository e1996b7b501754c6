using Microsoft.AspNetCore.Http;

namespace VCloudPS.Simulator.Faults;

/// <summary>Thrown by <see cref="DroppingStream"/> after it aborted the connection.</summary>
public sealed class DroppedConnectionException : IOException
{
    public DroppedConnectionException() : base("Connection dropped by an injected fault.") { }
}

/// <summary>Passes <c>limit</c> bytes through, then aborts the connection (fault kind "drop" with afterBytes).</summary>
public sealed class DroppingStream : Stream
{
    private readonly Stream _inner;
    private readonly HttpContext _ctx;
    private readonly bool _reading;
    private long _remaining;

    public DroppingStream(Stream inner, long limit, HttpContext ctx, bool reading)
    {
        _inner = inner; _remaining = limit; _ctx = ctx; _reading = reading;
    }

    public override bool CanRead => _reading;
    public override bool CanSeek => false;
    public override bool CanWrite => !_reading;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0) { _ctx.Abort(); throw new DroppedConnectionException(); }
        var n = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length <= _remaining) { _remaining -= buffer.Length; await _inner.WriteAsync(buffer, cancellationToken); return; }
        if (_remaining > 0) await _inner.WriteAsync(buffer[..(int)_remaining], cancellationToken);
        _remaining = 0;
        await _inner.FlushAsync(cancellationToken);
        _ctx.Abort();
        throw new DroppedConnectionException();
    }
}
