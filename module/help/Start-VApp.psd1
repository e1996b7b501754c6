@{
    Synopsis    = 'Powers on vApps and waits until they are running.'
    Description = 'Start-VApp powers on each vApp (deploying it when needed) through the power:powerOn action the server offers in its current state, and waits for the task with progress. A vApp that is already powered on is left alone. A failed vApp is reported as a non-terminating error and the others continue. Pipeline input is collected first and acted on when it is complete, so changing vApps never shifts the pages of a Get-VApp that is still listing (which would skip vApps).'
    Parameters  = @{
        VApp     = 'The vApp(s): objects from Get-VApp (also from the pipeline) or names (a name must be unique).'
        PassThru = 'Write the vApp, re-read after the operation.'
        TimeoutSec = 'Seconds to wait for each vCloud Director task (default: the connection''s -TaskTimeoutSec, else 600; alias -Timeout). On timeout the error TaskTimedOut is written, naming the task to follow; the task may still finish on the server.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Power on a vApp'; Code = 'Get-VApp reporting | Start-VApp -PassThru'; Remarks = 'Powers on reporting and shows its new status.' }
        @{ Title = 'Power on every stopped vApp of a VDC'; Code = 'Get-VApp -Vdc ent-dev -Status POWERED_OFF | Start-VApp'; Remarks = 'One task per vApp.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps to power on.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'With -PassThru, the vApps after the operation.' })
    Notes       = 'Errors: VAppPowerActionNotAvailable (state does not allow it), EntityBusy (another task runs), TaskFailed, TaskTimedOut.'
    Links       = @('Stop-VApp', 'Get-VApp')
}
