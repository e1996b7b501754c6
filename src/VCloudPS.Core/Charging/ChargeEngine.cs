using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Charging;

/// <summary>
/// Pure charge calculation (charging-sla.md rules R1-R10): a function of timelines, a rate card and a window.
/// </summary>
public static class ChargeEngine
{
    private sealed class Accumulator
    {
        public decimal ActualUnitSeconds;
        public decimal BillableUnitSeconds;
        public long UnknownSeconds;
        public long PowerOnSeconds;
        public decimal? MinUnits, MaxUnits;
        public void Reset()
        {
            ActualUnitSeconds = 0m; BillableUnitSeconds = 0m; UnknownSeconds = 0; PowerOnSeconds = 0; MinUnits = null; MaxUnits = null;
        }
        public void Units(decimal u)
        {
            if (MinUnits == null || u < MinUnits) MinUnits = u;
            if (MaxUnits == null || u > MaxUnits) MaxUnits = u;
        }
    }

    public static ChargeResult Compute(IReadOnlyList<VAppTimeline> vapps, IReadOnlyList<VdcInfo> vdcs, RateCard card, DateTime start, DateTime end,
        DateTime asOf, ChargeOptions? options = null)
    {
        options ??= new ChargeOptions();
        var window = ReportWindowException.Validate(start, end, asOf, out var evaluatedEnd);
        var warnings = new List<ChargeWarning>();
        var records = new List<ChargeRecord>();
        if (evaluatedEnd < window.End)
            warnings.Add(new ChargeWarning("ChargeWindowPartial",
                "The window ends in the future; charges cover " + UtcTime.Format(window.Start) + " to " + UtcTime.Format(evaluatedEnd) + " (to date) only."));

        var periods = ChargePeriods.Split(window.Start, evaluatedEnd, options.Granularity, card, out var uncovered);
        foreach (var u in uncovered)
            warnings.Add(new ChargeWarning("RateCardNotEffective", "No rate card version is effective for " + u + "; that time is not charged."));
        foreach (var version in periods.Select(p => p.Version).Distinct().Where(v => v.ProviderName == null))
            warnings.Add(new ChargeWarning("RateCardNoProvider",
                "Rate card '" + version.RateCardId + "' names no provider ('providerName', the provider's legal name): ProviderName, PublisherName and " +
                "InvoiceIssuerName are '" + options.ProviderName + "'. Add providerName to the rate card for invoices and FOCUS files."));

        var vdcById = new Dictionary<string, VdcInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in vdcs) { vdcById[v.Id] = v; }

        // vApps are charged independently (on all cores), their lines and warnings kept in the vApps' order.
        var vdcOf = new VdcInfo?[vapps.Count];
        for (int i = 0; i < vapps.Count; i++) vdcOf[i] = FindVdc(vdcs, vdcById, vapps[i]);
        var parts = ParallelInOrder.Ranges(vapps.Count, 200, (from, to) =>
        {
            var partRecords = new List<ChargeRecord>((to - from) * 12);
            var partWarnings = new List<ChargeWarning>();
            for (int i = from; i < to; i++) ChargeVApp(vapps[i], vdcOf[i], periods, window, evaluatedEnd, options, partRecords, partWarnings);
            return (Records: partRecords, Warnings: partWarnings);
        });
        records.Capacity = parts.Sum(p => p.Records.Count) + vdcs.Count * 8;
        foreach (var part in parts)
        {
            records.AddRange(part.Records);
            warnings.AddRange(part.Warnings);
        }
        ChargeVdcFees(vapps, vdcs, vdcById, periods, options, records, warnings);
        return new ChargeResult(window, evaluatedEnd, records, warnings);
    }

    private static VdcInfo? FindVdc(IReadOnlyList<VdcInfo> vdcs, Dictionary<string, VdcInfo> byId, VAppTimeline vapp)
    {
        if (vapp.VdcId != null && byId.TryGetValue(vapp.VdcId, out var v)) return v;
        if (vapp.VdcName != null)
            return vdcs.FirstOrDefault(x => string.Equals(x.Name, vapp.VdcName, StringComparison.OrdinalIgnoreCase) &&
                                            (vapp.OrgName == null || x.OrgName == null || string.Equals(x.OrgName, vapp.OrgName, StringComparison.OrdinalIgnoreCase)));
        return null;
    }

    internal static bool FeeApplies(RateEntry e, VdcInfo? vdc) =>
        e.Meter == Meter.VdcFee && vdc != null &&
        (e.AllocationModel == null || string.Equals(e.AllocationModel, vdc.AllocationModel, StringComparison.OrdinalIgnoreCase)) &&
        (e.Vdc == null || Wildcard.IsMatch(vdc.Name, e.Vdc) || Wildcard.IsMatch(vdc.Id, e.Vdc));

    private static void ChargeVApp(VAppTimeline vapp, VdcInfo? vdc, List<LinePeriod> periods, UtcInterval window, DateTime evaluatedEnd,
        ChargeOptions options, List<ChargeRecord> records, List<ChargeWarning> warnings)
    {
        var evaluated = new UtcInterval(window.Start, evaluatedEnd);
        // A vApp none of whose VMs existed (or may have existed) in the window is not charged at all: no zero lines.
        if (vapp.Vms.Count > 0 && !vapp.Vms.Any(vm => vm.Slices.Any(s => s.Existence != Existence.NotExists && s.Interval.Intersect(evaluated) != null)))
            return;
        // Without any retained event the state is known only where it can be deduced (nothing changed since the history is
        // complete); warn when that leaves time unknown.
        bool noHistoryWarned = false;

        var feeCovered = new Dictionary<RateCardVersion, bool>();
        foreach (var period in periods)
            if (!feeCovered.ContainsKey(period.Version)) feeCovered[period.Version] = period.Version.Rates.Any(r => FeeApplies(r, vdc));
        // Lines come per VM and period in time order, so the version changes rarely: the last factor is kept.
        RateCardVersion? factorVersion = null;
        VmTimeline? factorVm = null;
        decimal factor = 1.00m;
        decimal FactorOf(RateCardVersion v, VmTimeline? vm)
        {
            if (!ReferenceEquals(v, factorVersion) || !ReferenceEquals(vm, factorVm))
            {
                factor = v.FactorFor(vapp.OrgName, vdc?.Name ?? vapp.VdcName, vdc?.Id ?? vapp.VdcId, vapp.VAppName, vapp.VAppId, vm?.VmName, vm?.VmId);
                factorVersion = v;
                factorVm = vm;
            }
            return factor;
        }

        var acc = new Accumulator(); // reused for every line of the vApp: nothing keeps it
        foreach (var vm in vapp.Vms)
        {
            long unknownInWindow = 0;
            foreach (var s in vm.Slices)
            {
                var part = s.Interval.Intersect(evaluated);
                if (part == null) continue;
                if (s.Existence == Existence.Unknown || (s.Existence == Existence.Exists && (s.Power == PowerState.Unknown || s.Configuration == null)))
                    unknownInWindow += part.Value.Seconds;
            }
            if (unknownInWindow > 0 && vapp.HasNoHistory && !noHistoryWarned)
            {
                noHistoryWarned = true;
                warnings.Add(new ChargeWarning("ChargeNoHistory",
                    "vApp '" + vapp.VAppName + "' has no retained history for the window; its state is unknown where the current state cannot be projected back.",
                    vapp.VAppId, vapp.VAppName));
            }
            if (unknownInWindow > 0)
                warnings.Add(new ChargeWarning("ChargeUnknownState",
                    "VM '" + vm.VmName + "' of vApp '" + vapp.VAppName + "': state unknown for " + DurationText.Format(unknownInWindow) +
                    " of the window (no retained event tells it); that time is not charged (see x_UnknownSeconds).",
                    vapp.VAppId, vapp.VAppName, vm.VmName, unknownInWindow));

            foreach (var period in periods)
            {
                if (feeCovered[period.Version]) continue; // capacity VDC: the VDC fee covers its VMs (R10)
                for (int ri = 0; ri < period.Version.Rates.Count; ri++)
                {
                    var rate = period.Version.Rates[ri];
                    if (!rate.IsVmMeter) continue;
                    AccumulateVm(vm, rate, period, acc);
                    AddSurplus(vm, rate, period, window, evaluatedEnd, vapp.AsOf, acc);
                    if (acc.ActualUnitSeconds == 0m && acc.BillableUnitSeconds == 0m && acc.UnknownSeconds == 0) continue;
                    records.Add(MakeRecord(vapp, vdc, vm, rate, period, acc, options, FactorOf(period.Version, vm)));
                }
            }
        }

        foreach (var period in periods)
        {
            if (feeCovered[period.Version]) continue;
            foreach (var rate in period.Version.Rates)
            {
                if (rate.Meter != Meter.PublicIp) continue;
                acc.Reset();
                foreach (var s in vapp.PublicIps)
                {
                    var part = new UtcInterval(s.From, s.To).Intersect(period.Interval);
                    if (part == null) continue;
                    if (s.Value == null) { acc.UnknownSeconds += part.Value.Seconds; continue; }
                    if (s.Value.Value == 0) continue;
                    acc.Units(s.Value.Value);
                    acc.ActualUnitSeconds += s.Value.Value * (decimal)part.Value.Seconds;
                }
                acc.BillableUnitSeconds = acc.ActualUnitSeconds;
                if (acc.ActualUnitSeconds == 0m && acc.UnknownSeconds == 0) continue;
                records.Add(MakeRecord(vapp, vdc, null, rate, period, acc, options, FactorOf(period.Version, null)));
            }
        }
    }

    private static decimal? Units(RateEntry rate, VmConfiguration config)
    {
        switch (rate.Meter)
        {
            case Meter.Vcpu: return config.Vcpu;
            case Meter.MemoryGiB: return config.MemoryMiB / 1024m;
            case Meter.StorageGiB: return config.DiskMiB(rate.StoragePolicy) / 1024m;
            default: return null;
        }
    }

    private static void AccumulateVm(VmTimeline vm, RateEntry rate, LinePeriod period, Accumulator acc)
    {
        acc.Reset();
        var slices = vm.Slices;
        for (int i = 0; i < slices.Count; i++)
        {
            var s = slices[i];
            if (s.To <= period.Start) continue;
            if (s.From >= period.End) break;
            var part = s.Interval.Intersect(period.Interval);
            if (part == null) continue;
            var secs = part.Value.Seconds;
            if (s.Existence == Existence.NotExists) continue;
            if (s.Existence == Existence.Unknown) { acc.UnknownSeconds += secs; continue; }
            if (s.Power == PowerState.On) acc.PowerOnSeconds += secs;
            if (rate.Basis == ChargeBasis.PoweredOn)
            {
                if (s.Power == PowerState.Unknown || (s.Power == PowerState.On && s.Configuration == null)) { acc.UnknownSeconds += secs; continue; }
                if (s.Power != PowerState.On) continue;
            }
            else if (s.Configuration == null) { acc.UnknownSeconds += secs; continue; }
            var units = Units(rate, s.Configuration!)!.Value;
            if (units == 0m) continue;
            acc.Units(units);
            acc.ActualUnitSeconds += units * secs;
        }
        acc.BillableUnitSeconds = acc.ActualUnitSeconds;
    }

    /// <summary>
    /// R4: a run is a maximal On interval with constant sized configuration. Its surplus (billable − actual) is booked in
    /// the line whose period contains the run's end; a run still open at the window end is charged on actual seconds.
    /// </summary>
    private static void AddSurplus(VmTimeline vm, RateEntry rate, LinePeriod period, UtcInterval window, DateTime evaluatedEnd, DateTime asOf, Accumulator acc)
    {
        if (rate.Basis != ChargeBasis.PoweredOn || (rate.BillingIncrementSeconds <= 1 && rate.MinimumSecondsPerRun <= 0)) return;
        var slices = vm.Slices;
        int i = 0;
        while (i < slices.Count)
        {
            var s = slices[i];
            if (s.Existence != Existence.Exists || s.Power != PowerState.On || s.Configuration == null) { i++; continue; }
            var runStart = s.From;
            var config = s.Configuration;
            int j = i + 1;
            while (j < slices.Count && slices[j].Existence == Existence.Exists && slices[j].Power == PowerState.On && Equals(slices[j].Configuration, config)) j++;
            var runEnd = slices[j - 1].To;
            i = j;
            bool ended = runEnd < asOf;
            if (!ended || runEnd <= window.Start || runEnd > evaluatedEnd) continue;
            if (!(period.Start < runEnd && runEnd <= period.End)) continue;
            var actual = (long)(runEnd - runStart).TotalSeconds;
            var billable = Math.Max(rate.MinimumSecondsPerRun, DecimalMath.CeilDiv(actual, rate.BillingIncrementSeconds) * rate.BillingIncrementSeconds);
            var surplus = billable - actual;
            if (surplus <= 0) continue;
            var units = Units(rate, config)!.Value;
            acc.BillableUnitSeconds += units * surplus;
        }
    }

    private static decimal Divisor(RateEntry rate, LinePeriod period) => rate.Period == PricePeriod.Hour ? 3600m : period.SecondsInMonth;

    private static ChargeRecord MakeRecord(VAppTimeline vapp, VdcInfo? vdc, VmTimeline? vm, RateEntry rate, LinePeriod period, Accumulator acc, ChargeOptions options,
        decimal factor)
    {
        var v = period.Version;
        var divisor = Divisor(rate, period);
        var qd = v.Rounding.QuantityDecimals;
        var pricingQuantity = DecimalMath.WithScale(v.RoundQuantity(acc.BillableUnitSeconds / divisor), qd);
        var consumedQuantity = DecimalMath.WithScale(v.RoundQuantity(acc.ActualUnitSeconds / divisor), qd);
        var record = NewRecord(vapp, vdc, rate, period, options, factor);
        record.PricingQuantity = pricingQuantity;
        record.ConsumedQuantity = consumedQuantity;
        record.ConsumedUnit = rate.PricingUnit;
        SetCosts(record, v, rate, pricingQuantity);
        record.ResourceId = vm?.VmId ?? vapp.VAppId;
        record.ResourceName = vm?.VmName ?? vapp.VAppName;
        record.ResourceType = vm != null ? "Virtual Machine" : "vApp";
        record.x_VmName = vm?.VmName;
        record.x_PowerOnSeconds = vm != null ? acc.PowerOnSeconds : (long?)null;
        record.x_UnknownSeconds = acc.UnknownSeconds;
        record.ChargeDescription = Describe(rate, acc, vm?.VmName ?? vapp.VAppName);
        return record;
    }

    internal static ChargeRecord NewRecord(VAppTimeline? vapp, VdcInfo? vdc, RateEntry rate, LinePeriod period, ChargeOptions options, decimal factor)
    {
        var v = period.Version;
        var org = vapp?.OrgName ?? vdc?.OrgName;
        var category = rate.ServiceCategory ?? FocusServiceTaxonomy.DefaultCategory(rate.Meter);
        return new ChargeRecord
        {
            BillingAccountId = org,
            BillingAccountName = org,
            BillingAccountType = "Organization",
            BillingCurrency = v.Currency,
            BillingPeriodStart = UtcTime.MonthStart(period.Start),
            BillingPeriodEnd = UtcTime.NextMonthStart(period.Start),
            ChargePeriodStart = period.Start,
            ChargePeriodEnd = period.End,
            ChargeCategory = "Usage",
            ChargeFrequency = "Usage-Based",
            PricingCategory = "Standard",
            PricingCurrency = v.Currency,
            PricingUnit = rate.PricingUnit,
            ProviderName = v.ProviderName ?? options.ProviderName,
            PublisherName = v.PublisherName ?? v.ProviderName ?? options.ProviderName,
            InvoiceIssuerName = v.InvoiceIssuerName ?? v.ProviderName ?? options.ProviderName,
            ServiceName = rate.ServiceName ?? DefaultService(rate.Meter),
            ServiceCategory = category,
            ServiceSubcategory = rate.ServiceSubcategory ?? FocusServiceTaxonomy.DefaultSubcategory(rate.Meter, category),
            SkuId = rate.SkuId,
            SkuPriceId = rate.EffectiveSkuPriceId,
            SkuMeter = rate.SkuMeter,
            SkuPriceDetails = rate.PriceDetails,
            SubAccountId = vdc?.Id ?? vapp?.VdcId ?? vapp?.VdcName,
            SubAccountName = vdc?.Name ?? vapp?.VdcName,
            SubAccountType = "Org VDC",
            x_VAppId = vapp?.VAppId,
            x_VAppName = vapp?.VAppName,
            x_RateFactor = DecimalMath.WithScale(factor, 2),
            x_RateCardId = v.RateCardId,
        };
    }

    internal static void SetCosts(ChargeRecord record, RateCardVersion v, RateEntry rate, decimal pricingQuantity)
    {
        // ListUnitPrice is the rate card price, shown with at least 6 decimals.
        var list = DecimalMath.WithScale(rate.UnitPrice, Math.Max(6, Scale(rate.UnitPrice)));
        var contracted = DecimalMath.WithScale(DecimalMath.Round(list * record.x_RateFactor, 6, RoundingMode.HalfAwayFromZero), 6);
        record.ListUnitPrice = list;
        record.ContractedUnitPrice = contracted;
        record.PricingCurrencyListUnitPrice = list;
        record.PricingCurrencyContractedUnitPrice = contracted;
        var cd = v.CostDecimals;
        record.ListCost = DecimalMath.WithScale(v.RoundCost(list * pricingQuantity), cd);
        record.ContractedCost = DecimalMath.WithScale(v.RoundCost(contracted * pricingQuantity), cd);
        record.BilledCost = record.ContractedCost;
        record.EffectiveCost = record.ContractedCost;
        record.PricingCurrencyEffectiveCost = record.ContractedCost;
    }

    /// <summary>
    /// The quantity whose cost at <paramref name="unitPrice"/> is <paramref name="cost"/>: enough decimals that the product is
    /// within a hundredth of the minor unit (so it rounds back to the cost), shown with at least quantityDecimals.
    /// </summary>
    private static decimal FeeQuantity(decimal cost, decimal unitPrice, RateCardVersion v)
    {
        int integerDigits = 1;
        for (var p = Math.Abs(unitPrice); p >= 10m && integerDigits < 28; p /= 10m) integerDigits++;
        int decimals = Math.Min(28, Math.Max(v.Rounding.QuantityDecimals, v.CostDecimals + 2 + integerDigits));
        var q = Math.Round(cost / unitPrice, decimals, MidpointRounding.AwayFromZero);
        q /= 1.0000000000000000000000000000m; // drop trailing zeros
        return DecimalMath.WithScale(q, Math.Max(v.Rounding.QuantityDecimals, Scale(q)));
    }

    private static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;

    private static string DefaultService(Meter m) =>
        m == Meter.StorageGiB ? "vCD Storage" : m == Meter.PublicIp ? "vCD Networking" : m == Meter.VdcFee ? "vCD Virtual Datacenter" : "vCD Compute";

    private static string Describe(RateEntry rate, Accumulator acc, string resource)
    {
        string units = acc.MinUnits == null ? "" :
            acc.MinUnits == acc.MaxUnits ? Num(acc.MinUnits.Value) + " " : Num(acc.MinUnits.Value) + "-" + Num(acc.MaxUnits!.Value) + " ";
        var time = rate.Basis == ChargeBasis.PoweredOn ? "powered-on time" : "allocated";
        switch (rate.Meter)
        {
            case Meter.Vcpu: return units + "vCPU " + time + ", " + resource;
            case Meter.MemoryGiB: return units + "GiB memory " + time + ", " + resource;
            case Meter.StorageGiB: return units + "GiB " + (rate.StoragePolicy != null ? rate.StoragePolicy + " " : "") + "storage " + time + ", " + resource;
            case Meter.PublicIp: return units + "public IP " + time + ", " + resource;
            default: return rate.SkuId + ", " + resource;
        }
    }

    private static string Num(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    // ---- R10: capacity VDC fees ----

    private static void ChargeVdcFees(IReadOnlyList<VAppTimeline> vapps, IReadOnlyList<VdcInfo> vdcs, Dictionary<string, VdcInfo> vdcById,
        List<LinePeriod> periods, ChargeOptions options, List<ChargeRecord> records, List<ChargeWarning> warnings)
    {
        var byVdc = vapps.GroupBy(a => FindVdc(vdcs, vdcById, a)?.Id ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var vdc in vdcs)
        {
            if (!byVdc.TryGetValue(vdc.Id, out var members)) continue;
            foreach (var period in periods)
                foreach (var rate in period.Version.Rates.Where(r => FeeApplies(r, vdc)))
                    ChargeVdcFee(vdc, members, rate, period, options, records, warnings);
        }
    }

    private static void ChargeVdcFee(VdcInfo vdc, List<VAppTimeline> members, RateEntry rate, LinePeriod period, ChargeOptions options,
        List<ChargeRecord> records, List<ChargeWarning> warnings)
    {
        var v = period.Version;
        var quantity = v.RoundQuantity(period.Seconds / Divisor(rate, period));
        var factor = v.FactorFor(vdc.OrgName, vdc.Name, vdc.Id, null, null, null, null);
        var template = NewRecord(null, vdc, rate, period, options, factor);
        SetCosts(template, v, rate, quantity);
        var listFee = template.ListCost;
        var contractedFee = template.ContractedCost;

        var keys = new List<string>();
        var weights = new List<decimal>();
        var parts = new List<VAppTimeline?>();
        foreach (var vapp in members.OrderBy(a => a.VAppId, StringComparer.Ordinal))
        {
            decimal w = 0m;
            bool exists = false;
            long unknown = 0;
            foreach (var vm in vapp.Vms)
                foreach (var s in vm.Slices)
                {
                    var part = s.Interval.Intersect(period.Interval);
                    if (part == null) continue;
                    if (s.Existence == Existence.Unknown || (s.Existence == Existence.Exists && s.Configuration == null)) { unknown += part.Value.Seconds; continue; }
                    if (s.Existence != Existence.Exists) continue;
                    exists = true;
                    if (rate.Weight == FeeWeight.VcpuHours) w += s.Configuration!.Vcpu * (decimal)part.Value.Seconds / 3600m;
                    else if (rate.Weight == FeeWeight.MemoryGiBHours) w += s.Configuration!.MemoryMiB / 1024m * part.Value.Seconds / 3600m;
                }
            if (rate.Weight == FeeWeight.Even) w = exists ? 1m : 0m;
            if (unknown > 0)
                warnings.Add(new ChargeWarning("ChargeFeeWeightUnknown",
                    "vApp '" + vapp.VAppName + "': " + DurationText.Format(unknown) + " of unknown state in " + period.Interval + "; its share of the " + rate.SkuId + " fee counts known time only.",
                    vapp.VAppId, vapp.VAppName, null, unknown));
            if (w <= 0m) continue;
            keys.Add(vapp.VAppId); weights.Add(w); parts.Add(vapp);
        }
        var used = weights.Sum();
        decimal capacityWeight = rate.Capacity.HasValue && rate.Weight != FeeWeight.Even
            ? rate.Capacity.Value * period.Seconds / 3600m
            : 0m;
        if (capacityWeight > used || used == 0m)
        {
            keys.Add(vdc.Id); weights.Add(capacityWeight > used ? capacityWeight - used : 1m); parts.Add(null);
        }
        // Parts of the billed (contracted) fee sum exactly to it (R10). Each part's PricingQuantity is its share of the fee
        // in pricing units, precise enough that ContractedUnitPrice x PricingQuantity and ListUnitPrice x PricingQuantity give
        // the line's costs within rounding (FOCUS 1.2: cost = unit price x PricingQuantity on every row).
        var contractedParts = LargestRemainder.Split(contractedFee, weights, keys, v.CostDecimals);
        var listParts = LargestRemainder.Split(listFee, weights, keys, v.CostDecimals);
        var total = weights.Sum();
        for (int i = 0; i < parts.Count; i++)
        {
            var vapp = parts[i];
            var r = NewRecord(vapp, vdc, rate, period, options, factor);
            r.ChargeCategory = "Purchase";
            r.ChargeFrequency = "Recurring";
            decimal share;
            if (template.ContractedUnitPrice > 0m) share = FeeQuantity(contractedParts[i], template.ContractedUnitPrice!.Value, v);
            else if (template.ListUnitPrice > 0m) share = FeeQuantity(listParts[i], template.ListUnitPrice!.Value, v);
            else share = DecimalMath.WithScale(v.RoundQuantity(quantity * weights[i] / total), v.Rounding.QuantityDecimals);
            r.PricingQuantity = share;
            SetCosts(r, v, rate, share);
            if (template.ContractedUnitPrice > 0m)
            {
                r.ContractedCost = DecimalMath.WithScale(contractedParts[i], v.CostDecimals);
                r.BilledCost = r.ContractedCost; r.EffectiveCost = r.ContractedCost; r.PricingCurrencyEffectiveCost = r.ContractedCost;
            }
            // A purchase consumes nothing measurable (FOCUS: ConsumedQuantity/ConsumedUnit null unless ChargeCategory is Usage).
            r.ConsumedQuantity = null;
            r.ConsumedUnit = null;
            r.x_AllocationWeight = weights[i];
            r.x_AllocationBasis = rate.Weight.ToString();
            if (vapp != null)
            {
                r.ResourceId = vapp.VAppId; r.ResourceName = vapp.VAppName; r.ResourceType = "vApp";
                r.ChargeDescription = "share of " + vdc.Name + " " + (vdc.AllocationModel ?? "") + " VDC fee by " + rate.Weight + ", " + vapp.VAppName;
            }
            else
            {
                r.ResourceId = vdc.Id; r.ResourceName = "__idle__"; r.ResourceType = "Org VDC";
                r.x_VAppName = "__idle__";
                r.ChargeDescription = "unused capacity of " + vdc.Name + " " + (vdc.AllocationModel ?? "") + " VDC fee";
            }
            records.Add(r);
        }
    }
}
