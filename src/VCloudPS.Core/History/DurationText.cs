using System.Globalization;

namespace VCloudPS.Core.History;

/// <summary>Durations for people: "31 days", "2 days 3 hours", "45 minutes", "1 hour 30 minutes", "20 seconds".</summary>
public static class DurationText
{
    /// <summary>The two largest non-zero units, rounded down; a whole number of days reads as just days.</summary>
    public static string Format(long seconds)
    {
        if (seconds < 0) seconds = 0;
        var parts = new[]
        {
            (Value: seconds / 86400, Unit: "day"),
            (Value: seconds % 86400 / 3600, Unit: "hour"),
            (Value: seconds % 3600 / 60, Unit: "minute"),
            (Value: seconds % 60, Unit: "second"),
        };
        int first = 0;
        while (first < parts.Length - 1 && parts[first].Value == 0) first++;
        var text = Part(parts[first].Value, parts[first].Unit);
        if (first + 1 < parts.Length && parts[first + 1].Value > 0) text += " " + Part(parts[first + 1].Value, parts[first + 1].Unit);
        return text;
    }

    private static string Part(long value, string unit) =>
        value.ToString(CultureInfo.InvariantCulture) + " " + unit + (value == 1 ? "" : "s");
}
