using System.Text.RegularExpressions;
using VCloudPS.Simulator.Transfer.Vmdk;

namespace VCloudPS.Simulator.Transfer.Sessions;

/// <summary>Checks a fully received upload: manifest digests (when a manifest was required) and VMDK integrity.</summary>
internal static partial class UploadVerifier
{
    public static string? Verify(UploadSession session)
    {
        var files = session.Files;
        var manifest = files.FirstOrDefault(f => f.Kind == UploadFileKind.Manifest);
        if (manifest is not null)
        {
            var problem = VerifyManifest(File.ReadAllLines(manifest.Path), files);
            if (problem is not null)
            {
                return problem;
            }
        }
        foreach (var file in files.Where(f => f.Kind == UploadFileKind.Content))
        {
            var problem = VerifyDisk(file);
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    private static string? VerifyManifest(string[] lines, IReadOnlyList<UploadFile> files)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
        {
            var match = ManifestLine().Match(line.Trim());
            if (!match.Success)
            {
                return $"The manifest line '{line.Trim()}' is not of the form ALGORITHM(file)= digest.";
            }
            var algorithm = match.Groups[1].Value.ToUpperInvariant();
            var name = match.Groups[2].Value;
            var expected = match.Groups[3].Value.ToLowerInvariant();
            var file = files.FirstOrDefault(f => f.Name == name);
            if (file is null)
            {
                if (name == UploadSession.DescriptorName || name.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase))
                {
                    continue;   // the descriptor's own digest is not checked (the simulator may have been sent a renamed copy)
                }
                return $"The manifest lists '{name}', which is not part of the package.";
            }
            var hash = algorithm switch { "SHA256" => file.Sha256, "SHA1" => file.Sha1, _ => null };
            if (hash is null)
            {
                return $"The manifest uses the unsupported digest algorithm {algorithm}.";
            }
            var actual = Convert.ToHexStringLower(hash.GetCurrentHash());
            if (actual != expected)
            {
                return $"Manifest digest mismatch for '{name}': the manifest says {expected}, the received file has {actual}.";
            }
            listed.Add(name);
        }
        var missing = files.FirstOrDefault(f => f.Kind == UploadFileKind.Content && !listed.Contains(f.Name));
        return missing is null ? null : $"The manifest has no digest for '{missing.Name}'.";
    }

    /// <summary>
    /// A file that looks like a sparse VMDK must be intact (header, footer, grain directory). Files that are not VMDKs at
    /// all are accepted as opaque disk images: the simulator is lenient there so hand-made test packages import.
    /// </summary>
    private static string? VerifyDisk(UploadFile file)
    {
        using (var stream = File.OpenRead(file.Path))
        {
            Span<byte> magic = stackalloc byte[4];
            if (stream.Length < 4 || stream.Read(magic) < 4 || BitConverter.ToUInt32(magic) != VmdkFormat.Magic)
            {
                return null;
            }
        }
        try
        {
            using var reader = StreamOptimizedVmdkReader.Open(file.Path);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return $"The disk file '{file.Name}' is not a valid streamOptimized VMDK: {ex.Message}";
        }
    }

    [GeneratedRegex(@"^(SHA1|SHA256|SHA512)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ManifestLine();
}
