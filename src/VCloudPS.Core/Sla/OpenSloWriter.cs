using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla;

/// <summary>An objective OpenSLO cannot express: its targets are fractions in [0, 1), so 100 % has no OpenSLO form.</summary>
public sealed class OpenSloTargetException : ArgumentException
{
    public const string ErrorIdValue = "OpenSloTargetOutOfRange";
    public OpenSloTargetException(string message) : base(message) { }
    public string ErrorId => ErrorIdValue;
}

/// <summary>
/// OpenSLO v1 export of vApps' availability objectives (approximate interop: 1-minute timeslices that must be fully up).
/// Per vApp an SLI (ratio of good, fully-up minutes to eligible minutes) and an SLO. Durations use OpenSLO units:
/// <c>M</c> = month, <c>m</c> = minute, so a calendar month is <c>1M</c>, never <c>1m</c>. Names are DNS labels of at most
/// 63 characters (the reference SDK's limit): longer ones keep their start and end in a stable hash of the full name, which
/// stays in displayName.
/// </summary>
public static class OpenSloWriter
{
    public const int MaxNameLength = 63;

    /// <summary>The SLI and SLO documents of one vApp.</summary>
    public static string Write(string vAppName, decimal targetPercent, DateTime windowStart, DateTime windowEnd, string? description = null) =>
        string.Join("---\n", Documents(vAppName, Slug(vAppName), targetPercent, windowStart, windowEnd, description, null).Select(YamlText.Write));

    /// <summary>
    /// The documents of every vApp of the records (first record per vApp), separated by <c>---</c>. vApps whose names give the
    /// same OpenSLO name are told apart by a hash of their ids.
    /// </summary>
    public static string WriteAll(IEnumerable<SlaRecord> records)
    {
        var list = new List<SlaRecord>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in records) if (seen.Add(r.VAppId)) list.Add(r);
        foreach (var r in list) CheckTarget(r.TargetPercent, r.VAppName);
        var slugCounts = list.GroupBy(r => Slug(r.VAppName), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var docs = new List<string>();
        foreach (var r in list)
        {
            var slug = Slug(r.VAppName);
            if (slugCounts[slug] > 1) slug = slug + "-" + Hash(r.VAppId);
            docs.AddRange(Documents(r.VAppName, slug, r.TargetPercent, r.WindowStart, r.WindowEnd,
                "Availability of vApp " + r.VAppName + (r.OrgName != null ? " (org " + r.OrgName + ")" : "") + ", " + r.Mode + " mode", r.VAppId).Select(YamlText.Write));
        }
        return string.Join("---\n", docs);
    }

    private static void CheckTarget(decimal targetPercent, string vAppName)
    {
        if (targetPercent >= 100m || targetPercent < 0m)
            throw new OpenSloTargetException("vApp '" + vAppName + "': an objective of " + targetPercent.ToString(CultureInfo.InvariantCulture) +
                " % cannot be written as OpenSLO, whose targets are fractions from 0 up to but not including 1 (100 % would be target 1). " +
                "Use an objective below 100 (e.g. -Objective 99.999) for OpenSLO; -Format Csv and Json keep 100.");
    }

    private static IEnumerable<JObject> Documents(string vAppName, string slug, decimal targetPercent, DateTime windowStart, DateTime windowEnd,
        string? description, string? vAppId)
    {
        CheckTarget(targetPercent, vAppName);
        var start = UtcTime.Normalize(windowStart);
        var end = UtcTime.Normalize(windowEnd);
        var sliName = Name("vapp-", slug, "-up-minutes");
        JObject Source(string field, string meaning)
        {
            var spec = new JObject { ["vApp"] = vAppName };
            if (vAppId != null) spec["vAppId"] = vAppId;
            spec["query"] = "Get-VAppSla -VApp '" + vAppName.Replace("'", "''") + "'";
            spec["field"] = field;
            spec["meaning"] = meaning;
            return new JObject { ["metricSource"] = new JObject { ["type"] = "VCloudPS", ["spec"] = spec } };
        }
        yield return new JObject
        {
            ["apiVersion"] = "openslo/v1",
            ["kind"] = "SLI",
            ["metadata"] = new JObject { ["name"] = sliName, ["displayName"] = vAppName + " up minutes" },
            ["spec"] = new JObject
            {
                ["description"] = "Good minutes over eligible minutes: a minute is good when the vApp is up for the whole minute; eligible minutes are the window " +
                                  "less maintenance, customer-initiated and (by default) unknown time (VCloudPS Get-VAppSla semantics).",
                ["ratioMetric"] = new JObject
                {
                    ["counter"] = false,
                    ["good"] = Source("EligibleMinutes - DowntimeMinutes", "minutes the vApp was up"),
                    ["total"] = Source("EligibleMinutes", "minutes that count for the objective"),
                },
            },
        };
        var slo = new JObject
        {
            ["apiVersion"] = "openslo/v1",
            ["kind"] = "SLO",
            ["metadata"] = new JObject { ["name"] = Name("vapp-", slug, "-availability"), ["displayName"] = vAppName + " availability" },
        };
        var sloSpec = new JObject();
        if (description != null) sloSpec["description"] = description;
        sloSpec["service"] = Name("", slug, "");
        sloSpec["indicatorRef"] = sliName;
        sloSpec["timeWindow"] = new JArray(new JObject
        {
            ["duration"] = Duration(start, end),
            ["isRolling"] = false,
            ["calendar"] = new JObject { ["startTime"] = start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), ["timeZone"] = "Etc/UTC" },
        });
        sloSpec["budgetingMethod"] = "Timeslices";
        sloSpec["objectives"] = new JArray(new JObject
        {
            ["displayName"] = DisplayPeriod(start, end) + " availability",
            ["target"] = DecimalMath(targetPercent / 100m),
            ["timeSliceTarget"] = 1.0m,
            ["timeSliceWindow"] = "1m",
        });
        slo["spec"] = sloSpec;
        yield return slo;
    }

    private static decimal DecimalMath(decimal d) => d / 1.0000000000000000000000000000m; // no trailing zeros: 0.999, not 0.99900

    /// <summary>OpenSLO duration of the window: whole calendar months as <c>NM</c>, else weeks, days, hours or minutes.</summary>
    public static string Duration(DateTime start, DateTime end)
    {
        if (start == UtcTime.MonthStart(start) && end == UtcTime.MonthStart(end))
        {
            int months = (end.Year - start.Year) * 12 + end.Month - start.Month;
            if (months > 0) return months.ToString(CultureInfo.InvariantCulture) + "M";
        }
        var span = end - start;
        if (span.Ticks % TimeSpan.FromDays(7).Ticks == 0) return (span.Ticks / TimeSpan.FromDays(7).Ticks).ToString(CultureInfo.InvariantCulture) + "w";
        if (span.Ticks % TimeSpan.TicksPerDay == 0) return (span.Ticks / TimeSpan.TicksPerDay).ToString(CultureInfo.InvariantCulture) + "d";
        if (span.Ticks % TimeSpan.TicksPerHour == 0) return (span.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        return Math.Max(1, (long)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";
    }

    private static string DisplayPeriod(DateTime start, DateTime end) =>
        Duration(start, end).EndsWith("M", StringComparison.Ordinal) ? (Duration(start, end) == "1M" ? "monthly" : Duration(start, end) + " calendar") : Duration(start, end);

    /// <summary>DNS-label style name: lower case letters, digits and '-'.</summary>
    public static string Slug(string s)
    {
        var slug = Regex.Replace((s ?? "").ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        return slug.Length == 0 ? "vapp" : slug;
    }

    /// <summary>prefix + slug + suffix, at most 63 characters: a long slug keeps its start and gets "-" + 8 hex of its SHA-256.</summary>
    public static string Name(string prefix, string slug, string suffix)
    {
        var full = prefix + slug + suffix;
        if (full.Length <= MaxNameLength) return full;
        var hash = Hash(slug);
        var keep = MaxNameLength - prefix.Length - suffix.Length - hash.Length - 1;
        return prefix + slug.Substring(0, keep).TrimEnd('-') + "-" + hash + suffix;
    }

    private static string Hash(string s)
    {
        using (var sha = SHA256.Create())
        {
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(s));
            var sb = new StringBuilder();
            for (int i = 0; i < 4; i++) sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
