using VCloudPS.Core.Ovf;

namespace VCloudPS.Tests.Ovf;

public class OvfManifestTests
{
    [Fact]
    public void ReadsOpensslOvftoolAndVirtualBoxForms()
    {
        var m = OvfManifest.Parse(
            "SHA1(a.ovf)= 0123456789abcdef0123456789abcdef01234567\r\n" +
            "SHA256 (b.vmdk) = " + new string('A', 64) + "\n\n" +
            "SHA512(c.iso)=" + new string('b', 128) + "\n", "x.mf");
        Assert.Equal(new[] { "SHA1", "SHA256", "SHA512" }, m.Entries.Select(e => e.Algorithm));
        Assert.Equal(new string('a', 64), m.Find("b.vmdk")!.Digest);
    }

    [Fact]
    public void WritesSha256LinesThatReadBack()
    {
        var m = new OvfManifest(new[] { new ManifestEntry("shop.ovf", "SHA256", new string('1', 64)), new ManifestEntry("db1-disk1.vmdk", "SHA256", new string('2', 64)) });
        Assert.Equal($"SHA256(shop.ovf)= {new string('1', 64)}\nSHA256(db1-disk1.vmdk)= {new string('2', 64)}\n", m.ToText());
        Assert.Equal(m.Entries.Select(e => e.ToString()), OvfManifest.Parse(m.ToText(), "m").Entries.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("MD5(a)= 0123456789abcdef0123456789abcdef", "ManifestInvalid")]
    [InlineData("SHA256(a)= 1234", "ManifestInvalid")]
    [InlineData("SHA1(../etc/passwd)= 0123456789abcdef0123456789abcdef01234567", "PackagePathEscapes")]
    public void RefusesBadLines(string line, string errorId)
    {
        Assert.Equal(errorId, Assert.Throws<OvfPackageException>(() => OvfManifest.Parse(line, "x.mf")).ErrorId);
    }
}
