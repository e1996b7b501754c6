namespace VCloudPS.Simulator.Transfer.Disks;

/// <summary>
/// A read-only resource served over /transfer: a file on disk, bytes in memory, or a concatenation (an OVA built
/// on the fly). Any range can be read, so every resource supports HTTP Range without temporary copies.
/// </summary>
public abstract class ByteSource
{
    public abstract long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns the count (0 at the end).
    /// Synchronous on purpose: served files sit in the page cache, and on Linux an "asynchronous" file read is a blocking
    /// read on another pool thread; reading in place saves that hop and lets the responder read straight into the
    /// response pipe's memory.</summary>
    public abstract int Read(long offset, Span<byte> buffer);

    public static ByteSource FromFile(string path) => new FileByteSource(path);

    public static ByteSource FromBytes(ReadOnlyMemory<byte> bytes) => new MemoryByteSource(bytes);
}

public sealed class FileByteSource(string path) : ByteSource
{
    private long? _length;

    public string Path { get; } = path;

    public override long Length => _length ??= new FileInfo(Path).Length;

    public override int Read(long offset, Span<byte> buffer)
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RandomAccess.Read(handle, buffer, offset);
    }
}

public sealed class MemoryByteSource(ReadOnlyMemory<byte> bytes) : ByteSource
{
    public override long Length => bytes.Length;

    public override int Read(long offset, Span<byte> buffer)
    {
        if (offset >= bytes.Length)
        {
            return 0;
        }
        var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
        bytes.Span.Slice((int)offset, count).CopyTo(buffer);
        return count;
    }
}

/// <summary>Zeros (tar padding).</summary>
public sealed class ZeroByteSource(long length) : ByteSource
{
    public override long Length => length;

    public override int Read(long offset, Span<byte> buffer)
    {
        var count = (int)Math.Clamp(length - offset, 0, buffer.Length);
        buffer[..count].Clear();
        return count;
    }
}

/// <summary>Several sources one after the other.</summary>
public sealed class ConcatenatedByteSource : ByteSource
{
    private readonly ByteSource[] _parts;
    private readonly long[] _starts;

    public ConcatenatedByteSource(IEnumerable<ByteSource> parts)
    {
        _parts = parts.Where(p => p.Length > 0).ToArray();
        _starts = new long[_parts.Length];
        long position = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            _starts[i] = position;
            position += _parts[i].Length;
        }
        Length = position;
    }

    public override long Length { get; }

    public override int Read(long offset, Span<byte> buffer)
    {
        var index = Array.BinarySearch(_starts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }
        var total = 0;
        while (index >= 0 && index < _parts.Length && total < buffer.Length)
        {
            var part = _parts[index];
            var within = offset + total - _starts[index];
            var wanted = (int)Math.Min(buffer.Length - total, part.Length - within);
            var read = part.Read(within, buffer.Slice(total, wanted));
            if (read == 0)
            {
                throw new IOException("A part of the download ended before its declared length (the file changed on disk).");
            }
            total += read;
            if (within + read >= part.Length)
            {
                index++;
            }
        }
        return total;
    }
}
