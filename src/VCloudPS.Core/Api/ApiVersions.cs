using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace VCloudPS.Core.Api;

/// <summary>
/// An API version such as "37.0", "5.10" or "39.0.0-alpha", compared part by part as integers (never as a float:
/// 5.10 is newer than 5.9 and different from 5.1).
/// </summary>
public readonly struct ApiVersionNumber : IComparable<ApiVersionNumber>, IEquatable<ApiVersionNumber>
{
    private readonly int[] _parts;

    private ApiVersionNumber(int[] parts, string text, bool preRelease)
    {
        _parts = parts;
        Text = text;
        IsPreRelease = preRelease;
    }

    public string Text { get; }
    public bool IsPreRelease { get; }
    public int Major => _parts.Length > 0 ? _parts[0] : 0;

    public static bool TryParse(string? s, out ApiVersionNumber version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(s)) return false;
        string text = s!.Trim();
        string core = text;
        bool pre = false;
        int dash = text.IndexOf('-');
        if (dash >= 0) { core = text.Substring(0, dash); pre = true; }
        var pieces = core.Split('.');
        var parts = new int[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            if (!int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i])) return false;
        }
        // Trailing zero parts do not change the value: "37.0.0" == "37.0".
        int len = parts.Length;
        while (len > 2 && parts[len - 1] == 0) len--;
        if (len != parts.Length) Array.Resize(ref parts, len);
        if (parts.Length == 1) parts = new[] { parts[0], 0 };
        version = new ApiVersionNumber(parts, pre ? text : string.Join(".", parts.Select(p => p.ToString(CultureInfo.InvariantCulture))), pre);
        return true;
    }

    public static ApiVersionNumber Parse(string s) =>
        TryParse(s, out var v) ? v : throw new FormatException($"'{s}' is not an API version (expected e.g. 37.0).");

    public int CompareTo(ApiVersionNumber other)
    {
        var a = _parts ?? Array.Empty<int>();
        var b = other._parts ?? Array.Empty<int>();
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            int x = i < a.Length ? a[i] : 0, y = i < b.Length ? b[i] : 0;
            if (x != y) return x.CompareTo(y);
        }
        // A pre-release sorts before the release with the same numbers.
        return IsPreRelease == other.IsPreRelease ? 0 : (IsPreRelease ? -1 : 1);
    }

    public bool Equals(ApiVersionNumber other) => CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is ApiVersionNumber v && Equals(v);
    public override int GetHashCode() => (_parts ?? Array.Empty<int>()).Aggregate(IsPreRelease ? 1 : 0, (h, p) => h * 31 + p);
    public override string ToString() => Text ?? "";
    public static bool operator ==(ApiVersionNumber a, ApiVersionNumber b) => a.Equals(b);
    public static bool operator !=(ApiVersionNumber a, ApiVersionNumber b) => !a.Equals(b);
    public static bool operator <(ApiVersionNumber a, ApiVersionNumber b) => a.CompareTo(b) < 0;
    public static bool operator >(ApiVersionNumber a, ApiVersionNumber b) => a.CompareTo(b) > 0;
    public static bool operator <=(ApiVersionNumber a, ApiVersionNumber b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ApiVersionNumber a, ApiVersionNumber b) => a.CompareTo(b) >= 0;
}

/// <summary>One VersionInfo of GET /api/versions.</summary>
public sealed class ServerApiVersion
{
    public ApiVersionNumber Version { get; set; }
    public bool Deprecated { get; set; }
    public string? LoginUrl { get; set; }
    public string? ProviderLoginUrl { get; set; }
    public override string ToString() => Version.Text + (Deprecated ? " [D]" : "");
}

/// <summary>Picks the API version and login path to use with a server.</summary>
public static class ApiVersionNegotiator
{
    /// <summary>Oldest version this client speaks (VCD 10.0: CloudAPI login exists from here on).</summary>
    public static readonly ApiVersionNumber ClientMinimum = ApiVersionNumber.Parse("33.0");

    /// <summary>Newest version this client was written against (VCD 10.6.1).</summary>
    public static readonly ApiVersionNumber ClientMaximum = ApiVersionNumber.Parse("39.1");

    public static IReadOnlyList<ServerApiVersion> ParseVersions(XElement supportedVersions)
    {
        var list = new List<ServerApiVersion>();
        // vCD lists pre-release versions apart as AlphaVersion (same shape); Choose only takes them when forced.
        foreach (var vi in supportedVersions.Elements().Where(e => e.Name.LocalName is "VersionInfo" or "AlphaVersion"))
        {
            string? text = vi.Elements().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value;
            if (!ApiVersionNumber.TryParse(text, out var v)) continue;
            list.Add(new ServerApiVersion
            {
                Version = v,
                Deprecated = VcdXml.ParseBool(vi.Attr("deprecated")) == true,
                LoginUrl = vi.Elements().FirstOrDefault(e => e.Name.LocalName == "LoginUrl")?.Value?.Trim(),
                ProviderLoginUrl = vi.Elements().FirstOrDefault(e => e.Name.LocalName == "ProviderLoginUrl")?.Value?.Trim(),
            });
        }
        return list;
    }

    /// <summary>
    /// The highest non-deprecated, non-pre-release version both sides support; deprecated ones only when nothing
    /// else is common. With <paramref name="forced"/>, exactly that version (must be offered and within the client range).
    /// </summary>
    public static ServerApiVersion Choose(IReadOnlyList<ServerApiVersion> offered, string? forced, string server)
    {
        if (!string.IsNullOrWhiteSpace(forced))
        {
            if (!ApiVersionNumber.TryParse(forced, out var want))
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiVersionInvalid", $"'{forced}' is not an API version (expected e.g. 37.0).");
            if (want < ClientMinimum || want > ClientMaximum)
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiVersionNotSupported",
                    $"API version {want} is outside what VCloudPS supports ({ClientMinimum} to {ClientMaximum}).");
            var hit = offered.FirstOrDefault(o => o.Version.Equals(want));
            if (hit == null)
                throw new VCloudException(VCloudErrorKind.InvalidArgument, "ApiVersionNotSupported",
                    $"Server {server} does not offer API version {want}. It offers: {Describe(offered)}.");
            return hit;
        }

        var usable = offered.Where(o => !o.Version.IsPreRelease && o.Version >= ClientMinimum && o.Version <= ClientMaximum).ToList();
        var best = usable.Where(o => !o.Deprecated).OrderByDescending(o => o.Version).FirstOrDefault()
                   ?? usable.OrderByDescending(o => o.Version).FirstOrDefault();
        if (best == null)
            throw new VCloudException(VCloudErrorKind.Protocol, "ApiVersionNotSupported",
                $"Server {server} offers no API version VCloudPS supports ({ClientMinimum} to {ClientMaximum}). It offers: {Describe(offered)}.");
        return best;
    }

    private static string Describe(IReadOnlyList<ServerApiVersion> offered) =>
        offered.Count == 0 ? "none" : string.Join(", ", offered.OrderByDescending(o => o.Version).Select(o => o.ToString()));
}
