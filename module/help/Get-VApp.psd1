@{
    Synopsis    = 'Lists vApps, streaming them page by page from the query service.'
    Description = 'Get-VApp queries vApp records (adminVApp for provider sessions, so all organizations) with the largest page size (128) and writes each vApp as soon as its page arrives; the next page is requested only when the pipeline has consumed the current one, so the first objects appear at once even with tens of thousands of vApps, and Select-Object -First stops further requests.

Name patterns whose only wildcard is * and a single -Status are filtered on the server; other wildcards and several statuses are filtered locally. The result shows status, VDC, organization, number of VMs, CPUs, memory and storage.'
    Parameters  = @{
        Name     = 'vApp name(s); wildcards allowed. A name without wildcards that matches nothing is reported as a VAppNotFound error.'
        Status   = 'Only vApps in these states, e.g. POWERED_ON, POWERED_OFF, RESOLVED (never deployed), MIXED, SUSPENDED.'
        Vdc      = 'Only vApps in these VDCs: objects from Get-VCloudVdc (also from the pipeline) or names.'
        Org      = 'Only vApps of these organizations: objects from Get-VCloudOrg (also from the pipeline) or names. Other organizations than your own need a provider session.'
        Metadata = 'Only vApps whose metadata has every key of this hashtable with an equal value, e.g. @{ dr = ''daily'' } (strings compare case-insensitively). Each candidate''s metadata is read, so combine it with -Name or -Vdc on large clouds.'
        PageSize = 'Records per query page, 1 to 128 (default 128, the server maximum).'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'All vApps'; Code = 'Get-VApp'; Remarks = 'Streams every vApp visible to the default connection.' }
        @{ Title = 'A vApp and its VMs'; Code = 'Get-VApp -Name ''sh*'' | Get-VAppVM'; Remarks = 'Lists the VMs of every vApp whose name starts with sh.' }
        @{ Title = 'Inventory to CSV'; Code = 'Get-VApp | Get-VAppVM | Select-Object VAppName, Name, Status, CpuCount, MemoryMB, StorageMB | Export-Csv inventory.csv'; Remarks = 'Every VM with its vApp, status and allocation.' }
        @{ Title = 'Running vApps of one VDC'; Code = 'Get-VCloudVdc ent-prod | Get-VApp -Status POWERED_ON'; Remarks = 'Server-side filters on VDC and status.' }
    )
    Inputs      = @(
        @{ Type = 'VCloudPS.Core.Model.Vdc'; Description = 'VDCs whose vApps to list.' }
        @{ Type = 'VCloudPS.Core.Model.Org'; Description = 'Organizations whose vApps to list.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps.' })
    Links       = @('Get-VAppVM', 'Start-VApp', 'Stop-VApp', 'Remove-VApp', 'Export-VApp')
}
