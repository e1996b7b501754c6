using System.Buffers.Binary;

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

    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int MaxRun = 5552;       // largest n such that 255n(n+1)/2 + (n+1)(Modulus-1) fits in 32 bits
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var run = Math.Min(data.Length, MaxRun);
            foreach (var value in data[..run])
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run..];
        }
        return (b << 16) | a;
    }
}
