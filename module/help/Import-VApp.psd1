@{
    Synopsis    = 'Uploads an OVF folder or OVA file into a virtual datacenter as a new vApp, checking every file against the manifest as it is sent.'
    Description = @'
Import-VApp inserts a vApp into a VDC through the vCloud Director API. Before a single byte is sent it checks the package: the descriptor must be well-formed and plausible (Envelope, References, DiskSection, VirtualSystem or VirtualSystemCollection); DTDs and external entities are refused without being resolved; every referenced file must exist with exactly the declared size; no file name, href or archive entry may leave the package folder (.., absolute paths, links); the manifest must be well-formed and list only files the package holds, and the descriptor and other small members listed must match their digests (SHA-256, and SHA-1 or SHA-512 as older tools wrote). An OVA is read in place: its entries are located and streamed from the archive, never unpacked.

Then the vApp is created with instantiateOvf (or, with -Catalog, uploaded as a reusable vApp template into that catalog and instantiated from it), the descriptor is uploaded, and each disk is sent in chunks (sequential Content-Range PUTs, -ChunkSizeMB). When a chunk fails, the connection drops or the server answers 416, the upload asks the server how many bytes it holds and continues from there; an expired session is renewed. Every server task is waited on with a timeout (-TimeoutSec). Each file is read and hashed once, while it is sent, and its last block is held back until its digest matches the manifest: the server completes an import only when every file is complete, so a corrupt file stops the import (the error names the file and both digests) and the half-created vApp is removed. -FullPreCheck reads and checks the whole package before anything is created instead (the package is then read twice); Test-VAppPackage does the same check without importing.

-NetworkMapping maps the package's network names to networks of the target VDC; a network with the same name in the VDC maps by itself. Any other network without a mapping stops the import before anything is created, naming the networks and the VDC's choices: map it, map it to $null to leave it disconnected on purpose, or use -AllowDisconnectedNetworks. -PowerOn starts the vApp once it is imported.

Storage policies: a package that names the storage policies of its VMs and disks (vSphere writes vmw:StorageGroupSection; Export-VApp adds them to vCD's descriptors, which name none) keeps each where the VDC offers a policy of that name, disks with a policy of their own included; -StorageProfileMapping maps the others. A policy the VDC does not offer and that has no mapping stops the import before anything is created, naming the VDC's policies. VMs of a package that names no policy get the VDC's default.

On failure the half-created vApp (or template) is removed and the error says what happened; quota and capacity errors of the VDC are reported as such.

Many packages at once: Import-VApp takes them all from the pipeline first, asks for confirmation of every one (-Confirm, -WhatIf) before any work starts, then handles them concurrently. -ThrottleLimit bounds the whole call: at most that many packages are in flight and at most that many file streams run at once across all of them. Each package has its own progress bar under one bar for the call; a package that fails gives one error (the package as its target) and the others go on; each result is written as soon as its package is done. Ctrl+C stops every package and cleans up as for one.
'@
    Parameters  = @{
        Path           = 'The .ovf descriptor (its files next to it) or the .ova file. Binds by property name, so the output of Export-VApp can be piped in.'
        Vdc            = 'The target virtual datacenter (from Get-VCloudVdc).'
        Name           = 'Name of the new vApp. Default: the name in the package.'
        Description    = 'Description of the new vApp (and template). Default: where it was imported from.'
        Catalog        = 'Upload the package as a vApp template into this catalog (from Get-VCloudCatalog) and instantiate the vApp from it. The template stays in the catalog.'
        NetworkMapping = 'Hashtable mapping package network names to VDC network names, e.g. @{ ''VM Network'' = ''prod-net'' }. A $null value leaves that network disconnected on purpose. Networks with the same name in the VDC need no entry.'
        AllowDisconnectedNetworks = 'Leave networks that have no mapping and no network of the same name in the VDC disconnected (a warning names them) instead of stopping.'
        StorageProfileMapping = 'Hashtable mapping storage policy names of the package to storage profiles of the VDC, e.g. @{ ''vSAN Default Storage Policy'' = ''Gold'' }. Policies the VDC offers by the same name need no entry; naming a policy the package does not use is an error.'
        PowerOn        = 'Power the vApp on after the import.'
        DeploymentOption = 'The deployment option (a Configuration of the package''s DeploymentOptionSection, e.g. ''large'') whose hardware the VMs get. Default: the package''s default configuration; a warning says which was used and names the others.'
        FullPreCheck   = 'Check every file of the package against the manifest before anything is created (reads the package twice). Default: each file is checked while it is sent, before its last block.'
        ThrottleLimit  = 'File streams at once for the whole call, shared by all packages passed (also the most packages handled at the same time). Default 3, range 1-16.'
        ChunkSizeMB    = 'Size of each upload request in MiB. Default 16, range 1-1024.'
        TimeoutSec = 'Longest wait in seconds for each server task (descriptor processing, import, instantiation, power on). Default: the connection''s -TaskTimeoutSec, else 1800.'
        TimeoutMinutes = 'The former name of -TimeoutSec, in minutes; still accepted. Use -TimeoutSec.'
        Server         = 'The connection to use when the VDC object does not carry one; default: the most recent Connect-VCloud. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
        WhatIf         = 'Shows what would be imported; nothing is read from the package or sent.'
        Confirm        = 'Asks before importing.'
    }
    Examples    = @(
        @{ Title = 'Import an OVA with network mapping and power it on'; Code = 'Import-VApp -Path ./reporting.ova -Vdc (Get-VCloudVdc -Name acme-payg -Server $prov) -NetworkMapping @{ ''ent-app-net'' = ''acme-net'' } -PowerOn'; Remarks = 'Verifies shop.ova, creates the vApp shop in prod-vdc, uploads its disks, maps its network and starts it. Returns the new vApp.' }
        @{ Title = 'Copy a vApp between two clouds'; Code = 'Get-VApp -Name reporting -Server $ent | Export-VApp -Path ./copy | Import-VApp -Vdc (Get-VCloudVdc -Name acme-pool -Server $prov) -Name reporting-copy -NetworkMapping @{ ''ent-app-net'' = ''acme-net'' }'; Remarks = 'Export-VApp''s Path binds to Import-VApp''s -Path.' }
        @{ Title = 'Import a third-party appliance as a catalog template'; Code = 'Import-VApp -Path ./reporting.ova -Vdc ent-dev -Name reporting-image -Catalog (Get-VCloudCatalog -Name ent-templates)'; Remarks = 'Leaves a reusable vApp template in the Library catalog and a vApp instantiated from it.' }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A package path, by property name (Path or FullName), e.g. from Export-VApp or Get-ChildItem *.ova.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'The new vApp.' })
    Notes       = 'Files without a manifest entry are checked by size only (a warning says so in -Verbose).'
    Links       = @('Export-VApp', 'Get-VCloudVdc', 'Get-VCloudCatalog', 'Start-VApp')
}
