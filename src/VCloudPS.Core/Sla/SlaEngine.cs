using System;
using System.Collections.Generic;
using System.Linq;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla;

/// <summary>The billed cost of a vApp for the window, the base of its service credit (S-R7).</summary>
public sealed class ChargeBase
{
    public ChargeBase(decimal amount, string currency, int? costDecimals = null)
    {
        Amount = amount; Currency = currency; CostDecimals = costDecimals ?? CurrencyInfo.MinorUnit(currency);
    }
    public decimal Amount { get; }
    public string Currency { get; }
    public int CostDecimals { get; }
}

/// <summary>
/// Pure SLA calculation (charging-sla.md S-R1..S-R8): a function of timelines, a policy and a window.
/// </summary>
public static class SlaEngine
{
    internal enum St { NotExisting = 0, Up, Maintenance, Unknown, Unplanned, Customer }

    internal sealed class Segment
    {
        public DateTime From, To;
        public St State;
        public HashSet<int> Vms = new HashSet<int>();
        public HashSet<string> Evidence = new HashSet<string>(StringComparer.Ordinal);
        public long Seconds => (long)(To - From).TotalSeconds;
    }

    private sealed class Totals
    {
        public decimal Total, Maintenance, Customer, Unknown, Unplanned;
        public int OutageCount;
        public decimal LongestSeconds;
        public List<SlaOutage> Outages = new List<SlaOutage>();
    }

    public static IReadOnlyList<SlaRecord> Compute(IReadOnlyList<VAppTimeline> vapps, SlaPolicy policy, DateTime start, DateTime end, DateTime asOf,
        IReadOnlyDictionary<string, ChargeBase>? chargeBases = null)
    {
        policy.Validate();
        var window = ReportWindowException.Validate(start, end, asOf, out var evaluatedEnd);
        var result = new List<SlaRecord>();
        foreach (var vapp in vapps)
        {
            ChargeBase? cb = null;
            chargeBases?.TryGetValue(vapp.VAppId, out cb);
            result.Add(ComputeVApp(vapp, policy, window, evaluatedEnd, cb));
        }
        return result;
    }

    /// <summary>How far before the window the states are looked at (an outage that began before it is filtered whole).</summary>
    public static TimeSpan ContextBefore(SlaPolicy policy) => TimeSpan.FromSeconds(Math.Max(policy.MinimumOutageSeconds, 3600));

    public static SlaRecord ComputeVApp(VAppTimeline vapp, SlaPolicy policy, UtcInterval window, DateTime evaluatedEnd, ChargeBase? chargeBase)
    {
        var evaluated = new UtcInterval(window.Start, evaluatedEnd);
        var margin = ContextBefore(policy);
        var rangeStart = Max(vapp.DomainStart < evaluated.Start ? vapp.DomainStart : evaluated.Start, evaluated.Start - margin);
        var rangeEnd = Min(vapp.AsOf > evaluated.End ? vapp.AsOf : evaluated.End, evaluated.End + margin);
        var range = new UtcInterval(rangeStart, rangeEnd);
        var maintenance = MaintenanceIntervals(vapp, policy, range);

        Totals totals;
        if (policy.Mode == SlaMode.Weighted)
        {
            totals = new Totals();
            decimal weightSum = 0m;
            var perVm = new List<(decimal Weight, Totals T)>();
            for (int i = 0; i < vapp.Vms.Count; i++)
            {
                var vm = vapp.Vms[i];
                var w = policy.IsRequired(vm.VmName, vm.VmId) ? policy.WeightOf(vm.VmName, vm.VmId) : 0m;
                if (w <= 0m) continue;
                var segments = Combine(vapp, new[] { i }, range, maintenance, policy.Mode);
                var t = Evaluate(vapp, segments, evaluated, policy);
                if (t.Total == 0m) continue; // the VM did not exist in the window
                perVm.Add((w, t));
                weightSum += w;
            }
            foreach (var (w, t) in perVm)
            {
                totals.Total += w * t.Total / weightSum;
                totals.Maintenance += w * t.Maintenance / weightSum;
                totals.Customer += w * t.Customer / weightSum;
                totals.Unknown += w * t.Unknown / weightSum;
                totals.Unplanned += w * t.Unplanned / weightSum;
                totals.OutageCount += t.OutageCount;
                totals.LongestSeconds = Math.Max(totals.LongestSeconds, t.LongestSeconds);
                totals.Outages.AddRange(t.Outages);
            }
            totals.Outages.Sort((a, b) => a.Start.CompareTo(b.Start));
        }
        else
        {
            var vmIndexes = Enumerable.Range(0, vapp.Vms.Count).ToArray();
            var segments = Combine(vapp, vmIndexes, range, maintenance, policy.Mode, policy);
            totals = Evaluate(vapp, segments, evaluated, policy);
        }
        var record = MakeRecord(vapp, policy, window, evaluatedEnd, chargeBase, totals);
        foreach (var m in maintenance.Select(m => m.Intersect(evaluated)).Where(m => m != null).Select(m => m!.Value).OrderBy(m => m.Start))
        {
            var list = record.MaintenancePeriods;
            if (list.Count > 0 && m.Start <= list[list.Count - 1].End)
            {
                var last = list[list.Count - 1];
                if (m.End > last.End) list[list.Count - 1] = new UtcInterval(last.Start, m.End);
            }
            else list.Add(m);
        }
        return record;
    }

    private static List<UtcInterval> MaintenanceIntervals(VAppTimeline vapp, SlaPolicy policy, UtcInterval range)
    {
        var list = new List<UtcInterval>();
        foreach (var mw in policy.MaintenanceWindows)
            if (mw.AppliesTo(vapp.VAppName, vapp.VAppId)) list.AddRange(mw.Occurrences(range));
        foreach (var s in vapp.MaintenanceMode)
            if (s.Value == true)
            {
                var x = new UtcInterval(s.From, s.To).Intersect(range);
                if (x != null) list.Add(x.Value);
            }
        return list;
    }

    private static St VmState(VmSlice? s)
    {
        if (s == null) return St.Unknown;
        if (s.Existence == Existence.NotExists) return St.NotExisting;
        if (s.Existence == Existence.Unknown || s.Power == PowerState.Unknown) return St.Unknown;
        if (s.Power == PowerState.On) return St.Up;
        return s.Evidence != null && s.Evidence.IsCustomerInitiated ? St.Customer : St.Unplanned;
    }

    private static int Precedence(St s) => s == St.Customer ? 3 : s == St.Unplanned ? 2 : s == St.Unknown ? 1 : 0;

    /// <summary>S-R1/S-R2: per instant, the state of the vApp (or of one VM, for Weighted) with its contributing VMs.</summary>
    internal static List<Segment> Combine(VAppTimeline vapp, int[] vmIndexes, UtcInterval range, List<UtcInterval> maintenance, SlaMode mode, SlaPolicy? policy = null)
    {
        var bounds = new SortedSet<DateTime> { range.Start, range.End };
        foreach (var i in vmIndexes)
            foreach (var s in vapp.Vms[i].Slices)
            {
                if (s.From > range.Start && s.From < range.End) bounds.Add(s.From);
                if (s.To > range.Start && s.To < range.End) bounds.Add(s.To);
            }
        foreach (var m in maintenance) { if (m.Start > range.Start && m.Start < range.End) bounds.Add(m.Start); if (m.End > range.Start && m.End < range.End) bounds.Add(m.End); }
        var b = bounds.ToList();
        var ptr = new int[vapp.Vms.Count];
        var mSorted = maintenance.OrderBy(m => m.Start).ToList();
        var segments = new List<Segment>();
        for (int k = 0; k + 1 < b.Count; k++)
        {
            var from = b[k];
            var seg = new Segment { From = from, To = b[k + 1] };
            var states = new List<(int Vm, St State, VmSlice? Slice)>();
            foreach (var i in vmIndexes)
            {
                var slices = vapp.Vms[i].Slices;
                while (ptr[i] < slices.Count && slices[ptr[i]].To <= from) ptr[i]++;
                var slice = ptr[i] < slices.Count && slices[ptr[i]].From <= from ? slices[ptr[i]] : null;
                states.Add((i, VmState(slice), slice));
            }
            var existing = states.Where(x => x.State != St.NotExisting).ToList();
            if (existing.Count == 0) seg.State = St.NotExisting;
            else if (mSorted.Any(m => m.Contains(from))) seg.State = St.Maintenance;
            else
            {
                List<(int Vm, St State, VmSlice? Slice)> deciding;
                if (mode == SlaMode.AnyUp) deciding = existing.Any(x => x.State == St.Up) ? new List<(int, St, VmSlice?)>() : existing;
                else
                {
                    var required = policy == null ? existing : existing.Where(x => policy.IsRequired(vapp.Vms[x.Vm].VmName, vapp.Vms[x.Vm].VmId)).ToList();
                    if (required.Count == 0) required = existing;
                    deciding = required.Where(x => x.State != St.Up).ToList();
                }
                if (deciding.Count == 0) seg.State = St.Up;
                else
                {
                    seg.State = deciding.OrderByDescending(x => Precedence(x.State)).First().State;
                    foreach (var d in deciding)
                    {
                        seg.Vms.Add(d.Vm);
                        seg.Evidence.Add(vapp.Vms[d.Vm].VmName + ": " + (d.State == St.Unknown ? "state unknown (no retained event)" : d.Slice?.Evidence?.Describe() ?? ""));
                    }
                }
            }
            if (segments.Count > 0 && segments[segments.Count - 1].State == seg.State && segments[segments.Count - 1].To == seg.From)
            {
                var last = segments[segments.Count - 1];
                last.To = seg.To;
                last.Vms.UnionWith(seg.Vms);
                last.Evidence.UnionWith(seg.Evidence);
            }
            else segments.Add(seg);
        }
        return segments;
    }

    /// <summary>S-R3..S-R5: blip filter, gap policy and minute totals over the evaluated window.</summary>
    private static Totals Evaluate(VAppTimeline vapp, List<Segment> segments, UtcInterval evaluated, SlaPolicy policy)
    {
        // S-R3: segments are already merged per state, so touching unplanned intervals are one segment.
        foreach (var s in segments)
            if (s.State == St.Unplanned && s.Seconds < policy.MinimumOutageSeconds) s.State = St.Up;

        var t = new Totals();
        for (int k = 0; k < segments.Count; k++)
        {
            var s = segments[k];
            var part = new UtcInterval(s.From, s.To).Intersect(evaluated);
            if (part == null) continue;
            decimal secs = part.Value.Seconds;
            if (s.State != St.NotExisting) t.Total += secs;
            switch (s.State)
            {
                case St.Maintenance: t.Maintenance += secs; break;
                case St.Customer: t.Customer += secs; break;
                case St.Unknown: t.Unknown += secs; break;
                case St.Unplanned: t.Unplanned += secs; break;
            }
            OutageClassification? cls = s.State == St.Unplanned ? OutageClassification.Unplanned
                : s.State == St.Customer ? OutageClassification.Customer
                : s.State == St.Unknown && policy.GapPolicy == GapPolicy.Down ? OutageClassification.Unknown
                : (OutageClassification?)null;
            if (cls == null) continue;
            bool counted = cls != OutageClassification.Customer || policy.CountCustomerInitiated;
            if (counted)
            {
                t.OutageCount++;
                t.LongestSeconds = Math.Max(t.LongestSeconds, secs);
            }
            var ordered = s.Vms.OrderBy(i => i).ToList();
            t.Outages.Add(new SlaOutage
            {
                VAppId = vapp.VAppId,
                VAppName = vapp.VAppName,
                Start = part.Value.Start,
                End = part.Value.End,
                Minutes = Minutes(secs),
                Classification = cls.Value,
                VmIds = ordered.Select(i => vapp.Vms[i].VmId).ToArray(),
                VmNames = ordered.Select(i => vapp.Vms[i].VmName).ToArray(),
                Evidence = s.Evidence.OrderBy(x => x, StringComparer.Ordinal).ToArray(),
                StartedBeforeWindow = s.From < evaluated.Start,
                ContinuesAfterWindow = s.To > evaluated.End,
                Counted = counted,
            });
        }
        return t;
    }

    private static SlaRecord MakeRecord(VAppTimeline vapp, SlaPolicy policy, UtcInterval window, DateTime evaluatedEnd, ChargeBase? chargeBase, Totals t)
    {
        var target = policy.TargetPercent / 100m;
        var total = t.Total;
        var eligible = total - t.Maintenance
                       - (policy.CountCustomerInitiated ? 0m : t.Customer)
                       - (policy.GapPolicy == GapPolicy.Exclude ? t.Unknown : 0m);
        var downtime = t.Unplanned
                       + (policy.CountCustomerInitiated ? t.Customer : 0m)
                       + (policy.GapPolicy == GapPolicy.Down ? t.Unknown : 0m);
        var r = new SlaRecord
        {
            VAppId = vapp.VAppId,
            VAppName = vapp.VAppName,
            OrgName = vapp.OrgName,
            VdcName = vapp.VdcName,
            WindowStart = window.Start,
            WindowEnd = window.End,
            Mode = policy.Mode,
            TargetPercent = policy.TargetPercent,
            TotalMinutes = Minutes(total),
            MaintenanceMinutes = Minutes(t.Maintenance),
            CustomerMinutes = Minutes(t.Customer),
            UnknownMinutes = Minutes(t.Unknown),
            EligibleMinutes = Minutes(eligible),
            DowntimeMinutes = Minutes(downtime),
            OutageCount = t.OutageCount,
            LongestOutageMinutes = Minutes(t.LongestSeconds),
            Currency = chargeBase?.Currency,
            x_EvaluatedEnd = evaluatedEnd,
            x_MonthToDate = evaluatedEnd < window.End,
            x_ChargeBase = chargeBase?.Amount,
            x_VmCount = vapp.Vms.Count,
            x_GapPolicy = policy.GapPolicy.ToString(),
        };
        r.Outages.AddRange(t.Outages);
        r.DataCoveragePercent = total > 0m ? DecimalMath.Truncate(100m * (total - t.Unknown) / total, 4) : 0m;
        r.Incomplete = total <= 0m || 100m * (total - t.Unknown) / total < 99m;

        // Error budget in minutes from exact seconds; (1 - T) is exact for decimal targets.
        var budgetSeconds = (1m - target) * eligible;
        r.ErrorBudgetMinutes = Minutes(budgetSeconds);
        r.ErrorBudgetRemainingMinutes = Minutes(budgetSeconds - downtime);
        if (eligible <= 0m)
        {
            r.AvailabilityPercent = null;
            r.SloMet = null;
            r.ErrorBudgetRemainingPercent = null;
            r.BurnRate = null;
            r.CreditPercent = 0m;
            r.CreditAmount = null;
            return r;
        }
        var availability = (eligible - downtime) / eligible;
        r.x_Availability = availability;
        r.AvailabilityPercent = DecimalMath.WithScale(DecimalMath.Truncate(100m * availability, 4), 4);
        r.SloMet = availability >= target;
        if (budgetSeconds > 0m)
        {
            r.ErrorBudgetRemainingPercent = DecimalMath.WithScale(DecimalMath.Round(100m * (budgetSeconds - downtime) / budgetSeconds, 4, RoundingMode.HalfAwayFromZero), 4);
            r.BurnRate = DecimalMath.WithScale(DecimalMath.Round(downtime / eligible / (1m - target), 4, RoundingMode.HalfAwayFromZero), 4);
        }
        var availabilityPercent = 100m * availability;
        var tier = policy.EffectiveCreditTiers.FirstOrDefault(x => availabilityPercent < x.Below);
        r.CreditPercent = tier?.CreditPercent ?? 0m;
        if (chargeBase != null)
            r.CreditAmount = DecimalMath.WithScale(DecimalMath.Round(chargeBase.Amount * r.CreditPercent / 100m, chargeBase.CostDecimals, policy.CreditRounding), chargeBase.CostDecimals);
        return r;
    }

    /// <summary>Seconds to minutes, kept exact up to 4 decimals for display (rounded half away from zero).</summary>
    private static decimal Minutes(decimal seconds) => DecimalMath.Round(seconds / 60m, 4, RoundingMode.HalfAwayFromZero);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
