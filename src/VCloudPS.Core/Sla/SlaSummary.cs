using System;
using System.Collections.Generic;
using System.Linq;
using VCloudPS.Core.Charging;

namespace VCloudPS.Core.Sla;

public enum SlaSummaryLevel
{
    Org,
    Vdc,
}

/// <summary>SLA results of one org or VDC over one window: objectives met and missed, downtime and credits.</summary>
public sealed class SlaSummary
{
    public SlaSummaryLevel By { get; set; }
    public string? OrgName { get; set; }
    /// <summary>Null when summarised by org.</summary>
    public string? VdcName { get; set; }
    public DateTime WindowStart { get; set; }
    public DateTime WindowEnd { get; set; }
    public int VAppCount { get; set; }
    public int MetCount { get; set; }
    public int MissedCount { get; set; }
    /// <summary>vApps with no eligible minutes (SloMet null).</summary>
    public int NotEvaluatedCount { get; set; }
    public decimal EligibleMinutes { get; set; }
    public decimal DowntimeMinutes { get; set; }
    /// <summary>(Σ eligible − Σ downtime) / Σ eligible, truncated to 4 decimals; null when nothing was eligible.</summary>
    public decimal? AvailabilityPercent { get; set; }
    public decimal? LowestAvailabilityPercent { get; set; }
    public string? LowestVAppName { get; set; }
    /// <summary>vApps that earn a credit (credit percent above 0).</summary>
    public int CreditCount { get; set; }
    /// <summary>Σ CreditAmount; null when no record had a charge base or the currencies differ.</summary>
    public decimal? CreditAmount { get; set; }
    public string? Currency { get; set; }
    /// <summary>Some vApp's data coverage is below 99 %.</summary>
    public bool Incomplete { get; set; }
    public string[] MissedVAppNames { get; set; } = Array.Empty<string>();

    public override string ToString() => (VdcName != null ? OrgName + "/" + VdcName : OrgName) + ": " + MetCount + " met, " + MissedCount + " missed";

    /// <summary>One summary per org (or per org and VDC) and window, ordered by org, VDC and window.</summary>
    public static IReadOnlyList<SlaSummary> Summarize(IEnumerable<SlaRecord> records, SlaSummaryLevel by)
    {
        var groups = records
            .GroupBy(r => (Org: r.OrgName ?? "", Vdc: by == SlaSummaryLevel.Vdc ? r.VdcName ?? "" : "", r.WindowStart, r.WindowEnd))
            .OrderBy(g => g.Key.Org, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key.Vdc, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key.WindowStart);
        var result = new List<SlaSummary>();
        foreach (var g in groups)
        {
            var list = g.GroupBy(r => r.VAppId, StringComparer.OrdinalIgnoreCase).Select(x => x.First()).ToList();
            var s = new SlaSummary
            {
                By = by,
                OrgName = g.First().OrgName,
                VdcName = by == SlaSummaryLevel.Vdc ? g.First().VdcName : null,
                WindowStart = g.Key.WindowStart,
                WindowEnd = g.Key.WindowEnd,
                VAppCount = list.Count,
                MetCount = list.Count(r => r.SloMet == true),
                MissedCount = list.Count(r => r.SloMet == false),
                NotEvaluatedCount = list.Count(r => r.SloMet == null),
                EligibleMinutes = list.Sum(r => r.EligibleMinutes),
                DowntimeMinutes = list.Sum(r => r.DowntimeMinutes),
                CreditCount = list.Count(r => r.CreditPercent > 0m),
                Incomplete = list.Any(r => r.Incomplete),
                MissedVAppNames = list.Where(r => r.SloMet == false).Select(r => r.VAppName).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray(),
            };
            if (s.EligibleMinutes > 0m)
                s.AvailabilityPercent = DecimalMath.Truncate(100m * (s.EligibleMinutes - s.DowntimeMinutes) / s.EligibleMinutes, 4);
            var lowest = list.Where(r => r.AvailabilityPercent.HasValue).OrderBy(r => r.x_Availability ?? r.AvailabilityPercent!.Value / 100m).FirstOrDefault();
            s.LowestAvailabilityPercent = lowest?.AvailabilityPercent;
            s.LowestVAppName = lowest?.VAppName;
            var currencies = list.Where(r => r.CreditAmount.HasValue).Select(r => r.Currency).Distinct().ToList();
            if (currencies.Count == 1)
            {
                s.Currency = currencies[0];
                s.CreditAmount = list.Where(r => r.CreditAmount.HasValue).Sum(r => r.CreditAmount!.Value);
            }
            result.Add(s);
        }
        return result;
    }
}
