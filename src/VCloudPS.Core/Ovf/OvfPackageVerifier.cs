using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Ovf;

public sealed class PackageVerification
{
    public PackageVerification(IReadOnlyList<VerifiedDigest> digests, IReadOnlyList<string> unlistedFiles)
    { Digests = digests; UnlistedFiles = unlistedFiles; }
    /// <summary>Every manifest entry, checked.</summary>
    public IReadOnlyList<VerifiedDigest> Digests { get; }
    /// <summary>Referenced files the manifest does not list (not verifiable).</summary>
    public IReadOnlyList<string> UnlistedFiles { get; }
}

public sealed class VerifiedDigest
{
    public VerifiedDigest(string fileName, string algorithm, string digest) { FileName = fileName; Algorithm = algorithm; Digest = digest; }
    public string FileName { get; }
    public string Algorithm { get; }
    public string Digest { get; }
}

/// <summary>Checks every manifest entry of a package against the bytes (SHA-256, SHA-1 or SHA-512), reading each
/// member once with a bounded degree of parallelism. A mismatch is an <see cref="OvfPackageException"/>
/// (<c>ManifestDigestMismatch</c>) naming the file.</summary>
public static class OvfPackageVerifier
{
    /// <summary>Opens and verifies a package file (.ovf or .ova) synchronously: for scripts and demos.</summary>
    public static PackageVerification VerifyFile(string path)
        => VerifyAsync(OvfPackage.Open(path), new TransferOptions(), null, CancellationToken.None).GetAwaiter().GetResult();

    public static Task<PackageVerification> VerifyAsync(OvfPackage package, TransferOptions options,
        IProgress<TransferSnapshot>? progress, CancellationToken ct)
        => VerifyAsync(package, options, progress, deferUploadedFiles: false, ct);

    /// <summary>The manifest entries an import checks while it sends the file (single-part referenced files, each
    /// read once): their digests are computed on the way and the file's last block is held back until it matches.
    /// Files split into parts (<c>ovf:chunkSize</c>) are listed per part in a manifest, so they are checked before.</summary>
    public static IReadOnlyList<ManifestEntry> CheckedWhileSending(OvfPackage package)
    {
        if (package.Manifest == null) return Array.Empty<ManifestEntry>();
        return package.Files.Where(f => f.Reference.ChunkSize == null)
            .Select(f => package.Manifest.Find(f.Href)).Where(e => e != null).Select(e => e!).ToList();
    }

    /// <param name="deferUploadedFiles">Skip the entries of <see cref="CheckedWhileSending"/> (the import checks
    /// them as it sends them); everything else listed (descriptor, certificates, parts) is checked here.</param>
    public static async Task<PackageVerification> VerifyAsync(OvfPackage package, TransferOptions options,
        IProgress<TransferSnapshot>? progress, bool deferUploadedFiles, CancellationToken ct)
    {
        var manifest = package.Manifest;
        if (manifest == null) return new PackageVerification(Array.Empty<VerifiedDigest>(), package.Files.Select(f => f.Href).ToList());
        var deferred = deferUploadedFiles ? new HashSet<ManifestEntry>(CheckedWhileSending(package)) : new HashSet<ManifestEntry>();
        var items = manifest.Entries.Where(e => !deferred.Contains(e)).Select(e => (entry: e, segments: package.FindMember(e.FileName)
            ?? throw new OvfPackageException("ManifestFileMissing", $"The manifest lists '{e.FileName}', which the package does not contain.", e.FileName))).ToList();
        var tracker = new ProgressTracker($"Verifying {System.IO.Path.GetFileName(package.Path)}",
            items.Select(i => (i.entry.FileName, i.segments.Sum(s => s.Length))).ToList(), progress, "Checking manifest digests");
        var results = new VerifiedDigest[items.Count];
        await BoundedParallel.ForEachAsync(items, Math.Max(1, Math.Min(options.MaxParallelFiles, Environment.ProcessorCount)), async (item, index, token) =>
        {
            tracker.SetState(index, FileTransferState.Running);
            using var hash = DigestAlgorithms.Create(item.entry.Algorithm);
            using var stream = new SegmentReadStream(item.segments, 0);
            var buffer = TransferBuffers.Rent(options.BufferSize);
            long done = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                done += n;
                tracker.Set(index, done);
            }
            TransferBuffers.Return(buffer);
            var actual = DigestAlgorithms.ToHex(hash.GetHashAndReset());
            if (!string.Equals(actual, item.entry.Digest, StringComparison.OrdinalIgnoreCase))
            {
                tracker.SetState(index, FileTransferState.Failed);
                throw new OvfPackageException("ManifestDigestMismatch",
                    $"'{item.entry.FileName}' does not match the manifest: its {item.entry.Algorithm} is {actual}, the manifest says {item.entry.Digest}. The package is corrupt or was modified; nothing was uploaded.",
                    item.entry.FileName);
            }
            results[index] = new VerifiedDigest(item.entry.FileName, item.entry.Algorithm, actual);
            tracker.SetState(index, FileTransferState.Completed);
        }, ct).ConfigureAwait(false);
        tracker.Complete();
        var listed = new HashSet<string>(manifest.Entries.Select(e => e.FileName), StringComparer.Ordinal);
        var unlisted = package.Files.Where(f => !listed.Contains(f.Href) && !(f.Reference.ChunkSize.HasValue && listed.Contains(f.Href + ".000000000")))
            .Select(f => f.Href).ToList();
        return new PackageVerification(results, unlisted);
    }
}
