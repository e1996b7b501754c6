@{
    Synopsis    = 'Runs the preflight of a move or copy without changing anything: method, bytes to send, and every problem with its fix.'
    Description = @'
Test-VAppMove reads the source vApp and the destination VDC and reports what Move-VApp (or, with -Copy, Copy-VApp) would do: the method (vCloud Director's own moveVApp or cloneVApp, a streamed export into an import, or a staged package), the disk bytes that would pass through the client, and findings: destination storage quota, networks without a mapping, storage profiles, VM hardware versions the destination cannot run, a name already taken, and a source that cannot be moved in its state (deployed, suspended, busy) with the action that fixes it. CanProceed is false when any finding is a Blocker.
'@
    Parameters  = @{
        VApp           = 'The vApp(s) to check: objects from Get-VApp (through the pipeline too) or names on the current connection.'
        Destination    = 'The destination VDC (from Get-VCloudVdc, on the same or another connection), or its name on the current connection.'
        Name           = 'Name at the destination. Default: the source''s name.'
        NetworkMapping = 'Hashtable mapping source network names to destination VDC network names.'
        StorageProfile = 'Storage profile the VMs would use at the destination.'
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
