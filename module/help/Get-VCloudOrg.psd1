@{
    Synopsis    = 'Lists the organizations visible to the session.'
    Description = 'Get-VCloudOrg reads the organization list (GET /api/org) and each organization. A tenant sees its own organization; a provider (System) session sees all of them.'
    Parameters  = @{
        Name   = 'Organization name(s); wildcards allowed. A name without wildcards that matches nothing is reported as an OrgNotFound error.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'List organizations'; Code = 'Get-VCloudOrg'; Remarks = 'Name, full name and whether each organization is enabled.' }
        @{ Title = 'vApps of one organization (provider)'; Code = 'Get-VCloudOrg acme -Server $prov | Get-VApp'; Remarks = 'Pipes the organization to Get-VApp.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.Org'; Description = 'Organizations.' })
    Links       = @('Get-VCloudVdc', 'Get-VApp')
}
