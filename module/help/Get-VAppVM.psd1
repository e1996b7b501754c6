@{
    Synopsis    = 'Lists the VMs of vApps with CPU, memory, disks and network adapters.'
    Description = 'Get-VAppVM reads each vApp (one request per vApp) and returns its VMs with status, vCPUs, memory, storage (sum of the hard disks), guest OS, primary IP address and network, and the Disks and Nics collections.'
    Parameters  = @{
        VApp     = 'The vApp(s): objects from Get-VApp (also from the pipeline) or names. Without it, the VMs of every vApp the connection(s) can see.'
        VAppHref = 'vApp hrefs, bound from the pipeline by property name (for example from VM objects or CSV rows with a VAppHref column).'
        Name     = 'Only VMs with these names; wildcards allowed.'
        Server = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. Objects that came from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'VMs of a vApp'; Code = 'Get-VApp shop | Get-VAppVM'; Remarks = 'The four VMs of shop.' }
        @{ Title = 'Disks of every VM'; Code = 'Get-VAppVM -VApp shop | Select-Object -ExpandProperty Disks -Property @{ Name = ''VM''; Expression = { $_.Name } } | Format-Table VM, Name, SizeMB, StorageProfile'; Remarks = 'One row per hard disk, with its storage policy by name.' }
        @{ Title = 'Every VM of two clouds'; Code = 'Get-VAppVM -Server $ent, $prov | Sort-Object MemoryMB -Descending | Select-Object -First 5'; Remarks = 'Without -VApp, the VMs of every vApp; with several connections the table starts with a Server column.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps whose VMs to list.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.Vm'; Description = 'VMs.' })
    Links       = @('Get-VApp')
}
