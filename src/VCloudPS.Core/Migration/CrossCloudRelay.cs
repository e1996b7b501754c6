using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration
{
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
        /// <summary>True when the digest was compared with one the source published (manifest or an earlier run).</summary>
        public bool VerifiedAgainstSource { get; }
        public override string ToString() => Name;
    }

    /// <summary>Streams one file from a source cloud into a destination cloud through a bounded buffer (two chunks:
    /// one being read and hashed, one being sent), never to disk. Every byte read is hashed once, in order. The last
    /// chunk is held back until the whole file's digest is known and matches the expected one, so the destination
    /// never completes a file of corrupt data. A dropped source connection continues with <c>Range</c>; a failed
    /// write continues from the destination's stored byte count (the chunk is still in memory).</summary>
    public sealed class CrossCloudRelay
    {
        private readonly TransferOptions _options;
        private readonly int _chunkSize;

        public CrossCloudRelay(TransferOptions options, int chunkSize = 8 * 1024 * 1024)
        {
            _options = options;
            _chunkSize = (int)Math.Max(64 * 1024, Math.Min(chunkSize, Math.Min(options.ChunkSize, int.MaxValue)));
        }

        /// <param name="resume">Ask the destination how many bytes it holds first and send only the rest (the
        /// prefix is still read and hashed, so the digest covers the whole file).</param>
        public async Task<RelayedFile> RelayAsync(IRelaySource source, IRelayTarget target, long size, ExpectedDigest? expected,
            bool resume, Action<long>? onPosition, CancellationToken ct)
        {
            long stored = 0;
            if (resume) stored = Math.Max(0, Math.Min(size, await target.StoredBytesAsync(ct).ConfigureAwait(false) ?? 0));

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var reader = new SourceReader(source, _options, ct);
            var chunk = (int)Math.Min(_chunkSize, Math.Max(1, size));
            var current = new byte[chunk];
            var spare = new byte[chunk];
            long position = 0, sent = 0;
            int resumes = 0;
            Task<(long sent, int resumes)>? sending = null;
            try
            {
                if (size == 0)
                {
                    var empty = DigestAlgorithms.ToHex(hash.GetHashAndReset());
                    Check(source.Name, empty, expected);
                    await target.WriteAsync(0, current, 0, 0, 0, ct).ConfigureAwait(false);
                    return new RelayedFile(source.Name, 0, empty, 0, 0, expected != null);
                }
                string? digest = null;
                while (position < size)
                {
                    var n = (int)Math.Min(chunk, size - position);
                    await reader.FillAsync(current, n, position).ConfigureAwait(false);
                    hash.AppendData(current, 0, n);
                    var start = position;
                    position += n;
                    if (sending != null) { var r = await sending.ConfigureAwait(false); sent += r.sent; resumes += r.resumes; sending = null; }
                    if (position == size)
                    {   // Held back: the last chunk goes out only if the whole file is what the source says it is.
                        digest = DigestAlgorithms.ToHex(hash.GetHashAndReset());
                        Check(source.Name, digest, expected);
                    }
                    if (start + n > stored)
                        sending = SendChunkAsync(target, current, start, n, size, Math.Max(start, stored), source.Name, ct);
                    onPosition?.Invoke(position);
                    var swap = current; current = spare; spare = swap;
                }
                if (sending != null) { var r = await sending.ConfigureAwait(false); sent += r.sent; resumes += r.resumes; sending = null; }
                return new RelayedFile(source.Name, size, digest!, sent, resumes + reader.Reconnects, expected != null);
            }
            finally
            {
                if (sending != null) { try { await sending.ConfigureAwait(false); } catch (Exception) { } }
                reader.Dispose();
            }
        }

        private static void Check(string name, string digest, ExpectedDigest? expected)
        {
            if (expected == null || !string.Equals(expected.Algorithm, "SHA256", StringComparison.OrdinalIgnoreCase)) return;
            if (!string.Equals(expected.Hex, digest, StringComparison.OrdinalIgnoreCase))
                throw new VCloudException(VCloudErrorKind.Validation, "RelayDigestMismatch",
                    $"'{name}' arrived from the source with SHA-256 {digest}, but {expected.Origin} says {expected.Hex.ToLowerInvariant()}. " +
                    "Its last chunk was not sent, so the destination never completed the file. The source sent corrupt data: check the source cloud's storage and try again.");
        }

        /// <summary>Writes bytes [from, start+count) of the chunk, continuing from the destination's byte count after a failure.</summary>
        private async Task<(long sent, int resumes)> SendChunkAsync(IRelayTarget target, byte[] buffer, long start, int count, long total,
            long from, string name, CancellationToken ct)
        {
            int failures = 0, resumes = 0;
            long sent = 0;
            var end = start + count;
            while (from < end)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    await target.WriteAsync(from, buffer, (int)(from - start), (int)(end - from), total, ct).ConfigureAwait(false);
                    sent += end - from;
                    from = end;
                }
                catch (Exception ex) when (TransientErrors.IsTransient(ex, ct))
                {
                    failures++;
                    if (failures > _options.MaxRetries)
                        throw new TransferException("UploadFailed", $"Sending '{name}' to the destination failed after {_options.MaxRetries} retries at byte {from} of {total}: {ex.Message}", null, ex);
                    await Task.Delay(_options.Backoff(failures), ct).ConfigureAwait(false);
                    long? stored = null;
                    try { stored = await target.StoredBytesAsync(ct).ConfigureAwait(false); }
                    catch (Exception qex) when (TransientErrors.IsTransient(qex, ct)) { }
                    if (stored.HasValue)
                    {
                        if (stored.Value < start)
                            throw new TransferException("UploadRangeRejected",
                                $"The destination holds {stored.Value} bytes of '{name}', fewer than before this chunk ({start}); the relay no longer has those bytes. Run the command again with -Resume.");
                        from = Math.Min(end, stored.Value);
                        resumes++;
                    }
                }
            }
            return (sent, resumes);
        }

        /// <summary>Sequential reader over the source that reconnects with Range after a dropped connection.</summary>
        private sealed class SourceReader : IDisposable
        {
            private readonly IRelaySource _source;
            private readonly TransferOptions _options;
            private readonly CancellationToken _ct;
            private Stream? _stream;
            private long _streamPosition = -1;

            public SourceReader(IRelaySource source, TransferOptions options, CancellationToken ct) { _source = source; _options = options; _ct = ct; }
            public int Reconnects { get; private set; }

            public async Task FillAsync(byte[] buffer, int count, long position)
            {
                int filled = 0, failures = 0;
                while (filled < count)
                {
                    _ct.ThrowIfCancellationRequested();
                    try
                    {
                        if (_stream == null || _streamPosition != position + filled)
                        {
                            _stream?.Dispose();
                            _stream = await _source.OpenAsync(position + filled, _ct).ConfigureAwait(false);
                            _streamPosition = position + filled;
                        }
                        var n = await _stream.ReadAsync(buffer, filled, count - filled, _ct).ConfigureAwait(false);
                        if (n == 0) throw new IOException($"the source closed the connection after {position + filled} bytes");
                        filled += n; _streamPosition += n; failures = 0;
                    }
                    catch (Exception ex) when (TransientErrors.IsTransient(ex, _ct))
                    {
                        _stream?.Dispose(); _stream = null;
                        failures++;
                        if (failures > _options.MaxRetries)
                            throw new TransferException("DownloadFailed", $"Reading '{_source.Name}' from the source failed after {_options.MaxRetries} retries at byte {position + filled}: {ex.Message}", null, ex);
                        Reconnects++;
                        await Task.Delay(_options.Backoff(failures), _ct).ConfigureAwait(false);
                    }
                }
            }

            public void Dispose() { _stream?.Dispose(); _stream = null; }
        }
    }
}
