using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Ovf.Tar;

namespace VCloudPS.Core.Migration;

/// <summary>Where an export writes: an OVF folder or an OVA file. Everything is written under temporary
/// "*.partial" names that are renamed into place only when the whole package is complete and verified, so a failed
/// or cancelled export leaves no half-written package (and, with -Force, the previous package stays intact until
/// the new one is complete).</summary>
public abstract class ExportTarget : IDisposable
{
    public const string PartialSuffix = ".vcloudps-partial";
    public const string LockSuffix = ".vcloudps-lock";

    private FileStream? _lock;
    private string? _lockPath;
    private readonly List<string> _createdFolders = new List<string>();
    private bool _aborted;

    /// <summary>The descriptor's file name in the package, e.g. <c>shop.ovf</c>.</summary>
    public abstract string DescriptorName { get; }
    public string ManifestName => Path.ChangeExtension(DescriptorName, ".mf");
    public abstract string OutputPath { get; }

    /// <summary>Fixes the package's layout: descriptor bytes and every referenced file's name and size.</summary>
    public abstract void Begin(byte[] descriptor, IReadOnlyList<OvfFileReference> files);

    /// <summary>A write stream for file <paramref name="index"/> positioned at its first byte. Several may be open at once.</summary>
    public abstract Stream OpenFile(int index);

    /// <summary>Writes the manifest and moves everything into place.</summary>
    public abstract void Commit(OvfManifest manifest);

    /// <summary>Removes everything written so far.</summary>
    public abstract void Abort();

    /// <summary>Releases the target's lock; after a failed export also removes the folders it created, if empty.</summary>
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        ReleaseLock();
        if (!_aborted) return;
        List<string> created;
        lock (_createdFolders) created = _createdFolders.OrderByDescending(f => f.Length).ToList();
        foreach (var folder in created)
            try { if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder); }
            catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    protected void ReleaseLock()
    {
        if (_lock == null) return;
        // Delete while still holding the lock, so nobody takes a lock on a file about to vanish.
        FolderExportTarget.TryDelete(_lockPath!);
        _lock.Dispose();
        _lock = null;
    }

    /// <summary>After a failed export: releases the lock and removes the empty folders the export created.</summary>
    protected void MarkAborted() { _aborted = true; Dispose(); }

    /// <summary>Takes an exclusive lock next to the output, so a second export to the same path fails at once
    /// instead of overwriting the first one's files.</summary>
    protected void AcquireLock(string outputPath)
    {
        _lockPath = outputPath + LockSuffix;
        try
        {
            _lock = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException ex)
        {
            throw new OvfPackageException("ExportTargetBusy",
                $"Another export is writing '{outputPath}' right now (it holds '{_lockPath}'). Wait for it to finish or export to another path.", outputPath, ex);
        }
    }

    /// <summary>Creates a folder and its missing parents, remembering which ones this export created.</summary>
    protected void CreateFolder(string folder)
    {
        var missing = new List<string>();
        for (var d = Path.GetFullPath(folder); !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d)!) missing.Add(d);
        Directory.CreateDirectory(folder);
        lock (_createdFolders) _createdFolders.AddRange(missing);
    }

    /// <summary>Size the manifest will have: known before the digests are (fixed-length hex), so an OVA can reserve it.</summary>
    protected static long ManifestLength(IEnumerable<string> names)
        => names.Sum(n => Encoding.UTF8.GetByteCount("SHA256(" + n + ")= ") + 64 + 1);

    public static ExportTarget Create(string path, string vAppName, bool force)
    {
        var full = Path.GetFullPath(path);
        if (full.EndsWith(".ova", StringComparison.OrdinalIgnoreCase))
        {
            if (File.Exists(full) && !force)
                throw new OvfPackageException("ExportTargetExists", $"'{full}' already exists. Use -Force to overwrite it.", full);
            if (Directory.Exists(full))
                throw new OvfPackageException("ExportTargetExists", $"'{full}' is a folder, not an .ova file.", full);
            var dir = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(dir)) throw new OvfPackageException("ExportTargetInvalid", $"Folder '{dir}' does not exist.", dir);
            return new OvaExportTarget(full, SafeFileName(Path.GetFileNameWithoutExtension(full)) + ".ovf", force);
        }
        if (full.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase))
            return new FolderExportTarget(Path.GetDirectoryName(full)!, Path.GetFileName(full), force);
        // A folder: the package goes into a subfolder named after the vApp, so several vApps can share one folder.
        var name = SafeFileName(vAppName);
        return new FolderExportTarget(Path.Combine(full, name), name + ".ovf", force);
    }

    internal static string SafeFileName(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name) sb.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        var s = sb.ToString().Trim('.');
        return s.Length == 0 ? "vapp" : s;
    }
}

internal sealed class FolderExportTarget : ExportTarget
{
    private readonly string _folder;
    private readonly bool _force;
    private readonly List<(string partial, string final)> _written = new List<(string, string)>();
    private IReadOnlyList<OvfFileReference> _files = Array.Empty<OvfFileReference>();

    public FolderExportTarget(string folder, string descriptorName, bool force)
    {
        _folder = folder; DescriptorName = descriptorName; _force = force;
        if (File.Exists(folder)) throw new OvfPackageException("ExportTargetExists", $"'{folder}' is a file; give a folder or a path ending in .ova.", folder);
        if (!Directory.Exists(folder)) CreateFolder(folder);
        try { AcquireLock(OutputPath); }
        catch { MarkAborted(); throw; }
    }

    public override string DescriptorName { get; }
    public override string OutputPath => Path.Combine(_folder, DescriptorName);

    public override void Begin(byte[] descriptor, IReadOnlyList<OvfFileReference> files)
    {
        _files = files;
        var finals = new[] { DescriptorName, ManifestName }.Concat(files.Select(f => f.Href)).ToList();
        if (!_force)
            foreach (var name in finals)
            {
                var p = PackagePath.ToLocalPath(_folder, name);
                if (File.Exists(p)) throw new OvfPackageException("ExportTargetExists", $"'{p}' already exists. Use -Force to overwrite the package.", p);
            }
        var descriptorPath = Register(DescriptorName);
        File.WriteAllBytes(descriptorPath, descriptor);
    }

    private string Register(string name)
    {
        var final = PackagePath.ToLocalPath(_folder, name);
        CreateFolder(Path.GetDirectoryName(final)!);
        var partial = final + PartialSuffix;
        lock (_written) _written.Add((partial, final));
        return partial;
    }

    public override Stream OpenFile(int index)
    {
        var partial = Register(_files[index].Href);
        return new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public override void Commit(OvfManifest manifest)
    {
        File.WriteAllBytes(Register(ManifestName), manifest.ToBytes());
        foreach (var (partial, final) in _written)
        {
            if (File.Exists(final)) File.Delete(final);
            File.Move(partial, final);
        }
        _written.Clear();
        ReleaseLock();
    }

    public override void Abort()
    {
        foreach (var (partial, _) in _written) TryDelete(partial);
        _written.Clear();
        MarkAborted();
    }

    internal static void TryDelete(string path) { try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
}

/// <summary>Writes an OVA in place. Sizes are known from the descriptor before any disk is downloaded, so the whole
/// tar layout (descriptor, manifest, then files in References order) is fixed up front: headers are written at their
/// offsets and each file is streamed straight into its pre-sized region. That keeps downloads parallel without a
/// temporary copy; the manifest's region is reserved (its length does not depend on the digests) and filled last.</summary>
internal sealed class OvaExportTarget : ExportTarget
{
    private readonly string _final;
    private readonly string _partial;
    private long[] _fileOffsets = Array.Empty<long>();
    private long _manifestOffset;
    private long _manifestLength;
    private bool _started;

    public OvaExportTarget(string final, string descriptorName, bool force)
    {
        _final = final; _partial = final + PartialSuffix; DescriptorName = descriptorName;
        AcquireLock(final);
    }

    public override string DescriptorName { get; }
    public override string OutputPath => _final;

    public override void Begin(byte[] descriptor, IReadOnlyList<OvfFileReference> files)
    {
        foreach (var f in files)
            if (!f.Size.HasValue)
                throw new OvfPackageException("OvfDescriptorInvalid", $"File '{f.Href}' has no ovf:size, so it cannot be laid out in an OVA. Export to a folder instead.", f.Href);
        var now = DateTimeOffset.UtcNow;
        _manifestLength = ManifestLength(new[] { DescriptorName }.Concat(files.Select(f => f.Href)));
        _started = true;
        using var fs = new FileStream(_partial, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 64 * 1024);
        long offset = 0;
        void Header(string name, long size)
        {
            var h = TarHeader.ForFile(name, size, now);
            fs.Position = offset; fs.Write(h, 0, h.Length);
            offset += h.Length;
        }
        Header(DescriptorName, descriptor.Length);
        fs.Write(descriptor, 0, descriptor.Length);
        offset += descriptor.Length;
        fs.Write(new byte[TarHeader.Padding(descriptor.Length)], 0, TarHeader.Padding(descriptor.Length));
        offset += TarHeader.Padding(descriptor.Length);
        Header(ManifestName, _manifestLength);
        _manifestOffset = offset;
        offset += _manifestLength + TarHeader.Padding(_manifestLength);
        _fileOffsets = new long[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            Header(files[i].Href, files[i].Size!.Value);
            _fileOffsets[i] = offset;
            offset += files[i].Size!.Value + TarHeader.Padding(files[i].Size!.Value);
        }
        fs.Position = offset;
        fs.Write(TarHeader.EndOfArchive(), 0, 2 * TarHeader.BlockSize);
        // Padding bytes between regions are never written: SetLength leaves them zero (sparse where supported).
    }

    public override Stream OpenFile(int index)
    {
        var fs = new FileStream(_partial, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        fs.Position = _fileOffsets[index];
        return fs;
    }

    public override void Commit(OvfManifest manifest)
    {
        var bytes = manifest.ToBytes();
        if (bytes.Length != _manifestLength)
            throw new InvalidOperationException($"Manifest is {bytes.Length} bytes, {_manifestLength} were reserved.");
        using (var fs = new FileStream(_partial, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            fs.Position = _manifestOffset;
            fs.Write(bytes, 0, bytes.Length);
            fs.Flush(true);
        }
        if (File.Exists(_final)) File.Delete(_final);
        File.Move(_partial, _final);
        _started = false;
        ReleaseLock();
    }

    public override void Abort()
    {
        if (_started || File.Exists(_partial)) FolderExportTarget.TryDelete(_partial);
        _started = false;
        MarkAborted();
    }
}
