@{
    Synopsis    = 'Lists the vApp templates of the catalogs the connection can see.'
    Description = 'Get-VAppTemplate queries vCloud Director for vApp templates (the query service, paged lazily), optionally only those of one catalog and whose name matches. Templates can be piped to Export-VApp.'
    Parameters  = @{
        Name    = 'Template names; wildcards allowed. Default: all.'
        Catalog = 'Only templates of this catalog: an object from Get-VCloudCatalog (pipeline input) or a catalog name.'
        Server  = 'The connection to use; default: the most recent Connect-VCloud. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Templates of one catalog'; Code = 'Get-VCloudCatalog -Name ent-templates | Get-VAppTemplate'; Remarks = 'Lists every template of the Library catalog with its VDC, status and owner.' }
        @{ Title = 'Export a template'; Code = 'Get-VAppTemplate -Name ubuntu* | Export-VApp -Path ./templates'; Remarks = 'Exports each matching template into its own folder.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.Catalog'; Description = 'A catalog from Get-VCloudCatalog.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.VAppTemplate'; Description = 'A vApp template.' })
    Links       = @('Export-VApp', 'Get-VCloudCatalog', 'Import-VApp')
}
