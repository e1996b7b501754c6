using System.Globalization;
using System.Text.RegularExpressions;

namespace VCloudPS.Tests.Ovf;

/// <summary>The real descriptors of ../shared/ovf-samples (written by vCD, ovftool, VirtualBox, VMware Studio, COT...),
/// made into packages: every referenced file is created at its declared size (sizes above 1 MiB are shrunk in the
/// descriptor, consistently) with pseudo-random content, parts for <c>ovf:chunkSize</c>, and a SHA-256 manifest.</summary>
internal static class RealToolSamples
{
    private static readonly Lazy<string?> Folder = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("VCLOUDPS_OVF_SAMPLES");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "ovf-samples");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    });

    public static string? FolderPath => Folder.Value;

    public static string Text(string sample) => File.ReadAllText(Path.Combine(Folder.Value!, sample));

    /// <summary>Writes <paramref name="descriptorText"/> as <c>folder/name</c> with its files; returns the descriptor path.</summary>
    public static string Build(string folder, string name, string descriptorText, bool manifest = true)
    {
        Directory.CreateDirectory(folder);
        descriptorText = Regex.Replace(descriptorText, @"(ovf:size=""|\bsize="")(\d+)""", m =>
            long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > 1024 * 1024 ? m.Groups[1].Value + "65536\"" : m.Value);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, descriptorText);
        var lines = new List<string>();
        int seed = 1;
        foreach (Match f in Regex.Matches(descriptorText, @"<(?:ovf:)?File\b[^>]*>"))
        {
            var href = Regex.Match(f.Value, @"href=""([^""]+)""").Groups[1].Value;
            var sizeMatch = Regex.Match(f.Value, @"size=""(\d+)""");
            var size = sizeMatch.Success ? int.Parse(sizeMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 20_000;
            var data = OvfTestData.RandomBytes(size, seed++);
            var chunk = Regex.Match(f.Value, @"chunkSize=""(\d+)""");
            if (chunk.Success)
            {
                var c = int.Parse(chunk.Groups[1].Value, CultureInfo.InvariantCulture);
                for (int part = 0, at = 0; at < size; part++, at += c)
                {
                    var bytes = data.Skip(at).Take(c).ToArray();
                    File.WriteAllBytes(Path.Combine(folder, $"{href}.{part:D9}"), bytes);
                    lines.Add($"SHA256({href}.{part:D9})= {OvfTestData.Sha256(bytes)}");
                }
                continue;
            }
            File.WriteAllBytes(Path.Combine(folder, href), data);
            lines.Add($"SHA256({href})= {OvfTestData.Sha256(data)}");
        }
        if (manifest)
        {
            lines.Insert(0, $"SHA256({name})= {OvfTestData.Sha256File(path)}");
            File.WriteAllText(Path.ChangeExtension(path, ".mf"), string.Join("\n", lines) + "\n");
        }
        return path;
    }
}

/// <summary>A [Fact]/[Theory] skipped, visibly, when ../shared/ovf-samples is absent (never skipped under CI=true).</summary>
public sealed class OvfSamplesTheoryAttribute : TheoryAttribute
{
    public OvfSamplesTheoryAttribute()
    {
        if (RealToolSamples.FolderPath == null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "shared/ovf-samples not found next to the repository: real-tool descriptor tests skipped (set VCLOUDPS_OVF_SAMPLES to its path).";
    }
}

public sealed class OvfSamplesFactAttribute : FactAttribute
{
    public OvfSamplesFactAttribute()
    {
        if (RealToolSamples.FolderPath == null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "shared/ovf-samples not found next to the repository: real-tool descriptor tests skipped (set VCLOUDPS_OVF_SAMPLES to its path).";
    }
}
