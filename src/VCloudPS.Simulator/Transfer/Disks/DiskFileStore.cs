using System.Collections.Concurrent;
using VCloudPS.Simulator.Transfer.Vmdk;

namespace VCloudPS.Simulator.Transfer.Disks;

/// <summary>What a lazily generated disk file should contain.</summary>
/// <param name="Key">Unique, file-name-safe key (e.g. the VM id and disk instance id).</param>
/// <param name="CapacityMB">Virtual size of the disk.</param>
/// <param name="ContentMB">MiB of pseudo-random content at the start of the disk (the rest reads as zeros).</param>
/// <param name="Seed">Seed of the content generator (same seed, same bytes).</param>
public sealed record DiskSpec(string Key, long CapacityMB, long ContentMB, ulong Seed);

/// <summary>
/// Disk files of the simulated cloud under <c>&lt;data dir&gt;/disks</c>: generated on first need as streamOptimized
/// VMDKs, then kept (a second simulator run with the same data dir reuses them). Concurrent requests for the same
/// disk share one generation.
/// </summary>
public sealed class DiskFileStore
{
    /// <summary>Content of a seeded disk without a "contentMB" field.</summary>
    public const long DefaultContentMB = 2;
    /// <summary>Above this much content, grains are stored uncompressed (the content is incompressible anyway).</summary>
    public const long CompressUpToMB = 64;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _pending = new(StringComparer.Ordinal);

    public DiskFileStore(string dataDir)
    {
        Folder = Path.Combine(dataDir, "disks");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Path of the generated file for <paramref name="spec"/>, creating it first if needed.</summary>
    public Task<string> EnsureAsync(DiskSpec spec, CancellationToken cancellationToken = default)
    {
        var path = PathFor(spec);
        if (File.Exists(path))
        {
            return Task.FromResult(path);
        }
        var lazy = _pending.GetOrAdd(path, p => new Lazy<Task<string>>(() => Task.Run(() => Generate(spec, p), CancellationToken.None)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Moves an uploaded file into the store under a new unique name and returns its path.</summary>
    public string Adopt(string uploadedFile, string key)
    {
        var path = Path.Combine(Folder, Sanitize(key) + "-" + Guid.NewGuid().ToString("N")[..8] + ".vmdk");
        File.Move(uploadedFile, path);
        return path;
    }

    /// <summary>Deletes files of this store that no VM uses any more; files elsewhere (a seed's own) are left alone.</summary>
    public void Release(IReadOnlyList<string> paths)
    {
        var folder = Path.GetFullPath(Folder) + Path.DirectorySeparatorChar;
        foreach (var path in paths)
        {
            if (!Path.GetFullPath(path).StartsWith(folder, StringComparison.Ordinal)) continue;
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Rewrites a VMDK with another capacity (a disk grown after it got its file), keeping its content; returns the new
    /// file's path, or the original one when it is not a sparse VMDK or already has that capacity.
    /// </summary>
    public string EnsureCapacity(string path, long capacityMB, string key)
    {
        StreamOptimizedVmdkReader reader;
        try
        {
            reader = StreamOptimizedVmdkReader.Open(path);
        }
        catch (InvalidDataException)
        {
            return path;   // an opaque disk image: served as it is
        }
        using (reader)
        {
            var capacity = capacityMB * 1024 * 1024;
            if (reader.CapacityBytes == capacity || capacity < reader.CapacityBytes)
            {
                return path;   // vCD disks only grow
            }
            var resized = Path.Combine(Folder, Sanitize(key) + "-c" + capacityMB.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8] + ".vmdk");
            var content = new VmdkDiskContent(reader);
            var options = new VmdkWriteOptions
            {
                Compression = content.Length > CompressUpToMB * 1024 * 1024 ? VmdkCompression.None : VmdkCompression.Fastest,
                ExtentFileName = Path.GetFileName(resized),
            };
            StreamOptimizedVmdkWriter.WriteFile(resized, capacity, content, options);
            return resized;
        }
    }

    /// <summary>Where the file generated for <paramref name="spec"/> lives (whether it exists or not).</summary>
    public string GeneratedPath(DiskSpec spec) => PathFor(spec);

    private string PathFor(DiskSpec spec)
        => Path.Combine(Folder, $"{Sanitize(spec.Key)}-c{spec.CapacityMB}-d{spec.ContentMB}-s{spec.Seed:x16}.vmdk");

    private string Generate(DiskSpec spec, string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                var contentBytes = Math.Min(spec.ContentMB, spec.CapacityMB) * 1024 * 1024;
                var options = new VmdkWriteOptions
                {
                    Compression = spec.ContentMB > CompressUpToMB ? VmdkCompression.None : VmdkCompression.Fastest,
                    ExtentFileName = Path.GetFileName(path),
                };
                StreamOptimizedVmdkWriter.WriteFile(path, spec.CapacityMB * 1024 * 1024, new PseudoRandomDiskContent(spec.Seed, contentBytes), options);
            }
            return path;
        }
        finally
        {
            _pending.TryRemove(path, out _);
        }
    }

    private static string Sanitize(string key)
        => new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
