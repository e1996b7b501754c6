<#
.SYNOPSIS
    Transfer benchmark (not a test): Export-VApp and Import-VApp throughput against curl on the same simulator, and the
    peak working set of this pwsh process, for a 4-VM vApp of 1 GiB and 4 GiB of disk content.
.DESCRIPTION
    For each size a simulator is started with a generated seed (one vApp "bench4", 4 VMs, one disk each whose
    streamOptimized VMDK holds size/4 of pseudo-random content). Then, in the same run and against the same server:
      export  Export-VApp to a folder; its download phase (ExportResult.BytesPerSecond) vs curl fetching the same
              transfer URLs (one enableDownload, then `curl --parallel --parallel-max N` of every referenced file).
      import  Import-VApp (instantiateOvf, chunked PUTs) of that folder; its upload phase vs `curl -T` of the same
              files to the upload URLs of a fresh instantiateOvf session (parallel, same degree).
    The working set of this process is sampled every 50 ms during Export-VApp and Import-VApp.
    Results are printed as a table and written to out/bench/transfer.json.
.EXAMPLE
    dotnet pwsh -NoProfile -NonInteractive ./bench/transfer.ps1 -SizesGiB 1,4
#>
[CmdletBinding()]
param(
    # Sizes in GiB; "1,4" is accepted too (pwsh -File passes it as one string).
    [string[]] $SizesGiB = @('1', '4'),
    [int] $Parallel = 3,
    # Interleaved rounds per measurement (curl, VCloudPS, curl, VCloudPS...); the median of same-round pairs is the headline.
    [int] $Rounds = 5,
    # Scratch space for exports and curl downloads; RAM-backed by default so the local disk is not what is measured.
    [string] $Work = $(if (Test-Path /dev/shm) { '/dev/shm/vcloudps-bench' } else { Join-Path ([IO.Path]::GetTempPath()) 'vcloudps-bench' }),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS/VCloudPS.psd1')
)
$ErrorActionPreference = 'Stop'
$sizes = @($SizesGiB | ForEach-Object { $_ -split ',' } | Where-Object { $_ } | ForEach-Object { [int]$_ })
# The simulator's disk files (source disks, uploaded copies) stay on the local disk, outside $Work, as a vCD cell's
# datastore would; each uploaded copy is deleted once measured.
$simData = Join-Path ([IO.Path]::GetTempPath()) 'vcloudps-bench-sim'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
Import-Module $ModulePath -Force
$curl = (Get-Command curl -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
Remove-Item $Work -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory -Force $Work | Out-Null
$outDir = Join-Path $PSScriptRoot '../out/bench'
New-Item -ItemType Directory -Force $outDir | Out-Null

function New-BenchSeed([int] $GiB, [string] $Path) {
    $perDisk = $GiB * 1024 / 4
    $vms = foreach ($i in 1..4) {
        @{ name = "vm$i"; cpu = 2; memoryMB = 2048; disks = @(@{ sizeMB = [Math]::Max(2048, $perDisk * 2); contentMB = $perDisk }); nics = @(@{ network = 'bench-net'; ipMode = 'DHCP' }) }
    }
    $seed = @{
        name = "bench-$GiB"
        orgs = @(
            @{ name = 'System'; isSystem = $true; users = @(@{ name = 'administrator'; password = 'Bench-Sys-2026!'; role = 'System Administrator' }) }
            @{ name = 'bench'; fullName = 'Benchmark'
               users = @(@{ name = 'admin'; password = 'Bench-Admin-2026!'; role = 'Organization Administrator' })
               networks = @(@{ name = 'bench-net'; gateway = '10.50.0.1' })
               vdcs = @(@{ name = 'bench-vdc'; allocationModel = 'AllocationVApp'; storageProfiles = @(@{ name = 'Standard'; default = $true }) })
               vapps = @(@{ name = 'bench4'; vdc = 'bench-vdc'; owner = 'admin'; created = '-1d'; status = 'POWERED_OFF'; vms = @($vms) }) }
        )
    }
    $seed | ConvertTo-Json -Depth 10 | Set-Content -Path $Path -Encoding utf8
}

# ---- working-set sampler (a thread in this process; sampling never touches the pipeline) ----
# ---- the measured cmdlet runs in a fresh pwsh process of its own, sampled from here every 50 ms ----
# (sampling in-process would add a runspace, and the curl baselines' Invoke-WebRequest calls, to what is measured)
$childScript = Join-Path $Work 'measured.ps1'
@'
param($ModulePath, $Url, $Mode, $Target, $Name, $Parallel)
$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'
Import-Module $ModulePath
$conn = Connect-VCloud -Server $Url -Credential ([pscredential]::new('admin@bench', (ConvertTo-SecureString 'Bench-Admin-2026!' -AsPlainText -Force)))
if ($Mode -eq 'export') {
    $v = Get-VApp -Name bench4 -Server $conn
    [Console]::Out.WriteLine('READY'); Start-Sleep -Milliseconds 300
    $cpu0 = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $r = $v | Export-VApp -Path $Target -ThrottleLimit $Parallel
    $cpu = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu0).TotalSeconds
    $res = @{ bps = $r.BytesPerSecond; sec = $r.Duration.TotalSeconds; bytes = $r.TotalBytes; path = $r.Path; cpu = $cpu }
} else {
    $vdc = Get-VCloudVdc -Name bench-vdc -Server $conn
    [Console]::Out.WriteLine('READY'); Start-Sleep -Milliseconds 300
    $cpu0 = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = Import-VApp -Path $Target -Vdc $vdc -Name $Name -NetworkMapping @{ 'bench-net' = 'bench-net' } -ThrottleLimit $Parallel -Confirm:$false -Verbose 4>&1
    $sw.Stop()
    $line = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Uploaded *' })[0].Message
    $bps = if ($line -match '= (\d+) B/s') { [double]$Matches[1] } else { 0 }
    $cpu = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu0).TotalSeconds
    $res = @{ bps = $bps; sec = $sw.Elapsed.TotalSeconds; cpu = $cpu }
}
[Console]::Out.WriteLine('RESULT ' + ($res | ConvertTo-Json -Compress))
'@ | Set-Content $childScript

function Invoke-Measured([string] $Mode, [string] $Url, [string] $Target, [string] $Name = '') {
    $psi = [Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
    foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $childScript, $ModulePath, $Url, $Mode, $Target, $Name, $Parallel)) { $psi.ArgumentList.Add([string]$a) }
    $psi.RedirectStandardOutput = $true; $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    $peak = 0L; $baseline = 0L; $result = $null; $ready = $false
    $read = $p.StandardOutput.ReadLineAsync()
    while ($true) {
        if ($read.IsCompleted) {
            $line = $read.Result
            if ($null -eq $line) { break }
            if ($line -eq 'READY') { $p.Refresh(); $baseline = $p.WorkingSet64; $ready = $true }
            elseif ($line -like 'RESULT *') { $result = $line.Substring(7) | ConvertFrom-Json }
            $read = $p.StandardOutput.ReadLineAsync()
            continue
        }
        if ($ready -and -not $p.HasExited) { $p.Refresh(); try { $peak = [Math]::Max($peak, $p.WorkingSet64) } catch { } }
        Start-Sleep -Milliseconds 50
    }
    $p.WaitForExit()
    if ($p.ExitCode -or -not $result) { throw "measured $Mode failed (exit $($p.ExitCode))" }
    $result | Add-Member -NotePropertyName PeakMB -NotePropertyValue ([Math]::Round($peak / 1MB, 1))
    $result | Add-Member -NotePropertyName BaselineMB -NotePropertyValue ([Math]::Round($baseline / 1MB, 1)) -PassThru
}

# curl under bash's `time` keyword, which reports the child's user and system CPU seconds on the last stderr line.
function Invoke-Curl([string[]] $Arguments) {
    $psi = [Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in @('-c', 'TIMEFORMAT="CPU %3U %3S"; time "$0" "$@"', $curl) + $Arguments) { $psi.ArgumentList.Add([string]$a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardError = $true
    $p = [Diagnostics.Process]::Start($psi)
    $err = $p.StandardError.ReadToEnd()
    $p.WaitForExit()
    if ($p.ExitCode) { throw "curl failed ($($p.ExitCode)): $err" }
    $line = ($err -split "`n" | Where-Object { $_ -like 'CPU *' } | Select-Object -Last 1) -split ' '
    [double]::Parse($line[1], [cultureinfo]::InvariantCulture) + [double]::Parse($line[2], [cultureinfo]::InvariantCulture)
}

# Every measurement starts with no dirty pages left by the one before: the simulator writes uploads to the local disk,
# and kernel write-back of an earlier round's gigabytes would otherwise land on whichever client runs next.
function Clear-WriteBack { if (Get-Command sync -CommandType Application -ErrorAction Ignore) { & sync } }

# Each uploaded copy is deleted once measured (the simulator then deletes its disk files), so at most one is held.
function Remove-BenchVApp($Connection, [string] $Href) {
    $deadline = [DateTime]::UtcNow.AddMinutes(2)
    while ($true) {
        # The vApp curl uploaded is still being processed for a moment after its last byte (the entity is busy).
        $vapp = Get-VApp -Server $Connection | Where-Object Href -eq $Href
        if (-not $vapp) { return }
        try { $vapp | Remove-VApp -Confirm:$false -ErrorAction Stop; return }
        catch { if ([DateTime]::UtcNow -gt $deadline) { throw } ; Start-Sleep -Milliseconds 500 }
    }
}

# ---- raw vCD calls for the curl baselines (control calls with Invoke-WebRequest, data with curl) ----
function Get-BenchToken($Url, [string] $ApiVersion) {
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('admin@bench:Bench-Admin-2026!'))
    $r = Invoke-WebRequest -Method Post -Uri ([uri]::new($Url, '/cloudapi/1.0.0/sessions')) -Headers @{ Authorization = "Basic $basic"; Accept = "application/json;version=$ApiVersion" }
    @{ Authorization = 'Bearer ' + [string]$r.Headers['X-VMWARE-VCLOUD-ACCESS-TOKEN'][0]; Accept = "application/*+xml;version=$ApiVersion" }
}
function Invoke-Xml($Method, $Uri, $Headers, $Body, $ContentType) {
    $p = @{ Method = $Method; Uri = $Uri; Headers = $Headers }
    if ($Body) { $p.Body = $Body; $p.ContentType = $ContentType }
    $r = Invoke-WebRequest @p
    if ($r.Content) { [xml]$r.Content } else { $null }
}
function Wait-BenchTask($Task, $Headers) {
    while ($Task.Task.status -notin 'success', 'error', 'aborted') { Start-Sleep -Milliseconds 200; $Task = Invoke-Xml Get $Task.Task.href $Headers }
    if ($Task.Task.status -ne 'success') { throw "task $($Task.Task.operationName) ended $($Task.Task.status)" }
}
function Get-LinkHref($Xml, [string] $Rel) { ($Xml.DocumentElement.Link | Where-Object rel -eq $Rel | Select-Object -First 1).href }

function Measure-CurlDownload($Url, $ApiVersion, $VAppHref, [string] $Folder) {
    $h = Get-BenchToken $Url $ApiVersion
    $vapp = Invoke-Xml Get $VAppHref $h
    $task = Invoke-Xml Post (Get-LinkHref $vapp 'enable') $h
    Wait-BenchTask $task $h
    $vapp = Invoke-Xml Get $VAppHref $h
    $descUrl = Get-LinkHref $vapp 'download:default'
    $desc = Invoke-Xml Get $descUrl $h
    $base = $descUrl.Substring(0, $descUrl.LastIndexOf('/') + 1)
    $files = @($desc.Envelope.References.File)
    New-Item -ItemType Directory -Force $Folder | Out-Null
    $args = @('-s', '-S', '-f', '--no-progress-meter', '--parallel', '--parallel-max', $Parallel, '-H', "Authorization: $($h.Authorization)")
    foreach ($f in $files) { $args += @('-o', (Join-Path $Folder $f.href), ($base + $f.href)) }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $cpu = Invoke-Curl $args
    $sw.Stop()
    Invoke-WebRequest -Method Post -Uri (Get-LinkHref (Invoke-Xml Get $VAppHref $h) 'disable') -Headers $h | Out-Null
    $bytes = ($files | ForEach-Object { [long]$_.size } | Measure-Object -Sum).Sum
    [pscustomobject]@{ Bytes = $bytes; Seconds = $sw.Elapsed.TotalSeconds; BytesPerSecond = $bytes / $sw.Elapsed.TotalSeconds; Cpu = $cpu }
}

# Reference only: curl with SHA-256 on the way (curl | tee file | sha256sum), the same work Export-VApp does per byte.
function Measure-CurlHashedDownload($Url, $ApiVersion, $VAppHref, [string] $Folder) {
    $h = Get-BenchToken $Url $ApiVersion
    $vapp = Invoke-Xml Get $VAppHref $h
    Wait-BenchTask (Invoke-Xml Post (Get-LinkHref $vapp 'enable') $h) $h
    $vapp = Invoke-Xml Get $VAppHref $h
    $descUrl = Get-LinkHref $vapp 'download:default'
    $desc = Invoke-Xml Get $descUrl $h
    $base = $descUrl.Substring(0, $descUrl.LastIndexOf('/') + 1)
    $files = @($desc.Envelope.References.File)
    New-Item -ItemType Directory -Force $Folder | Out-Null
    $list = Join-Path $Folder 'list.txt'
    $files | ForEach-Object { "$($base + $_.href) $(Join-Path $Folder $_.href)" } | Set-Content $list
    $env:VCLOUDPS_BENCH_AUTH = "Authorization: $($h.Authorization)"
    $script = 'TIMEFORMAT="CPU %3U %3S"; time xargs -P "$1" -n 2 sh -c ''curl -s -S -f -H "$VCLOUDPS_BENCH_AUTH" "$0" | tee "$1" | sha256sum > "$1.sha256"'' < "$0"'
    $psi = [Diagnostics.ProcessStartInfo]::new('bash')
    foreach ($a in @('-c', $script, $list, $Parallel)) { $psi.ArgumentList.Add([string]$a) }
    $psi.UseShellExecute = $false; $psi.RedirectStandardError = $true
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $p = [Diagnostics.Process]::Start($psi)
    $err = $p.StandardError.ReadToEnd()
    $p.WaitForExit()
    $sw.Stop()
    Remove-Item env:VCLOUDPS_BENCH_AUTH
    if ($p.ExitCode) { throw "curl | sha256sum failed ($($p.ExitCode)): $err" }
    $line = ($err -split "`n" | Where-Object { $_ -like 'CPU *' } | Select-Object -Last 1) -split ' '
    Invoke-WebRequest -Method Post -Uri (Get-LinkHref (Invoke-Xml Get $VAppHref $h) 'disable') -Headers $h | Out-Null
    $bytes = ($files | ForEach-Object { [long]$_.size } | Measure-Object -Sum).Sum
    [pscustomobject]@{ Bytes = $bytes; Seconds = $sw.Elapsed.TotalSeconds; BytesPerSecond = $bytes / $sw.Elapsed.TotalSeconds
        Cpu = [double]::Parse($line[1], [cultureinfo]::InvariantCulture) + [double]::Parse($line[2], [cultureinfo]::InvariantCulture) }
}

# -Hashed (reference only): each file's `curl -T` runs next to a `sha256sum` of the same file, the same per-byte work
# as Import-VApp (read, hash, send) done with standard tools.
function Measure-CurlUpload($Url, $ApiVersion, $VdcHref, [string] $DescriptorPath, [switch] $Hashed) {
    $h = Get-BenchToken $Url $ApiVersion
    $folder = Split-Path $DescriptorPath
    $name = 'curl-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    $body = "<InstantiateOvfParams xmlns=`"http://www.vmware.com/vcloud/v1.5`" name=`"$name`" deploy=`"false`" powerOn=`"false`"><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateOvfParams>"
    $vapp = Invoke-Xml Post "$VdcHref/action/instantiateOvf" $h $body 'application/vnd.vmware.vcloud.instantiateOvfParams+xml'
    $href = $vapp.VApp.href
    $descUpload = ($vapp.VApp.Files.File | Select-Object -First 1).Link.href
    Invoke-WebRequest -Method Put -Uri $descUpload -Headers @{ Authorization = $h.Authorization } -InFile $DescriptorPath -ContentType 'text/xml' | Out-Null
    $desc = [xml](Get-Content $DescriptorPath -Raw)
    $expected = @($desc.Envelope.References.File).Count + 1
    do { Start-Sleep -Milliseconds 200; $vapp = Invoke-Xml Get $href $h } while (@($vapp.VApp.Files.File).Count -lt $expected)
    $args = @('-s', '-S', '-f', '--no-progress-meter', '--parallel', '--parallel-max', $Parallel, '-o', '/dev/null', '-H', "Authorization: $($h.Authorization)")
    $bytes = 0L
    $pairs = @()
    foreach ($f in @($vapp.VApp.Files.File | Where-Object { $_.name -notlike '*.ovf' })) {
        $local = Join-Path $folder $f.name
        $args += @('-T', $local, $f.Link.href)
        $pairs += "$local $($f.Link.href)"
        $bytes += (Get-Item $local).Length
    }
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if ($Hashed) {
        $list = Join-Path $Work 'put-list.txt'
        $pairs | Set-Content $list
        $env:VCLOUDPS_BENCH_AUTH = "Authorization: $($h.Authorization)"
        $script = 'TIMEFORMAT="CPU %3U %3S"; time xargs -P "$1" -n 2 sh -c ''sha256sum "$0" > /dev/null & curl -s -S -f -o /dev/null -H "$VCLOUDPS_BENCH_AUTH" -T "$0" "$1"; s=$?; wait; exit $s'' < "$0"'
        $psi = [Diagnostics.ProcessStartInfo]::new('bash')
        foreach ($a in @('-c', $script, $list, $Parallel)) { $psi.ArgumentList.Add([string]$a) }
        $psi.UseShellExecute = $false; $psi.RedirectStandardError = $true
        $p = [Diagnostics.Process]::Start($psi)
        $err = $p.StandardError.ReadToEnd()
        $p.WaitForExit()
        Remove-Item env:VCLOUDPS_BENCH_AUTH
        if ($p.ExitCode) { throw "curl -T + sha256sum failed ($($p.ExitCode)): $err" }
        $line = ($err -split "`n" | Where-Object { $_ -like 'CPU *' } | Select-Object -Last 1) -split ' '
        $cpu = [double]::Parse($line[1], [cultureinfo]::InvariantCulture) + [double]::Parse($line[2], [cultureinfo]::InvariantCulture)
    }
    else { $cpu = Invoke-Curl $args }
    $sw.Stop()
    [pscustomobject]@{ Bytes = $bytes; Seconds = $sw.Elapsed.TotalSeconds; BytesPerSecond = $bytes / $sw.Elapsed.TotalSeconds; VAppHref = $href; Cpu = $cpu }
}

# Pages the kernel scanned to reclaim memory (Linux): on the shared machines this runs on, reclaim competes for the
# same two cores and is the main reason one round differs from the next; reported per size as evidence.
function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Get-ReclaimScanned { if (Test-Path /proc/vmstat) { (Get-Content /proc/vmstat | Where-Object { $_ -match '^pgscan_(kswapd|direct) ' } | ForEach-Object { [long]($_ -split ' ')[1] } | Measure-Object -Sum).Sum } else { 0 } }

$rows = foreach ($gib in $sizes) {
    $scanned0 = Get-ReclaimScanned
    $seedPath = Join-Path $Work "seed-$gib.json"
    New-BenchSeed $gib $seedPath
    Write-Host "== $gib GiB: starting the simulator (disk files are generated on first download)"
    Remove-Item $simData -Recurse -Force -ErrorAction Ignore
    $sim = Start-VCloudSimulator -Seed $seedPath -StartTimeoutSec 300 -DataDirectory $simData
    try {
        $cred = [pscredential]::new('admin@bench', (ConvertTo-SecureString 'Bench-Admin-2026!' -AsPlainText -Force))
        $conn = Connect-VCloud -Server $sim.Url -Credential $cred
        $vapp = Get-VApp -Name bench4 -Server $conn
        $vdc = Get-VCloudVdc -Name bench-vdc -Server $conn
        # Warm-up (untimed): the simulator writes its VMDKs on first use; both clients then read warm files.
        $warm = $vapp | Export-VApp -Path (Join-Path $Work "warm-$gib") -ThrottleLimit $Parallel
        Remove-Item (Join-Path $Work "warm-$gib") -Recurse -Force

        # Interleaved rounds, best of each: the machine is shared, so single runs are noisy.
        $curlGets = @(); $curlHashed = @(); $exports = @(); $curlPuts = @(); $curlShaPuts = @(); $imports = @()
        foreach ($round in 1..$Rounds) {
            Clear-WriteBack
            $curlGets += Measure-CurlDownload $sim.Url $conn.ApiVersion $vapp.Href (Join-Path $Work "curl-$gib")
            Remove-Item (Join-Path $Work "curl-$gib") -Recurse -Force
            Clear-WriteBack
            $curlHashed += Measure-CurlHashedDownload $sim.Url $conn.ApiVersion $vapp.Href (Join-Path $Work "curlsha-$gib")
            Remove-Item (Join-Path $Work "curlsha-$gib") -Recurse -Force
            Clear-WriteBack
            $exports += Invoke-Measured export $sim.Url (Join-Path $Work "export-$gib-$round")
            # Keep one package (the import source); more copies in RAM-backed $Work would squeeze the page cache that
            # holds the simulator's disks and slow the later rounds of both clients.
            if ($round -gt 1) { Remove-Item (Join-Path $Work "export-$gib-$round") -Recurse -Force }
        }
        $package = $exports[0].path
        foreach ($round in 1..$Rounds) {
            Clear-WriteBack
            $curlPuts += Measure-CurlUpload $sim.Url $conn.ApiVersion $vdc.Href $package
            Remove-BenchVApp $conn $curlPuts[-1].VAppHref
            Clear-WriteBack
            $curlShaPuts += Measure-CurlUpload $sim.Url $conn.ApiVersion $vdc.Href $package -Hashed
            Remove-BenchVApp $conn $curlShaPuts[-1].VAppHref
            Clear-WriteBack
            $imports += Invoke-Measured import $sim.Url $package "bench-import-$gib-$round"
            Remove-BenchVApp $conn (Get-VApp -Name "bench-import-$gib-$round" -Server $conn).Href
        }
        Get-ChildItem $Work -Directory -Filter "export-$gib-*" | Remove-Item -Recurse -Force
        $bestExport = ($exports | Measure-Object bps -Maximum).Maximum
        $bestCurlGet = ($curlGets | Measure-Object BytesPerSecond -Maximum).Maximum
        $bestImport = ($imports | Measure-Object bps -Maximum).Maximum
        $bestCurlPut = ($curlPuts | Measure-Object BytesPerSecond -Maximum).Maximum
        # Round i of VCloudPS against round i of curl, run back to back: the pairs share the machine's state of the moment,
        # so their ratio is steadier than best against best. The median of the pairs is the headline figure.
        $exportPairs = @(for ($i = 0; $i -lt $Rounds; $i++) { $exports[$i].bps / $curlGets[$i].BytesPerSecond })
        $importPairs = @(for ($i = 0; $i -lt $Rounds; $i++) { $imports[$i].bps / $curlPuts[$i].BytesPerSecond })
        $importShaPairs = @(for ($i = 0; $i -lt $Rounds; $i++) { $imports[$i].bps / $curlShaPuts[$i].BytesPerSecond })
        [pscustomobject]@{
            SizeGiB          = $gib
            ExportVsCurlMedianPair = '{0:P0}' -f (Get-Median $exportPairs)
            ImportVsCurlMedianPair = '{0:P0}' -f (Get-Median $importPairs)
            ExportVsCurlPairs = ($exportPairs | ForEach-Object { '{0:P0}' -f $_ }) -join ' / '
            ImportVsCurlPairs = ($importPairs | ForEach-Object { '{0:P0}' -f $_ }) -join ' / '
            ImportVsCurlShaMedianPair = '{0:P0}' -f (Get-Median $importShaPairs)
            ImportVsCurlShaPairs = ($importShaPairs | ForEach-Object { '{0:P0}' -f $_ }) -join ' / '
            CurlShaPutMBps   = [Math]::Round(($curlShaPuts | Measure-Object BytesPerSecond -Maximum).Maximum / 1MB, 0)
            CurlShaPutCpuPerGiB = [Math]::Round(($curlShaPuts | Measure-Object Cpu -Minimum).Minimum / $gib, 2)
            ExportMBps       = [Math]::Round($bestExport / 1MB, 0)
            CurlGetMBps      = [Math]::Round($bestCurlGet / 1MB, 0)
            ExportVsCurlBest = '{0:P0}' -f ($bestExport / $bestCurlGet)
            CurlShaMBps      = [Math]::Round(($curlHashed | Measure-Object BytesPerSecond -Maximum).Maximum / 1MB, 0)
            ExportVsCurlSha  = '{0:P0}' -f ($bestExport / ($curlHashed | Measure-Object BytesPerSecond -Maximum).Maximum)
            ImportMBps       = [Math]::Round($bestImport / 1MB, 0)
            CurlPutMBps      = [Math]::Round($bestCurlPut / 1MB, 0)
            ImportVsCurlBest = '{0:P0}' -f ($bestImport / $bestCurlPut)
            # Client CPU seconds per GiB moved (best run): where the time goes on a CPU-bound loopback.
            ExportCpuPerGiB  = [Math]::Round(($exports | Measure-Object cpu -Minimum).Minimum / $gib, 2)
            CurlGetCpuPerGiB = [Math]::Round(($curlGets | Measure-Object Cpu -Minimum).Minimum / $gib, 2)
            CurlShaCpuPerGiB = [Math]::Round(($curlHashed | Measure-Object Cpu -Minimum).Minimum / $gib, 2)
            ImportCpuPerGiB  = [Math]::Round(($imports | Measure-Object cpu -Minimum).Minimum / $gib, 2)
            CurlPutCpuPerGiB = [Math]::Round(($curlPuts | Measure-Object Cpu -Minimum).Minimum / $gib, 2)
            ExportWallSec    = [Math]::Round(($exports | Measure-Object sec -Minimum).Minimum, 1)
            ImportWallSec    = [Math]::Round(($imports | Measure-Object sec -Minimum).Minimum, 1)
            BaselineWSMB     = ($exports + $imports | Measure-Object BaselineMB -Maximum).Maximum
            PeakWSMB_Export  = ($exports | Measure-Object PeakMB -Maximum).Maximum
            PeakWSMB_Import  = ($imports | Measure-Object PeakMB -Maximum).Maximum
            # Every round, in order, so the spread behind the best figures is visible.
            ExportRoundsMBps = ($exports | ForEach-Object { [Math]::Round($_.bps / 1MB) }) -join '/'
            CurlGetRoundsMBps = ($curlGets | ForEach-Object { [Math]::Round($_.BytesPerSecond / 1MB) }) -join '/'
            ImportRoundsMBps = ($imports | ForEach-Object { [Math]::Round($_.bps / 1MB) }) -join '/'
            CurlPutRoundsMBps = ($curlPuts | ForEach-Object { [Math]::Round($_.BytesPerSecond / 1MB) }) -join '/'
            ReclaimScannedGiB = [Math]::Round(((Get-ReclaimScanned) - $scanned0) * 4KB / 1GB, 1)
            LoadAverage      = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { '' }
        }
    }
    finally {
        Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
        Stop-VCloudSimulator -Simulator $sim
        Remove-Item $simData -Recurse -Force -ErrorAction Ignore
    }
}
$rows | Format-Table -AutoSize | Out-String -Width 300 | Out-Host
ConvertTo-Json -InputObject @($rows) | Set-Content (Join-Path $outDir 'transfer.json')
Remove-Item $Work -Recurse -Force -ErrorAction Ignore
