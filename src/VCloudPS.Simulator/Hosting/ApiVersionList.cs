using System.Globalization;

namespace VCloudPS.Simulator.Hosting;

public sealed record ApiVersionInfo(string Version, bool Deprecated)
{
    /// <summary>Numeric value for comparisons ("37.0.0-alpha" → 37.0).</summary>
    public decimal Number => ApiVersionList.NumberOf(Version);

    /// <summary>"39.0.0-alpha": listed as AlphaVersion, never as VersionInfo.</summary>
    public bool IsPreRelease => Version.Contains('-');
}

/// <summary>The versions /api/versions lists and the Accept header may request.</summary>
public sealed class ApiVersionList
{
    /// <summary>A vCD 10.5-like server (33.0–38.1): unsorted, deprecated older ones, one pre-release.</summary>
    public static readonly string[] Default =
    {
        "33.0", "34.0", "35.0", "35.2", "36.0", "36.1", "36.2", "36.3", "37.0", "37.1", "37.2", "38.0", "38.1",
        "31.0:deprecated", "39.0.0-alpha", "32.0:deprecated",
    };

    public IReadOnlyList<ApiVersionInfo> Versions { get; }

    public ApiVersionList(IEnumerable<string> specs)
    {
        Versions = specs.Select(s =>
        {
            var parts = s.Split(':');
            return new ApiVersionInfo(parts[0].Trim(), parts.Length > 1 && parts[1].Trim().Equals("deprecated", StringComparison.OrdinalIgnoreCase));
        }).ToList();
    }

    public ApiVersionInfo? Find(string version) =>
        Versions.FirstOrDefault(v => v.Version == version) ??
        Versions.FirstOrDefault(v => !v.Version.Contains('-') && NumberOf(v.Version) == NumberOf(version) && !version.Contains('-'));

    /// <summary>"[38.1, 38.0, …, 33.0 [D]]" as in vCD's 406 message (descending).</summary>
    public string SupportedListText() =>
        "[" + string.Join(", ", Versions.OrderByDescending(v => v.Number).ThenBy(v => v.Version.Length)
            .Select(v => v.Deprecated ? v.Version + " [D]" : v.Version)) + "]";

    public static decimal NumberOf(string version)
    {
        var core = version.Split('-')[0];
        var parts = core.Split('.');
        if (parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            return major + minor / 100m;   // 5.10 > 5.9 (never parse as a float)
        return decimal.TryParse(core, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0m;
    }
}
