using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VCloudPS.Core.Ovf;

/// <summary>Maps manifest algorithm names to incremental hashes and formats digests as lower-case hex.</summary>
public static class DigestAlgorithms
{
    public static IncrementalHash Create(string algorithm) => algorithm switch
    {
        "SHA1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
        "SHA256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "SHA512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported digest algorithm."),
    };

    public static string ToHex(byte[] digest)
    {
        var sb = new StringBuilder(digest.Length * 2);
        foreach (var b in digest) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
