using System.Diagnostics;
using System.Text;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Ovf.Tar;

namespace VCloudPS.Tests.Ovf;

public class TarTests
{
    /// <summary>Writes a tar sequentially with VCloudPS's header builder.</summary>
    internal static byte[] BuildTar(params (string name, byte[] data)[] entries)
    {
        var ms = new MemoryStream();
        foreach (var (name, data) in entries)
        {
            var h = TarHeader.ForFile(name, data.Length, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
            ms.Write(h); ms.Write(data); ms.Write(new byte[TarHeader.Padding(data.Length)]);
        }
        ms.Write(TarHeader.EndOfArchive());
        return ms.ToArray();
    }

    /// <summary>A raw ustar header block for entries VCloudPS never writes (links, odd names).</summary>
    internal static byte[] RawHeader(string name, long size, char type, string link = "")
    {
        var b = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(b, 0);
        Encoding.ASCII.GetBytes("0000644").CopyTo(b, 100);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0')).CopyTo(b, 124);
        Encoding.ASCII.GetBytes("00000000000").CopyTo(b, 136);
        b[156] = (byte)type;
        Encoding.ASCII.GetBytes(link).CopyTo(b, 157);
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(b, 257);
        for (int i = 148; i < 156; i++) b[i] = (byte)' ';
        var sum = b.Sum(x => (long)x);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(b, 148);
        return b;
    }

    private static List<(TarEntry entry, byte[] data)> ReadAll(Stream s)
    {
        var r = new TarReader(s, "t.tar");
        var list = new List<(TarEntry, byte[])>();
        TarEntry? e;
        while ((e = r.Next()) != null)
        {
            var ms = new MemoryStream();
            r.OpenData().CopyTo(ms);
            list.Add((e, ms.ToArray()));
        }
        return list;
    }

    [Fact]
    public void RoundTripsShortLongAndUnicodeNamesSeekableAndNot()
    {
        var longName = string.Join("/", Enumerable.Repeat("folder-name-xx", 12)) + "/disk.vmdk";   // > 155+100: needs pax
        var entries = new[] { ("a.ovf", Encoding.UTF8.GetBytes("<x/>")), ("dir/b.vmdk", OvfTestData.RandomBytes(1000, 1)),
                              (longName, OvfTestData.RandomBytes(513, 2)), ("диск-ü.vmdk", OvfTestData.RandomBytes(512, 3)) };
        var tar = BuildTar(entries);
        foreach (var stream in new Stream[] { new MemoryStream(tar), new NonSeekable(new MemoryStream(tar)) })
        {
            var read = ReadAll(stream);
            Assert.Equal(entries.Select(e => e.Item1), read.Select(r => r.entry.Name));
            for (int i = 0; i < entries.Length; i++) Assert.Equal(entries[i].Item2, read[i].data);
        }
    }

    [Fact]
    public void SystemTarReadsWhatWeWriteAndWeReadWhatItWrites()
    {
        if (!File.Exists("/usr/bin/tar") && !File.Exists("/bin/tar")) { Console.WriteLine("NOTICE: no tar; skipped"); return; }
        using var s = new Scratch();
        var longName = new string('n', 120) + ".vmdk";
        File.WriteAllBytes(s.File("ours.tar"), BuildTar(("x.ovf", new byte[] { 1, 2, 3 }), (longName, OvfTestData.RandomBytes(700, 4))));
        var listing = Run("tar", $"-tf {s.File("ours.tar")}");
        Assert.Equal(new[] { "x.ovf", longName }, listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Directory.CreateDirectory(s.File("src"));
        File.WriteAllBytes(s.File("src/one.ovf"), new byte[] { 9 });
        File.WriteAllBytes(s.File("src/" + longName), OvfTestData.RandomBytes(5000, 5));
        foreach (var format in new[] { "ustar", "pax", "gnu" })
        {
            var name = format == "ustar" ? "one.ovf" : longName;   // ustar cannot hold a 125-char name without a slash
            Run("tar", $"--format={format} -cf {s.File(format + ".tar")} -C {s.File("src")} {name}");
            using var fs = File.OpenRead(s.File(format + ".tar"));
            var read = ReadAll(fs);
            Assert.Equal(name, Assert.Single(read).entry.Name);
            Assert.Equal(File.ReadAllBytes(s.File("src/" + name)), read[0].data);
        }
    }

    [Theory]
    [InlineData("../evil.vmdk", '0', "")]
    [InlineData("/etc/cron.d/evil", '0', "")]
    [InlineData("link.vmdk", '2', "/etc/passwd")]
    [InlineData("hard.vmdk", '1', "other.vmdk")]
    [InlineData("dev", '3', "")]
    public void RefusesEntriesEscapingTheFolderOrLinks(string name, char type, string link)
    {
        var tar = new MemoryStream();
        tar.Write(RawHeader(name, 0, type, link));
        tar.Write(new byte[1024]);
        tar.Position = 0;
        var ex = Assert.Throws<OvfPackageException>(() => new TarReader(tar, "t.ova").Next());
        Assert.Equal("PackagePathEscapes", ex.ErrorId);
    }

    [Fact]
    public void ReportsTruncationSeekableAndStreaming()
    {
        var tar = BuildTar(("a.ovf", new byte[10]), ("b.vmdk", OvfTestData.RandomBytes(5000, 7)));
        var cut = tar.Take(512 + 512 + 512 + 2000).ToArray();   // inside b.vmdk's data
        var ex = Assert.Throws<OvfPackageException>(() => { var r = new TarReader(new MemoryStream(cut), "t.ova"); while (r.Next() != null) { } });
        Assert.Equal("OvaTruncated", ex.ErrorId);
        var ex2 = Assert.Throws<OvfPackageException>(() => ReadAll(new NonSeekable(new MemoryStream(cut))));
        Assert.Equal("OvaTruncated", ex2.ErrorId);
        var halfHeader = tar.Take(512 + 512 + 100).ToArray();
        Assert.Equal("OvaTruncated", Assert.Throws<OvfPackageException>(() => { var r = new TarReader(new MemoryStream(halfHeader), "t.ova"); while (r.Next() != null) { } }).ErrorId);
    }

    [Fact]
    public void RefusesCorruptHeader()
    {
        var tar = BuildTar(("a.ovf", new byte[10]));
        tar[10] ^= 0x55;
        Assert.Equal("OvaInvalid", Assert.Throws<OvfPackageException>(() => new TarReader(new MemoryStream(tar), "t.ova").Next()).ErrorId);
    }

    [Fact]
    public void LargeSizesUsePaxAndBase256()
    {
        var header = TarHeader.ForFile("big.vmdk", 10L * 1024 * 1024 * 1024, DateTimeOffset.UnixEpoch);
        Assert.Equal(512 * 3, header.Length);   // pax header, pax records block, ustar header
        var r = new TarReader(new MemoryStream(header.Concat(new byte[1024]).ToArray()), "big.ova");
        Assert.Throws<OvfPackageException>(() => r.Next());   // data missing: truncated, but the size was parsed
        var r2 = new TarReader(new NonSeekable(new MemoryStream(header)), "big.ova");
        Assert.Equal(10L * 1024 * 1024 * 1024, r2.Next()!.Size);
    }

    private static string Run(string file, string args)
    {
        var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var o = p.StandardOutput.ReadToEnd(); var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, e);
        return o;
    }
}

internal sealed class NonSeekable : Stream
{
    private readonly Stream _inner;
    public NonSeekable(Stream inner) { _inner = inner; }
    public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 777));   // short reads on purpose
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
