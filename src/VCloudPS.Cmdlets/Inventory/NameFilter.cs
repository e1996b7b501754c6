using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VCloudPS.Cmdlets;

/// <summary>
/// PowerShell wildcard names, split into what the server can filter (a pattern whose only wildcard is '*') and
/// what must be matched locally (?, [...]). Matching is always re-checked locally, case-insensitively.
/// </summary>
internal sealed class NameFilter
{
    private readonly WildcardPattern[] _patterns;

    public NameFilter(string[]? names)
    {
        Names = names == null || names.Length == 0 ? Array.Empty<string>() : names;
        _patterns = Names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
    }

    public string[] Names { get; }
    public bool IsEmpty => Names.Length == 0;

    private static readonly char[] WildcardCharsOtherThanStar = new[] { '?', '[', ']', '`' };

    /// <summary>Server-side filter value for one name, or null when the server cannot express it.</summary>
    public static string? ServerPattern(string name)
    {
        if (name == "*") return null;
        if (name.IndexOfAny(WildcardCharsOtherThanStar) >= 0) return null;
        return name;
    }

    /// <summary>The server-side queries to run: one per name (null = unfiltered).</summary>
    public IEnumerable<string?> ServerQueries()
    {
        if (IsEmpty || Names.Any(n => ServerPattern(n) == null)) return new string?[] { null };
        return Names.Select(ServerPattern).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    public bool Matches(string name) => IsEmpty || _patterns.Any(p => p.IsMatch(name));

    /// <summary>Names without wildcards that matched nothing (reported as not found).</summary>
    public IEnumerable<string> Literals => Names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n));
}
