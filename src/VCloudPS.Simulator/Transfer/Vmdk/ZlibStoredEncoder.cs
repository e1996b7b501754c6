using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>
/// Writes a zlib (RFC 1950) stream made of "stored" deflate blocks: valid input for every inflater, at memory-copy
/// speed. Used for benchmark disks whose content is incompressible anyway.
/// </summary>
internal static class ZlibStoredEncoder
{
    private const int MaxStoredBlock = 65535;

    public static int MaxEncodedLength(int inputLength)
        => 2 + (inputLength / MaxStoredBlock + 1) * 5 + inputLength + 4;

    public static int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        output[0] = 0x78;               // deflate, 32 KiB window
        output[1] = 0x01;               // no dictionary, "fastest"; (0x78 << 8 | 0x01) % 31 == 0
        var position = 2;
        var remaining = input;
        do
        {
            var blockLength = Math.Min(remaining.Length, MaxStoredBlock);
            var isLast = blockLength == remaining.Length;
            output[position++] = (byte)(isLast ? 1 : 0);  // BFINAL, BTYPE=00 (stored)
            BinaryPrimitives.WriteUInt16LittleEndian(output[position..], (ushort)blockLength);
            BinaryPrimitives.WriteUInt16LittleEndian(output[(position + 2)..], (ushort)~blockLength);
            position += 4;
            remaining[..blockLength].CopyTo(output[position..]);
            position += blockLength;
            remaining = remaining[blockLength..];
        }
        while (remaining.Length > 0);

        BinaryPrimitives.WriteUInt32BigEndian(output[position..], Adler32(input));
        return position + 4;
    }

    /// <summary>Adler-32 (RFC 1950), 16 bytes per step with SIMD; the scalar loop only handles tails.</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int MaxRun = 5552 / 16 * 16;   // largest run before the sums must be reduced (zlib's NMAX, rounded down)
        uint a = 1, b = 0;
        var weightsLow = Vector128.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9);
        var weightsHigh = Vector128.Create((ushort)8, 7, 6, 5, 4, 3, 2, 1);
        while (data.Length >= 16)
        {
            var run = Math.Min(data.Length, MaxRun) & ~15;
            var blocks = run / 16;
            var sums = Vector128<uint>.Zero;
            var weighted = Vector128<uint>.Zero;
            var prior = Vector128<uint>.Zero;
            for (var i = 0; i < run; i += 16)
            {
                var bytes = Vector128.Create(data.Slice(i, 16));
                prior += sums;
                var (low, high) = Vector128.Widen(bytes);
                var (l0, l1) = Vector128.Widen(low);
                var (h0, h1) = Vector128.Widen(high);
                sums += l0 + l1 + h0 + h1;
                var (wl0, wl1) = Vector128.Widen(low * weightsLow);
                var (wh0, wh1) = Vector128.Widen(high * weightsHigh);
                weighted += wl0 + wl1 + wh0 + wh1;
            }
            var bytesSum = (ulong)Vector128.Sum(sums);
            var newB = b + 16UL * a * (ulong)blocks + 16UL * Vector128.Sum(prior) + Vector128.Sum(weighted);
            a = (uint)((a + bytesSum) % Modulus);
            b = (uint)(newB % Modulus);
            data = data[run..];
        }
        foreach (var value in data)
        {
            a += value;
            b += a;
        }
        return ((b % Modulus) << 16) | (a % Modulus);
    }
}
