using System.Globalization;
using System.Text.RegularExpressions;

namespace VCloudPS.Simulator.Seeds;

/// <summary>
/// Parses seed times: ISO 8601 (UTC assumed), relative to now ("now", "-30d", "-2d6h", "+90m", "-45s"), or anchored on
/// the start of a calendar month of now ("month" = this month, "month-1" = the previous one, "month-1+3d4h" = 3 days
/// 4 hours into the previous month). A month offset must be shorter than 28 days, so it lands in the same month
/// (offset +) or the month before (offset −) whatever the month's length.
/// </summary>
public static partial class SeedTime
{
    public static readonly TimeSpan MaxMonthOffset = TimeSpan.FromDays(28);

    private const string Duration = @"(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?";

    [GeneratedRegex(@"^(?<sign>[+-])" + Duration + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"^month(?<months>[+-]\d+)?(?:(?<sign>[+-])(?=\d)" + Duration + ")?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthAnchored();

    public static DateTime Parse(string? text, DateTime now, DateTime fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        var m = Relative().Match(text);
        if (m.Success && text.Length > 1)
        {
            var span = Span(m);
            return m.Groups["sign"].Value == "-" ? now - span : now + span;
        }
        m = MonthAnchored().Match(text);
        if (m.Success)
        {
            var months = m.Groups["months"].Success ? int.Parse(m.Groups["months"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
            var start = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(months);
            if (!m.Groups["sign"].Success) return start;
            var span = Span(m);
            if (span >= MaxMonthOffset)
                throw new InvalidDataException($"Seed error: time '{text}': an offset from a month start must be shorter than 28 days (it would leave the month in February).");
            return m.Groups["sign"].Value == "-" ? start - span : start + span;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var absolute))
            return absolute;
        throw new InvalidDataException($"Seed error: time '{text}' is neither ISO 8601, \"now\", relative (\"-2d6h\") nor month-anchored (\"month-1+3d4h\").");
    }

    private static TimeSpan Span(Match m)
    {
        int G(string g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(G("d"), G("h"), G("m"), G("s"));
    }
}
