using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Migration;

/// <summary>Where a relayed file comes from: a readable stream from any offset (an HTTP GET with <c>Range</c>).</summary>
public interface IRelaySource
{
    /// <summary>Name of the file in the package (used in messages).</summary>
    string Name { get; }
    Task<Stream> OpenAsync(long offset, CancellationToken ct);
}

/// <summary>The digest a relayed file must have, when the source publishes one (a manifest).</summary>
public sealed class ExpectedDigest
{
    public ExpectedDigest(string algorithm, string hex, string origin) { Algorithm = algorithm; Hex = hex; Origin = origin; }
    /// <summary>SHA256, SHA1 or SHA512, as the manifest names it.</summary>
    public string Algorithm { get; }
    public string Hex { get; }
    /// <summary>Where it came from, for messages ("the source's manifest").</summary>
    public string Origin { get; }
}
