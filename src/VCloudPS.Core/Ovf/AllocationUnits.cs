using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VCloudPS.Core.Ovf;

/// <summary>Programmatic units of DSP0004 as used by OVF (<c>byte * 2^20</c>, <c>byte * 10^9</c>, <c>MegaBytes</c>...).</summary>
public static class AllocationUnits
{
    private static readonly Regex Power = new Regex(@"^\s*byte\s*(\*\s*(\d+)\s*\^\s*(\d+))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Bytes per unit; null when the unit is not understood.</summary>
    public static long? Multiplier(string? units)
    {
        if (string.IsNullOrWhiteSpace(units)) return 1;
        var m = Power.Match(units);
        if (m.Success)
        {
            if (!m.Groups[1].Success) return 1;
            var b = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var e = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (b != 2 && b != 10) return null;
            double v = Math.Pow(b, e);
            return v > long.MaxValue ? (long?)null : (long)v;
        }
        switch (units!.Trim().ToLowerInvariant())
        {
            case "kilobytes": case "kb": return 1024;
            case "megabytes": case "mb": return 1024L * 1024;
            case "gigabytes": case "gb": return 1024L * 1024 * 1024;
            default: return null;
        }
    }
}
