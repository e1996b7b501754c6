@{
    Synopsis    = 'Lists catalogs visible to the session.'
    Description = 'Get-VCloudCatalog queries catalog records: name, organization, owner, whether published or shared, number of vApp templates and media.'
    Parameters  = @{
        Name   = 'Catalog name(s); wildcards allowed.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'List catalogs'; Code = 'Get-VCloudCatalog'; Remarks = 'All catalogs the user can see.' }
        @{ Title = 'Published catalogs only'; Code = 'Get-VCloudCatalog | Where-Object IsPublished'; Remarks = 'Filters on a property.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.Catalog'; Description = 'Catalogs.' })
    Links       = @('Get-VCloudVdc', 'Get-VAppTemplate')
}
