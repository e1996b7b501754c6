using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla;

public sealed class SlaResult
{
    public SlaResult(UtcInterval window, IReadOnlyList<SlaRecord> records, IReadOnlyList<string> warnings)
    {
        Window = window; Records = records; Warnings = warnings;
    }
    public UtcInterval Window { get; }
    public IReadOnlyList<SlaRecord> Records { get; }
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>Loads history once for the window and computes the SLA of every vApp in scope.</summary>
public static class SlaService
{
    public static SlaResult GetSla(IHistorySource source, ReportScope scope, SlaPolicy policy, DateTime? start, DateTime? end,
        IEnumerable<ChargeRecord>? charges, IProgress<HistoryProgress>? progress, CancellationToken ct)
    {
        policy.Validate();
        var now = source.Now(ct);
        var window = HistoryLoader.DefaultWindow(start, end, now);
        ReportWindowException.Validate(window.Start, window.End, now, out _);
        var request = new HistoryRequest(window) { NeedDownCause = true, NeedMaintenanceMode = true, ContextBefore = SlaEngine.ContextBefore(policy) };
        if (scope.VAppIds.Count > 0 && scope.Vdcs.Count == 0 && scope.Orgs.Count == 0) request.VAppInScope = scope.VAppIds.Contains;
        var snapshot = source.Load(request, progress, ct);
        return Compute(snapshot, scope, policy, window, charges);
    }

    public static SlaResult Compute(HistorySnapshot snapshot, ReportScope scope, SlaPolicy policy, UtcInterval window, IEnumerable<ChargeRecord>? charges)
    {
        var timelines = HistoryLoader.Timelines(snapshot, window).Where(scope.Includes).ToList();
        var bases = ChargeBases(charges, window);
        // vApps that did not exist at all in the window (deleted before it, created after it) are reported only when asked for by id.
        var records = SlaEngine.Compute(timelines, policy, window.Start, window.End, snapshot.AsOf, bases)
            .Where(r => r.TotalMinutes > 0m || scope.VAppIds.Contains(r.VAppId)).ToList();
        var warnings = new List<string>();
        foreach (var r in records)
        {
            if (r.Incomplete && r.TotalMinutes > 0m)
                warnings.Add("vApp '" + r.VAppName + "': data coverage " + r.DataCoveragePercent.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                             " % (" + r.UnknownMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " min of unknown state; GapPolicy " +
                             policy.GapPolicy + "); the result is Incomplete.");
            if (r.x_MonthToDate)
                warnings.Add("vApp '" + r.VAppName + "': the window ends in the future; evaluated to " + UtcTime.Format(r.x_EvaluatedEnd) + " (month to date).");
        }
        if (charges != null)
            foreach (var r in records.Where(x => x.CreditPercent > 0m && x.CreditAmount == null))
                warnings.Add("vApp '" + r.VAppName + "' earns a " + r.CreditPercent + " % credit but no charge record of it covers the window.");
        return new SlaResult(window, records, warnings);
    }

    /// <summary>BilledCost per vApp from charge records inside the window (S-R7: the base of the credit).</summary>
    public static IReadOnlyDictionary<string, ChargeBase>? ChargeBases(IEnumerable<ChargeRecord>? charges, UtcInterval window)
    {
        if (charges == null) return null;
        var d = new Dictionary<string, ChargeBase>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in charges.Where(c => c.x_VAppId != null && c.ChargePeriodStart >= window.Start && c.ChargePeriodEnd <= window.End)
                                 .GroupBy(c => c.x_VAppId!, StringComparer.OrdinalIgnoreCase))
        {
            var currency = g.First().BillingCurrency;
            if (g.Any(c => c.BillingCurrency != currency)) throw new ArgumentException("Charge records of vApp " + g.Key + " mix currencies.");
            var decimals = g.Max(c => (decimal.GetBits(c.BilledCost)[3] >> 16) & 0xFF);
            d[g.Key] = new ChargeBase(g.Sum(c => c.BilledCost), currency, decimals);
        }
        return d;
    }
}
