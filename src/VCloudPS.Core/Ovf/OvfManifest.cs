using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace VCloudPS.Core.Ovf;

/// <summary>An OVF manifest (<c>.mf</c>): one <c>ALG(name)= hexdigest</c> line per file. VCloudPS writes SHA256;
/// SHA1 (ovftool before 4.x, OVF 1.x) and SHA512 are read and verified too.</summary>
public sealed class OvfManifest
{
    private static readonly Regex Line = new Regex(@"^(SHA1|SHA256|SHA512)\s*\((.+)\)\s*=\s*([0-9A-Fa-f]+)\s*$",
        RegexOptions.CultureInvariant);

    /// <summary>Manifests are small text files; anything larger is not a manifest.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public OvfManifest(IEnumerable<ManifestEntry> entries) { Entries = entries.ToList(); }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    public ManifestEntry? Find(string fileName) => Entries.FirstOrDefault(e => e.FileName == fileName);

    public static OvfManifest Parse(string text, string sourceName)
    {
        var entries = new List<ManifestEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int n = 0;
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);   // a UTF-8 byte-order mark (Windows tools)
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0) continue;
            var m = Line.Match(line);
            if (!m.Success)
                throw new OvfPackageException("ManifestInvalid", $"Manifest '{sourceName}' line {n} is not of the form 'SHA256(file)= digest'.", sourceName);
            var algorithm = m.Groups[1].Value;
            var name = PackagePath.Validate(m.Groups[2].Value, $"Manifest entry (line {n})");
            var hex = m.Groups[3].Value.ToLowerInvariant();
            if (hex.Length != DigestLength(algorithm))
                throw new OvfPackageException("ManifestInvalid", $"Manifest '{sourceName}' line {n}: a {algorithm} digest has {DigestLength(algorithm)} hex digits, not {hex.Length}.", sourceName);
            if (!seen.Add(name))
                throw new OvfPackageException("ManifestInvalid", $"Manifest '{sourceName}' lists '{name}' twice.", sourceName);
            entries.Add(new ManifestEntry(name, algorithm, hex));
        }
        return new OvfManifest(entries);
    }

    public static OvfManifest Load(Stream stream, string sourceName)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new OvfPackageException("ManifestInvalid", $"Manifest '{sourceName}' is larger than {MaxBytes / (1024 * 1024)} MiB.", sourceName);
            buffer.Write(chunk, 0, read);
        }
        return Parse(new UTF8Encoding(false, true).GetString(buffer.ToArray()), sourceName);
    }

    /// <summary>The text VCloudPS writes: <c>SHA256(name)= hex</c>, LF line ends, in the given order.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var e in Entries) sb.Append(e.Algorithm).Append('(').Append(e.FileName).Append(")= ").Append(e.Digest).Append('\n');
        return sb.ToString();
    }

    public byte[] ToBytes() => new UTF8Encoding(false).GetBytes(ToText());

    public static int DigestLength(string algorithm) => algorithm switch
    {
        "SHA1" => 40,
        "SHA256" => 64,
        "SHA512" => 128,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}

public sealed class ManifestEntry
{
    public ManifestEntry(string fileName, string algorithm, string digest) { FileName = fileName; Algorithm = algorithm; Digest = digest; }
    public string FileName { get; }
    /// <summary>SHA1, SHA256 or SHA512.</summary>
    public string Algorithm { get; }
    /// <summary>Lower-case hex.</summary>
    public string Digest { get; }
    public override string ToString() => $"{Algorithm}({FileName})= {Digest}";
}
