using System;
using System.Globalization;
using System.Text;

namespace VCloudPS.Core.Api;

/// <summary>
/// Builds values for vCD query filters (FIQL-like: ==, !=, ; for AND, , for OR, * wildcard).
/// From API 35.0 on, the characters ( ) , ; \ inside a value are escaped with a backslash and the whole filter is
/// URL-encoded once; before 35.0 values are percent-encoded and filterEncoded=true is sent (PYVCD's rules).
/// A '*' is always kept as the wildcard.
/// </summary>
public static class QueryFilter
{
    private static readonly ApiVersionNumber BackslashEscapingFrom = ApiVersionNumber.Parse("35.0");

    public static bool UsesFilterEncoded(string apiVersion) =>
        ApiVersionNumber.TryParse(apiVersion, out var v) && v < BackslashEscapingFrom;

    /// <summary>Escape one value for use after == in a filter.</summary>
    public static string Value(string value, string apiVersion)
    {
        if (value == null) throw new ArgumentNullException(nameof(value));
        var sb = new StringBuilder(value.Length + 8);
        if (UsesFilterEncoded(apiVersion))
        {
            foreach (char ch in value)
            {
                if (ch == '*' || char.IsLetterOrDigit(ch) && ch < 128 || ch == '-' || ch == '_' || ch == '.' || ch == '~') sb.Append(ch);
                else foreach (byte b in Encoding.UTF8.GetBytes(ch.ToString())) sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
        foreach (char ch in value)
        {
            if (ch == '(' || ch == ')' || ch == ',' || ch == ';' || ch == '\\') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>"attr==value" with the value escaped.</summary>
    public static string Eq(string attribute, string value, string apiVersion) => attribute + "==" + Value(value, apiVersion);

    /// <summary>Joins non-empty terms with ';' (AND).</summary>
    public static string? And(params string?[] terms)
    {
        var sb = new StringBuilder();
        foreach (var t in terms)
        {
            if (string.IsNullOrEmpty(t)) continue;
            if (sb.Length > 0) sb.Append(';');
            sb.Append(t);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }
}
