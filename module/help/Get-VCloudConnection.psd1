@{
    Synopsis    = 'Lists the open vCloud Director connections.'
    Description = 'Get-VCloudConnection returns every connection opened with Connect-VCloud in this session, oldest first, or with -Default only the one used when a command has no -Server.'
    Parameters  = @{ Default = 'Return only the default connection.' }
    Examples    = @(
        @{ Title = 'List connections'; Code = 'Get-VCloudConnection'; Remarks = 'Shows server, organization, user, API version and login method of each connection.' }
        @{ Title = 'Use a specific connection'; Code = '$prov = Get-VCloudConnection | Where-Object Org -eq acme; Get-VApp -Server $prov'; Remarks = 'Picks a connection to pass to -Server.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Api.VCloudConnection'; Description = 'Open connections.' })
    Links       = @('Connect-VCloud', 'Disconnect-VCloud')
}
