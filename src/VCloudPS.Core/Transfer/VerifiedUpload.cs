using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Where a <see cref="VerifiedUpload"/> sends a file: a vCD transfer URL, and how to ask the server how
/// much of the file it holds (for resuming after a dropped connection).</summary>
public sealed class UploadTarget
{
    public UploadTarget(Uri url, string name) { Url = url; Name = name; }
    public Uri Url { get; }
    /// <summary>The file's name in messages (e.g. the package href).</summary>
    public string Name { get; }
    /// <summary>The server's <c>bytesTransferred</c> for this file; null when it cannot tell.</summary>
    public Func<CancellationToken, Task<long?>>? ServerOffset { get; set; }
    /// <summary>Bytes the server already holds from an earlier attempt (they are hashed, not sent).</summary>
    public long StartOffset { get; set; }
    /// <summary>Called with the number of bytes the server holds, as the upload advances.</summary>
    public Action<long>? OnPosition { get; set; }
    /// <summary>An extra check that must pass before the held-back last block is sent (it gets the computed
    /// digest): e.g. the digest of the compressed file a decompressing source has just finished reading.</summary>
    public Func<string, Task>? CheckBeforeTail { get; set; }
    /// <summary>Set by the upload: times it continued from the server's byte count after a failure.</summary>
    public int Resumes { get; internal set; }
}

/// <summary>Uploads one file and proves it while sending: every byte is read and hashed once, and the file's last
/// block is held back until the digest of all its bytes equals the expected one. vCD completes an upload only
/// when every file reached its declared size, so a file that does not match is never completed; the caller then
/// cancels the upload and removes what it created. Used by Import-VApp and by streaming moves (export → import).</summary>
public sealed class VerifiedUpload
{
    private readonly ChunkedUploader _uploader;
    private readonly ChunkedUploader _forwardOnlyUploader;
    private readonly TransferOptions _options;
    private readonly long _forwardOnlyChunk;

    public VerifiedUpload(ITransferHttp http, TransferOptions? options = null)
    {
        _options = options ?? new TransferOptions();
        _uploader = new ChunkedUploader(http, _options);
        _forwardOnlyChunk = Math.Max(1, Math.Min(_options.ChunkSize, _options.ForwardOnlyChunkSize));
        _forwardOnlyUploader = new ChunkedUploader(http, _options.WithChunkSize(_forwardOnlyChunk));
    }

    /// <summary>Sends <paramref name="source"/> (read from its current position when it cannot seek, from 0
    /// when it can) and returns its SHA-256 (lower-case hex). A source that cannot seek is sent in chunks of
    /// <see cref="TransferOptions.ForwardOnlyChunkSize"/> and keeps the last one in memory so it can be sent again
    /// after a failure.</summary>
    /// <param name="expectedSha256">The digest the bytes must have, or null to only compute it.</param>
    /// <exception cref="DigestMismatchException">The bytes do not have the expected digest; the last block was not sent.</exception>
    public async Task<string> UploadAsync(Stream source, long size, string? expectedSha256, UploadTarget target, CancellationToken ct)
    {
        if (source == null) throw new ArgumentNullException(nameof(source));
        if (source.CanSeek)
        {
            using var seekable = new SeekableSource(source);
            return await UploadAsync(_uploader, seekable.OpenAt, size, "SHA256", expectedSha256, target, ct).ConfigureAwait(false);
        }
        using var forwardOnly = new ForwardOnlySource(source, checked((int)Math.Min(int.MaxValue, _forwardOnlyChunk + _options.BufferSize)));
        return await UploadAsync(_forwardOnlyUploader, forwardOnly.OpenAt, size, "SHA256", expectedSha256, target, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a source that can be opened at any offset (files, OVA members); <paramref name="algorithm"/>
    /// is SHA256, SHA1 or SHA512 (what a manifest names).</summary>
    public Task<string> UploadAsync(Func<long, Stream> openAt, long size, string algorithm, string? expectedDigest,
        UploadTarget target, CancellationToken ct)
        => UploadAsync(_uploader, openAt, size, algorithm, expectedDigest, target, ct);

    private static async Task<string> UploadAsync(ChunkedUploader uploader, Func<long, Stream> openAt, long size, string algorithm, string? expectedDigest,
        UploadTarget target, CancellationToken ct)
    {
        Func<string, Task>? check = null;
        if (expectedDigest != null || target.CheckBeforeTail != null)
        {
            check = async actual =>
            {
                if (expectedDigest != null && !string.Equals(actual, expectedDigest, StringComparison.OrdinalIgnoreCase))
                    throw new DigestMismatchException(target.Name, algorithm, expectedDigest.ToLowerInvariant(), actual);
                if (target.CheckBeforeTail != null) await target.CheckBeforeTail(actual).ConfigureAwait(false);
            };
        }
        var result = await uploader.UploadAsync(target.Url, openAt, size, target.ServerOffset, target.StartOffset, target.OnPosition,
            algorithm, check, ct).ConfigureAwait(false);
        target.Resumes = result.Resumes;
        return result.Sha256 ?? throw new InvalidOperationException($"'{target.Name}' was sent without every byte being hashed.");
    }
}

/// <summary>A file's bytes do not have the digest they should: nothing of its last block was sent.</summary>
public sealed class DigestMismatchException : VCloudException
{
    public DigestMismatchException(string fileName, string algorithm, string expected, string actual)
        : base(VCloudErrorKind.Validation, "DigestMismatch",
            $"'{fileName}' is corrupt: its {algorithm} is {actual}, expected {expected}. Its last block was not sent, so the server never completed it.")
    {
        FileName = fileName; Algorithm = algorithm; Expected = expected; Actual = actual;
    }
    public string FileName { get; }
    public string Algorithm { get; }
    public string Expected { get; }
    public string Actual { get; }
}
