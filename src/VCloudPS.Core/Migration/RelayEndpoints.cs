using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Migration
{
    /// <summary>Where a relayed file comes from: a readable stream from any offset (an HTTP GET with <c>Range</c>).</summary>
    public interface IRelaySource
    {
        /// <summary>Name of the file in the package (used in messages).</summary>
        string Name { get; }
        Task<Stream> OpenAsync(long offset, CancellationToken ct);
    }

    /// <summary>Where a relayed file goes: ranged writes and the count of bytes the destination already holds. The
    /// destination treats the file as complete when it holds <c>total</c> bytes, which is why the relay sends the last
    /// chunk only after the digest checked out. Kept small so the verified-upload component of imports can implement
    /// it too.</summary>
    public interface IRelayTarget
    {
        /// <summary>Bytes of this file the destination stores (vCD: the File's <c>bytesTransferred</c>); null when unknown.</summary>
        Task<long?> StoredBytesAsync(CancellationToken ct);
        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="index"/> at
        /// <paramref name="offset"/> of a file of <paramref name="total"/> bytes.</summary>
        Task WriteAsync(long offset, byte[] buffer, int index, int count, long total, CancellationToken ct);
    }

    /// <summary>The digest a relayed file must have, when the source publishes one (a manifest, or an earlier run).</summary>
    public sealed class ExpectedDigest
    {
        public ExpectedDigest(string algorithm, string hex, string origin) { Algorithm = algorithm; Hex = hex; Origin = origin; }
        /// <summary>SHA256 (the only one compared on the way; others are reported unverified).</summary>
        public string Algorithm { get; }
        public string Hex { get; }
        /// <summary>Where it came from, for messages ("the source's manifest").</summary>
        public string Origin { get; }
    }
}
