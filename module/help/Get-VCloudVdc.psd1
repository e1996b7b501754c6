@{
    Synopsis    = 'Lists organization virtual datacenters with allocation model, capacity and usage.'
    Description = 'Get-VCloudVdc queries the orgVdc records (page by page) and returns each VDC with its allocation model (AllocationVApp = pay as you go, AllocationPool, ReservationPool, Flex), CPU, memory and storage limits and usage.'
    Parameters  = @{
        Name   = 'VDC name(s); wildcards allowed.'
        Org    = 'Only VDCs of these organizations: objects from Get-VCloudOrg (also from the pipeline) or names.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'List VDCs'; Code = 'Get-VCloudVdc'; Remarks = 'One row per VDC with used/limit figures.' }
        @{ Title = 'vApps per VDC'; Code = 'Get-VCloudVdc *prod* | Get-VApp'; Remarks = 'Pipes the VDCs to Get-VApp, which lists their vApps.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.Org'; Description = 'Organizations whose VDCs to list.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.Vdc'; Description = 'VDCs.' })
    Links       = @('Get-VCloudOrg', 'Get-VApp')
}
