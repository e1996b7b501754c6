using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla;

/// <summary>
/// SLA results as flat tables a service manager opens in a spreadsheet: one row per vApp (every scalar of
/// <see cref="SlaRecord"/>) and one row per outage (with its vApp's id and name). Numbers in the invariant culture, times
/// as UTC ISO 8601 (<c>yyyy-MM-ddTHH:mm:ssZ</c>), nulls empty (CSV) or null (JSON), lists joined with "; ".
/// </summary>
public static class SlaFlatWriter
{
    public static readonly string[] ResultColumns =
    {
        "VAppId", "VAppName", "OrgName", "VdcName", "WindowStart", "WindowEnd", "Mode", "TargetPercent", "TotalMinutes", "MaintenanceMinutes",
        "CustomerMinutes", "UnknownMinutes", "EligibleMinutes", "DowntimeMinutes", "OutageCount", "LongestOutageMinutes", "AvailabilityPercent",
        "SloMet", "ErrorBudgetMinutes", "ErrorBudgetRemainingMinutes", "ErrorBudgetRemainingPercent", "BurnRate", "CreditPercent", "CreditAmount",
        "Currency", "DataCoveragePercent", "Incomplete", "x_Availability", "x_EvaluatedEnd", "x_MonthToDate", "x_ChargeBase", "x_VmCount", "x_GapPolicy",
    };

    public static readonly string[] OutageColumns =
    {
        "VAppId", "VAppName", "Start", "End", "Minutes", "Classification", "Counted", "StartedBeforeWindow", "ContinuesAfterWindow", "VmIds", "VmNames", "Evidence",
    };

    public static IEnumerable<object?> ResultValues(SlaRecord r) => new object?[]
    {
        r.VAppId, r.VAppName, r.OrgName, r.VdcName, r.WindowStart, r.WindowEnd, r.Mode.ToString(), r.TargetPercent, r.TotalMinutes, r.MaintenanceMinutes,
        r.CustomerMinutes, r.UnknownMinutes, r.EligibleMinutes, r.DowntimeMinutes, r.OutageCount, r.LongestOutageMinutes, r.AvailabilityPercent,
        r.SloMet, r.ErrorBudgetMinutes, r.ErrorBudgetRemainingMinutes, r.ErrorBudgetRemainingPercent, r.BurnRate, r.CreditPercent, r.CreditAmount,
        r.Currency, r.DataCoveragePercent, r.Incomplete, r.x_Availability, r.x_EvaluatedEnd, r.x_MonthToDate, r.x_ChargeBase, r.x_VmCount, r.x_GapPolicy,
    };

    public static IEnumerable<object?> OutageValues(SlaOutage o) => new object?[]
    {
        o.VAppId, o.VAppName, o.Start, o.End, o.Minutes, o.Classification.ToString(), o.Counted, o.StartedBeforeWindow, o.ContinuesAfterWindow,
        string.Join("; ", o.VmIds), string.Join("; ", o.VmNames), string.Join("; ", o.Evidence),
    };

    /// <summary>The per-vApp CSV, and the outages CSV when <paramref name="outages"/> is given (header even without outages).</summary>
    public static void WriteCsv(IEnumerable<SlaRecord> records, TextWriter results, TextWriter? outages)
    {
        WriteRow(results, ResultColumns);
        if (outages != null) WriteRow(outages, OutageColumns);
        foreach (var r in records)
        {
            WriteRow(results, ResultValues(r).Select(Text));
            if (outages != null) foreach (var o in r.Outages) WriteRow(outages, OutageValues(o).Select(Text));
        }
    }

    /// <summary><c>{ "results": [ flat vApp rows ], "outages": [ flat outage rows ] }</c>.</summary>
    public static void WriteJson(IEnumerable<SlaRecord> records, TextWriter writer)
    {
        var list = records.ToList();
        using (var json = new JsonTextWriter(writer) { Formatting = Formatting.Indented, CloseOutput = false, Culture = CultureInfo.InvariantCulture })
        {
            json.WriteStartObject();
            json.WritePropertyName("results");
            json.WriteStartArray();
            foreach (var r in list) WriteObject(json, ResultColumns, ResultValues(r));
            json.WriteEndArray();
            json.WritePropertyName("outages");
            json.WriteStartArray();
            foreach (var o in list.SelectMany(r => r.Outages)) WriteObject(json, OutageColumns, OutageValues(o));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write('\n');
    }

    private static void WriteObject(JsonTextWriter json, string[] columns, IEnumerable<object?> values)
    {
        json.WriteStartObject();
        int i = 0;
        foreach (var v in values)
        {
            json.WritePropertyName(columns[i++]);
            switch (v)
            {
                case null: json.WriteNull(); break;
                case DateTime d: json.WriteValue(UtcTime.Format(d)); break;
                case decimal m: json.WriteRawValue(m.ToString(CultureInfo.InvariantCulture)); break;
                case bool b: json.WriteValue(b); break;
                case int n: json.WriteValue(n); break;
                default: json.WriteValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>A cell: invariant numbers, UTC ISO 8601 times, true/false, empty for null.</summary>
    public static string Text(object? v)
    {
        switch (v)
        {
            case null: return "";
            case DateTime d: return UtcTime.Format(d);
            case bool b: return b ? "true" : "false";
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return v.ToString() ?? "";
        }
    }

    private static readonly char[] CharsThatNeedQuotes = new[] { ',', '"', '\r', '\n' };

    private static void WriteRow(TextWriter w, IEnumerable<string> cells)
    {
        bool first = true;
        foreach (var c in cells)
        {
            if (!first) w.Write(',');
            first = false;
            w.Write(c.IndexOfAny(CharsThatNeedQuotes) < 0 ? c : "\"" + c.Replace("\"", "\"\"") + "\"");
        }
        w.Write("\r\n");
    }
}
