using System.Buffers.Binary;

namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>
/// Deterministic, incompressible content: each aligned 8-byte word is a SplitMix64 hash of (seed, word index), so
/// any range can be produced independently and quickly (several GB/s), and a reader can check any grain it reads
/// back without keeping a copy of the disk.
/// </summary>
public sealed class PseudoRandomDiskContent : IDiskContent
{
    private readonly ulong _seed;

    public PseudoRandomDiskContent(ulong seed, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _seed = seed;
        Length = length;
    }

    public long Length { get; }

    public void Read(long offset, Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var contentBytes = (int)Math.Clamp(Length - offset, 0, buffer.Length);
        buffer[contentBytes..].Clear();
        if (contentBytes == 0)
        {
            return;
        }

        var target = buffer[..contentBytes];
        var position = offset;
        var misalignment = (int)(position & 7);
        Span<byte> word = stackalloc byte[8];
        if (misalignment != 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, WordAt(position >> 3));
            var take = Math.Min(8 - misalignment, target.Length);
            word.Slice(misalignment, take).CopyTo(target);
            target = target[take..];
            position += take;
        }

        var index = position >> 3;
        while (target.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(target, WordAt(index++));
            target = target[8..];
        }
        if (target.Length > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, WordAt(index));
            word[..target.Length].CopyTo(target);
        }
    }

    private ulong WordAt(long index)
    {
        var z = _seed + (ulong)index * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
