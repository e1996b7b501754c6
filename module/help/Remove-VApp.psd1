@{
    Synopsis    = 'Deletes vApps and all their VMs.'
    Description = 'Remove-VApp deletes each vApp and waits for the task. It asks for confirmation (ConfirmImpact High); -Force skips the prompt and -WhatIf only reports. vCloud Director deletes only undeployed vApps: a deployed vApp (running, or powered off but still deployed) is refused with the error VAppDeployed, unless -Stop is given, which powers it off and undeploys it first. Pipeline input is collected first and acted on when it is complete, so changing vApps never shifts the pages of a Get-VApp that is still listing (which would skip vApps).'
    Parameters  = @{
        VApp  = 'The vApp(s): objects from Get-VApp (also from the pipeline) or names (a name must be unique).'
        Stop  = 'Power off and undeploy a deployed vApp before deleting it.'
        Force = 'Do not ask for confirmation (-WhatIf and -Confirm still apply when given).'
        TimeoutSec = 'Seconds to wait for each vCloud Director task (default: the connection''s -TaskTimeoutSec, else 600; alias -Timeout). On timeout the error TaskTimedOut is written, naming the task to follow; the task may still finish on the server.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Preview a deletion'; Code = 'Get-VApp -Name build-* | Remove-VApp -WhatIf'; Remarks = 'Shows which vApps would be deleted; nothing is changed.' }
        @{ Title = 'Delete a running vApp without prompting'; Code = 'Remove-VApp -VApp legacy-erp -Stop -Force'; Remarks = 'Undeploys and deletes legacy-erp.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps to delete.' })
    Outputs     = @(@{ Type = 'None'; Description = 'Nothing.' })
    Notes       = 'Errors: VAppDeployed (undeploy first or use -Stop), VAppNotFound, EntityBusy, TaskFailed.'
    Links       = @('Stop-VApp', 'Get-VApp')
}
