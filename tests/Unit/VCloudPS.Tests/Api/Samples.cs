using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

/// <summary>
/// The real captured vCD payloads live outside the repository, in a "shared/vcd-samples" folder next to it (they are
/// not ours to commit). Found by walking up from the test assembly's folder.
/// </summary>
public static class Samples
{
    private static readonly Lazy<string?> Folder = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("VCLOUDPS_SAMPLES");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vcd-samples");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    });

    public static string? FolderPath => Folder.Value;

    public static string? PathOf(string file) => Folder.Value == null ? null : Path.Combine(Folder.Value, file);

    public static string RequiredPathOf(string file) => PathOf(file) ?? throw new InvalidOperationException("samples folder not found");

    public static XElement Load(string file) => VcdXml.Load(PathOf(file) ?? throw new InvalidOperationException("samples folder not found"));
}

/// <summary>
/// A [Fact] that is skipped, visibly, when the captured samples folder is absent — except under CI (CI=true), where the
/// folder is always beside the clone: there the test runs and fails.
/// </summary>
public sealed class SamplesFactAttribute : FactAttribute
{
    public SamplesFactAttribute()
    {
        if (Samples.FolderPath == null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = "shared/vcd-samples not found next to the repository: captured-payload tests skipped (set VCLOUDPS_SAMPLES to its path).";
    }
}
