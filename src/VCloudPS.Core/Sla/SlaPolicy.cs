using System;
using System.Collections.Generic;
using System.Linq;
using VCloudPS.Core.Charging;

namespace VCloudPS.Core.Sla;

public enum SlaMode
{
    /// <summary>The vApp is down when any required VM is down (default).</summary>
    AllRequired,
    /// <summary>The vApp is down only when every VM is down.</summary>
    AnyUp,
    /// <summary>Each VM is evaluated alone; every minute total is the weighted mean over the VMs.</summary>
    Weighted,
}

public enum GapPolicy
{
    /// <summary>Unknown time is excluded from the eligible minutes (default).</summary>
    Exclude,
    /// <summary>Unknown time counts as up.</summary>
    Up,
    /// <summary>Unknown time counts as unplanned downtime.</summary>
    Down,
}

/// <summary>Credit of <see cref="CreditPercent"/> % when the unrounded availability (in %) is below <see cref="Below"/>.</summary>
public sealed class CreditTier
{
    public CreditTier() { }
    public CreditTier(decimal below, decimal creditPercent) { Below = below; CreditPercent = creditPercent; }
    public decimal Below { get; set; }
    public decimal CreditPercent { get; set; }
    public override string ToString() => "<" + Below + " % -> " + CreditPercent + " %";
}

/// <summary>An SLA policy (charging-sla.md "SLA computation" inputs).</summary>
public sealed class SlaPolicy
{
    /// <summary>Objective in percent, e.g. 99.9.</summary>
    public decimal TargetPercent { get; set; } = 99.9m;
    public SlaMode Mode { get; set; } = SlaMode.AllRequired;
    /// <summary>Per-VM Required flags by VM name or id (default true).</summary>
    public Dictionary<string, bool> Required { get; } = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
    /// <summary>Per-VM weights by VM name or id (default 1).</summary>
    public Dictionary<string, decimal> Weights { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
    public List<MaintenanceWindow> MaintenanceWindows { get; } = new List<MaintenanceWindow>();
    public long MinimumOutageSeconds { get; set; } = 60;
    public GapPolicy GapPolicy { get; set; } = GapPolicy.Exclude;
    public bool CountCustomerInitiated { get; set; }
    /// <summary>Null: the defaults for the target, <see cref="DefaultCreditTiers"/>.</summary>
    public List<CreditTier>? CreditTiers { get; set; }
    /// <summary>Rounding of credit amounts (the charge rounding rules).</summary>
    public RoundingMode CreditRounding { get; set; } = RoundingMode.HalfAwayFromZero;

    /// <summary>[&lt;T → 10 %, &lt;99.0 → 25 %, &lt;95.0 → 100 %] (Azure/GCE style).</summary>
    public static List<CreditTier> DefaultCreditTiers(decimal targetPercent) =>
        new List<CreditTier> { new CreditTier(targetPercent, 10m), new CreditTier(99.0m, 25m), new CreditTier(95.0m, 100m) };

    /// <summary>AWS style: [&lt;T → 10 %, &lt;99.0 → 30 %, &lt;95.0 → 100 %].</summary>
    public static List<CreditTier> AwsCreditTiers(decimal targetPercent) =>
        new List<CreditTier> { new CreditTier(targetPercent, 10m), new CreditTier(99.0m, 30m), new CreditTier(95.0m, 100m) };

    public IReadOnlyList<CreditTier> EffectiveCreditTiers =>
        (CreditTiers ?? DefaultCreditTiers(TargetPercent)).OrderBy(t => t.Below).ToList();

    public bool IsRequired(string vmName, string vmId) =>
        Required.TryGetValue(vmName, out var r) ? r : Required.TryGetValue(vmId, out r) ? r : true;

    public decimal WeightOf(string vmName, string vmId) =>
        Weights.TryGetValue(vmName, out var w) ? w : Weights.TryGetValue(vmId, out w) ? w : 1m;

    public void Validate()
    {
        if (TargetPercent <= 0m || TargetPercent > 100m) throw new ArgumentException("The objective must be above 0 and at most 100 percent.");
        if (MinimumOutageSeconds < 0) throw new ArgumentException("The minimum outage must not be negative.");
        foreach (var w in Weights) if (w.Value < 0m) throw new ArgumentException("VM weight for '" + w.Key + "' is negative.");
        foreach (var t in CreditTiers ?? new List<CreditTier>())
            if (t.CreditPercent < 0m || t.CreditPercent > 100m || t.Below <= 0m || t.Below > 100m)
                throw new ArgumentException("Credit tier " + t + " is out of range (below: 0-100 %, credit: 0-100 %).");
    }
}
