using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

/// <summary>
/// The real captured vCD payloads live outside the repository, in "shared/vcd-samples" beside the clone (found by walking
/// up from the test assembly, or VCLOUDPS_SAMPLES). Tests that read them skip, visibly, when the folder is absent — except
/// under CI (CI=true), where the folder is always provided: there they run and fail.
/// </summary>
public static class CapturedSamples
{
    private static readonly Lazy<string?> Folder = new(() => Find(Environment.GetEnvironmentVariable("VCLOUDPS_SAMPLES"), AppContext.BaseDirectory));

    public static string? Directory => Folder.Value;

    internal static string? Find(string? configured, string start)
    {
        if (!string.IsNullOrEmpty(configured) && System.IO.Directory.Exists(configured)) return configured;
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vcd-samples");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Why a samples test is skipped, or null when it must run (folder found, or running under CI).</summary>
    internal static string? SkipReason(string? folder, string? ciVariable) =>
        folder != null || string.Equals(ciVariable, "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : "shared/vcd-samples not found beside the repository: captured-payload test skipped (set VCLOUDPS_SAMPLES to its path).";

    public static string PathOf(string file) =>
        Path.Combine(Folder.Value ?? throw new InvalidOperationException(
            "shared/vcd-samples was not found beside the repository (nor VCLOUDPS_SAMPLES); under CI the captured payloads must be present."), file);

    public static XElement Load(string file) => XElement.Load(PathOf(file));
}

/// <summary>A [Fact] reading the captured payloads: skipped with a notice when they are absent, unless CI=true.</summary>
public sealed class SamplesFactAttribute : FactAttribute
{
    public SamplesFactAttribute()
    {
        if (CapturedSamples.SkipReason(CapturedSamples.Directory, Environment.GetEnvironmentVariable("CI")) is { } reason) Skip = reason;
    }
}
