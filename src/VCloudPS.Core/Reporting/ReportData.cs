using System;
using System.Collections.Generic;
using System.Linq;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;

namespace VCloudPS.Core.Reporting;

/// <summary>What the report shows, computed from the charge and SLA records (exact decimals; the HTML only formats).</summary>
public sealed class ReportData
{
    public sealed class Cost
    {
        public string Key { get; set; } = "";
        public string Name { get; set; } = "";
        public string Org { get; set; } = "";
        public decimal Billed { get; set; }
        public decimal List { get; set; }
        public int Lines { get; set; }
    }

    public sealed class Day
    {
        public DateTime Date { get; set; }
        public decimal Billed { get; set; }
    }

    public string? Currency { get; private set; }
    public int CostDecimals { get; private set; } = 2;
    public DateTime? Start { get; private set; }
    public DateTime? End { get; private set; }
    public decimal TotalBilled { get; private set; }
    public decimal TotalList { get; private set; }
    public List<Cost> ByVApp { get; } = new List<Cost>();
    public List<Cost> ByOrg { get; } = new List<Cost>();
    public List<Day> ByDay { get; } = new List<Day>();
    public List<SlaRecord> Sla { get; } = new List<SlaRecord>();
    public decimal? CreditTotal { get; private set; }
    public string? CreditCurrency { get; private set; }

    public static ReportData From(IEnumerable<ChargeRecord> charges, IEnumerable<SlaRecord> sla)
    {
        var d = new ReportData();
        var lines = charges.ToList();
        var currencies = lines.Select(c => c.BillingCurrency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
            throw new ArgumentException("The charge records are in several currencies (" + string.Join(", ", currencies) + "); report one currency at a time.");
        d.Currency = currencies.FirstOrDefault();
        d.CostDecimals = lines.Count == 0 ? 2 : lines.Max(c => Scale(c.BilledCost));
        d.TotalBilled = lines.Sum(c => c.BilledCost);
        d.TotalList = lines.Sum(c => c.ListCost);

        foreach (var g in lines.GroupBy(KeyOf, StringComparer.OrdinalIgnoreCase))
        {
            var first = g.First();
            d.ByVApp.Add(new Cost
            {
                Key = g.Key,
                Name = first.x_VAppName == "__idle__" || first.x_VAppName == null ? "__idle__ " + (first.SubAccountName ?? first.ResourceName ?? "") : first.x_VAppName,
                Org = first.BillingAccountName ?? "",
                Billed = g.Sum(c => c.BilledCost),
                List = g.Sum(c => c.ListCost),
                Lines = g.Count(),
            });
        }
        d.ByVApp.Sort((a, b) => b.Billed != a.Billed ? b.Billed.CompareTo(a.Billed) : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
        foreach (var g in lines.GroupBy(c => c.BillingAccountName ?? "", StringComparer.OrdinalIgnoreCase))
            d.ByOrg.Add(new Cost { Key = g.Key, Name = g.Key, Org = g.Key, Billed = g.Sum(c => c.BilledCost), List = g.Sum(c => c.ListCost), Lines = g.Count() });
        d.ByOrg.Sort((a, b) => b.Billed != a.Billed ? b.Billed.CompareTo(a.Billed) : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));

        d.Sla.AddRange(sla.GroupBy(r => r.VAppId, StringComparer.OrdinalIgnoreCase).Select(g => g.First()));
        if (lines.Count > 0)
        {
            d.Start = lines.Min(c => c.ChargePeriodStart);
            d.End = lines.Max(c => c.ChargePeriodEnd);
        }
        if (d.Sla.Count > 0)
        {
            var s = d.Sla.Min(r => r.WindowStart);
            var e = d.Sla.Max(r => r.x_EvaluatedEnd > r.WindowStart ? r.x_EvaluatedEnd : r.WindowEnd);
            d.Start = d.Start == null || s < d.Start ? s : d.Start;
            d.End = d.End == null || e > d.End ? e : d.End;
            var credited = d.Sla.Where(r => r.CreditAmount.HasValue).ToList();
            var creditCurrencies = credited.Select(r => r.Currency).Distinct().ToList();
            if (creditCurrencies.Count == 1) { d.CreditTotal = credited.Sum(r => r.CreditAmount!.Value); d.CreditCurrency = creditCurrencies[0]; }
        }
        d.SpreadOverDays(lines);
        return d;
    }

    /// <summary>The vApp of a line; VDC idle lines are per VDC.</summary>
    internal static string KeyOf(ChargeRecord c) => c.x_VAppId ?? (c.ResourceType == "Org VDC" ? "idle:" + c.ResourceId : c.ResourceId ?? "");

    /// <summary>Each line's billed cost spread over the UTC days of its charge period, in proportion to seconds.</summary>
    private void SpreadOverDays(List<ChargeRecord> lines)
    {
        if (lines.Count == 0) return;
        var first = lines.Min(c => c.ChargePeriodStart).Date;
        var last = lines.Max(c => c.ChargePeriodEnd);
        var days = new SortedDictionary<DateTime, decimal>();
        for (var t = first; t < last; t = t.AddDays(1)) days[DateTime.SpecifyKind(t, DateTimeKind.Utc)] = 0m;
        foreach (var c in lines)
        {
            var span = (decimal)(c.ChargePeriodEnd - c.ChargePeriodStart).TotalSeconds;
            if (span <= 0m) continue;
            for (var t = c.ChargePeriodStart.Date; t < c.ChargePeriodEnd; t = t.AddDays(1))
            {
                var from = t < c.ChargePeriodStart ? c.ChargePeriodStart : t;
                var to = t.AddDays(1) > c.ChargePeriodEnd ? c.ChargePeriodEnd : t.AddDays(1);
                days[DateTime.SpecifyKind(t, DateTimeKind.Utc)] += c.BilledCost * (decimal)(to - from).TotalSeconds / span;
            }
        }
        foreach (var kv in days) ByDay.Add(new Day { Date = kv.Key, Billed = kv.Value });
    }

    private static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;
}
