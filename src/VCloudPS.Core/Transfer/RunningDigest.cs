using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Ovf;

namespace VCloudPS.Core.Transfer;

/// <summary>The digest of a file being sent, built from the bytes as they go out: each source byte enters the hash
/// once and in order, even when a chunk is sent again after a failure.</summary>
internal sealed class RunningDigest : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly object _gate = new object();
    private long _hashedUpTo;
    private string? _final;

    public RunningDigest(string algorithm) { Algorithm = algorithm; _hash = DigestAlgorithms.Create(algorithm); }

    public string Algorithm { get; }
    public long HashedUpTo { get { lock (_gate) return _hashedUpTo; } }

    /// <summary>Adds the part of a block (at absolute offset <paramref name="at"/>) not hashed yet.</summary>
    public void Append(long at, byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            if (_final != null) return;
            var end = at + count;
            if (end <= _hashedUpTo || at > _hashedUpTo) return;
            var skip = (int)(_hashedUpTo - at);
            _hash.AppendData(buffer, offset + skip, count - skip);
            _hashedUpTo = end;
        }
    }

    /// <summary>Hashes the source up to <paramref name="to"/> without sending it (bytes the server already holds).</summary>
    public async Task CatchUpAsync(Func<long, Stream> openAt, long to, int bufferSize, CancellationToken ct)
    {
        var from = HashedUpTo;
        if (from >= to) return;
        using var s = openAt(from);
        var buf = TransferBuffers.Rent(bufferSize);
        try
        {
            while (from < to)
            {
                var n = await s.ReadAsync(buf, 0, (int)Math.Min(buf.Length, to - from), ct).ConfigureAwait(false);
                if (n == 0) throw new EndOfStreamException($"The source ended at byte {from}, before byte {to}.");
                Append(from, buf, 0, n);
                from += n;
            }
        }
        finally { TransferBuffers.Return(buf); }
    }

    /// <summary>The digest, once every byte up to <paramref name="size"/> was hashed; null otherwise.</summary>
    public string? Finish(long size)
    {
        lock (_gate)
        {
            if (_final == null && _hashedUpTo == size) _final = DigestAlgorithms.ToHex(_hash.GetHashAndReset());
            return _final;
        }
    }

    public void Dispose() => _hash.Dispose();
}
