@{
    Synopsis    = 'Logs out of vCloud Director and forgets the connection.'
    Description = 'Disconnect-VCloud ends the server session (DELETE of the current session) and removes the connection from the module. Without arguments it disconnects the default connection; the next most recent one becomes the default. An already expired session is simply forgotten.'
    Parameters  = @{
        Connection = 'The connection(s) to close, by object or from the pipeline (alias Server). Default: the default connection.'
        All        = 'Disconnect every open connection.'
    }
    Examples    = @(
        @{ Title = 'Disconnect the default connection'; Code = 'Disconnect-VCloud'; Remarks = 'Logs out of the most recently connected server.' }
        @{ Title = 'Disconnect everything'; Code = 'Get-VCloudConnection | Disconnect-VCloud'; Remarks = 'Same as Disconnect-VCloud -All.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Api.VCloudConnection'; Description = 'Connections to close.' })
    Outputs     = @(@{ Type = 'None'; Description = 'Nothing.' })
    Links       = @('Connect-VCloud', 'Get-VCloudConnection')
}
