using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>Downloads a vApp or vApp template as an OVF folder or an OVA, streamed and SHA-256 verified.</summary>
[Cmdlet(VerbsData.Export, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = VAppSet)]
[OutputType(typeof(ExportResult))]
public sealed class ExportVAppCommand : VCloudCmdlet
{
    private const string VAppSet = "VApp";
    private const string TemplateSet = "VAppTemplate";
    private const int ActivityId = 4100;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = VAppSet)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(VAppNameCompleter))]
    [EntityTransformation(typeof(VApp))]
    public VApp VApp { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TemplateSet)]
    [ValidateNotNull]
    public VAppTemplate VAppTemplate { get; set; } = null!;

    /// <summary>A folder (the package is written into it), a path ending in .ovf, or a path ending in .ova.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = VAppSet)]
    public SwitchParameter Stop { get; set; }

    [Parameter]
    [ValidateRange(1, 16)]
    public int ThrottleLimit { get; set; } = 3;

    /// <summary>Seconds to wait for each server task (default: the connection's -TaskTimeoutSec, else 1800).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    private readonly List<(VCloudEntity Entity, VCloudConnection Connection)> _inputs = new List<(VCloudEntity, VCloudConnection)>();

    /// <summary>Collects the input: nothing is exported before every vApp has been confirmed (EndProcessing).</summary>
    protected override void ProcessRecord()
    {
        var entity = (VCloudEntity)(ParameterSetName == TemplateSet ? VAppTemplate : VApp);
        var connection = ResolveConnection(entity.Connection);
        if (string.IsNullOrEmpty(entity.Href) && entity is VApp stub)
        {   // -VApp 'shop': resolve the name on the connection (it must name exactly one vApp)
            VApp? found = null;
            if (!TryRun(stub.Name, () => found = EntityResolver.VApps(connection, stub, requireUnique: true, CancellationToken)[0])) return;
            entity = found!;
        }
        _inputs.Add((entity, connection));
    }

    protected override void EndProcessing()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var accepted = new List<FleetItem<ExportResult>>();
        foreach (var (entity, connection) in _inputs)
        {
            var name = Describe(entity);
            if (!ShouldProcess($"{name} → {path}", "Export to OVF/OVA")) continue;
            if (Stop && entity is VApp vapp && vapp.Deployed)
            {
                if (!ShouldProcess(name, "Undeploy (power off) for the export, then restore its power state")) continue;
                if (!Force && !ConfirmedExplicitly() && !ShouldContinue(
                        $"vApp '{name}' is deployed. Export-VApp -Stop will power it off and undeploy it, export it, and power it back on. Continue?",
                        "Stop the vApp for the export")) continue;
            }
            accepted.Add(new FleetItem<ExportResult>(entity, $"Export-VApp {name}", (lane, ct) =>
            {
                var options = new ExportOptions
                {
                    Path = path, Force = Force, StopIfDeployed = Stop,
                    Transfer = new TransferOptions { MaxParallelFiles = ThrottleLimit, SharedFileSlots = lane.FileSlots, TaskTimeout = TaskTimeoutFor(TimeoutSec, connection) },
                };
                return new ExportService(connection, lane.Messages.Verbose).ExportAsync(entity.Href, options, lane.Progress, ct);
            }));
        }
        RunFleet("Export-VApp", ActivityId, accepted, ThrottleLimit, (_, result) => WriteObject(result));
        base.EndProcessing();
    }

    private bool ConfirmedExplicitly()
        => MyInvocation.BoundParameters.TryGetValue("Confirm", out var c) && c is SwitchParameter s && !s.IsPresent;
}
