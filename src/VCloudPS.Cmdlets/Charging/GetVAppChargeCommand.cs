using System;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Charge-back per vApp for a window: one FOCUS 1.2 record per resource x SKU x charge period, computed from the
/// audit trail and a rate card (charging-sla.md).
/// </summary>
[Cmdlet(VerbsCommon.Get, "VAppCharge", DefaultParameterSetName = SetAll)]
[OutputType(typeof(ChargeRecord))]
public sealed class GetVAppChargeCommand : VAppReportCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public object RateCard { get; set; } = null!;

    [Parameter]
    public ChargeGranularity Granularity { get; set; } = ChargeGranularity.Month;

    private RateCard _card = null!;

    protected override void BeginProcessing()
    {
        try { _card = RateCardArgument.Resolve(RateCard, this); }
        catch (RateCardException ex) { ThrowReportError(ex, RateCard); }
        catch (Exception ex) when (ex is ItemNotFoundException || ex is System.IO.IOException || ex is ArgumentException || ex is UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "RateCardNotFound", ErrorCategory.ObjectNotFound, RateCard));
        }
        base.BeginProcessing();
    }

    protected override void EndProcessing()
    {
        foreach (var pair in Scopes())
        {
            var connection = pair.Key;
            CloudApiHistorySource? source = null;
            ChargeResult result = null!;
            try
            {
                source = new CloudApiHistorySource(connection);
                var options = new ChargeOptions { Granularity = Granularity, ProviderName = connection.Server.Host };
                result = RunReport("Get-VAppCharge", (progress, ct) =>
                    ChargeService.GetCharges(source, pair.Value, _card, Start, End, options, progress, ct));
            }
            catch (PipelineStoppedException) { throw; }
            catch (Exception ex) when (IsStopping(ex)) { throw new PipelineStoppedException(); }
            catch (Exception ex) { ThrowReportError(ex, connection); }
            if (source != null) WriteVerbose("Audit trail on " + connection.Server.Authority + ": " + source.LastTimings + ".");

            WriteVerbose("Charges for " + result.Window + " on " + connection.Server.Authority + ": " + result.Records.Count + " lines, total " +
                         result.Records.Sum(r => r.BilledCost).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + _card.Currency + ".");
            foreach (var w in result.Warnings) WriteWarning(w.Message);
            // Core's order: by org, vApp, VM, SKU and period (then VDC fee lines).
            foreach (var r in result.Records)
                WriteObject(r);
        }
        base.EndProcessing();
    }
}
