using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Core.Transfer;

public sealed class UploadResult
{
    public UploadResult(long bytes, string? sha256, int resumes) { Bytes = bytes; Sha256 = sha256; Resumes = resumes; }
    public long Bytes { get; }
    /// <summary>Digest of the bytes read from the source while sending: SHA-256 unless another algorithm was asked for.</summary>
    public string? Sha256 { get; }
    /// <summary>Times the upload continued from the server's <c>bytesTransferred</c> after a failure.</summary>
    public int Resumes { get; }
}

/// <summary>Uploads one file to a vCD transfer URL as sequential <c>PUT</c>s with
/// <c>Content-Range: bytes start-end/total</c>. After a dropped connection, a 5xx or a 416 (the transfer server
/// only accepts data starting at the last byte it stored) it asks the server how many bytes it holds and continues
/// from there. With a check before the tail (<see cref="VerifiedUpload"/>) the last block is held back until the
/// digest of everything before it and of the block itself passes the check.</summary>
public sealed class ChunkedUploader
{
    private readonly ITransferHttp _http;
    private readonly TransferOptions _options;

    public ChunkedUploader(ITransferHttp http, TransferOptions options) { _http = http; _options = options; }

    /// <param name="openAt">Opens the source positioned at an offset.</param>
    /// <param name="serverOffset">Asks the server how many bytes of this file it has stored (vCD: the
    /// <c>bytesTransferred</c> of the File in the entity's <c>Files</c>); null when it cannot tell.</param>
    /// <param name="startOffset">Where to start (resume of an upload begun earlier).</param>
    public Task<UploadResult> UploadAsync(Uri target, Func<long, Stream> openAt, long size,
        Func<CancellationToken, Task<long?>>? serverOffset, long startOffset, Action<long>? onPosition, CancellationToken ct)
        => UploadAsync(target, openAt, size, serverOffset, startOffset, onPosition, "SHA256", null, ct);

    /// <param name="algorithm">Digest computed from the bytes sent (SHA1, SHA256, SHA512).</param>
    /// <param name="verifyBeforeTail">When set, the last block of the file (at most one buffer) is held back: it
    /// is read and hashed, then this check gets the whole file's digest and must return before the block is sent
    /// (a server completes a file only when it has every byte, so a file that fails the check never completes).</param>
    internal async Task<UploadResult> UploadAsync(Uri target, Func<long, Stream> openAt, long size,
        Func<CancellationToken, Task<long?>>? serverOffset, long startOffset, Action<long>? onPosition,
        string algorithm, Func<string, Task>? verifyBeforeTail, CancellationToken ct)
    {
        using var digest = new RunningDigest(algorithm);
        // Bytes the server already holds are hashed from the source so the digest still covers the whole file.
        await digest.CatchUpAsync(openAt, Math.Min(startOffset, size), _options.BufferSize, ct).ConfigureAwait(false);
        if (size == 0)
        {
            if (verifyBeforeTail != null) await verifyBeforeTail(digest.Finish(0)!).ConfigureAwait(false);
            await UploadEmptyAsync(target, ct).ConfigureAwait(false);
            return new UploadResult(0, digest.Finish(0), 0);
        }

        var holdBack = verifyBeforeTail != null;
        var tailStart = size - Math.Min(size, Math.Min(_options.BufferSize, _options.ChunkSize));
        byte[]? tail = null;          // the held-back bytes [tailOffset, size), read and hashed once
        long tailOffset = size;
        long offset = Math.Min(startOffset, size);
        int resumes = 0;
        var retries = _http.Retry.Start();
        var sendBuffer = TransferBuffers.Rent(_options.BufferSize);
        try
        {
        while (offset < size)
        {
            ct.ThrowIfCancellationRequested();
            if (holdBack && tail == null && offset >= tailStart)
            {
                await digest.CatchUpAsync(openAt, offset, _options.BufferSize, ct).ConfigureAwait(false);
                tail = await ReadExactlyAsync(openAt, offset, (int)(size - offset), ct).ConfigureAwait(false);
                tailOffset = offset;
                digest.Append(offset, tail, 0, tail.Length);
                await verifyBeforeTail!(digest.Finish(size)!).ConfigureAwait(false);
            }
            var fromTail = tail != null && offset >= tailOffset;
            var length = fromTail ? size - offset : Math.Min(_options.ChunkSize, size - offset);
            if (holdBack && tail == null) length = Math.Min(length, tailStart - offset);
            var chunkStart = offset;
            try
            {
                using var response = await _http.SendAsync(() =>
                {
                    HttpContent content = fromTail
                        ? new ByteArrayContent(tail!, (int)(chunkStart - tailOffset), (int)length)
                        : new ChunkContent(openAt, chunkStart, length, sendBuffer, (at, buffer, count) =>
                        {
                            digest.Append(at, buffer, 0, count);
                            onPosition?.Invoke(at + count);
                        });
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                    content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(chunkStart, chunkStart + length - 1, size);
                    return new HttpRequestMessage(HttpMethod.Put, target) { Content = content };
                }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);

                var status = (int)response.StatusCode;
                if (status == 416) throw new RetryableStatusException(416, "HTTP 416: the transfer server expects data from another offset");
                if (TransientErrors.Retryable(response) is { } retryable) throw retryable;
                if (status < 200 || status > 299)
                    throw new TransferException(status == 401 || status == 403 ? "UploadForbidden" : "UploadFailed",
                        $"PUT {target.AbsolutePath} (bytes {chunkStart}-{chunkStart + length - 1}/{size}) answered HTTP {status} {response.ReasonPhrase}.", status);
                offset = chunkStart + length;
                retries.Reset();
                onPosition?.Invoke(offset);
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex, ct))
            {
                // A failed request's body may still be draining into its dead connection: never share its buffer.
                sendBuffer = new byte[_options.BufferSize];
                var delay = retries.Next(TransientErrors.Classify(ex), idempotent: true, TransientErrors.RetryAfter(ex));
                if (delay == null)
                    throw new TransferException(ex is RetryableStatusException { StatusCode: 416 } ? "UploadRangeRejected" : "UploadFailed",
                        $"Uploading to {target.AbsolutePath} failed at byte {offset} of {size} ({retries.Describe()}): {ex.Message}",
                        (ex as RetryableStatusException)?.StatusCode, ex);
                await retries.WaitAsync(delay.Value, ct).ConfigureAwait(false);
                long? stored = null;
                if (serverOffset != null)
                {
                    try { stored = await serverOffset(ct).ConfigureAwait(false); }
                    catch (Exception qex) when (TransientErrors.IsTransient(qex, ct)) { stored = null; }
                }
                if (stored.HasValue && stored.Value >= 0 && stored.Value <= size && (!holdBack || tail != null || stored.Value <= tailStart))
                {
                    offset = stored.Value;
                    resumes++;
                }
                else if (ex is RetryableStatusException { StatusCode: 416 })
                {
                    throw new TransferException("UploadRangeRejected",
                        $"The transfer server refused bytes {chunkStart}-{chunkStart + length - 1} of {target.AbsolutePath} (416) and did not report how many bytes it holds.", 416, ex);
                }
                onPosition?.Invoke(offset);
            }
        }
        }
        finally { TransferBuffers.Return(sendBuffer); }
        if (holdBack && tail == null)
        {   // The server held the whole file before this run: check what it holds all the same.
            await digest.CatchUpAsync(openAt, size, _options.BufferSize, ct).ConfigureAwait(false);
            await verifyBeforeTail!(digest.Finish(size)!).ConfigureAwait(false);
        }
        return new UploadResult(size, digest.Finish(size), resumes);
    }

    private static async Task<byte[]> ReadExactlyAsync(Func<long, Stream> openAt, long offset, int count, CancellationToken ct)
    {
        var data = new byte[count];
        using var s = openAt(offset);
        int got = 0;
        while (got < count)
        {
            var n = await s.ReadAsync(data, got, count - got, ct).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException($"The source ended at byte {offset + got}, before byte {offset + count}.");
            got += n;
        }
        return data;
    }

    private async Task UploadEmptyAsync(Uri target, CancellationToken ct)
    {
        using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(Array.Empty<byte>()) },
            HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new TransferException("UploadFailed", $"PUT {target.AbsolutePath} (empty file) answered HTTP {(int)response.StatusCode}.", (int)response.StatusCode);
    }
}
