using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Powers off vApps. Without -Undeploy the vApp stays deployed (vCD's powerOff), which keeps its runtime resources
/// and blocks Remove-VApp and exports; -Undeploy releases them. -Shutdown asks the guests to shut down instead of
/// cutting power.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VApp))]
public sealed class StopVAppCommand : VAppActionCommand
{
    [Parameter]
    public SwitchParameter Undeploy { get; set; }

    [Parameter]
    public SwitchParameter Shutdown { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override string ActionVerb => Undeploy ? (Shutdown ? "Shut down and undeploy" : "Power off and undeploy") : (Shutdown ? "Shut down" : "Power off");

    protected override void Act(VCloudConnection c, VApp vapp, IProgress<int> progress)
    {
        VAppOperationResult result;
        if (Undeploy)
        {
            string powerAction = Shutdown ? "shutdown" : "powerOff";
            result = Run(ct => VAppOperations.UndeployAsync(c, vapp.Href, powerAction, TaskTimeout, progress, ct));
        }
        else
        {
            var action = Shutdown ? VAppPowerAction.Shutdown : VAppPowerAction.PowerOff;
            result = Run(ct => VAppOperations.PowerAsync(c, vapp.Href, action, TaskTimeout, progress, ct));
        }
        if (!result.Changed) WriteVerbose($"vApp '{vapp.Name}' is {result.Note}: nothing to do.");
        if (PassThru) WriteObject(result.VApp);
    }
}
