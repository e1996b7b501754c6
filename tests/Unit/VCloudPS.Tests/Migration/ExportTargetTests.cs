using System.Text;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Ovf.Tar;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Migration;

public class ExportTargetTests
{
    private static byte[] Descriptor = Array.Empty<byte>();

    /// <summary>A minimal valid descriptor referencing the files (one VM, one disk per file).</summary>
    private static byte[] DescriptorFor(List<OvfFileReference> files)
    {
        const string ns = "xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"";
        var refs = string.Concat(files.Select(f => $"<File ovf:id=\"{f.Id}\" ovf:href=\"{f.Href}\" ovf:size=\"{f.Size}\"/>"));
        var disks = string.Concat(files.Select(f => $"<Disk ovf:diskId=\"d{f.Id}\" ovf:fileRef=\"{f.Id}\" ovf:capacity=\"1\" ovf:capacityAllocationUnits=\"byte * 2^30\"/>"));
        return Encoding.UTF8.GetBytes($"<Envelope {ns}><References>{refs}</References><DiskSection><Info/>{disks}</DiskSection>" +
            "<VirtualSystem ovf:id=\"vm\"><Info/><VirtualHardwareSection><Info/></VirtualHardwareSection></VirtualSystem></Envelope>");
    }

    private static List<OvfFileReference> Files(params (string href, int size)[] f)
    {
        var list = f.Select((x, i) => new OvfFileReference("f" + i, x.href, x.size, null, null)).ToList();
        Descriptor = DescriptorFor(list);
        return list;
    }

    private static OvfManifest ManifestFor(ExportTarget t, List<OvfFileReference> files, byte[][] data)
        => new(new[] { new ManifestEntry(t.DescriptorName, "SHA256", OvfTestData.Sha256(Descriptor)) }
            .Concat(files.Select((f, i) => new ManifestEntry(f.Href, "SHA256", OvfTestData.Sha256(data[i])))));

    [Fact]
    public async Task OvaRegionsWrittenInAnyOrderMakeACorrectTarInReferencesOrder()
    {
        using var s = new Scratch();
        var files = Files(("db1-disk1.vmdk", 1000), ("db1-disk2.vmdk", 0), ("web-disk1.vmdk", 70_001));
        var data = files.Select((f, i) => OvfTestData.RandomBytes((int)f.Size!.Value, i)).ToArray();
        var target = ExportTarget.Create(s.File("shop.ova"), "ignored", force: false);
        target.Begin(Descriptor, files);
        foreach (var i in new[] { 2, 0, 1 })   // parallel downloads finish in any order
        {
            await using var w = target.OpenFile(i);
            await w.WriteAsync(data[i]);
        }
        target.Commit(ManifestFor(target, files, data));

        Assert.Equal(new[] { "shop.ova" }, Directory.GetFiles(s.Path).Select(Path.GetFileName));
        using var fs = File.OpenRead(s.File("shop.ova"));
        var r = new TarReader(fs, "shop.ova");
        var names = new List<string>();
        TarEntry? e;
        while ((e = r.Next()) != null)
        {
            names.Add(e.Name);
            var ms = new MemoryStream(); r.OpenData().CopyTo(ms);
            var idx = files.FindIndex(f => f.Href == e.Name);
            if (idx >= 0) Assert.Equal(data[idx], ms.ToArray());
            if (e.Name == "shop.mf") Assert.StartsWith("SHA256(shop.ovf)= ", Encoding.UTF8.GetString(ms.ToArray()));
        }
        Assert.Equal(new[] { "shop.ovf", "shop.mf", "db1-disk1.vmdk", "db1-disk2.vmdk", "web-disk1.vmdk" }, names);
        Assert.Equal(0, fs.Length % 512);

        var package = OvfPackage.Open(s.File("shop.ova"));   // readable as a package; manifest complete
        Assert.Equal(4, package.Manifest!.Entries.Count);
    }

    [Fact]
    public void AbortLeavesNothingAndKeepsAnExistingPackage()
    {
        using var s = new Scratch();
        File.WriteAllText(s.File("old.ova"), "previous package");
        var files = Files(("a.vmdk", 10));
        var t = ExportTarget.Create(s.File("old.ova"), "x", force: true);
        t.Begin(Descriptor, files);
        using (var w = t.OpenFile(0)) w.Write(new byte[5]);
        t.Abort();
        Assert.Equal(new[] { "old.ova" }, Directory.GetFiles(s.Path).Select(Path.GetFileName));
        Assert.Equal("previous package", File.ReadAllText(s.File("old.ova")));

        var folderTarget = ExportTarget.Create(s.File("pkgs"), "shop", force: false);
        folderTarget.Begin(Descriptor, files);
        using (var w = folderTarget.OpenFile(0)) w.Write(new byte[5]);
        folderTarget.Abort();
        Assert.False(Directory.Exists(s.File("pkgs")));   // the folders the export created are gone too

        Directory.CreateDirectory(s.File("mine"));
        var nested = ExportTarget.Create(s.File("mine/a/b"), "shop", force: false);
        nested.Begin(Descriptor, Files(("sub/disk.vmdk", 10)));
        using (var w = nested.OpenFile(0)) w.Write(new byte[5]);
        nested.Abort();
        nested.Dispose();
        Assert.True(Directory.Exists(s.File("mine")));   // it existed before
        Assert.Empty(Directory.EnumerateFileSystemEntries(s.File("mine")));
    }

    [Theory]
    [InlineData("same.ova")]
    [InlineData("same-folder")]
    public void ASecondExportToTheSamePathFailsClearlyAndLeavesTheFirstAlone(string path)
    {
        using var s = new Scratch();
        var files = Files(("a.vmdk", 10));
        var first = ExportTarget.Create(s.File(path), "shop", force: true);
        first.Begin(Descriptor, files);
        using (var w = first.OpenFile(0)) w.Write(new byte[10]);
        var ex = Assert.Throws<OvfPackageException>(() => ExportTarget.Create(s.File(path), "shop", force: true));
        Assert.Equal("ExportTargetBusy", ex.ErrorId);
        first.Commit(ManifestFor(first, files, new[] { new byte[10] }));
        first.Dispose();
        Assert.True(File.Exists(first.OutputPath));
        Assert.Empty(Directory.GetFiles(s.Path, "*.vcloudps-*", SearchOption.AllDirectories));
        using var third = ExportTarget.Create(s.File(path), "shop", force: true);   // free again
    }

    [Fact]
    public void RefusesToOverwriteWithoutForce()
    {
        using var s = new Scratch();
        File.WriteAllText(s.File("x.ova"), "keep");
        Assert.Equal("ExportTargetExists", Assert.Throws<OvfPackageException>(() => ExportTarget.Create(s.File("x.ova"), "x", force: false)).ErrorId);
        Directory.CreateDirectory(s.File("out/shop"));
        File.WriteAllText(s.File("out/shop/disk.vmdk"), "keep");
        var t = ExportTarget.Create(s.File("out"), "shop", force: false);
        Assert.Equal("ExportTargetExists", Assert.Throws<OvfPackageException>(() => t.Begin(Descriptor, Files(("disk.vmdk", 4)))).ErrorId);
        Assert.Equal("keep", File.ReadAllText(s.File("out/shop/disk.vmdk")));
    }

    [Fact]
    public void FolderPackageCommitsUnderFinalNames()
    {
        using var s = new Scratch();
        var files = Files(("disks/a.vmdk", 3));
        var t = ExportTarget.Create(s.File("out"), "my vApp!", force: false);
        t.Begin(Descriptor, files);
        using (var w = t.OpenFile(0)) w.Write(new byte[] { 1, 2, 3 });
        t.Commit(ManifestFor(t, files, new[] { new byte[] { 1, 2, 3 } }));
        Assert.Equal(s.File("out/my_vApp_/my_vApp_.ovf"), t.OutputPath);
        var p = OvfPackage.Open(t.OutputPath);
        Assert.Equal("my_vApp_.mf", p.ManifestName);
        Assert.Empty(Directory.GetFiles(s.Path, "*partial*", SearchOption.AllDirectories));
    }
}
