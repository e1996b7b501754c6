using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VCloudPS.Core.Migration;

/// <summary>Names of reverse-DR copies: <c>&lt;base&gt;-yyyyMMdd-HHmmss</c> (UTC), and which older ones to remove.</summary>
public static class Generations
{
    private const string Format = "yyyyMMdd-HHmmss";

    public static string NameFor(string baseName, DateTime utcNow)
        => baseName + "-" + utcNow.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The UTC time in a generation name of <paramref name="baseName"/>, or null when it is not one.</summary>
    public static DateTime? TimeOf(string baseName, string name)
    {
        if (!name.StartsWith(baseName + "-", StringComparison.Ordinal) || name.Length != baseName.Length + 1 + Format.Length) return null;
        return DateTime.TryParseExact(name.Substring(baseName.Length + 1), Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTime?)null;
    }

    /// <summary>The generations to remove so that the newest <paramref name="keep"/> stay (oldest first).</summary>
    public static IReadOnlyList<string> Surplus(string baseName, IEnumerable<string> names, int keep)
        => names.Select(n => (n, t: TimeOf(baseName, n))).Where(x => x.t.HasValue)
            .OrderByDescending(x => x.t).ThenByDescending(x => x.n, StringComparer.Ordinal)
            .Skip(Math.Max(0, keep)).Select(x => x.n).Reverse().ToList();
}
