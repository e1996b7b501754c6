using System;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Cmdlets.Transfer;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets.Move;

/// <summary>What Move-VApp and Copy-VApp share: per vApp, plan (shown by -WhatIf), confirm, run, report.</summary>
public abstract class MoveOrCopyCmdlet : MoveVAppCmdletBase
{
    private int _activity = 5100;

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

    protected virtual void AfterSuccess(MoveOptions options, MoveResult result) { }

    protected override void ProcessRecord()
    {
        var sources = Sources().ToList();
        if (Name != null && sources.Count > 1)
        {
            WriteVCloudError(new VCloudException(VCloudErrorKind.InvalidArgument, "NameWithSeveralVApps",
                $"-Name gives one name, but {sources.Count} vApps were passed; leave -Name out (each keeps its name) or pass them one at a time."), Name);
            return;
        }
        foreach (var source in sources)
        {
            Vdc? destination = null;
            if (!TryRun(Destination.Name, () => destination = ResolvedDestination(source.Connection))) return;
            var options = Options(source, destination!, NameFor(source), ThrottleLimit, PowerOn, Resume);
            options.Transfer.TaskTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec))
                ? TimeSpan.FromSeconds(TimeoutSec)
                : destination!.Connection.TaskTimeout ?? source.Connection.TaskTimeout ?? TimeSpan.FromSeconds(TimeoutSec);
            var service = new MoveService(Pump.Verbose);
            MovePlan? plan = null;
            if (!TryRun(source, () => plan = Run(ct => service.PlanAsync(options, ct)))) continue;
            var verb = Kind == MoveKind.Move ? "Move" : "Copy";
            if (!ShouldProcess(Summary(plan!), $"{verb} vApp '{plan!.SourceName}' to '{plan.DestinationVdc}'?", verb + "-VApp")) continue;
            if (!plan.CanProceed) { WriteVCloudError(MovePreflight.Refusal(plan), source); continue; }

            var progress = new TransferProgressAdapter(Pump, _activity);
            _activity += 100;
            TryRun(source, () =>
            {
                var result = Run(ct => service.RunAsync(options, progress, ct));
                foreach (var f in result.Files) WriteVerbose($"SHA256({f.Name})= {f.Sha256}{(f.BytesSent < f.Size ? $" (resumed: {f.BytesSent} of {f.Size} bytes sent now)" : "")}");
                AfterSuccess(options, result);
                if (PassThru) WriteObject(result.VApp);
                else WriteObject(result);
            });
        }
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

    protected override void AfterSuccess(MoveOptions options, MoveResult result)
    {
        if (KeepGenerations <= 0) return;
        var baseName = Name ?? result.Source;
        var c = options.Destination;
        var existing = c.QueryRecords(InventoryClient.VAppQueryType(c), QueryFilter.Eq("vdc", options.DestinationVdcHref, c.ApiVersion), CancellationToken)
            .Select(r => EntityMapper.ToVAppFromRecord(r, c)).ToList();
        foreach (var name in Generations.Surplus(baseName, existing.Select(v => v.Name), KeepGenerations))
        {
            if (name == result.Name) continue;
            var old = existing.First(v => v.Name == name);
            if (!ShouldProcess($"vApp '{name}' in '{result.Destination}'", "Remove an older generation (-KeepGenerations)")) continue;
            Run(ct => VAppOperations.RemoveAsync(c, old.Href, undeployFirst: true, options.Transfer.TaskTimeout, null, ct));
            result.RemovedGenerations.Add(name);
            WriteVerbose($"Removed older generation '{name}'.");
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
