using System;
using System.Management.Automation;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Deletes vApps and their VMs. A deployed vApp is refused with a hint (vCD deletes only undeployed vApps) unless
/// -Stop, which powers it off and undeploys it first. -Force skips the confirmation prompt (not -WhatIf).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "VApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveVAppCommand : VAppActionCommand
{
    [Parameter]
    public SwitchParameter Stop { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string ActionVerb => Stop ? "Undeploy and delete" : "Delete";

    protected override bool Confirm(VApp vapp)
    {
        string target = $"vApp '{vapp.Name}' ({vapp.VdcName ?? vapp.Href}) and all its VMs";
        if (Force && !MyInvocation.BoundParameters.ContainsKey("WhatIf") && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            return true;
        return ShouldProcess(target, ActionVerb);
    }

    protected override void Act(VCloudConnection c, VApp vapp, IProgress<int> progress)
    {
        Run(ct => VAppOperations.RemoveAsync(c, vapp.Href, Stop, TaskTimeout, progress, ct));
        WriteVerbose($"Deleted vApp '{vapp.Name}'.");
    }
}
