using System.Text;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Tests.Ovf;

public class OvfPackageTests
{
    private static readonly TransferOptions Options = new();

    internal static string MakeOva(string folder, string descriptor, string ovaPath, bool manifestFirst = true, IEnumerable<string>? order = null)
    {
        var names = order?.ToList() ?? new List<string> { descriptor, Path.ChangeExtension(descriptor, ".mf") }
            .Concat(OvfDescriptorParser.LoadFile(Path.Combine(folder, descriptor)).Files.Select(f => f.Href)).ToList();
        var entries = names.Where(n => File.Exists(Path.Combine(folder, n))).Select(n => (n, File.ReadAllBytes(Path.Combine(folder, n)))).ToArray();
        File.WriteAllBytes(ovaPath, TarTests.BuildTar(entries));
        return ovaPath;
    }

    [Theory]
    [InlineData("ovftool-sha1", "web-appliance.ovf", "SHA1")]
    [InlineData("single-vm", "tiny-linux.ovf", "SHA256")]
    public async Task ThirdPartyFoldersOpenAndVerify(string folder, string descriptor, string algorithm)
    {
        var p = OvfPackage.Open(OvfTestData.Data(folder, descriptor));
        Assert.Equal(OvfPackageFormat.Ovf, p.Format);
        var v = await OvfPackageVerifier.VerifyAsync(p, Options, null, CancellationToken.None);
        Assert.All(v.Digests, d => Assert.Equal(algorithm, d.Algorithm));
        Assert.Equal(p.Files.Count + 1, v.Digests.Count);   // descriptor + files
        Assert.Empty(v.UnlistedFiles);
    }

    [Fact]
    public async Task OvaIsReadInPlaceInAnyEntryOrder()
    {
        using var s = new Scratch();
        var src = OvfTestData.Data("ovftool-sha1");
        var ova = MakeOva(src, "web-appliance.ovf", s.File("w.ova"),
            order: new[] { "web-appliance.ovf", "web-appliance-disk2.vmdk", "web-appliance.mf", "web-appliance-disk1.vmdk" });
        var p = OvfPackage.Open(ova);
        Assert.Equal(OvfPackageFormat.Ova, p.Format);
        Assert.Equal(3, (await OvfPackageVerifier.VerifyAsync(p, Options, null, CancellationToken.None)).Digests.Count);
        using var r = p.OpenFile(p.Files[0], 1000);
        var ms = new MemoryStream(); r.CopyTo(ms);
        Assert.Equal(File.ReadAllBytes(Path.Combine(src, "web-appliance-disk1.vmdk")).Skip(1000), ms.ToArray());
        Assert.Single(Directory.GetFiles(s.Path));   // nothing unpacked
    }

    [Fact]
    public void TruncatedOvaIsRefused()
    {
        using var s = new Scratch();
        var ova = MakeOva(OvfTestData.Data("ovftool-sha1"), "web-appliance.ovf", s.File("w.ova"));
        var bytes = File.ReadAllBytes(ova);
        File.WriteAllBytes(ova, bytes.Take(bytes.Length - 1024 - 900).ToArray());
        Assert.Equal("OvaTruncated", Assert.Throws<OvfPackageException>(() => OvfPackage.Open(ova)).ErrorId);
    }

    [Fact]
    public async Task DigestMismatchIsNamed()
    {
        using var s = new Scratch();
        OvfTestData.CopyFolder(OvfTestData.Data("ovftool-sha1"), s.Path);
        var disk = s.File("web-appliance-disk1.vmdk");
        var b = File.ReadAllBytes(disk); b[b.Length / 2] ^= 1; File.WriteAllBytes(disk, b);
        var p = OvfPackage.Open(s.File("web-appliance.ovf"));
        var ex = await Assert.ThrowsAsync<OvfPackageException>(() => OvfPackageVerifier.VerifyAsync(p, Options, null, CancellationToken.None));
        Assert.Equal("ManifestDigestMismatch", ex.ErrorId);
        Assert.Equal("web-appliance-disk1.vmdk", ex.FileName);
    }

    [Theory]
    [InlineData(-1, "smaller")]
    [InlineData(+1, "larger")]
    public void FileSizeDifferentFromDeclaredIsRefused(int delta, string word)
    {
        using var s = new Scratch();
        OvfTestData.CopyFolder(OvfTestData.Data("ovftool-sha1"), s.Path);
        var disk = s.File("web-appliance-disk2.vmdk");
        var b = File.ReadAllBytes(disk).ToList();
        if (delta < 0) b.RemoveAt(0); else b.Add(0);
        File.WriteAllBytes(disk, b.ToArray());
        var ex = Assert.Throws<OvfPackageException>(() => OvfPackage.Open(s.File("web-appliance.ovf")));
        Assert.Equal("PackageFileSizeMismatch", ex.ErrorId);
        Assert.Contains(word, ex.Message);
    }

    [Fact]
    public void MissingFileIsRefused()
    {
        using var s = new Scratch();
        OvfTestData.CopyFolder(OvfTestData.Data("ovftool-sha1"), s.Path);
        File.Delete(s.File("web-appliance-disk2.vmdk"));
        var ex = Assert.Throws<OvfPackageException>(() => OvfPackage.Open(s.File("web-appliance.ovf")));
        Assert.Equal(("PackageFileMissing", "web-appliance-disk2.vmdk"), (ex.ErrorId, ex.FileName));
    }

    [Fact]
    public void OvaWithTwoDescriptorsOrNoneIsRefused()
    {
        using var s = new Scratch();
        File.WriteAllBytes(s.File("x.ova"), TarTests.BuildTar(("a.ovf", new byte[1]), ("b.ovf", new byte[1])));
        Assert.Contains("several descriptors", Assert.Throws<OvfPackageException>(() => OvfPackage.Open(s.File("x.ova"))).Message);
        File.WriteAllBytes(s.File("y.ova"), TarTests.BuildTar(("a.vmdk", new byte[1])));
        Assert.Contains("no OVF descriptor", Assert.Throws<OvfPackageException>(() => OvfPackage.Open(s.File("y.ova"))).Message);
    }

    [Fact]
    public void ChunkedFilesAreJoinedFromTheirParts()
    {
        using var s = new Scratch();
        var data = OvfTestData.RandomBytes(2500, 9);
        File.WriteAllBytes(s.File("d.vmdk.000000000"), data.Take(1000).ToArray());
        File.WriteAllBytes(s.File("d.vmdk.000000001"), data.Skip(1000).Take(1000).ToArray());
        File.WriteAllBytes(s.File("d.vmdk.000000002"), data.Skip(2000).ToArray());
        var xml = File.ReadAllText(OvfTestData.Data("single-vm", "tiny-linux.ovf"))
            .Replace("ovf:href=\"tiny-linux-disk001.vmdk\"", "ovf:href=\"d.vmdk\" ovf:size=\"2500\" ovf:chunkSize=\"1000\"");
        File.WriteAllText(s.File("c.ovf"), xml);
        var p = OvfPackage.Open(s.File("c.ovf"));
        Assert.Equal(3, p.Files[0].Segments.Count);
        using var r = p.OpenFile(p.Files[0], 900);
        var ms = new MemoryStream(); r.CopyTo(ms);
        Assert.Equal(data.Skip(900), ms.ToArray());
    }
}
