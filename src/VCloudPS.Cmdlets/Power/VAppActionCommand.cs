using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Shared shape of the cmdlets that change a vApp: -VApp from the pipeline, -TimeoutSec, -PassThru.</summary>
public abstract class VAppActionCommand : VCloudCmdlet
{
    private const int ActivityId = 0x5650; // "VP"

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(VAppNameCompleter))]
    [EntityTransformation(typeof(VApp))]
    [ValidateNotNullOrEmpty]
    public VApp[] VApp { get; set; } = Array.Empty<VApp>();

    /// <summary>Seconds to wait for each vCD task (default: the connection's -TaskTimeoutSec, else 600).</summary>
    [Parameter]
    [Alias("Timeout")]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    private VCloudConnection? _current;

    protected TimeSpan TaskTimeout => TaskTimeoutFor(TimeoutSec, _current);

    protected abstract string ActionVerb { get; }

    /// <summary>Does the work for one resolved vApp (ShouldProcess already granted).</summary>
    protected abstract void Act(VCloudConnection c, VApp vapp, IProgress<int> progress);

    /// <summary>Whether to ask before acting on this vApp.</summary>
    protected virtual bool Confirm(VApp vapp) => ShouldProcess($"vApp '{vapp.Name}' ({vapp.VdcName ?? vapp.Href})", ActionVerb);

    private readonly System.Collections.Generic.List<(VCloudConnection Connection, VApp Input)> _inputs =
        new System.Collections.Generic.List<(VCloudConnection, VApp)>();

    /// <summary>
    /// Inputs are collected first and acted on in EndProcessing: changing vApps while an upstream Get-VApp is still
    /// paging through a query would shift its pages (a deleted or re-filtered vApp moves later ones up) and skip vApps.
    /// </summary>
    protected override void ProcessRecord()
    {
        foreach (var input in VApp)
            _inputs.Add((ResolveConnection(input.Connection), input));
    }

    protected override void EndProcessing()
    {
        foreach (var (c, input) in _inputs)
        {
            System.Collections.Generic.IReadOnlyList<VApp> targets = Array.Empty<VApp>();
            if (!TryRun(input, () => targets = EntityResolver.VApps(c, input, requireUnique: true, CancellationToken))) continue;
            foreach (var vapp in targets)
            {
                if (!Confirm(vapp)) continue;
                var progress = TaskProgress(ActivityId, $"{ActionVerb} vApp '{vapp.Name}'", "Waiting for the vCloud task");
                _current = c;
                TryRun(vapp, () => Act(c, vapp, progress));
                CompleteProgress(ActivityId, ActionVerb);
            }
        }
        base.EndProcessing();
    }
}
