<#
.SYNOPSIS
    Move benchmark (not a test): a streamed cross-cloud copy of a 4-VM vApp between two simulator processes vs
    export-alone and import-alone of the same vApp, in the same run, and the client's peak working set.
.DESCRIPTION
    Two simulators are started from one generated seed (org bench, VDC bench-vdc, vApp bench4: 4 VMs, one disk each
    holding size/4 of pseudo-random content). Each round measures, in a fresh pwsh process sampled every 50 ms:
      export  Export-VApp of bench4 from the source to a folder (RAM-backed where possible)
      import  Import-VApp of that folder into the destination
      copy    Copy-VApp of bench4 from the source straight into the destination (streamed: export piped into import)
    Copy-VApp is used rather than Move-VApp so every round has the same source; the bytes travel the same path.
    Reported per size: median over rounds of copy / max(export, import) (same-round pairs), peak working sets, and
    the CPU seconds each mode cost (client process + both simulators), which tell whether the machine's cores were
    the limit.
    Results go to out/bench/move.json.
.EXAMPLE
    dotnet pwsh -NoProfile -NonInteractive ./bench/move.ps1 -SizesGiB 4 -Rounds 3
#>
[CmdletBinding()]
param(
    [string[]] $SizesGiB = @('4'),
    [int] $Rounds = 3,
    [int] $Parallel = 3,
    [string] $Work = $(if (Test-Path /dev/shm) { '/dev/shm/vcloudps-bench-move' } else { Join-Path ([IO.Path]::GetTempPath()) 'vcloudps-bench-move' }),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS/VCloudPS.psd1')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
$sizes = @($SizesGiB | ForEach-Object { $_ -split ',' } | Where-Object { $_ } | ForEach-Object { [int]$_ })
Import-Module $ModulePath -Force
Remove-Item $Work -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory -Force $Work | Out-Null
$outDir = Join-Path $PSScriptRoot '../out/bench'
New-Item -ItemType Directory -Force $outDir | Out-Null
$credential = [pscredential]::new('admin@bench', (ConvertTo-SecureString 'Bench-Admin-2026!' -AsPlainText -Force))

function New-BenchSeed([int] $GiB, [string] $Path) {
    $perDisk = $GiB * 1024 / 4
    $vms = foreach ($i in 1..4) {
        @{ name = "vm$i"; cpu = 2; memoryMB = 2048; disks = @(@{ sizeMB = [Math]::Max(2048, $perDisk * 2); contentMB = $perDisk }); nics = @(@{ network = 'bench-net'; ipMode = 'DHCP' }) }
    }
    @{
        name = "bench-$GiB"
        orgs = @(
            @{ name = 'System'; isSystem = $true; users = @(@{ name = 'administrator'; password = 'Bench-Sys-2026!'; role = 'System Administrator' }) }
            @{ name = 'bench'; fullName = 'Benchmark'
               users = @(@{ name = 'admin'; password = 'Bench-Admin-2026!'; role = 'Organization Administrator' })
               networks = @(@{ name = 'bench-net'; gateway = '10.50.0.1' })
               vdcs = @(@{ name = 'bench-vdc'; allocationModel = 'AllocationVApp'; storageProfiles = @(@{ name = 'Standard'; default = $true }) })
               vapps = @(@{ name = 'bench4'; vdc = 'bench-vdc'; owner = 'admin'; created = '-1d'; status = 'POWERED_OFF'; vms = @($vms) }) }
        )
    } | ConvertTo-Json -Depth 10 | Set-Content -Path $Path -Encoding utf8
}

$childScript = Join-Path $Work 'measured.ps1'
@'
param($ModulePath, $SourceUrl, $DestinationUrl, $Mode, $Target, $Name, $Parallel)
$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
$cred = [pscredential]::new('admin@bench', (ConvertTo-SecureString 'Bench-Admin-2026!' -AsPlainText -Force))
$src = Connect-VCloud -Server $SourceUrl -Credential $cred -NotDefault
$dst = Connect-VCloud -Server $DestinationUrl -Credential $cred -NotDefault
$v = Get-VApp -Name bench4 -Server $src
$vdc = Get-VCloudVdc -Name bench-vdc -Server $dst
[Console]::Out.WriteLine('READY'); Start-Sleep -Milliseconds 300
$sw = [Diagnostics.Stopwatch]::StartNew()
switch ($Mode) {
    'export' { $null = $v | Export-VApp -Path $Target -ThrottleLimit $Parallel -Force }
    'import' { $null = Import-VApp -Path $Target -Vdc $vdc -Name $Name -ThrottleLimit $Parallel -Confirm:$false }
    'copy'   { $null = $v | Copy-VApp -Destination $vdc -Name $Name -ThrottleLimit $Parallel -Confirm:$false }
}
$sw.Stop()
$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds
[Console]::Out.WriteLine('RESULT ' + (@{ sec = $sw.Elapsed.TotalSeconds; cpu = $cpu } | ConvertTo-Json -Compress))
'@ | Set-Content $childScript

function Invoke-Measured([string] $Mode, $Source, $Destination, [string] $Target, [string] $Name = '-') {
    $hostPath = (Get-Process -Id $PID).Path
    $psi = [Diagnostics.ProcessStartInfo]::new($hostPath)
    $prefix = if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    foreach ($a in @($prefix) + @('-NoProfile', '-NonInteractive', '-File', $childScript, $ModulePath, $Source.Url, $Destination.Url, $Mode, $Target, $Name, $Parallel)) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
    # CPU seconds of both simulators during the measurement (on a 2-core machine CPU, not the network, is the limit).
    $simCpu = { param($ids) ($ids | ForEach-Object { (Get-Process -Id $_).TotalProcessorTime.TotalSeconds } | Measure-Object -Sum).Sum }
    $simIds = @($Source.ProcessId, $Destination.ProcessId)
    $simBefore = & $simCpu $simIds
    $p = [Diagnostics.Process]::Start($psi)
    $peak = 0L; $result = $null; $ready = $false
    $read = $p.StandardOutput.ReadLineAsync()
    while ($true) {
        if ($read.IsCompleted) {
            $line = $read.Result
            if ($null -eq $line) { break }
            if ($line -eq 'READY') { $ready = $true }
            elseif ($line -like 'RESULT *') { $result = $line.Substring(7) | ConvertFrom-Json }
            $read = $p.StandardOutput.ReadLineAsync()
            continue
        }
        if ($ready -and -not $p.HasExited) { $p.Refresh(); try { $peak = [Math]::Max($peak, $p.WorkingSet64) } catch { } }
        Start-Sleep -Milliseconds 50
    }
    $p.WaitForExit()
    $simAfter = & $simCpu $simIds
    if ($p.ExitCode -or -not $result) { throw "measured $Mode failed (exit $($p.ExitCode))" }
    [pscustomobject]@{ Seconds = [Math]::Round($result.sec, 2); PeakMB = [Math]::Round($peak / 1MB, 1); ClientCpu = [Math]::Round($result.cpu, 1); SimCpu = [Math]::Round($simAfter - $simBefore, 1) }
}

function Remove-Copy($Connection, [string] $Name) {
    $deadline = [DateTime]::UtcNow.AddMinutes(2)
    while ($true) {
        $vapp = Get-VApp -Name $Name -Server $Connection -ErrorAction SilentlyContinue
        if (-not $vapp) { return }
        try { $vapp | Remove-VApp -Confirm:$false -ErrorAction Stop; return }
        catch { if ([DateTime]::UtcNow -gt $deadline) { throw }; Start-Sleep -Milliseconds 500 }
    }
}

$rows = foreach ($gib in $sizes) {
    $seedPath = Join-Path $Work "bench-$gib.json"
    New-BenchSeed $gib $seedPath
    $source = $destination = $null
    try {
        $source = Start-VCloudSimulator -Seed $seedPath -StartTimeoutSec 300 -DataDirectory (Join-Path ([IO.Path]::GetTempPath()) "vcloudps-bench-move-src-$gib")
        $destination = Start-VCloudSimulator -Seed $seedPath -StartTimeoutSec 300 -DataDirectory (Join-Path ([IO.Path]::GetTempPath()) "vcloudps-bench-move-dst-$gib")
        $dst = Connect-VCloud -Server $destination.Url -Credential $credential -NotDefault
        foreach ($round in 1..$Rounds) {
            $folder = Join-Path $Work "export-$gib"
            $export = Invoke-Measured export $source $destination $folder
            $import = Invoke-Measured import $source $destination (Join-Path $folder 'bench4/bench4.ovf') "imported-$round"
            Remove-Copy $dst "imported-$round"
            Remove-Item $folder -Recurse -Force -ErrorAction Ignore
            $copy = Invoke-Measured copy $source $destination '-' "copied-$round"
            Remove-Copy $dst "copied-$round"
            $longer = [Math]::Max($export.Seconds, $import.Seconds)
            $row = [pscustomobject]@{
                GiB = $gib; Round = $round; ExportSec = $export.Seconds; ImportSec = $import.Seconds; CopySec = $copy.Seconds
                Ratio = [Math]::Round($copy.Seconds / $longer, 2); ExportPeakMB = $export.PeakMB; ImportPeakMB = $import.PeakMB; CopyPeakMB = $copy.PeakMB
                ExportCpu = $export.ClientCpu + $export.SimCpu; ImportCpu = $import.ClientCpu + $import.SimCpu; CopyCpu = $copy.ClientCpu + $copy.SimCpu
                CopyClientCpu = $copy.ClientCpu
            }
            # Each round as soon as it is done (a long run on a loaded machine still leaves its figures).
            Write-Host ("{0:u} {1}" -f [DateTime]::UtcNow, ($row | ConvertTo-Json -Compress))
            $row
        }
    }
    finally {
        Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
        foreach ($s in @($source, $destination)) { if ($s) { $s | Stop-VCloudSimulator } }
    }
}
$rows | Format-Table -AutoSize | Out-Host
foreach ($g in $rows | Group-Object GiB) {
    $ratios = @($g.Group.Ratio | Sort-Object)
    $median = if ($ratios.Count % 2) { $ratios[[int][Math]::Floor($ratios.Count / 2)] } else { ($ratios[$ratios.Count / 2 - 1] + $ratios[$ratios.Count / 2]) / 2 }
    Write-Host ("{0} GiB: median copy / max(export, import) = {1} (target <= 1.25); peak working set of the copy {2} MB" -f $g.Name, $median, ($g.Group.CopyPeakMB | Measure-Object -Maximum).Maximum)
}
$rows | ConvertTo-Json | Set-Content (Join-Path $outDir 'move.json')
Remove-Item $Work -Recurse -Force -ErrorAction Ignore
