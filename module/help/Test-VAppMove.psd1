@{
    Synopsis    = 'Runs the preflight of a move or copy without changing anything: method, bytes to send, and every problem with its fix.'
    Description = @'
Test-VAppMove reads the source vApp and the destination VDC and reports what Move-VApp (or, with -Copy, Copy-VApp) would do: the method (vCloud Director's own moveVApp or cloneVApp, a streamed export into an import, or a staged package), the disk bytes that would pass through the client, and findings: destination storage quota, networks without a mapping, storage profiles, VM hardware versions the destination cannot run, a name already taken, and a source that cannot be moved in its state (deployed, suspended, busy) with the action that fixes it. CanProceed is false when any finding is a Blocker.
'@
    Parameters  = @{
        VApp           = 'The vApp(s) to check: objects from Get-VApp (through the pipeline too) or names on the current connection.'
        Destination    = 'The destination VDC (from Get-VCloudVdc, on the same or another connection), or its name on the current connection.'
        Name           = 'Name at the destination. Default: the source''s name.'
        NetworkMapping = 'Hashtable mapping source network names to destination VDC network names, e.g. @{ ''ent-app-net'' = ''acme-net'' }. A network with the same name at the destination maps by itself; map one to $null to leave it disconnected on purpose. Any other network stops the preflight (NetworkUnmapped).'
        AllowDisconnectedNetworks = 'Leaves networks that have no mapping and no network of the same name at the destination disconnected instead of stopping the preflight.'
        StorageProfile = 'One storage policy for every VM and disk at the destination (wins over -StorageProfileMapping).'
        StorageProfileMapping = 'Hashtable mapping source storage policy names to destination policy names, e.g. @{ Gold = ''Standard'' }. Each VM and each disk with its own policy keeps its policy by name where the destination offers it; a policy the destination lacks and no mapping names stops the preflight (StorageProfileMappingRequired).'
        StagingPath    = 'Plan a staged move (export to this path, then import).'
        Copy           = 'Plan a copy (Copy-VApp) instead of a move.'
        Server         = 'The connection used for vApp and VDC names; objects carry their own.'
    }
    Examples    = @(
        @{ Title = 'Check a cross-cloud move'; Code = 'Test-VAppMove -VApp (Get-VApp -Name shop -Server $ent) -Destination (Get-VCloudVdc -Name acme-payg -Server $prov) | Select-Object -ExpandProperty Findings'; Remarks = 'Lists the findings, e.g. networks of shop that acme-payg does not have, with the -NetworkMapping that fixes them.' }
        @{ Title = 'Only the vApps that can move now'; Code = 'Get-VApp | Test-VAppMove -Destination ent-dev | Where-Object CanProceed'; Remarks = 'Plans every vApp and keeps those without blockers.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps from Get-VApp.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Migration.MovePlan'; Description = 'One per vApp: method, bytes, findings, CanProceed.' })
    Links       = @('Move-VApp', 'Copy-VApp')
}
