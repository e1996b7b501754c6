using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Model;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>Uploads an OVF/OVA package into a VDC as a new vApp; each file is checked against the manifest as it is sent.</summary>
[Cmdlet(VerbsData.Import, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VApp))]
public sealed class ImportVAppCommand : VCloudCmdlet
{
    private const int ActivityId = 4500;

    /// <summary>The .ovf descriptor or .ova file. Binds from Export-VApp's output (Path) through the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(VdcNameCompleter))]
    [EntityTransformation(typeof(Vdc))]
    public Vdc Vdc { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CatalogNameCompleter))]
    [EntityTransformation(typeof(Catalog))]
    public Catalog? Catalog { get; set; }

    [Parameter]
    public Hashtable? NetworkMapping { get; set; }

    [Parameter]
    public SwitchParameter AllowDisconnectedNetworks { get; set; }

    [Parameter]
    public Hashtable? StorageProfileMapping { get; set; }

    [Parameter]
    public SwitchParameter PowerOn { get; set; }

    [Parameter]
    public SwitchParameter FullPreCheck { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DeploymentOption { get; set; }

    [Parameter]
    [ValidateRange(1, 16)]
    public int ThrottleLimit { get; set; } = 3;

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ChunkSizeMB { get; set; } = 16;

    /// <summary>Seconds to wait for each server task (default: the connection's -TaskTimeoutSec, else 1800).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    /// <summary>The former name, in minutes; kept so existing scripts keep their meaning.</summary>
    [Parameter(DontShow = true)]
    [ValidateRange(1, 1440)]
    public int TimeoutMinutes { get; set; }

    private TimeSpan TaskTimeoutFor(VCloudConnection connection) =>
        MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutMinutes)) && !MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec))
            ? TimeSpan.FromMinutes(TimeoutMinutes)
            : TaskTimeoutFor(TimeoutSec, connection);

    private void ResolveNames(VCloudConnection connection)
    {
        Vdc = EntityResolver.SingleVdc(connection, Vdc, CancellationToken);
        if (Catalog != null) Catalog = EntityResolver.SingleCatalog(connection, Catalog, CancellationToken);
    }

    private readonly List<string> _paths = new List<string>();

    /// <summary>Collects the packages: nothing is imported before every one has been confirmed (EndProcessing).</summary>
    protected override void ProcessRecord() => _paths.Add(GetUnresolvedProviderPathFromPSPath(Path));

    protected override void EndProcessing()
    {
        var connection = ResolveConnection(Vdc.Connection);
        if (!TryRun(Vdc.Name, () => ResolveNames(connection))) { base.EndProcessing(); return; }
        var target = Describe(Vdc);
        var mapping = MappingTables.ToOptions(NetworkMapping, AllowDisconnectedNetworks, StorageProfileMapping);
        var taskTimeout = TaskTimeoutFor(connection);
        var accepted = new List<FleetItem<VApp>>();
        foreach (var path in _paths)
        {
            var file = System.IO.Path.GetFileName(path);
            var what = Catalog == null ? $"Import {file} as a new vApp" : $"Import {file} into catalog '{Describe(Catalog)}' and instantiate it";
            if (!ShouldProcess($"VDC '{target}'", what)) continue;
            var options = new ImportOptions
            {
                Path = path, VdcHref = Vdc.Href, Name = Name, Description = Description, CatalogHref = Catalog?.Href,
                NetworkMapping = mapping.NetworkMapping, AllowDisconnectedNetworks = mapping.AllowDisconnectedNetworks,
                StorageProfileMapping = mapping.StorageProfileMapping, PowerOn = PowerOn, FullPreCheck = FullPreCheck, DeploymentOption = DeploymentOption,
                Transfer = new TransferOptions { MaxParallelFiles = ThrottleLimit, ChunkSize = ChunkSizeMB * 1024L * 1024, TaskTimeout = taskTimeout },
            };
            accepted.Add(new FleetItem<VApp>(path, $"Import-VApp {file}", async (lane, ct) =>
            {
                options.Transfer.SharedFileSlots = lane.FileSlots;
                var service = new ImportService(connection, lane.Messages.Verbose, lane.Messages.Warning);
                var (vapp, report) = await service.ImportAsync(options, lane.Progress, ct).ConfigureAwait(false);
                foreach (var d in report.Verified) lane.Messages.Verbose($"Verified {d.Algorithm}({d.FileName})= {d.Digest}");
                lane.Messages.Verbose(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "Uploaded {0} in {1:0.0} s (upload phase {2}/s = {3:0} B/s, {4} resume(s)).",
                    TransferProgressAdapter.Bytes(report.TotalBytes), report.Duration.TotalSeconds, TransferProgressAdapter.Bytes((long)report.BytesPerSecond), report.BytesPerSecond, report.Resumes));
                return EntityMapper.ToVApp(vapp, connection);
            }));
        }
        RunFleet("Import-VApp", ActivityId, accepted, ThrottleLimit, (_, vapp) => WriteObject(vapp));
        base.EndProcessing();
    }
}
