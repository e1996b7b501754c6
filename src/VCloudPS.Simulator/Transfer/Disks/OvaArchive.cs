using System.Globalization;
using System.Text;

namespace VCloudPS.Simulator.Transfer.Disks;

/// <summary>
/// Lays out an OVA (a POSIX ustar archive, descriptor first, then the referenced files in References order) as a
/// <see cref="ByteSource"/>: headers are built in memory, file contents are read from disk when served.
/// </summary>
public static class OvaArchive
{
    private const int Block = 512;

    public static ByteSource Build(IEnumerable<(string Name, ByteSource Content)> entries, DateTimeOffset modified)
    {
        var parts = new List<ByteSource>();
        foreach (var (name, content) in entries)
        {
            parts.Add(ByteSource.FromBytes(Header(name, content.Length, modified)));
            parts.Add(content);
            var padding = (Block - content.Length % Block) % Block;
            parts.Add(new ZeroByteSource(padding));
        }
        parts.Add(new ZeroByteSource(2 * Block));   // end-of-archive marker
        return new ConcatenatedByteSource(parts);
    }

    /// <summary>The ustar header block(s) of one regular file; names over 100 bytes get a PAX "path" record first.</summary>
    internal static byte[] Header(string name, long size, DateTimeOffset modified)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length <= 100)
        {
            return UstarBlock(nameBytes, size, modified, (byte)'0');
        }

        var record = PaxRecord("path", name);
        var paxName = Encoding.ASCII.GetBytes("PaxHeaders/" + Math.Abs(name.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture));
        var paxData = new byte[(record.Length + Block - 1) / Block * Block];
        record.CopyTo(paxData, 0);
        return [.. UstarBlock(paxName, record.Length, modified, (byte)'x'), .. paxData, .. UstarBlock(nameBytes[..100], size, modified, (byte)'0')];
    }

    private static byte[] PaxRecord(string key, string value)
    {
        // "<length> <key>=<value>\n" where length counts itself.
        var body = " " + key + "=" + value + "\n";
        var bodyLength = Encoding.UTF8.GetByteCount(body);
        var length = bodyLength + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + bodyLength != length)
        {
            length++;
        }
        return Encoding.UTF8.GetBytes(length.ToString(CultureInfo.InvariantCulture) + body);
    }

    private static byte[] UstarBlock(byte[] name, long size, DateTimeOffset modified, byte type)
    {
        var header = new byte[Block];
        name.CopyTo(header, 0);
        Octal(header, 100, 8, 0b110_100_100);             // mode 0644
        Octal(header, 108, 8, 0);                         // uid
        Octal(header, 116, 8, 0);                         // gid
        if (size < 8L * 1024 * 1024 * 1024)
        {
            Octal(header, 124, 12, size);
        }
        else
        {
            // GNU/star base-256 for sizes of 8 GiB and more: high bit set, big-endian binary.
            header[124] = 0x80;
            for (var i = 0; i < 8; i++)
            {
                header[135 - i] = (byte)(size >> (8 * i));
            }
        }
        Octal(header, 136, 12, Math.Max(0, modified.ToUnixTimeSeconds()));
        header[156] = type;
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(header, 263);
        Encoding.ASCII.GetBytes("root").CopyTo(header, 265);
        Encoding.ASCII.GetBytes("root").CopyTo(header, 297);

        // Checksum: sum of all header bytes with the checksum field taken as eight spaces.
        Array.Fill(header, (byte)' ', 148, 8);
        var sum = header.Sum(b => (long)b);
        var checksum = Convert.ToString(sum, 8).PadLeft(6, '0');
        Encoding.ASCII.GetBytes(checksum).CopyTo(header, 148);
        header[154] = 0;
        header[155] = (byte)' ';
        return header;
    }

    private static void Octal(byte[] header, int offset, int width, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        header[offset + width - 1] = 0;
    }
}
