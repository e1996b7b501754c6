using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;

namespace VCloudPS.Core.Reporting;

public sealed class ReportOptions
{
    public string Title { get; set; } = "vCloud charge-back and SLA report";
    /// <summary>Bars per chart before the rest is one "others" bar; timeline rows likewise.</summary>
    public int TopCount { get; set; } = 15;
    /// <summary>Names longer than this are shortened in charts (full name on hover and in the tables).</summary>
    public int NameLength { get; set; } = 26;
}

/// <summary>
/// Writes one self-contained HTML report: inline CSS and SVG only (no script, font, image or style sheet from anywhere),
/// readable on screen, printed and on a phone. Cost per vApp and per org (bars), cost per day (line), availability per vApp
/// against its objective (bars with the objective marked), an incident timeline per vApp, and the table behind each chart.
/// Numbers are formatted with the invariant culture; every figure the tests read carries its exact value in data-value.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int ChartWidth = 760, LabelWidth = 190, ValueWidth = 110, RowHeight = 22;

    public static void Write(TextWriter w, ReportData d, ReportOptions? options = null)
    {
        var o = options ?? new ReportOptions();
        var period = d.Start.HasValue && d.End.HasValue ? UtcTime.Format(d.Start.Value) + " to " + UtcTime.Format(d.End.Value) + " (UTC)" : "no records";
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write("<title>" + H(o.Title) + "</title>\n<style>\n" + Css + "</style>\n</head>\n<body>\n<main>\n");
        w.Write("<header><h1>" + H(o.Title) + "</h1><p class=\"period\">" + H(period) + "</p></header>\n");
        WriteSummary(w, d);
        WriteCostPerVApp(w, d, o);
        WriteCostPerOrg(w, d, o);
        WriteCostPerDay(w, d);
        WriteAvailability(w, d, o);
        WriteTimeline(w, d, o);
        w.Write("<footer><p>Costs are sums of the FOCUS lines' BilledCost" + (d.Currency != null ? " in " + H(d.Currency) : "") +
                ". Cost per day spreads each line evenly over the seconds of its charge period (exact with -Granularity Day). " +
                "Availability is truncated to 4 decimals and compared with the objective unrounded.</p></footer>\n");
        w.Write("</main>\n</body>\n</html>\n");
    }

    private const string Css = @"
:root { --fg: #1d2733; --muted: #5b6775; --line: #d5dbe2; --bar: #2f6db5; --good: #2e7d32; --bad: #c62828; --warn: #e0a100; --cust: #6a5acd; --maint: #9aa5b1; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.period, .note, footer { color: var(--muted); font-size: 0.9em; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 0.85em; } .card .value { font-size: 1.25em; font-weight: 600; }
svg { width: 100%; height: auto; display: block; font-size: 12px; }
svg text { fill: var(--fg); } svg .axis { stroke: var(--muted); stroke-width: 1; } svg .grid { stroke: var(--line); stroke-width: 1; }
svg .bar { fill: var(--bar); } svg .others { fill: var(--maint); } svg .met { fill: var(--good); } svg .missed { fill: var(--bad); }
svg .objective { stroke: var(--fg); stroke-width: 2; } svg .line { fill: none; stroke: var(--bar); stroke-width: 2; }
svg .unplanned { fill: var(--bad); } svg .blip { fill: #f4a3a3; } svg .customer { fill: var(--cust); } svg .unknown { fill: var(--warn); }
svg .maintenance { fill: var(--maint); } svg .track { fill: #f3f5f7; }
.legend span { display: inline-block; margin-right: 14px; font-size: 0.85em; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
details { margin: 8px 0 16px; } summary { cursor: pointer; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.no { color: var(--bad); font-weight: 600; } .yes { color: var(--good); }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; overflow-x: auto; }
@media (max-width: 600px) { figure svg { min-width: 620px; } body { font-size: 14px; } main { padding: 10px; } table { font-size: 0.8em; } th, td { padding: 3px 5px; } }
@media print { figure { overflow: visible; } figure svg { min-width: 0; } body { font-size: 11pt; } main { max-width: none; padding: 0; } details > summary { display: none; } section { break-before: auto; } h2 { break-after: avoid; } .scroll { overflow: visible; } }
";

    // ---- summary ----

    private static void WriteSummary(TextWriter w, ReportData d)
    {
        var cur = d.Currency ?? "";
        int met = d.Sla.Count(r => r.SloMet == true), missed = d.Sla.Count(r => r.SloMet == false);
        w.Write("<section class=\"cards\" aria-label=\"Summary\">\n");
        Card(w, "total-billed", "Billed cost", Money(d.TotalBilled, d) + " " + H(cur), d.TotalBilled);
        Card(w, "total-list", "List cost", Money(d.TotalList, d) + " " + H(cur), d.TotalList);
        Card(w, "vapp-count", "vApps charged", d.ByVApp.Count.ToString(Inv), d.ByVApp.Count);
        Card(w, "sla-met", "Objectives met", met.ToString(Inv) + " of " + d.Sla.Count.ToString(Inv), met);
        Card(w, "sla-missed", "Objectives missed", missed.ToString(Inv), missed);
        if (d.CreditTotal.HasValue) Card(w, "credit-total", "Service credits", Money(d.CreditTotal.Value, d) + " " + H(d.CreditCurrency ?? ""), d.CreditTotal.Value);
        w.Write("</section>\n");
    }

    private static void Card(TextWriter w, string id, string label, string shown, decimal value) =>
        w.Write("<div class=\"card\"><div class=\"label\">" + H(label) + "</div><div class=\"value\" id=\"" + id + "\" data-value=\"" + value.ToString(Inv) + "\">" + shown + "</div></div>\n");

    // ---- cost bars ----

    private static void WriteCostPerVApp(TextWriter w, ReportData d, ReportOptions o)
    {
        w.Write("<section id=\"cost-per-vapp\"><h2>Cost per vApp</h2>\n");
        if (d.ByVApp.Count == 0) { w.Write("<p class=\"note\">No charge records.</p></section>\n"); return; }
        CostBars(w, d, d.ByVApp, o, "vApps", "Billed cost per vApp");
        w.Write(Details(d.ByVApp.Count) + "<summary>Table: cost per vApp (" + d.ByVApp.Count.ToString(Inv) + " rows)</summary><div class=\"scroll\"><table id=\"table-vapp-cost\">\n");
        w.Write("<thead><tr><th>vApp</th><th>Org</th><th class=\"num\">Lines</th><th class=\"num\">List cost</th><th class=\"num\">Billed cost</th></tr></thead><tbody>\n");
        foreach (var c in d.ByVApp)
            w.Write("<tr data-key=\"" + H(c.Key) + "\"><td>" + H(c.Name) + "</td><td>" + H(c.Org) + "</td><td class=\"num\">" + c.Lines.ToString(Inv) +
                    "</td><td class=\"num\">" + Money(c.List, d) + "</td><td class=\"num\" data-value=\"" + c.Billed.ToString(Inv) + "\">" + Money(c.Billed, d) + "</td></tr>\n");
        w.Write("</tbody></table></div></details></section>\n");
    }

    private static void WriteCostPerOrg(TextWriter w, ReportData d, ReportOptions o)
    {
        w.Write("<section id=\"cost-per-org\"><h2>Cost per org</h2>\n");
        if (d.ByOrg.Count == 0) { w.Write("<p class=\"note\">No charge records.</p></section>\n"); return; }
        CostBars(w, d, d.ByOrg, o, "orgs", "Billed cost per org");
        w.Write(Details(d.ByOrg.Count) + "<summary>Table: cost per org (" + d.ByOrg.Count.ToString(Inv) + " rows)</summary><div class=\"scroll\"><table id=\"table-org-cost\">\n");
        w.Write("<thead><tr><th>Org</th><th class=\"num\">Lines</th><th class=\"num\">List cost</th><th class=\"num\">Billed cost</th></tr></thead><tbody>\n");
        foreach (var c in d.ByOrg)
            w.Write("<tr data-key=\"" + H(c.Key) + "\"><td>" + H(c.Name) + "</td><td class=\"num\">" + c.Lines.ToString(Inv) + "</td><td class=\"num\">" + Money(c.List, d) +
                    "</td><td class=\"num\" data-value=\"" + c.Billed.ToString(Inv) + "\">" + Money(c.Billed, d) + "</td></tr>\n");
        w.Write("</tbody></table></div></details></section>\n");
    }

    private static void CostBars(TextWriter w, ReportData d, List<ReportData.Cost> items, ReportOptions o, string what, string label)
    {
        var shown = items.Take(o.TopCount).Select(c => (c.Name, c.Billed, Others: 0)).ToList();
        if (items.Count > o.TopCount)
            shown.Add(("others (" + (items.Count - o.TopCount).ToString(Inv) + " " + what + ")", items.Skip(o.TopCount).Sum(c => c.Billed), items.Count - o.TopCount));
        // The scale is the top bars' (an "others" bar larger than them is drawn full width and marked off scale).
        var max = Math.Max(shown.Where(s => s.Others == 0).Select(s => s.Billed).DefaultIfEmpty(0m).Max(), 0.01m);
        var height = shown.Count * RowHeight + 8;
        var barSpace = ChartWidth - LabelWidth - ValueWidth - 40;
        w.Write(Svg(height, label));
        int y = 4;
        foreach (var s in shown)
        {
            bool offScale = s.Billed > max;
            var width = offScale ? barSpace : (double)(s.Billed / max) * barSpace;
            w.Write("<g><title>" + H(s.Name + ": " + Money(s.Billed, d) + " " + (d.Currency ?? "")) + "</title>");
            w.Write(Text(LabelWidth - 6, y + 15, Ellipsize(s.Name, o.NameLength), "end"));
            w.Write("<rect class=\"" + (s.Others > 0 ? "others" : "bar") + "\" x=\"" + LabelWidth + "\" y=\"" + (y + 3) + "\" width=\"" + N(Math.Max(width, s.Billed > 0 ? 1 : 0)) + "\" height=\"" + (RowHeight - 6) + "\"/>");
            if (offScale)
                w.Write("<path d=\"M" + N(LabelWidth + width - 14) + "," + (y + 2) + " l6,18 M" + N(LabelWidth + width - 8) + "," + (y + 2) + " l6,18\" stroke=\"#fff\" stroke-width=\"3\"/>");
            w.Write(Text(LabelWidth + width + 6, y + 15, Money(s.Billed, d) + (offScale ? " (off scale)" : ""), "start"));
            w.Write("</g>\n");
            y += RowHeight;
        }
        w.Write("</svg></figure>\n");
    }

    // ---- cost per day ----

    private static void WriteCostPerDay(TextWriter w, ReportData d)
    {
        w.Write("<section id=\"cost-per-day\"><h2>Cost per day</h2>\n");
        if (d.ByDay.Count == 0) { w.Write("<p class=\"note\">No charge records.</p></section>\n"); return; }
        const int height = 240, left = 70, right = 20, top = 14, bottom = 40;
        var plotW = ChartWidth - left - right; var plotH = height - top - bottom;
        var max = NiceCeiling(d.ByDay.Max(x => x.Billed));
        double X(int i) => left + (d.ByDay.Count == 1 ? plotW / 2.0 : plotW * i / (double)(d.ByDay.Count - 1));
        double Y(decimal v) => top + plotH - (double)(v / max) * plotH;
        w.Write(Svg(height, "Billed cost per day"));
        for (int k = 0; k <= 4; k++)
        {
            var v = max * k / 4m;
            var y = Y(v);
            w.Write("<line class=\"grid\" x1=\"" + left + "\" x2=\"" + (ChartWidth - right) + "\" y1=\"" + N(y) + "\" y2=\"" + N(y) + "\"/>");
            w.Write(Text(left - 6, y + 4, Money(v, d), "end"));
        }
        w.Write("<line class=\"axis\" x1=\"" + left + "\" x2=\"" + left + "\" y1=\"" + top + "\" y2=\"" + (top + plotH) + "\"/>\n");
        var step = Math.Max(1, (int)Math.Ceiling(d.ByDay.Count / 10.0));
        for (int i = 0; i < d.ByDay.Count; i += step)
            w.Write(Text(X(i), height - bottom + 18, d.ByDay[i].Date.ToString("MM-dd", Inv), "middle"));
        w.Write("<polyline class=\"line\" points=\"" + string.Join(" ", d.ByDay.Select((x, i) => N(X(i)) + "," + N(Y(x.Billed)))) + "\"/>\n");
        for (int i = 0; i < d.ByDay.Count; i++)
            w.Write("<circle cx=\"" + N(X(i)) + "\" cy=\"" + N(Y(d.ByDay[i].Billed)) + "\" r=\"3\" fill=\"#2f6db5\"><title>" +
                    H(d.ByDay[i].Date.ToString("yyyy-MM-dd", Inv) + ": " + Money(d.ByDay[i].Billed, d) + " " + (d.Currency ?? "")) + "</title></circle>\n");
        w.Write("</svg></figure>\n");
        w.Write(Details(d.ByDay.Count) + "<summary>Table: cost per day (" + d.ByDay.Count.ToString(Inv) + " rows)</summary><div class=\"scroll\"><table id=\"table-day-cost\"><thead><tr><th>Day (UTC)</th><th class=\"num\">Billed cost</th></tr></thead><tbody>\n");
        foreach (var x in d.ByDay)
            w.Write("<tr><td>" + x.Date.ToString("yyyy-MM-dd", Inv) + "</td><td class=\"num\" data-value=\"" + x.Billed.ToString(Inv) + "\">" + Money(x.Billed, d) + "</td></tr>\n");
        w.Write("</tbody></table></div></details></section>\n");
    }

    // ---- availability ----

    private static void WriteAvailability(TextWriter w, ReportData d, ReportOptions o)
    {
        w.Write("<section id=\"availability\"><h2>Availability per vApp against its objective</h2>\n");
        if (d.Sla.Count == 0) { w.Write("<p class=\"note\">No SLA records.</p></section>\n"); return; }
        // Worst first: missed objectives, then lowest availability; vApps without eligible minutes last.
        var ordered = d.Sla.OrderBy(r => r.SloMet == false ? 0 : r.SloMet == true ? 1 : 2).ThenBy(r => r.x_Availability ?? 2m)
            .ThenBy(r => r.VAppName, StringComparer.OrdinalIgnoreCase).ToList();
        var shown = ordered.Take(o.TopCount).ToList();
        var rest = ordered.Skip(o.TopCount).ToList();
        var lows = d.Sla.Where(r => r.AvailabilityPercent.HasValue).Select(r => r.AvailabilityPercent!.Value).Concat(d.Sla.Select(r => r.TargetPercent)).ToList();
        var lo = lows.Count > 0 ? lows.Min() : 99m;
        var floor = Math.Max(0m, Math.Floor((lo - Math.Max((100m - lo) * 0.25m, 0.05m)) * 100m) / 100m);
        if (floor >= 100m) floor = 99.9m;
        var barSpace = ChartWidth - LabelWidth - ValueWidth;
        double X(decimal pct) => LabelWidth + (double)((Math.Max(pct, floor) - floor) / (100m - floor)) * barSpace;
        var rows = shown.Count + (rest.Count > 0 ? 1 : 0);
        var height = rows * RowHeight + 30;
        w.Write(Svg(height, "Availability per vApp; the black mark is the objective"));
        foreach (var pct in new[] { floor, (floor + 100m) / 2m, 100m })
        {
            w.Write("<line class=\"grid\" x1=\"" + N(X(pct)) + "\" x2=\"" + N(X(pct)) + "\" y1=\"0\" y2=\"" + (rows * RowHeight + 6) + "\"/>");
            w.Write(Text(X(pct), rows * RowHeight + 22, pct.ToString("0.0#", Inv) + " %", "middle"));
        }
        int y = 4;
        foreach (var r in shown)
        {
            var avail = r.AvailabilityPercent;
            var cls = r.SloMet == false ? "missed" : "met";
            w.Write("<g><title>" + H(r.VAppName + (r.OrgName != null ? " (" + r.OrgName + ")" : "") + ": " + (avail.HasValue ? Pct(avail.Value) + " %" : "n/a") +
                    ", objective " + Pct(r.TargetPercent) + " %" + (r.SloMet == false ? ", missed" : r.SloMet == true ? ", met" : "")) + "</title>");
            w.Write(Text(LabelWidth - 6, y + 15, Ellipsize(r.VAppName, o.NameLength), "end"));
            if (avail.HasValue)
                w.Write("<rect class=\"" + cls + "\" x=\"" + LabelWidth + "\" y=\"" + (y + 3) + "\" width=\"" + N(Math.Max(1, X(avail.Value) - LabelWidth)) + "\" height=\"" + (RowHeight - 6) + "\"/>");
            w.Write("<line class=\"objective\" x1=\"" + N(X(r.TargetPercent)) + "\" x2=\"" + N(X(r.TargetPercent)) + "\" y1=\"" + y + "\" y2=\"" + (y + RowHeight) + "\"/>");
            w.Write(Text(Math.Max(X(avail ?? floor), X(r.TargetPercent)) + 6, y + 15, avail.HasValue ? Pct(avail.Value) + " %" : "n/a", "start"));
            w.Write("</g>\n");
            y += RowHeight;
        }
        if (rest.Count > 0)
        {
            var lowest = rest.Where(r => r.AvailabilityPercent.HasValue).Select(r => r.AvailabilityPercent!.Value).DefaultIfEmpty(100m).Min();
            var restMissed = rest.Count(r => r.SloMet == false);
            w.Write("<g><title>" + H(rest.Count.ToString(Inv) + " more vApps (" + restMissed.ToString(Inv) + " missed their objective, see the table); lowest " + Pct(lowest) + " %") + "</title>");
            w.Write(Text(LabelWidth - 6, y + 15, "others (" + rest.Count.ToString(Inv) + " vApps" + (restMissed > 0 ? ", " + restMissed.ToString(Inv) + " missed" : "") + ")", "end"));
            w.Write("<rect class=\"others\" x=\"" + LabelWidth + "\" y=\"" + (y + 3) + "\" width=\"" + N(Math.Max(1, X(lowest) - LabelWidth)) + "\" height=\"" + (RowHeight - 6) + "\"/>");
            w.Write(Text(X(lowest) + 6, y + 15, "≥ " + Pct(lowest) + " %", "start"));
            w.Write("</g>\n");
        }
        w.Write("</svg></figure>\n");
        w.Write("<p class=\"legend\"><span><i style=\"background:#2e7d32\"></i>objective met</span><span><i style=\"background:#c62828\"></i>objective missed</span><span><i style=\"background:#1d2733;width:3px\"></i>objective</span></p>\n");
        w.Write(Details(d.Sla.Count) + "<summary>Table: availability per vApp (" + d.Sla.Count.ToString(Inv) + " rows)</summary><div class=\"scroll\"><table id=\"table-availability\">\n");
        w.Write("<thead><tr><th>vApp</th><th>Org</th><th class=\"num\">Availability %</th><th class=\"num\">Objective %</th><th>Met</th><th class=\"num\">Downtime min</th><th class=\"num\">Outages</th><th class=\"num\">Budget left %</th><th class=\"num\">Credit</th></tr></thead><tbody>\n");
        foreach (var r in ordered)
        {
            w.Write("<tr data-key=\"" + H(r.VAppId) + "\"><td>" + H(r.VAppName) + "</td><td>" + H(r.OrgName ?? "") + "</td>");
            w.Write("<td class=\"num\" data-value=\"" + (r.AvailabilityPercent?.ToString(Inv) ?? "") + "\">" + (r.AvailabilityPercent.HasValue ? Pct(r.AvailabilityPercent.Value) : "n/a") + "</td>");
            w.Write("<td class=\"num\">" + Pct(r.TargetPercent) + "</td>");
            w.Write("<td>" + (r.SloMet == true ? "<span class=\"yes\">yes</span>" : r.SloMet == false ? "<span class=\"no\">no</span>" : "n/a") + "</td>");
            w.Write("<td class=\"num\">" + r.DowntimeMinutes.ToString(Inv) + "</td><td class=\"num\">" + r.OutageCount.ToString(Inv) + "</td>");
            w.Write("<td class=\"num\">" + (r.ErrorBudgetRemainingPercent?.ToString(Inv) ?? "") + "</td>");
            w.Write("<td class=\"num\">" + (r.CreditAmount.HasValue ? r.CreditAmount.Value.ToString(Inv) + " " + H(r.Currency ?? "") : r.CreditPercent > 0m ? r.CreditPercent.ToString(Inv) + " %" : "") + "</td></tr>\n");
        }
        w.Write("</tbody></table></div></details></section>\n");
    }

    // ---- incident timeline ----

    private static void WriteTimeline(TextWriter w, ReportData d, ReportOptions o)
    {
        w.Write("<section id=\"timeline\"><h2>Incident timeline per vApp</h2>\n");
        var withEvents = d.Sla.Where(r => r.Outages.Count > 0 || r.MaintenancePeriods.Count > 0)
            .OrderByDescending(r => r.DowntimeMinutes).ThenByDescending(r => r.Outages.Count).ThenBy(r => r.VAppName, StringComparer.OrdinalIgnoreCase).ToList();
        if (withEvents.Count == 0 || !d.Start.HasValue || !d.End.HasValue) { w.Write("<p class=\"note\">No outages or maintenance in the window.</p></section>\n"); return; }
        var shown = withEvents.Take(o.TopCount).ToList();
        var start = d.Sla.Min(r => r.WindowStart);
        var end = d.Sla.Max(r => r.x_EvaluatedEnd > r.WindowStart ? r.x_EvaluatedEnd : r.WindowEnd);
        var span = (end - start).TotalSeconds;
        var plot = ChartWidth - LabelWidth - 20;
        double X(DateTime t) => LabelWidth + Math.Max(0, Math.Min(1, (t - start).TotalSeconds / span)) * plot;
        var height = shown.Count * RowHeight + 30;
        w.Write(Svg(height, "Outages and maintenance per vApp over the window",
            "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e3e7eb\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9aa5b1\" stroke-width=\"3\"/></pattern></defs>"));
        var days = (end - start).TotalDays;
        var tickDays = days <= 10 ? 1 : days <= 40 ? 7 : 30;
        for (var t = start; t <= end; t = t.AddDays(tickDays))
        {
            w.Write("<line class=\"grid\" x1=\"" + N(X(t)) + "\" x2=\"" + N(X(t)) + "\" y1=\"0\" y2=\"" + (shown.Count * RowHeight + 6) + "\"/>");
            w.Write(Text(X(t), shown.Count * RowHeight + 22, t.ToString("MM-dd", Inv), "middle"));
        }
        int y = 4;
        foreach (var r in shown)
        {
            w.Write("<g><title>" + H(r.VAppName + ": " + r.DowntimeMinutes.ToString(Inv) + " min downtime, " + r.OutageCount.ToString(Inv) + " outage(s), " +
                    r.MaintenanceMinutes.ToString(Inv) + " min maintenance, " + r.CustomerMinutes.ToString(Inv) + " min customer-initiated") + "</title>");
            w.Write(Text(LabelWidth - 6, y + 15, Ellipsize(r.VAppName, o.NameLength), "end"));
            w.Write("</g>");
            w.Write("<rect class=\"track\" x=\"" + LabelWidth + "\" y=\"" + (y + 3) + "\" width=\"" + plot + "\" height=\"" + (RowHeight - 6) + "\"/>");
            foreach (var m in r.MaintenancePeriods)
                Span(w, X(m.Start), X(m.End), y, "maintenance", "maintenance " + UtcTime.Format(m.Start) + " to " + UtcTime.Format(m.End));
            foreach (var x in r.Outages)
            {
                var cls = x.Classification == OutageClassification.Customer ? "customer" : x.Classification == OutageClassification.Unknown ? "unknown" : x.Counted ? "unplanned" : "blip";
                Span(w, X(x.Start), X(x.End), y, cls, Describe(x));
            }
            w.Write("\n");
            y += RowHeight;
        }
        w.Write("</svg></figure>\n");
        w.Write("<p class=\"legend\"><span><i style=\"background:#c62828\"></i>downtime (counted)</span><span><i style=\"background:#f4a3a3\"></i>not counted (blip)</span>" +
                "<span><i style=\"background:#6a5acd\"></i>customer-initiated</span><span><i style=\"background:#e0a100\"></i>unknown</span><span><i style=\"background:#9aa5b1\"></i>maintenance</span></p>\n");
        if (withEvents.Count > shown.Count)
            w.Write("<p class=\"note\">" + (withEvents.Count - shown.Count).ToString(Inv) + " more vApps with outages or maintenance are in the table.</p>\n");
        w.Write(Details(withEvents.Sum(r => r.Outages.Count + r.MaintenancePeriods.Count)) + "<summary>Table: outages and maintenance (" + withEvents.Sum(r => r.Outages.Count + r.MaintenancePeriods.Count).ToString(Inv) + " rows)</summary><div class=\"scroll\"><table id=\"table-outages\">\n");
        w.Write("<thead><tr><th>vApp</th><th>Start (UTC)</th><th>End (UTC)</th><th class=\"num\">Minutes</th><th>Kind</th><th>Counted</th><th>VMs</th></tr></thead><tbody>\n");
        foreach (var r in withEvents)
        {
            var rows = r.Outages.Select(x => (x.Start, x.End, Minutes: x.Minutes.ToString(Inv), Kind: x.Classification.ToString(), Counted: x.Counted ? "yes" : "no", Vms: string.Join(", ", x.VmNames)))
                .Concat(r.MaintenancePeriods.Select(m => (m.Start, m.End, Minutes: ((decimal)(m.End - m.Start).TotalMinutes).ToString("0.####", Inv), Kind: "Maintenance", Counted: "no", Vms: "")))
                .OrderBy(x => x.Start);
            foreach (var x in rows)
                w.Write("<tr><td>" + H(r.VAppName) + "</td><td>" + UtcTime.Format(x.Start) + "</td><td>" + UtcTime.Format(x.End) + "</td><td class=\"num\">" + x.Minutes +
                        "</td><td>" + x.Kind + "</td><td>" + x.Counted + "</td><td>" + H(x.Vms) + "</td></tr>\n");
        }
        w.Write("</tbody></table></div></details></section>\n");
    }

    /// <summary>Short tables are open (and print); long ones start closed so the charts stay together.</summary>
    private static string Details(int rows) => rows <= OpenTableRows ? "<details open>" : "<details>";
    private const int OpenTableRows = 20;

    private static void Span(TextWriter w, double x1, double x2, int y, string cls, string title) =>
        w.Write("<rect class=\"" + cls + "\" x=\"" + N(x1) + "\" y=\"" + (y + 3) + "\" width=\"" + N(Math.Max(3, x2 - x1)) + "\" height=\"" + (RowHeight - 6) + "\"><title>" + H(title) + "</title></rect>");

    private static string Describe(SlaOutage x) =>
        x.Classification + (x.Counted ? "" : " (not counted)") + " " + UtcTime.Format(x.Start) + " to " + UtcTime.Format(x.End) + ", " + x.Minutes.ToString(Inv) + " min" +
        (x.VmNames.Length > 0 ? ", " + string.Join(", ", x.VmNames) : "");

    // ---- helpers ----

    private static string Svg(int height, string label, string defs = "") =>
        "<figure><svg viewBox=\"0 0 " + ChartWidth + " " + height + "\" role=\"img\" aria-label=\"" + H(label) + "\" xmlns=\"http://www.w3.org/2000/svg\">" + defs + "\n";

    private static string Text(double x, double y, string text, string anchor) =>
        "<text x=\"" + N(x) + "\" y=\"" + N(y) + "\" text-anchor=\"" + anchor + "\">" + H(text) + "</text>";

    /// <summary>Long names keep their start and end around an ellipsis (the end often tells environments apart).</summary>
    public static string Ellipsize(string name, int max)
    {
        if (name.Length <= max) return name;
        var tail = Math.Max(4, max / 3);
        return name.Substring(0, max - tail - 1) + "…" + name.Substring(name.Length - tail);
    }

    private static decimal NiceCeiling(decimal v)
    {
        if (v <= 0m) return 1m;
        var p = 1m;
        while (p * 10m <= v) p *= 10m;
        while (p > v && p > 0.0001m) p /= 10m;
        foreach (var m in new[] { 1m, 2m, 2.5m, 5m, 10m })
            if (p * m >= v) return p * m;
        return p * 10m;
    }

    private static string Money(decimal v, ReportData d) => Math.Round(v, d.CostDecimals, MidpointRounding.AwayFromZero).ToString("#,0." + new string('0', d.CostDecimals), Inv).TrimEnd('.');
    private static string Pct(decimal v) => v.ToString("0.0###", Inv);
    private static string N(double v) => v.ToString("0.#", Inv);
    private static string H(string s) => WebUtility.HtmlEncode(s);
}
