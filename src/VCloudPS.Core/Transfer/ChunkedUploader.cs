using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Core.Transfer
{
    public sealed class UploadResult
    {
        public UploadResult(long bytes, string? sha256, int resumes) { Bytes = bytes; Sha256 = sha256; Resumes = resumes; }
        public long Bytes { get; }
        /// <summary>SHA-256 of the bytes read from the source while sending (null for an empty file).</summary>
        public string? Sha256 { get; }
        /// <summary>Times the upload continued from the server's <c>bytesTransferred</c> after a failure.</summary>
        public int Resumes { get; }
    }

    /// <summary>Uploads one file to a vCD transfer URL as sequential <c>PUT</c>s with
    /// <c>Content-Range: bytes start-end/total</c>. After a dropped connection, a 5xx or a 416 (the transfer server
    /// only accepts data starting at the last byte it stored) it asks the server how many bytes it holds and continues
    /// from there.</summary>
    public sealed class ChunkedUploader
    {
        private readonly ITransferHttp _http;
        private readonly TransferOptions _options;

        public ChunkedUploader(ITransferHttp http, TransferOptions options) { _http = http; _options = options; }

        /// <param name="openAt">Opens the source positioned at an offset.</param>
        /// <param name="serverOffset">Asks the server how many bytes of this file it has stored (vCD: the
        /// <c>bytesTransferred</c> of the File in the entity's <c>Files</c>); null when it cannot tell.</param>
        /// <param name="startOffset">Where to start (resume of an upload begun earlier).</param>
        public async Task<UploadResult> UploadAsync(Uri target, Func<long, Stream> openAt, long size,
            Func<CancellationToken, Task<long?>>? serverOffset, long startOffset, Action<long>? onPosition, CancellationToken ct)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long hashedUpTo = 0;
            var hashGate = new object();
            if (startOffset > 0)
            {   // Bytes the server already holds are hashed from the source so the digest still covers the whole file.
                using var s = openAt(0);
                var buf = TransferBuffers.Rent(_options.BufferSize);
                while (hashedUpTo < startOffset)
                {
                    var n = await s.ReadAsync(buf, 0, (int)Math.Min(buf.Length, startOffset - hashedUpTo), ct).ConfigureAwait(false);
                    if (n == 0) break;
                    hash.AppendData(buf, 0, n); hashedUpTo += n;
                }
                TransferBuffers.Return(buf);
            }

            long offset = startOffset;
            int resumes = 0;
            var retries = _http.Retry.Start();
            if (size == 0) return await UploadEmptyAsync(target, ct).ConfigureAwait(false);
            var sendBuffer = TransferBuffers.Rent(_options.BufferSize);
            try
            {
            while (offset < size)
            {
                ct.ThrowIfCancellationRequested();
                var length = Math.Min(_options.ChunkSize, size - offset);
                var chunkStart = offset;
                try
                {
                    using var response = await _http.SendAsync(() =>
                    {
                        var content = new ChunkContent(openAt, chunkStart, length, sendBuffer, (at, buffer, count) =>
                        {
                            lock (hashGate)
                            {   // Each source byte enters the hash once, in order, even when a chunk is sent again.
                                var end = at + count;
                                if (end > hashedUpTo && at <= hashedUpTo)
                                {
                                    var skip = (int)(hashedUpTo - at);
                                    hash.AppendData(buffer, skip, count - skip);
                                    hashedUpTo = end;
                                }
                            }
                            onPosition?.Invoke(at + count);
                        });
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
                    if (stored.HasValue && stored.Value >= 0 && stored.Value <= size)
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
            string? digest;
            lock (hashGate) digest = hashedUpTo == size ? DigestAlgorithms.ToHex(hash.GetHashAndReset()) : null;
            return new UploadResult(size, digest, resumes);
        }

        private async Task<UploadResult> UploadEmptyAsync(Uri target, CancellationToken ct)
        {
            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(Array.Empty<byte>()) },
                HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new TransferException("UploadFailed", $"PUT {target.AbsolutePath} (empty file) answered HTTP {(int)response.StatusCode}.", (int)response.StatusCode);
            using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            return new UploadResult(0, DigestAlgorithms.ToHex(h.GetHashAndReset()), 0);
        }
    }
}
