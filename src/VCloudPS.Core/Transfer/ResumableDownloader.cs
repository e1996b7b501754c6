using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Core.Transfer;

public sealed class DownloadResult
{
    public DownloadResult(long bytes, string sha256, int resumes) { Bytes = bytes; Sha256 = sha256; Resumes = resumes; }
    public long Bytes { get; }
    /// <summary>Lower-case hex SHA-256 of exactly the bytes written.</summary>
    public string Sha256 { get; }
    /// <summary>How many times the download continued with <c>Range</c> after a dropped connection.</summary>
    public int Resumes { get; }
}

/// <summary>Streams one URL into a destination stream, hashing (SHA-256) the same buffer on the way, and continues
/// with <c>Range: bytes=N-</c> after a dropped connection or a 5xx. Never holds more than one buffer.</summary>
public sealed class ResumableDownloader
{
    private readonly ITransferHttp _http;
    private readonly TransferOptions _options;

    public ResumableDownloader(ITransferHttp http, TransferOptions options) { _http = http; _options = options; }

    /// <param name="destination">Written from its current position. If seekable, a server that ignores Range is
    /// handled by rewinding; otherwise the already-written prefix of the full response is skipped.</param>
    /// <param name="expectedSize">Declared size (<c>ovf:size</c>); more or fewer bytes is an error.</param>
    /// <param name="onPosition">Called with the number of bytes of this file written so far.</param>
    /// <param name="maxBytes">Without a declared size: the most the file may have (e.g. the disk's capacity);
    /// a server that sends more is refused.</param>
    public async Task<DownloadResult> DownloadAsync(Uri source, Stream destination, long? expectedSize, Action<long>? onPosition, CancellationToken ct,
        long? maxBytes = null)
    {
        var name = Path.GetFileName(source.AbsolutePath);
        var start = destination.CanSeek ? destination.Position : 0;
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = TransferBuffers.Rent(_options.BufferSize);
        var spare = TransferBuffers.Rent(_options.BufferSize);
        long written = 0;
        int resumes = 0;
        var retries = _http.Retry.Start();
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                HttpResponseMessage? response = null;
                try
                {
                    var from = written;
                    if (from > 0) resumes++;
                    response = await _http.SendAsync(() =>
                    {
                        var r = new HttpRequestMessage(HttpMethod.Get, source);
                        if (from > 0) r.Headers.Range = new RangeHeaderValue(from, null);
                        return r;
                    }, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);

                    var status = (int)response.StatusCode;
                    if (status == 416 && expectedSize == written) break;
                    if (TransientErrors.Retryable(response) is { } retryable) throw retryable;
                    if (status < 200 || status > 299)
                        throw new TransferException(status == 401 || status == 403 ? "DownloadForbidden" : "DownloadFailed",
                            $"GET {source.AbsolutePath} answered HTTP {status} {response.ReasonPhrase}.", status);

                    long skip = 0;
                    if (from > 0)
                    {
                        if (response.StatusCode == HttpStatusCode.PartialContent)
                        {
                            var cr = response.Content.Headers.ContentRange;
                            if (cr?.From != from)
                                throw new TransferException("DownloadRangeMismatch", $"GET {source.AbsolutePath} with Range {from}- answered a range starting at {cr?.From}.", status);
                        }
                        else if (destination.CanSeek)
                        {
                            destination.Position = start;
                            hash.Dispose(); hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                            written = 0; onPosition?.Invoke(0);
                        }
                        else skip = from;
                    }
                    var contentLength = response.Content.Headers.ContentLength;
                    if (expectedSize.HasValue && contentLength.HasValue)
                    {
                        var total = response.StatusCode == HttpStatusCode.PartialContent ? written + contentLength.Value : contentLength.Value;
                        if (total != expectedSize.Value) throw SizeMismatch(source, expectedSize.Value, total);
                    }

                    long received = 0;
                    bool pendingFailure = false;   // a read failed after some bytes arrived: keep them, then resume
                    // Two buffers: while one is hashed and written (stage), the next is read from the socket.
                    Task? stage = null;
                    Exception? readFailure = null;
                    using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    try
                    {
                        var ended = false;
                        while (!ended)
                        {
                            // Fill the whole buffer before hashing and writing: fewer, larger writes and hash calls
                            // (a socket read returns whatever has arrived, often 64 KiB).
                            int n = 0;
                            while (n < buffer.Length)
                            {
                                int r;
                                // The pipeline's body stream ends a read that waits too long (ResponseStalled).
                                try { r = await body.ReadAsync(buffer, n, buffer.Length - n, ct).ConfigureAwait(false); }
                                catch (Exception ex) when (!ct.IsCancellationRequested)
                                {
                                    var failure = IsStall(ex)
                                        ? new TransferStalledException($"'{name}' stalled after {from + received + n} of {(expectedSize.HasValue ? expectedSize.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} bytes: {ex.Message}", ex)
                                        : ex;
                                    if (n == 0 && failure == ex) throw;
                                    if (n == 0) throw failure;
                                    readFailure = failure; ended = true; pendingFailure = true; break;
                                }
                                if (r == 0) { ended = true; break; }
                                n += r;
                            }
                            if (n == 0) break;
                            received += n;
                            int offset = 0;
                            if (skip > 0)
                            {
                                var s = (int)Math.Min(skip, n);
                                skip -= s; offset = s;
                                if (offset == n) continue;
                            }
                            var count = n - offset;
                            if (stage != null) { var previous = stage; stage = null; await previous.ConfigureAwait(false); }
                            if (expectedSize.HasValue && written + count > expectedSize.Value)
                                throw SizeMismatch(source, expectedSize.Value, written + count, larger: true);
                            if (!expectedSize.HasValue && maxBytes.HasValue && written + count > maxBytes.Value)
                                throw new TransferException("DownloadTooLarge",
                                    $"'{name}' has no declared size and the server sent more than its disk's capacity ({maxBytes.Value} bytes); the download was stopped.");
                            var block = buffer; var blockOffset = offset;
                            var blockHash = hash;
                            stage = Task.Run(async () =>
                            {
                                blockHash.AppendData(block, blockOffset, count);
                                try { await destination.WriteAsync(block, blockOffset, count, ct).ConfigureAwait(false); }
                                catch (IOException ex) { throw new DestinationWriteException(ex); }
                                written += count;
                                retries.Reset();
                                onPosition?.Invoke(written);
                            });
                            var swap = buffer; buffer = spare; spare = swap;
                        }
                        if (stage != null) { var last = stage; stage = null; await last.ConfigureAwait(false); }
                    }
                    finally
                    {
                        // Never leave a write running into the destination when this attempt ends early: the
                        // retry continues from `written`, which the stage updates. The first failure wins.
                        if (stage != null) { try { await stage.ConfigureAwait(false); } catch (Exception) { } }
                    }
                    if (pendingFailure)
                        throw readFailure is TransferStalledException ? readFailure : new IOException($"connection dropped after {received} bytes of the response", readFailure);
                    if (contentLength.HasValue && received < contentLength.Value)
                        throw new IOException($"connection closed after {received} of {contentLength.Value} bytes");
                    if (expectedSize.HasValue && written < expectedSize.Value)
                        throw SizeMismatch(source, expectedSize.Value, written);
                    break;
                }
                catch (Exception ex) when (TransientErrors.IsTransient(ex, ct))
                {
                    var delay = retries.Next(TransientErrors.Classify(ex), idempotent: true, TransientErrors.RetryAfter(ex));
                    if (delay == null)
                        throw new TransferException(ex is TransferStalledException ? "DownloadStalled" : "DownloadFailed",
                            $"Downloading '{name}' ({source.AbsolutePath}) failed at byte {written}{(expectedSize.HasValue ? " of " + expectedSize.Value : "")} ({retries.Describe()}): {ex.Message}", (ex as RetryableStatusException)?.StatusCode, ex);
                    await retries.WaitAsync(delay.Value, ct).ConfigureAwait(false);
                }
                finally
                {
                    response?.Dispose();
                }
            }
            return new DownloadResult(written, DigestAlgorithms.ToHex(hash.GetHashAndReset()), Math.Max(0, resumes));
        }
        catch (DestinationWriteException ex)
        {
            throw new TransferException("DownloadWriteFailed", $"Writing the download of {source.AbsolutePath} to disk failed: {ex.InnerException?.Message}", null, ex.InnerException);
        }
        finally
        {
            hash.Dispose();
            TransferBuffers.Return(buffer);
            TransferBuffers.Return(spare);
        }
    }

    private static bool IsStall(Exception ex)
    {
        for (var e = ex; e != null; e = e.InnerException)
            if (e is VCloudException { ErrorId: "ResponseStalled" }) return true;
        return false;
    }

    private static TransferException SizeMismatch(Uri source, long expected, long actual, bool larger = false)
        => new TransferException("DownloadSizeMismatch",
            $"{Path.GetFileName(source.AbsolutePath)}: the server sent {(larger || actual > expected ? "more" : "fewer")} bytes than the descriptor declares ({(larger ? "more than " : "")}{actual} instead of {expected}).");
}
