using System.Globalization;
using System.Text.RegularExpressions;

namespace VCloudPS.Simulator.Seeds;

/// <summary>Parses seed times: ISO 8601 (UTC assumed) or relative to now ("now", "-30d", "-2d6h", "+90m", "-45s").</summary>
public static partial class SeedTime
{
    [GeneratedRegex(@"^(?<sign>[+-])(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    public static DateTime Parse(string? text, DateTime now, DateTime fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        var m = Relative().Match(text);
        if (m.Success && text.Length > 1)
        {
            int G(string g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
            var span = new TimeSpan(G("d"), G("h"), G("m"), G("s"));
            return m.Groups["sign"].Value == "-" ? now - span : now + span;
        }
        return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
