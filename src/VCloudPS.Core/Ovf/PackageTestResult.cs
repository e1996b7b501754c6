using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Ovf;

/// <summary>The verdict on a local OVF/OVA package: structure, sizes and manifest digests, checked offline.</summary>
public sealed class PackageTestResult
{
    public string Path { get; internal set; } = "";
    public string Format { get; internal set; } = "";
    public bool IsValid { get; internal set; }
    /// <summary>Stable id of the first problem found (e.g. ManifestDigestMismatch), or null when valid.</summary>
    public string? ErrorId { get; internal set; }
    public string? Problem { get; internal set; }
    /// <summary>
    /// Files of the package besides its manifest: the descriptor and every file it references. The same count as
    /// Export-VApp's Files, and as Verified when the manifest lists them all.
    /// </summary>
    public int FileCount { get; internal set; }
    public long TotalBytes { get; internal set; }
    public bool HasManifest { get; internal set; }
    public IReadOnlyList<VerifiedDigest> Verified { get; internal set; } = Array.Empty<VerifiedDigest>();
    /// <summary>Referenced files the manifest does not list: present with the right size, but not verifiable.</summary>
    public IReadOnlyList<string> UnlistedFiles { get; internal set; } = Array.Empty<string>();

    /// <summary>Opens the package and checks everything a import checks before sending a byte. Problems with the
    /// package are the verdict (IsValid false), not exceptions; cancellation and I/O failures still throw.</summary>
    public static async Task<PackageTestResult> TestAsync(string path, TransferOptions options,
        IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var result = new PackageTestResult { Path = path };
        try
        {
            var package = OvfPackage.Open(path);
            result.Format = package.Format.ToString().ToUpperInvariant();
            result.FileCount = package.Files.Count + 1;
            result.TotalBytes = package.TotalBytes;
            result.HasManifest = package.Manifest != null;
            var verification = await OvfPackageVerifier.VerifyAsync(package, options, progress, ct).ConfigureAwait(false);
            result.Verified = verification.Digests;
            result.UnlistedFiles = verification.UnlistedFiles;
            result.IsValid = true;
        }
        catch (OvfPackageException ex) when (ex.ErrorId != "PackageNotFound")
        {
            result.ErrorId = ex.ErrorId;
            result.Problem = ex.Message;
        }
        return result;
    }
}
