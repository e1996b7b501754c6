using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Charging;

/// <summary>Loads history once for the window and computes charges for the vApps in scope.</summary>
public static class ChargeService
{
    public static ChargeResult GetCharges(IHistorySource source, ReportScope scope, RateCard card, DateTime? start, DateTime? end,
        ChargeOptions options, IProgress<HistoryProgress>? progress, CancellationToken ct)
    {
        var now = source.Now(ct);
        var window = HistoryLoader.DefaultWindow(start, end, now);
        ReportWindowException.Validate(window.Start, window.End, now, out _);
        var request = new HistoryRequest(window) { NeedPublicIps = card.Versions.Any(v => v.Rates.Any(r => r.Meter == Meter.PublicIp)) };
        if (scope.VAppIds.Count > 0 && scope.Vdcs.Count == 0 && scope.Orgs.Count == 0 && !card.Versions.Any(v => v.Rates.Any(r => r.Meter == Meter.VdcFee)))
            request.VAppInScope = scope.VAppIds.Contains;
        var snapshot = source.Load(request, progress, ct);
        return Compute(snapshot, scope, card, window, options);
    }

    public static ChargeResult Compute(HistorySnapshot snapshot, ReportScope scope, RateCard card, UtcInterval window, ChargeOptions options)
    {
        var all = HistoryLoader.Timelines(snapshot, window);
        var selected = all.Where(scope.Includes).ToList();
        var selectedIds = new HashSet<string>(selected.Select(v => v.VAppId), StringComparer.OrdinalIgnoreCase);
        // A VDC fee is shared by all the VDC's vApps: compute it over all of them, then keep the selected parts.
        var feeVdcs = new HashSet<string>(
            selected.Where(v => v.VdcId != null && card.Versions.Any(ver => ver.Rates.Any(r => r.Meter == Meter.VdcFee))).Select(v => v.VdcId!),
            StringComparer.OrdinalIgnoreCase);
        var input = all.Where(v => selectedIds.Contains(v.VAppId) || (v.VdcId != null && feeVdcs.Contains(v.VdcId))).ToList();
        var result = ChargeEngine.Compute(input, snapshot.Vdcs, card, window.Start, window.End, snapshot.AsOf, options);
        var records = result.Records.Where(r =>
            (r.x_VAppId != null && selectedIds.Contains(r.x_VAppId)) ||
            (r.ResourceType == "Org VDC" && scope.CoversWholeVdcs && scope.IncludesVdc(r.SubAccountId, r.SubAccountName, r.BillingAccountName))).ToList();
        var warnings = result.Warnings.Where(w => w.VAppId == null || selectedIds.Contains(w.VAppId)).ToList();
        return new ChargeResult(result.Window, result.EvaluatedEnd, records, warnings);
    }
}
