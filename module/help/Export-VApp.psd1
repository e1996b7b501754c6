@{
    Synopsis    = 'Downloads a vApp or vApp template as an OVF folder or a single OVA file, streamed and SHA-256 verified.'
    Description = @'
Export-VApp extracts a whole vApp (every VM, its hardware, disks and networks) or a catalog vApp template through the vCloud Director API: it enables the download on the server, fetches the OVF descriptor, then streams every disk the descriptor references straight to disk. Each file is hashed with SHA-256 while it streams, checked against the size the descriptor declares, and listed in a manifest (.mf) written next to the descriptor as "SHA256(file)= digest" lines. vCloud Director's descriptor names no storage policy; Export-VApp adds each VM's and disk's policy to it (as vSphere writes them, vmw:StorageGroupSection) so that Import-VApp keeps them. Several disks download at once (-ThrottleLimit), and a download that loses its connection continues where it stopped with an HTTP Range request.

-Path decides the format. A path ending in .ova produces one tar archive holding the descriptor first, then the manifest, then the disks in the descriptor's order; the disks are written straight into their place in the archive (the sizes are known from the descriptor), so no temporary copy is ever made. A path ending in .ovf names the descriptor of an OVF folder. Any other path is a folder: the package is written to a subfolder named after the vApp, so several vApps can be exported into one folder through the pipeline.

vCloud Director can only download an undeployed vApp. A deployed (running, or powered off but still deployed) vApp is refused with a clear error unless -Stop is given: then the vApp is undeployed (powered off) for the export and its power state is restored afterwards, also when the export fails. Because that interrupts the service, -Stop asks for confirmation; use -Confirm:$false (or -Force) in scripts.

Nothing half-written is left behind: files are written under temporary names and moved into place only when the whole package is complete; on failure or Ctrl+C they are removed. An existing package is only replaced with -Force, and only once the new one is complete.

Many vApps at once: Export-VApp takes them all from the pipeline first, asks for confirmation of every one (-Confirm, -WhatIf) before any work starts, then handles them concurrently. -ThrottleLimit bounds the whole call: at most that many vApps are in flight and at most that many file streams run at once across all of them. Each vApp has its own progress bar under one bar for the call; a vApp that fails gives one error (the vApp as its target) and the others go on; each result is written as soon as its vApp is done. Ctrl+C stops every vApp and cleans up as for one.
'@
    Parameters  = @{
        VApp          = 'The vApp to export (from Get-VApp). Accepts pipeline input.'
        VAppTemplate  = 'The vApp template to export (from Get-VAppTemplate). Accepts pipeline input.'
        Path          = 'Where to write: a path ending in .ova (one archive), a path ending in .ovf (the descriptor of an OVF folder), or a folder (the package goes into <folder>/<vApp name>/). Relative paths are resolved against the current location.'
        Force         = 'Overwrite an existing package, and skip the confirmation of -Stop.'
        Stop          = 'Undeploy a deployed vApp for the export and restore its power state afterwards (even on failure). Asks for confirmation (ConfirmImpact High).'
        ThrottleLimit = 'File streams at once for the whole call, shared by all vApps passed (also the most vApps handled at the same time). Default 3, range 1-16.'
        TimeoutSec    = 'Longest wait in seconds for each server task (undeploy with -Stop, enableDownload, the power-state restore). Default: the connection''s -TaskTimeoutSec, else 1800.'
        Server        = 'The connection to use when the object does not carry one; default: the most recent Connect-VCloud. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
        WhatIf        = 'Shows what would be exported without contacting the server.'
        Confirm       = 'Asks before exporting (and before stopping a deployed vApp with -Stop).'
    }
    Examples    = @(
        @{ Title = 'Export a vApp as an OVA'; Code = 'Get-VApp -Name reporting | Export-VApp -Path ./reporting-export.ova'; Remarks = 'Writes shop.ova (descriptor, SHA-256 manifest and disks) and returns the path, files, sizes and digests.' }
        @{ Title = 'Export a running vApp'; Code = 'Get-VApp -Name shop | Export-VApp -Path ./shop.ova -Stop -Confirm:$false'; Remarks = 'Undeploys shop, exports it and powers it back on.' }
        @{ Title = 'Export every template of a catalog to folders'; Code = 'Get-VAppTemplate -Catalog ent-templates | Export-VApp -Path ./templates'; Remarks = 'Each template lands in ./templates/<name>/<name>.ovf with its disks and manifest.' }
        @{ Title = 'Show the manifest of an export'; Code = '(Export-VApp -VApp reporting -Path ./reporting-files.ova).Files | Format-Table Name, Size, Sha256'; Remarks = 'Lists each file with its size and SHA-256 as written to the manifest.' }
    )
    Inputs      = @(
        @{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'A vApp from Get-VApp.' }
        @{ Type = 'VCloudPS.Core.Model.VAppTemplate'; Description = 'A vApp template from Get-VAppTemplate.' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Core.Migration.ExportResult'; Description = 'Path, Format (OVF/OVA), SourceName, Files (name, size, SHA256), TotalBytes, Digests, Duration, BytesPerSecond, Resumes.' })
    Notes       = 'Downloads use the connection''s session; an expired session is renewed once per request. The server keeps the download area for 60 idle minutes; Export-VApp disables it when done.'
    Links       = @('Import-VApp', 'Get-VApp', 'Get-VAppTemplate', 'Stop-VApp')
}
