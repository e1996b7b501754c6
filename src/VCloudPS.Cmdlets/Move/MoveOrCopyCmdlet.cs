using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Cmdlets.Transfer;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets.Move;

/// <summary>What Move-VApp and Copy-VApp share: per vApp, plan (shown by -WhatIf), confirm, run, report.</summary>
public abstract class MoveOrCopyCmdlet : MoveVAppCmdletBase
{
    private const int ActivityId = 5100;

    [Parameter]
    public SwitchParameter PowerOn { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    [ValidateRange(1, 16)]
    public int ThrottleLimit { get; set; } = 3;

    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Seconds to wait for each server task (default: the connection's -TaskTimeoutSec, else 1800).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected virtual string? NameFor(VApp source) => Name;

    /// <summary>Asked on the pipeline thread with the other confirmations, before any vApp is touched: true when
    /// the work after a successful copy (<see cref="AfterSuccessAsync"/>) may run.</summary>
    protected virtual bool ConfirmAfterSuccess(MovePlan plan) => false;

    /// <summary>Runs off the pipeline thread after the vApp was moved or copied and verified.</summary>
    protected virtual Task AfterSuccessAsync(MoveOptions options, MoveResult result, FleetLane lane, CancellationToken ct) => Task.CompletedTask;

    private readonly List<VApp> _sources = new List<VApp>();

    /// <summary>Collects the vApps: planning, confirmation and work wait for the whole input (EndProcessing), so
    /// nothing moves while Get-VApp is still paging and no prompt comes between transfers.</summary>
    protected override void ProcessRecord() => _sources.AddRange(Sources());

    protected override void EndProcessing()
    {
        if (Name != null && _sources.Count > 1)
        {
            WriteVCloudError(new VCloudException(VCloudErrorKind.InvalidArgument, "NameWithSeveralVApps",
                $"-Name gives one name, but {_sources.Count} vApps were passed; leave -Name out (each keeps its name) or pass them one at a time."), Name);
            base.EndProcessing();
            return;
        }
        var verb = Kind == MoveKind.Move ? "Move" : "Copy";
        var accepted = new List<FleetItem<MoveResult>>();
        foreach (var source in _sources)
        {
            Vdc? destination = null;
            if (!TryRun(Destination.Name, () => destination = ResolvedDestination(source.Connection))) break;
            var options = Options(source, destination!, NameFor(source), ThrottleLimit, PowerOn, Resume);
            options.Transfer.TaskTimeout = TaskTimeoutFor(TimeoutSec, destination!.Connection, source.Connection);
            MovePlan? plan = null;
            if (!TryRun(source, () => plan = Run(ct => new MoveService(Pump.Verbose).PlanAsync(options, ct)))) continue;
            if (!ShouldProcess(Summary(plan!), $"{verb} vApp '{plan!.SourceName}' to '{plan.DestinationVdc}'?", verb + "-VApp")) continue;
            if (!plan.CanProceed) { WriteVCloudError(MovePreflight.Refusal(plan), source); continue; }
            var afterSuccess = ConfirmAfterSuccess(plan);
            accepted.Add(new FleetItem<MoveResult>(source, $"{verb}-VApp {plan.SourceName}", async (lane, ct) =>
            {
                options.Transfer.SharedFileSlots = lane.FileSlots;
                var result = await new MoveService(lane.Messages.Verbose).RunAsync(options, lane.Progress, ct).ConfigureAwait(false);
                foreach (var f in result.Files)
                    lane.Messages.Verbose($"SHA256({f.Name})= {f.Sha256}{(f.BytesSent < f.Size ? $" (resumed: {f.BytesSent} of {f.Size} bytes sent now)" : "")}");
                if (afterSuccess) await AfterSuccessAsync(options, result, lane, ct).ConfigureAwait(false);
                return result;
            }));
        }
        RunFleet(verb + "-VApp", ActivityId, accepted, ThrottleLimit, (_, result) =>
        {
            if (PassThru) WriteObject(result.VApp);
            else WriteObject(result);
        });
        base.EndProcessing();
    }
}

/// <summary>Moves vApps to another VDC, on the same cloud (vCD's own move) or another (streamed); the source is
/// removed only when the destination is complete and verified.</summary>
[Cmdlet(VerbsCommon.Move, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(MoveResult), typeof(VApp))]
public sealed class MoveVAppCommand : MoveOrCopyCmdlet
{
    protected override MoveKind Kind => MoveKind.Move;
}

/// <summary>Copies vApps to another VDC, on the same cloud (vCD's own clone) or another (streamed); the source stays
/// and keeps running.</summary>
[Cmdlet(VerbsCommon.Copy, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MoveResult), typeof(VApp))]
public sealed class CopyVAppCommand : MoveOrCopyCmdlet
{
    protected override MoveKind Kind => MoveKind.Copy;

    /// <summary>Name copies "&lt;name&gt;-yyyyMMdd-HHmmss" (UTC) and keep the newest N at the destination.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int KeepGenerations { get; set; }

    protected override string? NameFor(VApp source)
        => KeepGenerations > 0 ? Generations.NameFor(Name ?? source.Name, DateTime.UtcNow) : Name;

    protected override bool ConfirmAfterSuccess(MovePlan plan)
        => KeepGenerations > 0 && ShouldProcess(
            $"older copies of '{Name ?? plan.SourceName}' in '{plan.DestinationVdc}' beyond the newest {KeepGenerations}",
            "Remove, once the new copy is verified (-KeepGenerations)");

    protected override async Task AfterSuccessAsync(MoveOptions options, MoveResult result, FleetLane lane, CancellationToken ct)
    {
        var baseName = Name ?? result.Source;
        var c = options.Destination;
        var existing = c.QueryRecords(InventoryClient.VAppQueryType(c), QueryFilter.Eq("vdc", options.DestinationVdcHref, c.ApiVersion), ct)
            .Select(r => EntityMapper.ToVAppFromRecord(r, c)).ToList();
        foreach (var name in Generations.Surplus(baseName, existing.Select(v => v.Name), KeepGenerations))
        {
            if (name == result.Name) continue;
            var old = existing.First(v => v.Name == name);
            await VAppOperations.RemoveAsync(c, old.Href, undeployFirst: true, options.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            result.RemovedGenerations.Add(name);
            lane.Messages.Verbose($"Removed older generation '{name}'.");
        }
    }
}

/// <summary>The preflight of a move or copy, without changing anything: method, bytes, and every problem with its fix.</summary>
[Cmdlet(VerbsDiagnostic.Test, "VAppMove")]
[OutputType(typeof(MovePlan))]
public sealed class TestVAppMoveCommand : MoveVAppCmdletBase
{
    /// <summary>Plan a copy instead of a move.</summary>
    [Parameter]
    public SwitchParameter Copy { get; set; }

    protected override MoveKind Kind => Copy ? MoveKind.Copy : MoveKind.Move;

    protected override void ProcessRecord()
    {
        foreach (var source in Sources())
        {
            Vdc? destination = null;
            if (!TryRun(Destination.Name, () => destination = ResolvedDestination(source.Connection))) return;
            var options = Options(source, destination!, Name, 3, false, false);
            TryRun(source, () => WriteObject(Run(ct => new MoveService(Pump.Verbose).PlanAsync(options, ct))));
        }
    }
}
