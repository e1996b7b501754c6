using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Powers on vApps (deploying them if needed) and waits for the task.</summary>
[Cmdlet(VerbsLifecycle.Start, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VApp))]
public sealed class StartVAppCommand : VAppActionCommand
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override string ActionVerb => "Power on";

    protected override void Act(VCloudConnection c, VApp vapp, IProgress<int> progress)
    {
        var result = Run(ct => VAppOperations.PowerAsync(c, vapp.Href, VAppPowerAction.PowerOn, TaskTimeout, progress, ct));
        if (!result.Changed) WriteVerbose($"vApp '{vapp.Name}' is {result.Note}: nothing to do.");
        if (PassThru) WriteObject(result.VApp);
    }
}
