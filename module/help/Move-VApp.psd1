@{
    Synopsis    = 'Moves vApps to another virtual datacenter, on the same cloud or on another one; the source is removed only when the copy is complete and verified.'
    Description = @'
Move-VApp first runs a preflight (the same as Test-VAppMove, shown by -WhatIf): destination storage quota, networks without a mapping, storage profiles, VM hardware versions the destination cannot run, a name already taken, a source that cannot be moved in its state (with the action that fixes it), and the method that will be used. If it finds a blocker nothing is changed and the error lists every problem with its fix.

Within one organization of one cloud, vCloud Director's own operations move the vApp and no disk byte passes through the client: moveVApp (API 34 and later: keeps the ids, may move a running vApp, every VM listed with its placement), or cloneVApp with IsSourceDelete (older APIs, a rename, or the same VDC: the vApp must be powered off and undeployed). Across organizations or clouds the export of the source is streamed straight into an import at the destination, file by file, through a bounded buffer (two chunks per file in flight, never a local copy): every byte is hashed once on the way and the last chunk of each file is held back until its digest matches what the source published (or the digest computed on the way), so the destination never completes a file of corrupt data. -StagingPath exports to a local package that is kept and imports it instead.

The source is removed only after the destination vApp exists, every file was verified and (with -PowerOn) it powered on. If anything fails before that, the destination's partial vApp is removed and the source is left as it was; the error says what happened and what to do. If a streamed move is interrupted by a dropped connection or Ctrl+C, the partial vApp stays at the destination and a journal (hrefs, names and digests only, no secrets) records the finished files: running the same command again (or with -Resume) continues without sending them again.

Many vApps at once: Move-VApp takes them all from the pipeline first, asks for confirmation of every one (-Confirm, -WhatIf) before any work starts, then handles them concurrently. -ThrottleLimit bounds the whole call: at most that many vApps are in flight and at most that many file streams run at once across all of them. Each vApp has its own progress bar under one bar for the call; a vApp that fails gives one error (the vApp as its target) and the others go on; each result is written as soon as its vApp is done. Ctrl+C stops every vApp and cleans up as for one.
'@
    Parameters  = @{
        VApp           = 'The vApp(s) to move: objects from Get-VApp (through the pipeline too) or names on the current connection.'
        Destination    = 'The destination VDC (from Get-VCloudVdc, on the same or another connection), or its name on the current connection.'
        Name           = 'Name at the destination. Default: the source''s name. A move with -Name inside one organization uses cloneVApp.'
        NetworkMapping = 'Hashtable mapping source network names to destination VDC network names, e.g. @{ ''ent-app-net'' = ''acme-net'' }. A network with the same name at the destination maps by itself; map one to $null to leave it disconnected on purpose. Any other network stops the preflight (NetworkUnmapped).'
        AllowDisconnectedNetworks = 'Leaves networks that have no mapping and no network of the same name at the destination disconnected instead of stopping the preflight.'
        StorageProfile = 'One storage policy for every VM and disk at the destination (wins over -StorageProfileMapping).'
        StorageProfileMapping = 'Hashtable mapping source storage policy names to destination policy names, e.g. @{ Gold = ''Standard'' }. Each VM and each disk with its own policy keeps its policy by name where the destination offers it; a policy the destination lacks and no mapping names stops the preflight (StorageProfileMappingRequired).'
        PowerOn        = 'Power the vApp on at the destination; the source is removed only after it powered on.'
        PassThru       = 'Write the vApp at the destination instead of the move result.'
        ThrottleLimit  = 'File streams at once for the whole call, shared by all vApps passed (also the most vApps handled at the same time). Default 3, range 1-16.'
        Resume         = 'Continue an interrupted streamed move. Without it a journal of the same source and destination is used too; with it, and no journal, the move starts from the beginning (a verbose message says so).'
        TimeoutSec     = 'Seconds to wait for each server task (enableDownload, import, clone, move, power on, removal). Default: the connection''s -TaskTimeoutSec, else 1800.'
        StagingPath    = 'Export to this folder (or .ova path) and keep the package, then import it, instead of streaming.'
        Server         = 'The connection used for vApp and VDC names; objects carry their own.'
        WhatIf         = 'Shows the preflight (method, bytes, problems and their fixes); nothing is changed.'
        Confirm        = 'Asks before each move (the default: Move-VApp has high impact). Use -Confirm:$false in unattended scripts.'
    }
    Examples    = @(
        @{ Title = 'Move a vApp to another VDC of the same organization'; Code = 'Get-VApp -Name shop | Move-VApp -Destination (Get-VCloudVdc -Name ent-dev) -StorageProfileMapping @{ Gold = ''Standard'' } -Confirm:$false'; Remarks = 'Uses vCloud Director''s moveVApp: the vApp keeps its id and may keep running; no disk data passes through the client. ent-dev offers no Gold, so the disks on Gold are put on Standard (without the mapping the preflight stops and says so).' }
        @{ Title = 'Move a vApp to another cloud'; Code = 'Move-VApp -VApp (Get-VApp -Name reporting -Server $ent) -Destination (Get-VCloudVdc -Name acme-payg -Server $prov) -NetworkMapping @{ ''ent-app-net'' = ''acme-net'' } -PowerOn -Confirm:$false'; Remarks = 'Streams the export into the provider''s import, verifies every file, powers the copy on, then removes the source.' }
        @{ Title = 'See what a move would do'; Code = 'Get-VApp -Name crm* | Move-VApp -Destination ent-dev -WhatIf'; Remarks = 'Prints the method, bytes to send and every preflight finding for each vApp.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps from Get-VApp.' })
    Outputs     = @(
        @{ Type = 'VCloudPS.Core.Migration.MoveResult'; Description = 'One per vApp: source, destination, method, bytes moved, duration and the verified SHA-256 digests.' }
        @{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'With -PassThru: the vApp at the destination.' }
    )
    Notes       = 'Resume journals are kept in the local application data folder (VCloudPS/moves) and removed when a move ends.'
    Links       = @('Copy-VApp', 'Test-VAppMove', 'Export-VApp', 'Import-VApp')
}
