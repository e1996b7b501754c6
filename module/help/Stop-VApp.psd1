@{
    Synopsis    = 'Powers off (or shuts down, or undeploys) vApps and waits for the task.'
    Description = 'Stop-VApp powers off each vApp. As in vCloud Director, a powered-off vApp stays deployed: it keeps its runtime resources and cannot be deleted or exported. Use -Undeploy to power off and undeploy in one step (required before Remove-VApp or Export-VApp). -Shutdown asks the guest operating systems to shut down instead of cutting power. A vApp already in the requested state is left alone. Pipeline input is collected first and acted on when it is complete, so changing vApps never shifts the pages of a Get-VApp that is still listing (which would skip vApps).'
    Parameters  = @{
        VApp     = 'The vApp(s): objects from Get-VApp (also from the pipeline) or names (a name must be unique).'
        Undeploy = 'Undeploy the vApp (power action powerOff, or shutdown with -Shutdown), releasing its runtime resources.'
        Shutdown = 'Shut down the guests instead of powering off.'
        PassThru = 'Write the vApp, re-read after the operation.'
        TimeoutSec = 'Seconds to wait for each vCloud Director task (default: the connection''s -TaskTimeoutSec, else 600; alias -Timeout). On timeout the error TaskTimedOut is written, naming the task to follow; the task may still finish on the server.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Power off a vApp'; Code = 'Get-VApp shop | Stop-VApp'; Remarks = 'Powers off shop; it stays deployed.' }
        @{ Title = 'Undeploy before deleting or exporting'; Code = 'Get-VApp shop | Stop-VApp -Undeploy -PassThru'; Remarks = 'Powers off and undeploys.' }
        @{ Title = 'See what would happen'; Code = 'Get-VApp -Status POWERED_ON | Stop-VApp -WhatIf'; Remarks = 'Lists the vApps that would be stopped; nothing is changed.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps to stop.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'With -PassThru, the vApps after the operation.' })
    Links       = @('Start-VApp', 'Remove-VApp')
}
