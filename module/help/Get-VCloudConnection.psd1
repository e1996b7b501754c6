@{
    Synopsis    = 'Lists the open vCloud Director connections.'
    Description = 'Get-VCloudConnection returns every connection opened with Connect-VCloud in this session, oldest first, or with -Default only the one used when a command has no -Server. IsDefault marks that one; IsConnected turns False when the connection was closed or its server stopped answering (it turns True again once the server answers).'
    Parameters  = @{ Default = 'Return only the default connection.' }
    Examples    = @(
        @{ Title = 'List connections'; Code = 'Get-VCloudConnection'; Remarks = 'Shows server, organization, user, API version, which connection is the default and whether it is connected.' }
        @{ Title = 'Use a specific connection'; Code = '$prov = Get-VCloudConnection | Where-Object Org -eq acme; Get-VApp -Server $prov'; Remarks = 'Picks a connection to pass to -Server.' }
        @{ Title = 'Every vApp of every connection'; Code = 'Get-VApp -Server (Get-VCloudConnection)'; Remarks = 'Lists from all connections; the table then starts with a Server column.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Api.VCloudConnection'; Description = 'Open connections.' })
    Links       = @('Connect-VCloud', 'Disconnect-VCloud')
}
