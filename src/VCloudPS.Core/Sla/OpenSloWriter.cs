using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla
{
    /// <summary>
    /// OpenSLO v1 export of a vApp's availability objective (approximate interop: 1-minute timeslices that must be fully up).
    /// Writes an SLI and an SLO document. Durations use OpenSLO units: <c>M</c> = month, <c>m</c> = minute — a calendar month
    /// is <c>1M</c>, never <c>1m</c>.
    /// </summary>
    public static class OpenSloWriter
    {
        public static string Write(string vAppName, decimal targetPercent, DateTime windowStart, DateTime windowEnd, string? description = null)
        {
            var name = Slug(vAppName);
            var start = UtcTime.Normalize(windowStart);
            var target = (targetPercent / 100m).ToString("0.##########", CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            sb.Append("apiVersion: openslo/v1\n");
            sb.Append("kind: SLI\n");
            sb.Append("metadata:\n  name: vapp-").Append(name).Append("-up-minutes\n");
            sb.Append("  displayName: ").Append(Yaml(vAppName + " up minutes")).Append('\n');
            sb.Append("spec:\n");
            sb.Append("  description: ").Append(Yaml("A minute is good when the vApp is up for the whole minute (VCloudPS Get-VAppSla semantics).")).Append('\n');
            sb.Append("  thresholdMetric:\n    metricSource:\n      type: VCloudPS\n      spec:\n        vApp: ").Append(Yaml(vAppName)).Append('\n');
            sb.Append("        query: ").Append(Yaml("Get-VAppSla -VApp " + vAppName)).Append('\n');
            sb.Append("---\n");
            sb.Append("apiVersion: openslo/v1\n");
            sb.Append("kind: SLO\n");
            sb.Append("metadata:\n  name: vapp-").Append(name).Append("-availability\n");
            sb.Append("  displayName: ").Append(Yaml(vAppName + " availability")).Append('\n');
            sb.Append("spec:\n");
            if (description != null) sb.Append("  description: ").Append(Yaml(description)).Append('\n');
            sb.Append("  service: ").Append(name).Append('\n');
            sb.Append("  indicatorRef: vapp-").Append(name).Append("-up-minutes\n");
            sb.Append("  timeWindow:\n");
            sb.Append("    - duration: ").Append(Duration(start, UtcTime.Normalize(windowEnd))).Append('\n');
            sb.Append("      isRolling: false\n");
            sb.Append("      calendar:\n        startTime: \"").Append(start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("\"\n");
            sb.Append("        timeZone: Etc/UTC\n");
            sb.Append("  budgetingMethod: Timeslices\n");
            sb.Append("  objectives:\n");
            sb.Append("    - displayName: ").Append(Yaml(DisplayPeriod(start, UtcTime.Normalize(windowEnd)) + " availability")).Append('\n');
            sb.Append("      target: ").Append(target).Append('\n');
            sb.Append("      timeSliceTarget: 1.0\n");
            sb.Append("      timeSliceWindow: 1m\n");
            return sb.ToString();
        }

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

        private static string Yaml(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
