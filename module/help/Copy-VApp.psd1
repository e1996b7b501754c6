@{
    Synopsis    = 'Copies vApps to another virtual datacenter, on the same cloud or on another one, without stopping them.'
    Description = @'
Copy-VApp works like Move-VApp but keeps the source. Within one organization it uses vCloud Director's cloneVApp (no disk byte through the client; a running vApp can be cloned). Across organizations or clouds it streams the export into an import at the destination with every file verified (the last chunk of each file is held back until its digest checks out). A running source is never stopped: it is cloned in its own VDC, the clone is exported, and the clone is removed afterwards, whatever happens.

-KeepGenerations N is for reverse disaster recovery: each copy is named <name>-yyyyMMdd-HHmmss (UTC) and, once the new copy is complete and verified, the oldest copies beyond N at the destination are removed.

Many vApps at once: Copy-VApp takes them all from the pipeline first, asks for confirmation of every one (-Confirm, -WhatIf) before any work starts, then handles them concurrently. -ThrottleLimit bounds the whole call: at most that many vApps are in flight and at most that many file streams run at once across all of them. Each vApp has its own progress bar under one bar for the call; a vApp that fails gives one error (the vApp as its target) and the others go on; each result is written as soon as its vApp is done. Ctrl+C stops every vApp and cleans up as for one.
'@
    Parameters  = @{
        VApp            = 'The vApp(s) to copy: objects from Get-VApp (through the pipeline too) or names on the current connection.'
        Destination     = 'The destination VDC (from Get-VCloudVdc, on the same or another connection), or its name on the current connection.'
        Name            = 'Name of the copy. Default: the source''s name (with -KeepGenerations: the base of the generation names).'
        NetworkMapping = 'Hashtable mapping source network names to destination VDC network names, e.g. @{ ''ent-app-net'' = ''acme-net'' }. A network with the same name at the destination maps by itself; map one to $null to leave it disconnected on purpose. Any other network stops the preflight (NetworkUnmapped).'
        AllowDisconnectedNetworks = 'Leaves networks that have no mapping and no network of the same name at the destination disconnected instead of stopping the preflight.'
        StorageProfile = 'One storage policy for every VM and disk at the destination (wins over -StorageProfileMapping).'
        StorageProfileMapping = 'Hashtable mapping source storage policy names to destination policy names, e.g. @{ Gold = ''Standard'' }. Each VM and each disk with its own policy keeps its policy by name where the destination offers it; a policy the destination lacks and no mapping names stops the preflight (StorageProfileMappingRequired).'
        PowerOn         = 'Power the copy on.'
        PassThru        = 'Write the copy (a vApp) instead of the copy result.'
        ThrottleLimit   = 'File streams at once for the whole call, shared by all vApps passed (also the most vApps handled at the same time). Default 3, range 1-16.'
        Resume          = 'Continue an interrupted streamed copy (a journal of the same source and destination is used without it too).'
        TimeoutSec     = 'Seconds to wait for each server task (enableDownload, import, clone, move, power on, removal). Default: the connection''s -TaskTimeoutSec, else 1800.'
        StagingPath     = 'Export to this folder (or .ova path) and keep the package, then import it, instead of streaming.'
        KeepGenerations = 'Name the copy <name>-yyyyMMdd-HHmmss (UTC) and keep only the newest N generations at the destination; older ones are removed after the new copy is verified. The removal is confirmed (-Confirm, -WhatIf) with the copy, before any work starts.'
        Server          = 'The connection used for vApp and VDC names; objects carry their own.'
        WhatIf          = 'Shows the preflight (method, bytes, problems and their fixes); nothing is changed.'
        Confirm         = 'Asks before each copy.'
    }
    Examples    = @(
        @{ Title = 'Copy a vApp within the organization'; Code = 'Copy-VApp -VApp shop -Destination ent-dev -Name shop-test -StorageProfileMapping @{ Gold = ''Standard'' }'; Remarks = 'vCloud Director clones shop into ent-dev; nothing passes through the client. The database disks on Gold land on Standard, as ent-dev offers no Gold.' }
        @{ Title = 'Copy production home from the provider, keeping two generations'; Code = 'Get-VApp -Name acme-web -Server $prov | Copy-VApp -Destination (Get-VCloudVdc -Name ent-dev -Server $ent) -KeepGenerations 2 -NetworkMapping @{ ''acme-dmz'' = ''ent-dmz'' }'; Remarks = 'acme-web keeps running at the provider; the copy is named acme-web-<UTC time> and the oldest copies beyond two are removed.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps from Get-VApp.' })
    Outputs     = @(
        @{ Type = 'VCloudPS.Core.Migration.MoveResult'; Description = 'One per vApp: source, destination, method, bytes copied, duration and the verified SHA-256 digests.' }
        @{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'With -PassThru: the copy.' }
    )
    Notes       = 'See Move-VApp for the preflight, the streamed path and resuming.'
    Links       = @('Move-VApp', 'Test-VAppMove', 'Get-VAppMetadata')
}
