using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace VCloudPS.Core.Ovf.Tar;

/// <summary>Builds POSIX ustar headers (with a pax extended header when a name or size does not fit) for regular
/// files. OVF 1.x requires OVA archives in ustar form; pax is the POSIX way to extend it.</summary>
public static class TarHeader
{
    public const int BlockSize = 512;
    /// <summary>Largest size the 11 octal digits of a ustar size field can hold (8 GiB - 1).</summary>
    public const long MaxUstarSize = 0x1FFFFFFFFL;   // octal 77777777777

    /// <summary>Header bytes (one block, or pax block(s) plus the block) for a regular file entry.</summary>
    public static byte[] ForFile(string name, long size, DateTimeOffset modified)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size));
        name = PackagePath.Validate(name, "Tar entry name");
        var pax = new List<KeyValuePair<string, string>>();
        var (ustarName, prefix) = SplitName(name);
        if (ustarName == null)
        {
            pax.Add(new KeyValuePair<string, string>("path", name));
            ustarName = Ascii(name, 100);
            prefix = "";
        }
        if (size > MaxUstarSize) pax.Add(new KeyValuePair<string, string>("size", size.ToString(CultureInfo.InvariantCulture)));

        var mtime = Math.Max(0, modified.ToUnixTimeSeconds());
        var main = Block(ustarName, prefix!, size, mtime, (byte)'0');
        if (pax.Count == 0) return main;

        var records = PaxRecords(pax);
        var paxHeader = Block(Ascii("PaxHeaders/" + name, 100), "", records.Length, mtime, (byte)'x');
        var result = new MemoryStream();
        result.Write(paxHeader, 0, paxHeader.Length);
        result.Write(records, 0, records.Length);
        var pad = Padding(records.Length);
        result.Write(new byte[pad], 0, pad);
        result.Write(main, 0, main.Length);
        return result.ToArray();
    }

    /// <summary>Zero bytes needed after <paramref name="size"/> bytes of data to reach a block boundary.</summary>
    public static int Padding(long size) => (int)((BlockSize - size % BlockSize) % BlockSize);

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public static byte[] EndOfArchive() => new byte[2 * BlockSize];

    private static (string? name, string? prefix) SplitName(string name)
    {
        if (!IsAscii(name)) return (null, null);
        if (name.Length <= 100) return (name, "");
        // ustar: prefix (<=155) + '/' + name (<=100), split at a slash.
        for (int i = name.Length - 101; i < name.Length; i++)
        {
            if (i <= 0 || name[i] != '/') continue;
            var p = name.Substring(0, i);
            var n = name.Substring(i + 1);
            if (p.Length <= 155 && n.Length <= 100 && n.Length > 0) return (n, p);
        }
        return (null, null);
    }

    private static bool IsAscii(string s) { foreach (var c in s) if (c > 0x7e || c < 0x20) return false; return true; }

    private static string Ascii(string s, int max)
    {
        var sb = new StringBuilder();
        foreach (var c in s) { if (sb.Length == max) break; sb.Append(c >= 0x20 && c <= 0x7e ? c : '_'); }
        return sb.ToString();
    }

    private static byte[] Block(string name, string prefix, long size, long mtime, byte type)
    {
        var b = new byte[BlockSize];
        Put(b, 0, 100, name);
        Put(b, 100, 8, "0000644");
        Put(b, 108, 8, "0000000");
        Put(b, 116, 8, "0000000");
        if (size <= MaxUstarSize) Put(b, 124, 12, Convert.ToString(size, 8).PadLeft(11, '0'));
        else
        {   // GNU/star base-256 for readers without pax support; pax 'size' wins for the others.
            b[124] = 0x80;
            long v = size;
            for (int i = 135; i > 124; i--) { b[i] = (byte)(v & 0xff); v >>= 8; }
        }
        Put(b, 136, 12, Convert.ToString(mtime, 8).PadLeft(11, '0'));
        b[156] = type;
        Put(b, 257, 6, "ustar");   // "ustar\0"
        b[263] = (byte)'0'; b[264] = (byte)'0';
        Put(b, 345, 155, prefix);
        for (int i = 148; i < 156; i++) b[i] = (byte)' ';
        long sum = 0; foreach (var x in b) sum += x;
        Put(b, 148, 7, Convert.ToString(sum, 8).PadLeft(6, '0'));   // 6 digits, NUL, space
        b[155] = (byte)' ';
        return b;
    }

    private static void Put(byte[] b, int offset, int length, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        Array.Copy(bytes, 0, b, offset, Math.Min(bytes.Length, length));
    }

    private static byte[] PaxRecords(List<KeyValuePair<string, string>> records)
    {
        var ms = new MemoryStream();
        foreach (var kv in records)
        {
            var body = " " + kv.Key + "=" + kv.Value + "\n";
            var bodyLen = Encoding.UTF8.GetByteCount(body);
            int len = bodyLen + 1;
            while (len != bodyLen + len.ToString(CultureInfo.InvariantCulture).Length) len = bodyLen + len.ToString(CultureInfo.InvariantCulture).Length;
            var rec = Encoding.UTF8.GetBytes(len.ToString(CultureInfo.InvariantCulture) + body);
            ms.Write(rec, 0, rec.Length);
        }
        return ms.ToArray();
    }
}
