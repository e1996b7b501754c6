using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>How one file crossed.</summary>
public sealed class RelayedFile
{
    public RelayedFile(string name, long size, string sha256, long bytesSent, int resumes, bool verifiedAgainstSource)
    {
        Name = name; Size = size; Sha256 = sha256; BytesSent = bytesSent; Resumes = resumes; VerifiedAgainstSource = verifiedAgainstSource;
    }
    public string Name { get; }
    public long Size { get; }
    /// <summary>SHA-256 of every byte read from the source (lower-case hex).</summary>
    public string Sha256 { get; }
    /// <summary>Bytes written to the destination in this run (less than Size after a resume).</summary>
    public long BytesSent { get; }
    public int Resumes { get; }
    /// <summary>True when the digest was compared with one the source published (its manifest).</summary>
    public bool VerifiedAgainstSource { get; }
    public override string ToString() => Name;
}

/// <summary>Streams one file from a source cloud into a destination cloud, never to disk: the source's download
/// (continued with <c>Range</c> after a dropped connection) is the forward-only input of a
/// <see cref="VerifiedUpload"/>, which hashes every byte once, keeps only the chunk in flight, continues from the
/// destination's byte count after a failed write, and holds the last block back until the digest matches the
/// expected one (or, when the source publishes none, just computes it).</summary>
public sealed class CrossCloudRelay
{
    private readonly RetryPolicy _sourceRetry;
    private readonly VerifiedUpload _upload;

    /// <param name="sourceRetry">Backoff and limits for reconnecting to the source (its connection's policy).</param>
    public CrossCloudRelay(ITransferHttp destinationHttp, TransferOptions options, RetryPolicy sourceRetry)
    {
        _sourceRetry = sourceRetry;
        _upload = new VerifiedUpload(destinationHttp, options);
    }

    /// <param name="target">The destination file; its <see cref="UploadTarget.StartOffset"/> (bytes kept from an
    /// interrupted run) are read and hashed but not sent again.</param>
    public async Task<RelayedFile> RelayAsync(IRelaySource source, UploadTarget target, long size, ExpectedDigest? expected, CancellationToken ct)
    {
        using var input = new ReconnectingSourceStream(source, _sourceRetry, ct) { ExpectedLength = size };
        // Only a SHA-256 manifest entry is compared on the way (vCD publishes none; older SHA-1 ones are reported unverified).
        var sha256 = expected != null && string.Equals(expected.Algorithm, "SHA256", StringComparison.OrdinalIgnoreCase) ? expected.Hex : null;
        var digest = await _upload.UploadAsync(input, size, sha256, target, ct).ConfigureAwait(false);
        return new RelayedFile(source.Name, size, digest, size - target.StartOffset, target.Resumes + input.Reconnects, sha256 != null);
    }
}

/// <summary>A forward-only read of a source that reopens it at the current offset after a dropped connection.</summary>
internal sealed class ReconnectingSourceStream : Stream
{
    private readonly IRelaySource _source;
    private readonly RetryBudget _retries;
    private readonly CancellationToken _ct;
    private Stream? _stream;
    private long _position;

    public ReconnectingSourceStream(IRelaySource source, RetryPolicy retry, CancellationToken ct) { _source = source; _retries = retry.Start(); _ct = ct; }
    public int Reconnects { get; private set; }
    /// <summary>The file's size: a stream ending before it is a dropped connection, not the end of the file.</summary>
    public long ExpectedLength { get; set; } = long.MaxValue;

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_ct, cancellationToken);
        var ct = linked.Token;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (_stream == null) _stream = await _source.OpenAsync(_position, ct).ConfigureAwait(false);
                var n = await _stream.ReadAsync(buffer, offset, count, ct).ConfigureAwait(false);
                if (n == 0 && count > 0 && _position < ExpectedLength)
                    throw new IOException($"the source closed the connection after {_position} bytes");
                _position += n;
                if (n > 0 && _retries.Failures > 0) _retries.Reset();   // limits count failures in a row without progress
                return n;
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex, ct))
            {
                _stream?.Dispose(); _stream = null;
                var delay = _retries.Next(TransientErrors.Classify(ex), idempotent: true, TransientErrors.RetryAfter(ex));
                if (delay == null)
                    throw new TransferException("DownloadFailed", $"Reading '{_source.Name}' from the source failed at byte {_position} ({_retries.Describe()}): {ex.Message}", (ex as RetryableStatusException)?.StatusCode, ex);
                Reconnects++;
                await _retries.WaitAsync(delay.Value, ct).ConfigureAwait(false);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) { _stream?.Dispose(); _stream = null; } base.Dispose(disposing); }
}
