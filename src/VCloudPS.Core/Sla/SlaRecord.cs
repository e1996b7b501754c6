using System;
using System.Collections.Generic;
using System.Globalization;

namespace VCloudPS.Core.Sla;

public enum OutageClassification
{
    Unplanned,
    Customer,
    Unknown,
}

/// <summary>One outage (-Detailed): a maximal down interval of one classification, clipped to the window.</summary>
public sealed class SlaOutage
{
    public string VAppId { get; set; } = "";
    public string VAppName { get; set; } = "";
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public decimal Minutes { get; set; }
    public OutageClassification Classification { get; set; }
    /// <summary>Ids of the VMs that were down.</summary>
    public string[] VmIds { get; set; } = Array.Empty<string>();
    public string[] VmNames { get; set; } = Array.Empty<string>();
    /// <summary>Why: the events (initiator, task, power action) that put the VMs down.</summary>
    public string[] Evidence { get; set; } = Array.Empty<string>();
    /// <summary>True when the outage began before the window (only the part inside is counted).</summary>
    public bool StartedBeforeWindow { get; set; }
    /// <summary>True when the outage continues after the window end.</summary>
    public bool ContinuesAfterWindow { get; set; }
    /// <summary>Counted as downtime under the policy.</summary>
    public bool Counted { get; set; }
    public override string ToString() => VAppName + " " + Classification + " " + History.UtcTime.Format(Start) + " " + Minutes + " min";
}

/// <summary>One vApp's SLA result for the window (charging-sla.md "Output object").</summary>
public sealed class SlaRecord
{
    public string VAppId { get; set; } = "";
    public string VAppName { get; set; } = "";
    public string? OrgName { get; set; }
    public string? VdcName { get; set; }
    public DateTime WindowStart { get; set; }
    public DateTime WindowEnd { get; set; }
    public SlaMode Mode { get; set; }
    public decimal TargetPercent { get; set; }
    public decimal TotalMinutes { get; set; }
    public decimal MaintenanceMinutes { get; set; }
    public decimal CustomerMinutes { get; set; }
    public decimal UnknownMinutes { get; set; }
    public decimal EligibleMinutes { get; set; }
    public decimal DowntimeMinutes { get; set; }
    public int OutageCount { get; set; }
    public decimal LongestOutageMinutes { get; set; }
    /// <summary>Truncated to 4 decimals (never overstates); null when nothing was eligible.</summary>
    public decimal? AvailabilityPercent { get; set; }
    /// <summary>Compared with the unrounded availability; null when nothing was eligible.</summary>
    public bool? SloMet { get; set; }
    public decimal ErrorBudgetMinutes { get; set; }
    public decimal ErrorBudgetRemainingMinutes { get; set; }
    public decimal? ErrorBudgetRemainingPercent { get; set; }
    public decimal? BurnRate { get; set; }
    public decimal CreditPercent { get; set; }
    /// <summary>Null when no charge base (BilledCost) was given.</summary>
    public decimal? CreditAmount { get; set; }
    public string? Currency { get; set; }
    /// <summary>100 × (Total − Unknown) / Total, truncated to 4 decimals.</summary>
    public decimal DataCoveragePercent { get; set; }
    /// <summary>Coverage below 99 %.</summary>
    public bool Incomplete { get; set; }

    // ---- x_ metadata ----
    /// <summary>The unrounded availability fraction (0..1).</summary>
    public decimal? x_Availability { get; set; }
    /// <summary>The end of the evaluated time: the window end, or "now" for a month-to-date report.</summary>
    public DateTime x_EvaluatedEnd { get; set; }
    /// <summary>True when the window reaches into the future: the budget covers the evaluated part only (S-R8).</summary>
    public bool x_MonthToDate { get; set; }
    public decimal? x_ChargeBase { get; set; }
    public int x_VmCount { get; set; }
    public string? x_GapPolicy { get; set; }
    /// <summary>Maintenance time inside the evaluated window (declared windows and maintenance mode), merged.</summary>
    public List<History.UtcInterval> MaintenancePeriods { get; } = new List<History.UtcInterval>();
    /// <summary>-Detailed: the outages (counted and not counted).</summary>
    public List<SlaOutage> Outages { get; } = new List<SlaOutage>();

    public override string ToString() => VAppName + " " + (AvailabilityPercent?.ToString(CultureInfo.InvariantCulture) ?? "n/a") + " %";
}
