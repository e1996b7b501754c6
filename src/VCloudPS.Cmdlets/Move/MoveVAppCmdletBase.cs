using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Cmdlets.Transfer;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets.Move;

/// <summary>Parameters and planning shared by Move-VApp, Copy-VApp and Test-VAppMove.</summary>
public abstract class MoveVAppCmdletBase : VCloudCmdlet
{
    /// <summary>The vApp(s) to move or copy (objects from Get-VApp, or names on the current connection).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [EntityTransformation(typeof(VApp))]
    public VApp[] VApp { get; set; } = null!;

    /// <summary>The destination VDC, on the same or another cloud (object from Get-VCloudVdc, or a name).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    [EntityTransformation(typeof(Vdc))]
    public Vdc Destination { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public Hashtable? NetworkMapping { get; set; }

    [Parameter]
    public SwitchParameter AllowDisconnectedNetworks { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorageProfile { get; set; }

    [Parameter]
    public Hashtable? StorageProfileMapping { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StagingPath { get; set; }

    protected abstract MoveKind Kind { get; }

    private Vdc? _destination;

    protected Vdc ResolvedDestination(VCloudConnection fallback)
    {
        if (_destination != null) return _destination;
        var c = Destination.Connection ?? fallback;
        _destination = EntityResolver.SingleVdc(c, Destination, CancellationToken);
        if (_destination.Connection == null) _destination.Connection = c;
        return _destination;
    }

    /// <summary>Each input vApp resolved on its connection (names may match several vApps).</summary>
    protected IEnumerable<VApp> Sources()
    {
        foreach (var input in VApp)
        {
            var c = ResolveConnection(input.Connection);
            IReadOnlyList<VApp> found = Array.Empty<VApp>();
            if (!TryRun(input.Name, () => found = EntityResolver.VApps(c, input, requireUnique: false, CancellationToken))) continue;
            foreach (var v in found)
            {
                if (v.Connection == null) v.Connection = c;
                yield return v;
            }
        }
    }

    protected MoveOptions Options(VApp source, Vdc destination, string? name, int throttle, bool powerOn, bool resume)
    {
        var mapping = MappingTables.ToOptions(NetworkMapping, AllowDisconnectedNetworks, StorageProfileMapping);
        return new MoveOptions
        {
            Kind = Kind, Source = source.Connection, SourceHref = source.Href, Destination = destination.Connection,
            DestinationVdcHref = destination.Href, Name = name, NetworkMapping = mapping.NetworkMapping, AllowDisconnectedNetworks = mapping.AllowDisconnectedNetworks,
            StorageProfile = StorageProfile, StorageProfileMapping = mapping.StorageProfileMapping, PowerOn = powerOn,
            Resume = resume, StagingPath = StagingPath == null ? null : GetUnresolvedProviderPathFromPSPath(StagingPath),
            Transfer = new TransferOptions { MaxParallelFiles = throttle },
        };
    }

    protected static string Summary(MovePlan plan)
    {
        var lines = new List<string>
        {
            $"{plan.Kind} vApp '{plan.SourceName}' ({plan.VmCount} VM(s), {TransferProgressAdapter.Bytes(plan.DiskBytes)} of disks, {plan.SourceStatus}) " +
            $"from {plan.SourceServer} to VDC '{plan.DestinationVdc}' on {plan.DestinationServer} as '{plan.DestinationName}' by {plan.MethodDescription}" +
            (plan.BytesToSend > 0 ? $", up to {TransferProgressAdapter.Bytes(plan.BytesToSend)} through this client" : "") + ".",
        };
        lines.AddRange(plan.Findings.Select(f => "  " + f));
        return string.Join(Environment.NewLine, lines);
    }
}
