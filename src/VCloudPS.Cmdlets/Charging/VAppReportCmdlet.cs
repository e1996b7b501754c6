using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Shared by Get-VAppCharge and Get-VAppSla: the scope (-VApp from the pipeline, -Vdc, -Org, or everything the
/// connection sees), the window (-Start/-End, default the previous calendar month of the cloud's clock), one history
/// load per connection in EndProcessing, and progress/warnings on the pipeline thread.
/// </summary>
public abstract class VAppReportCmdlet : VCloudCmdlet
{
    protected const string SetAll = "All", SetVApp = "VApp", SetVdc = "Vdc", SetOrg = "Org";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SetVApp)]
    [ArgumentCompleter(typeof(VAppNameCompleter))]
    [EntityTransformation(typeof(VApp))]
    [ValidateNotNullOrEmpty]
    public VApp[] VApp { get; set; } = Array.Empty<VApp>();

    [Parameter(Mandatory = true, ParameterSetName = SetVdc)]
    [ArgumentCompleter(typeof(VdcNameCompleter))]
    [EntityTransformation(typeof(Vdc))]
    [ValidateNotNullOrEmpty]
    public Vdc[] Vdc { get; set; } = Array.Empty<Vdc>();

    [Parameter(Mandatory = true, ParameterSetName = SetOrg)]
    [ArgumentCompleter(typeof(OrgNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Org { get; set; } = Array.Empty<string>();

    [Parameter]
    public DateTime? Start { get; set; }

    [Parameter]
    public DateTime? End { get; set; }

    private readonly Dictionary<VCloudConnection, ReportScope> _scopes = new Dictionary<VCloudConnection, ReportScope>();

    protected override void ProcessRecord()
    {
        if (ParameterSetName != SetVApp) return;
        foreach (var input in VApp)
        {
            var c = ResolveConnection(input.Connection);
            TryRun(input, () =>
            {
                foreach (var v in EntityResolver.VApps(c, input, requireUnique: false, CancellationToken))
                    ScopeOf(c).VAppIds.Add(v.Id);
            });
        }
    }

    private ReportScope ScopeOf(VCloudConnection c)
    {
        if (!_scopes.TryGetValue(c, out var s)) _scopes[c] = s = new ReportScope();
        return s;
    }

    /// <summary>The scopes to report, per connection (computed at EndProcessing).</summary>
    protected IReadOnlyList<KeyValuePair<VCloudConnection, ReportScope>> Scopes(IEnumerable<string>? fallbackVAppIds = null)
    {
        if (ParameterSetName == SetVApp) return _scopes.ToList();
        var result = new List<KeyValuePair<VCloudConnection, ReportScope>>();
        foreach (var c in ResolveConnections())
        {
            var scope = new ReportScope();
            if (ParameterSetName == SetVdc)
                foreach (var v in Vdc) { if (!string.IsNullOrEmpty(v.Id)) scope.Vdcs.Add(v.Id); if (!string.IsNullOrEmpty(v.Name)) scope.Vdcs.Add(v.Name); }
            else if (ParameterSetName == SetOrg)
            {
                scope.Orgs.AddRange(ExistingOrgs(c));
                if (scope.Orgs.Count == 0) continue;
            }
            else if (fallbackVAppIds != null) foreach (var id in fallbackVAppIds) scope.VAppIds.Add(id);
            result.Add(new KeyValuePair<VCloudConnection, ReportScope>(c, scope));
        }
        return result;
    }

    /// <summary>
    /// The -Org names that exist on the connection (wildcards kept as they are); a literal name that does not exist is
    /// a non-terminating OrgNotFound error, as Get-VApp -Org and -Vdc report a missing container.
    /// </summary>
    private List<string> ExistingOrgs(VCloudConnection c)
    {
        var result = new List<string>();
        HashSet<string>? names = null;
        foreach (var name in Org)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name)) { result.Add(name); continue; }
            if (!c.IsProvider)
            {
                if (string.Equals(name, c.Org, StringComparison.OrdinalIgnoreCase)) result.Add(name);
                else WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "OrgNotFound",
                    $"Organization '{name}' is not visible to {c.User}@{c.Org}: a tenant session reports only its own organization."), name);
                continue;
            }
            if (names == null && !TryRun(name, () => names = new HashSet<string>(
                    Run(ct => InventoryClient.GetOrgsAsync(c, ct)).Select(o => o.Name), StringComparer.OrdinalIgnoreCase)))
                return result;
            if (names!.Contains(name)) result.Add(name);
            else WriteVCloudError(new VCloudException(VCloudErrorKind.NotFound, "OrgNotFound",
                $"Organization '{name}' does not exist on {c.Server.Authority} or you have no access to it."), name);
        }
        return result;
    }

    /// <summary>Runs Core report work off the pipeline thread with history progress shown as Write-Progress.</summary>
    protected T RunReport<T>(string activity, Func<IProgress<HistoryProgress>, System.Threading.CancellationToken, T> work)
    {
        const int id = 7;
        var progress = new HistoryProgressAdapter(Pump, id, activity);
        try
        {
            return Run(ct => Task.Run(() => work(progress, ct), ct));
        }
        finally
        {
            Pump.Report(new TransferProgress { ActivityId = id, Activity = activity, StatusDescription = "Done", Completed = true });
            Pump.Drain(this);
        }
    }

    /// <summary>Maps report input errors to terminating errors with stable ErrorIds.</summary>
    protected void ThrowReportError(Exception ex, object? target)
    {
        ex = ErrorCategories.Unwrap(ex);
        switch (ex)
        {
            case ReportWindowException w:
                ThrowTerminatingError(new ErrorRecord(w, w.ErrorId, ErrorCategory.InvalidArgument, target));
                break;
            case RateCardException r:
                ThrowTerminatingError(new ErrorRecord(r, r.ErrorId, ErrorCategory.InvalidData, target));
                break;
            default:
                ThrowVCloudError(ex, target);
                break;
        }
    }

    private sealed class HistoryProgressAdapter : IProgress<HistoryProgress>
    {
        private readonly ProgressPump _pump;
        private readonly int _id;
        private readonly string _activity;
        public HistoryProgressAdapter(ProgressPump pump, int id, string activity) { _pump = pump; _id = id; _activity = activity; }
        public void Report(HistoryProgress value) => _pump.Report(new TransferProgress
        {
            ActivityId = _id,
            Activity = _activity,
            StatusDescription = "Reading audit trail (" + value.Phase + "): " + value.Events + " events, " + value.Requests + " requests",
        });
    }
}
