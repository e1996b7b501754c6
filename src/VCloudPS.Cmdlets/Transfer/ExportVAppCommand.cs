using System;
using System.IO;
using System.Management.Automation;
using VCloudPS.Core;
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
    private int _activity = 4100;

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

    protected override void ProcessRecord()
    {
        var entity = (VCloudEntity)(ParameterSetName == TemplateSet ? VAppTemplate : VApp);
        var connection = ResolveConnection(entity.Connection);
        if (string.IsNullOrEmpty(entity.Href) && entity is VApp stub)
        {   // -VApp 'shop': resolve the name on the connection (it must name exactly one vApp)
            VApp? found = null;
            if (!TryRun(stub.Name, () => found = EntityResolver.VApps(connection, stub, requireUnique: true, CancellationToken)[0])) return;
            entity = VApp = found!;
        }
        var name = Describe(entity);
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess($"{name} → {path}", "Export to OVF/OVA")) return;

        if (Stop && VApp != null && VApp.Deployed)
        {
            if (!ShouldProcess(name, "Undeploy (power off) for the export, then restore its power state")) return;
            if (!Force && !ConfirmedExplicitly() && !ShouldContinue(
                    $"vApp '{name}' is deployed. Export-VApp -Stop will power it off and undeploy it, export it, and power it back on. Continue?",
                    "Stop the vApp for the export")) return;
        }

        var options = new ExportOptions
        {
            Path = path, Force = Force, StopIfDeployed = Stop,
            Transfer = new TransferOptions { MaxParallelFiles = ThrottleLimit },
        };
        var progress = new TransferProgressAdapter(Pump, _activity);
        _activity += 100;
        TryRun(entity, () =>
        {
            var service = new ExportService(connection, Pump.Verbose);
            var result = Run(ct => service.ExportAsync(entity.Href, options, progress, ct));
            WriteObject(result);
        });
    }

    private bool ConfirmedExplicitly()
        => MyInvocation.BoundParameters.TryGetValue("Confirm", out var c) && c is SwitchParameter s && !s.IsPresent;
}
