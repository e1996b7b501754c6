using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets;

/// <summary>
/// SLA per vApp for a window: availability over eligible minutes, outages, error budget, burn rate and service credits
/// (charging-sla.md S-R1..S-R8). Credits are computed from charge records passed with -Charge or piped in.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VAppSla", DefaultParameterSetName = SetAll)]
[OutputType(typeof(SlaRecord), typeof(SlaOutage))]
public sealed class GetVAppSlaCommand : VAppReportCmdlet
{
    /// <summary>Objective in percent (e.g. 99.9). Required unless -Policy gives one.</summary>
    [Parameter]
    [ValidateRange(0.0001, 100)]
    public decimal? Objective { get; set; }

    [Parameter]
    public SlaMode? Mode { get; set; }

    /// <summary>Strings ('Sun 02:00-04:00', 'daily 01:00-01:30', '2024-04-20T02:00Z/2024-04-20T04:00Z'), hashtables @{ Window = ...; Scope = 'erp*' } or MaintenanceWindow objects.</summary>
    [Parameter]
    public object[]? MaintenanceWindow { get; set; }

    [Parameter]
    public TimeSpan? MinimumOutage { get; set; }

    [Parameter]
    public GapPolicy? GapPolicy { get; set; }

    [Parameter]
    public SwitchParameter CountCustomerInitiated { get; set; }

    /// <summary>Hashtables @{ Below = 99.9; CreditPercent = 10 }, or one hashtable @{ 99.9 = 10; 99 = 25; 95 = 100 }.</summary>
    [Parameter]
    public object[]? CreditTiers { get; set; }

    /// <summary>Charge records of the same window (Get-VAppCharge); piped or passed. Their BilledCost per vApp is the credit base.</summary>
    [Parameter(ValueFromPipeline = true)]
    public ChargeRecord[]? Charge { get; set; }

    /// <summary>A JSON policy file (see examples/sla-policy.json); other parameters override its values.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>Per-VM weights for -Mode Weighted, by VM name or id: @{ lb01 = 2 }.</summary>
    [Parameter]
    public Hashtable? VmWeight { get; set; }

    /// <summary>Per-VM Required flags, by VM name or id: @{ batch01 = $false } (default: every VM is required).</summary>
    [Parameter]
    public Hashtable? RequiredVm { get; set; }

    /// <summary>Also write one record per outage after each vApp's record.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private readonly List<ChargeRecord> _charges = new List<ChargeRecord>();
    private SlaPolicy _policy = null!;

    protected override void BeginProcessing()
    {
        try { _policy = BuildPolicy(); }
        catch (Exception ex) when (ex is FormatException || ex is ArgumentException || ex is System.IO.IOException || ex is InvalidCastException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "SlaPolicyInvalid", ErrorCategory.InvalidArgument, Policy));
        }
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        if (Charge != null) _charges.AddRange(Charge);
        if (ParameterSetName == SetVApp) base.ProcessRecord();
    }

    protected override void EndProcessing()
    {
        var charges = _charges.Count > 0 ? _charges : null;
        var fallback = charges?.Where(c => c.x_VAppId != null).Select(c => c.x_VAppId!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var pair in Scopes(fallback))
        {
            var connection = pair.Key;
            CloudApiHistorySource? source = null;
            SlaResult result = null!;
            try
            {
                source = new CloudApiHistorySource(connection);
                result = RunReport("Get-VAppSla", (progress, ct) => SlaService.GetSla(source, pair.Value, _policy, Start, End, charges, progress, ct));
            }
            catch (PipelineStoppedException) { throw; }
            catch (Exception ex) when (IsStopping(ex)) { throw new PipelineStoppedException(); }
            catch (Exception ex) { ThrowReportError(ex, connection); }
            if (source != null) WriteVerbose("Audit trail on " + connection.Server.Authority + ": " + source.LastTimings + ".");

            foreach (var w in result.Warnings) WriteWarning(w);
            foreach (var r in result.Records.OrderBy(r => r.OrgName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.VAppName, StringComparer.OrdinalIgnoreCase))
            {
                WriteObject(r);
                if (Detailed) foreach (var o in r.Outages) WriteObject(o);
            }
        }
        base.EndProcessing();
    }

    private SlaPolicy BuildPolicy()
    {
        SlaPolicy p;
        if (Policy != null) p = SlaPolicyReader.ReadFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Policy));
        else
        {
            if (!Objective.HasValue)
                throw new ArgumentException("Give the objective with -Objective (e.g. 99.9) or a policy file with -Policy.");
            p = new SlaPolicy();
        }
        if (Objective.HasValue) p.TargetPercent = Objective.Value; // default credit tiers follow the target
        if (Mode.HasValue) p.Mode = Mode.Value;
        if (MinimumOutage.HasValue) p.MinimumOutageSeconds = (long)MinimumOutage.Value.TotalSeconds;
        if (GapPolicy.HasValue) p.GapPolicy = GapPolicy.Value;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(CountCustomerInitiated))) p.CountCustomerInitiated = CountCustomerInitiated;
        if (MaintenanceWindow != null)
            foreach (var w in MaintenanceWindow) p.MaintenanceWindows.Add(ToWindow(w));
        if (CreditTiers != null) p.CreditTiers = ToTiers(CreditTiers);
        if (VmWeight != null)
            foreach (DictionaryEntry kv in VmWeight) p.Weights[Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!] = ToDecimal(kv.Value);
        if (RequiredVm != null)
            foreach (DictionaryEntry kv in RequiredVm) p.Required[Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!] = LanguagePrimitives.IsTrue(kv.Value);
        p.Validate();
        return p;
    }

    internal static Core.Sla.MaintenanceWindow ToWindow(object value)
    {
        if (value is PSObject pso) value = pso.BaseObject;
        switch (value)
        {
            case Core.Sla.MaintenanceWindow w: return w;
            case string s: return Core.Sla.MaintenanceWindow.Parse(s);
            case IDictionary d:
                string? window = null, scope = null;
                DateTime? start = null, end = null;
                foreach (DictionaryEntry kv in d)
                {
                    var key = Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!.ToLowerInvariant();
                    var v = kv.Value is PSObject p ? p.BaseObject : kv.Value;
                    if (key == "window") window = Convert.ToString(v, CultureInfo.InvariantCulture);
                    else if (key == "scope") scope = Convert.ToString(v, CultureInfo.InvariantCulture);
                    else if (key == "start") start = Convert.ToDateTime(v, CultureInfo.InvariantCulture);
                    else if (key == "end") end = Convert.ToDateTime(v, CultureInfo.InvariantCulture);
                    else throw new ArgumentException("Unknown maintenance window key '" + kv.Key + "' (Window, Start, End, Scope).");
                }
                if (window != null) return Core.Sla.MaintenanceWindow.Parse(window, scope);
                if (start.HasValue && end.HasValue) return Core.Sla.MaintenanceWindow.FromInterval(start.Value, end.Value, scope);
                throw new ArgumentException("A maintenance window hashtable needs Window, or Start and End.");
            default:
                throw new ArgumentException("A maintenance window is a string, a hashtable or a MaintenanceWindow object; got " + value?.GetType().Name + ".");
        }
    }

    internal static List<CreditTier> ToTiers(object[] values)
    {
        var list = new List<CreditTier>();
        foreach (var raw in values)
        {
            var value = raw is PSObject pso ? pso.BaseObject : raw;
            switch (value)
            {
                case CreditTier t: list.Add(t); break;
                case IDictionary d when d.Keys.Cast<object>().Any(k => string.Equals(k?.ToString(), "Below", StringComparison.OrdinalIgnoreCase)):
                    decimal? below = null, credit = null;
                    foreach (DictionaryEntry kv in d)
                    {
                        var key = kv.Key?.ToString() ?? "";
                        if (key.Equals("Below", StringComparison.OrdinalIgnoreCase)) below = ToDecimal(kv.Value);
                        else if (key.Equals("CreditPercent", StringComparison.OrdinalIgnoreCase) || key.Equals("Credit", StringComparison.OrdinalIgnoreCase)) credit = ToDecimal(kv.Value);
                        else throw new ArgumentException("Unknown credit tier key '" + key + "' (Below, CreditPercent).");
                    }
                    if (below == null || credit == null) throw new ArgumentException("A credit tier needs Below and CreditPercent.");
                    list.Add(new CreditTier(below.Value, credit.Value));
                    break;
                case IDictionary map: // @{ 99.9 = 10; 99 = 25; 95 = 100 }
                    foreach (DictionaryEntry kv in map) list.Add(new CreditTier(ToDecimal(kv.Key), ToDecimal(kv.Value)));
                    break;
                default:
                    throw new ArgumentException("A credit tier is @{ Below = 99.9; CreditPercent = 10 }; got " + value?.GetType().Name + ".");
            }
        }
        return list;
    }

    private static decimal ToDecimal(object? v)
    {
        if (v is PSObject p) v = p.BaseObject;
        if (v is string s) return decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);
        return Convert.ToDecimal(v, CultureInfo.InvariantCulture);
    }
}
