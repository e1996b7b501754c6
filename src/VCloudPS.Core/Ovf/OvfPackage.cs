using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using VCloudPS.Core.Ovf.Tar;

namespace VCloudPS.Core.Ovf;

public enum OvfPackageFormat { Ovf, Ova }

/// <summary>A local OVF package opened for import: a descriptor in a folder (<c>.ovf</c>) or an OVA archive read in
/// place (headers are scanned, file data is read later straight from its offsets in the archive — never unpacked).
/// Opening checks the structure: descriptor, every referenced file present with its declared size, safe names.
/// Digests are checked separately by <see cref="OvfPackageVerifier"/> because that reads every byte.</summary>
public sealed class OvfPackage
{
    private readonly Dictionary<string, IReadOnlyList<FileSegment>> _members;

    private OvfPackage(string path, OvfPackageFormat format, string descriptorName, byte[] descriptorBytes,
        OvfDescriptor descriptor, string? manifestName, OvfManifest? manifest, IReadOnlyList<PackageFile> files,
        Dictionary<string, IReadOnlyList<FileSegment>> members)
    {
        Path = path; Format = format; DescriptorName = descriptorName; DescriptorBytes = descriptorBytes;
        Descriptor = descriptor; ManifestName = manifestName; Manifest = manifest; Files = files; _members = members;
    }

    public string Path { get; }
    public OvfPackageFormat Format { get; }
    public string DescriptorName { get; }
    /// <summary>The descriptor exactly as stored (it is uploaded byte for byte; descriptors are small).</summary>
    public byte[] DescriptorBytes { get; }
    public OvfDescriptor Descriptor { get; }
    public string? ManifestName { get; }
    public OvfManifest? Manifest { get; }
    /// <summary>One entry per <c>References/File</c>, in descriptor order.</summary>
    public IReadOnlyList<PackageFile> Files { get; }
    public long TotalBytes => Files.Sum(f => f.Size);

    /// <summary>Segments of a member by its package name (descriptor, manifest, files and chunk parts), or null.</summary>
    public IReadOnlyList<FileSegment>? FindMember(string name) => _members.TryGetValue(name, out var s) ? s : null;

    public Stream OpenFile(PackageFile file, long offset) => new SegmentReadStream(file.Segments, offset);

    /// <param name="deploymentOption">The deployment option (DeploymentOptionSection configuration) to read the
    /// hardware of; null for the descriptor's default.</param>
    public static OvfPackage Open(string path, string? deploymentOption = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new OvfPackageException("PackageNotFound", $"Package '{path}' does not exist.", path);
        var package = full.EndsWith(".ova", StringComparison.OrdinalIgnoreCase) ? OpenOva(full, deploymentOption) : OpenFolder(full, deploymentOption);
        VcdLimits.Check(package.Descriptor, package.DescriptorName);
        return package;
    }

    private static OvfPackage OpenFolder(string descriptorPath, string? deploymentOption)
    {
        var folder = System.IO.Path.GetDirectoryName(descriptorPath)!;
        var descriptorName = System.IO.Path.GetFileName(descriptorPath);
        var bytes = ReadSmall(descriptorPath, 0, new FileInfo(descriptorPath).Length, descriptorName, SafeXml.MaxCharacters);
        var descriptor = OvfDescriptorParser.Load(new MemoryStream(bytes), descriptorName, deploymentOption);
        var members = new Dictionary<string, IReadOnlyList<FileSegment>>(StringComparer.Ordinal)
        {
            [descriptorName] = new[] { new FileSegment(descriptorPath, 0, bytes.Length) },
        };

        Func<string, FileSegment?> find = name =>
        {
            var local = PackagePath.ToLocalPath(folder, name);
            if (!File.Exists(local)) return null;
            var info = new FileInfo(local);
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
                throw new OvfPackageException("PackagePathEscapes", $"'{name}' is a symbolic link; package files must be regular files.", name);
            return new FileSegment(local, 0, info.Length);
        };

        var manifestName = System.IO.Path.ChangeExtension(descriptorName, ".mf");
        OvfManifest? manifest = null;
        var mfSeg = find(manifestName);
        if (mfSeg != null)
        {
            members[manifestName] = new[] { mfSeg };
            manifest = OvfManifest.Load(new MemoryStream(ReadSmall(mfSeg.Path, 0, mfSeg.Length, manifestName, OvfManifest.MaxBytes)), manifestName);
        }
        var files = ResolveFiles(descriptor, find, members, descriptorPath);
        AddManifestListedMembers(manifest, find, members);
        return new OvfPackage(descriptorPath, OvfPackageFormat.Ovf, descriptorName, bytes, descriptor, manifest == null ? null : manifestName, manifest, files, members);
    }

    private static OvfPackage OpenOva(string ovaPath, string? deploymentOption)
    {
        var archiveName = System.IO.Path.GetFileName(ovaPath);
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        var order = new List<TarEntry>();
        using (var fs = new FileStream(ovaPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
        {
            var reader = new TarReader(fs, archiveName);
            TarEntry? e;
            while ((e = reader.Next()) != null)
            {
                if (e.IsDirectory) continue;
                if (entries.ContainsKey(e.Name))
                    throw new OvfPackageException("OvaInvalid", $"Archive '{archiveName}' holds '{e.Name}' twice.", e.Name);
                entries[e.Name] = e;
                order.Add(e);
            }
        }
        var ovfEntries = order.Where(x => x.Name.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase) && !x.Name.Contains("/")).ToList();
        if (ovfEntries.Count == 0)
            throw new OvfPackageException("OvaInvalid", order.Count == 0
                ? $"Archive '{archiveName}' is empty or truncated before its first entry."
                : $"Archive '{archiveName}' holds no OVF descriptor (.ovf) at its top level.", archiveName);
        if (ovfEntries.Count > 1)
            throw new OvfPackageException("OvaInvalid", $"Archive '{archiveName}' holds several descriptors ({string.Join(", ", ovfEntries.Select(x => x.Name))}).", archiveName);
        var d = ovfEntries[0];
        var bytes = ReadSmall(ovaPath, d.DataOffset, d.Size, d.Name, SafeXml.MaxCharacters);
        var descriptor = OvfDescriptorParser.Load(new MemoryStream(bytes), d.Name, deploymentOption);
        var members = new Dictionary<string, IReadOnlyList<FileSegment>>(StringComparer.Ordinal)
        {
            [d.Name] = new[] { new FileSegment(ovaPath, d.DataOffset, d.Size) },
        };
        Func<string, FileSegment?> find = name => entries.TryGetValue(name, out var x) ? new FileSegment(ovaPath, x.DataOffset, x.Size) : null;

        string? manifestName = System.IO.Path.ChangeExtension(d.Name, ".mf");
        if (!entries.ContainsKey(manifestName))
        {
            var mfs = order.Where(x => x.Name.EndsWith(".mf", StringComparison.OrdinalIgnoreCase)).ToList();
            manifestName = mfs.Count == 1 ? mfs[0].Name : null;
        }
        OvfManifest? manifest = null;
        if (manifestName != null)
        {
            var m = entries[manifestName];
            members[manifestName] = new[] { new FileSegment(ovaPath, m.DataOffset, m.Size) };
            manifest = OvfManifest.Load(new MemoryStream(ReadSmall(ovaPath, m.DataOffset, m.Size, manifestName, OvfManifest.MaxBytes)), manifestName);
        }
        var files = ResolveFiles(descriptor, find, members, ovaPath);
        AddManifestListedMembers(manifest, find, members);
        return new OvfPackage(ovaPath, OvfPackageFormat.Ova, d.Name, bytes, descriptor, manifestName, manifest, files, members);
    }

    private static List<PackageFile> ResolveFiles(OvfDescriptor descriptor, Func<string, FileSegment?> find,
        Dictionary<string, IReadOnlyList<FileSegment>> members, string packagePath)
    {
        var files = new List<PackageFile>();
        foreach (var r in descriptor.Files)
        {
            var segments = new List<FileSegment>();
            if (r.ChunkSize.HasValue)
            {
                for (int part = 0; ; part++)
                {
                    var partName = r.Href + "." + part.ToString("D9", CultureInfo.InvariantCulture);
                    var seg = find(partName);
                    if (seg == null) break;
                    members[partName] = new[] { seg };
                    segments.Add(seg);
                }
                if (segments.Count == 0)
                    throw new OvfPackageException("PackageFileMissing", $"File '{r.Href}' (parts '{r.Href}.000000000', ...) referenced by the descriptor is missing from '{packagePath}'.", r.Href);
            }
            else
            {
                var seg = find(r.Href) ?? throw new OvfPackageException("PackageFileMissing",
                    $"File '{r.Href}' referenced by the descriptor is missing from '{packagePath}'.", r.Href);
                segments.Add(seg);
                members[r.Href] = segments;
            }
            var actual = segments.Sum(s => s.Length);
            if (r.Size.HasValue && r.Size.Value != actual)
                throw new OvfPackageException("PackageFileSizeMismatch",
                    $"File '{r.Href}' is {actual} bytes but the descriptor declares {r.Size.Value} bytes ({(actual > r.Size.Value ? "larger" : "smaller")} than declared).", r.Href);
            files.Add(new PackageFile(r, actual, segments));
        }
        return files;
    }

    private static void AddManifestListedMembers(OvfManifest? manifest, Func<string, FileSegment?> find, Dictionary<string, IReadOnlyList<FileSegment>> members)
    {
        if (manifest == null) return;
        foreach (var e in manifest.Entries)
        {
            if (members.ContainsKey(e.FileName)) continue;
            var seg = find(e.FileName) ?? throw new OvfPackageException("ManifestFileMissing",
                $"The manifest lists '{e.FileName}', which the package does not contain.", e.FileName);
            members[e.FileName] = new[] { seg };
        }
    }

    private static byte[] ReadSmall(string path, long offset, long length, string name, long max)
    {
        if (length > max) throw new OvfPackageException("OvfDescriptorInvalid", $"'{name}' is {length} bytes, more than the {max} allowed.", name);
        var data = new byte[length];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        fs.Position = offset;
        int got = 0;
        while (got < length)
        {
            var n = fs.Read(data, got, (int)length - got);
            if (n == 0) throw new OvfPackageException("OvaTruncated", $"'{name}' ends early.", name);
            got += n;
        }
        return data;
    }
}

/// <summary>A referenced file of an opened package and where its bytes are.</summary>
public sealed class PackageFile
{
    public PackageFile(OvfFileReference reference, long size, IReadOnlyList<FileSegment> segments)
    { Reference = reference; Size = size; Segments = segments; }
    public OvfFileReference Reference { get; }
    public string Href => Reference.Href;
    public long Size { get; }
    public IReadOnlyList<FileSegment> Segments { get; }
    public override string ToString() => Href;
}
