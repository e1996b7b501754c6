using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.History;

/// <summary>Which vApps a report covers: given vApps, VDCs or orgs (names or ids, wildcards allowed); empty = all visible.</summary>
public sealed class ReportScope
{
    public HashSet<string> VAppIds { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public List<string> Vdcs { get; } = new List<string>();
    public List<string> Orgs { get; } = new List<string>();

    public bool IsAll => VAppIds.Count == 0 && Vdcs.Count == 0 && Orgs.Count == 0;
    /// <summary>True when whole VDCs are reported (then VDC idle lines belong to the report).</summary>
    public bool CoversWholeVdcs => VAppIds.Count == 0;

    public bool Includes(VAppTimeline v) => Includes(v.VAppId, v.OrgName, v.VdcId, v.VdcName);

    public bool Includes(string vappId, string? org, string? vdcId, string? vdcName)
    {
        if (IsAll) return true;
        if (VAppIds.Contains(vappId)) return true;
        if (Vdcs.Any(p => Charging.WildcardAccess.IsMatch(vdcName, p) || Charging.WildcardAccess.IsMatch(vdcId, p))) return true;
        return Orgs.Any(p => Charging.WildcardAccess.IsMatch(org, p));
    }

    public bool IncludesVdc(string? vdcId, string? vdcName, string? org)
    {
        if (IsAll) return true;
        return Vdcs.Any(p => Charging.WildcardAccess.IsMatch(vdcName, p) || Charging.WildcardAccess.IsMatch(vdcId, p)) ||
               Orgs.Any(p => Charging.WildcardAccess.IsMatch(org, p));
    }
}

public static class HistoryLoader
{
    /// <summary>Builds the timelines of a snapshot from early enough to see runs and outages open at the window start.</summary>
    public static IReadOnlyList<VAppTimeline> Timelines(HistorySnapshot snapshot, UtcInterval window)
    {
        var domainStart = window.Start;
        if (snapshot.CompleteFrom.HasValue && snapshot.CompleteFrom.Value < domainStart) domainStart = snapshot.CompleteFrom.Value;
        if (snapshot.Events.Count > 0 && snapshot.Events[0].Timestamp < domainStart) domainStart = snapshot.Events[0].Timestamp;
        return TimelineBuilder.Build(snapshot, domainStart);
    }

    /// <summary>vCloud Director did not exist before; the clouds' audit trails hold nothing older.</summary>
    public static readonly DateTime EarliestStart = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime LatestEnd = new DateTime(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public const int MaxWindowDays = 10 * 366;

    /// <summary>[start, end) with the specification's defaults: the previous calendar month of the cloud's clock.</summary>
    public static UtcInterval DefaultWindow(DateTime? start, DateTime? end, DateTime now)
    {
        var prev = UtcTime.PreviousMonth(now);
        var s = start.HasValue ? UtcTime.Normalize(start.Value) : (DateTime?)null;
        var e = end.HasValue ? UtcTime.Normalize(end.Value) : (DateTime?)null;
        foreach (var given in new[] { s, e })
            if (given.HasValue && (given.Value < EarliestStart || given.Value > LatestEnd))
                throw new Charging.ReportWindowException("ReportWindowOutOfRange",
                    "The date " + UtcTime.Format(given.Value) + " is outside the dates a report can cover (" + UtcTime.Format(EarliestStart) + " to " +
                    UtcTime.Format(LatestEnd) + "). Give -Start and -End as dates in that range, e.g. -Start 2026-01-01.");
        if (s == null && e == null) return prev;
        if (s == null) s = UtcTime.MonthStart(e!.Value == UtcTime.MonthStart(e.Value) ? e.Value.AddMonths(-1) : e.Value);
        if (e == null) e = UtcTime.NextMonthStart(s.Value);
        if (e.Value <= s.Value)
            throw new Charging.ReportWindowException("ReportWindowInvalid", "The window end " + UtcTime.Format(e.Value) + " is not after its start " + UtcTime.Format(s.Value) + ".");
        if (s.Value < EarliestStart || e.Value > LatestEnd)
            throw new Charging.ReportWindowException("ReportWindowOutOfRange",
                "The window " + UtcTime.Format(s.Value) + " to " + UtcTime.Format(e.Value) + " is outside the dates a report can cover (" +
                UtcTime.Format(EarliestStart) + " to " + UtcTime.Format(LatestEnd) + "). Give -Start and -End as dates in that range, e.g. -Start 2026-01-01.");
        if ((e.Value - s.Value).TotalDays > MaxWindowDays)
            throw new Charging.ReportWindowException("ReportWindowTooLong",
                "The window " + UtcTime.Format(s.Value) + " to " + UtcTime.Format(e.Value) + " spans more than " + MaxWindowDays / 366 + " years; report at most " +
                MaxWindowDays + " days at a time.");
        return new UtcInterval(s.Value, e.Value);
    }
}
