<#
.SYNOPSIS
    Benchmarks of the inventory path (not a test): module import cost and Get-VApp throughput, each as a ratio to a
    baseline measured in the same run.
.DESCRIPTION
    1. Start-up: a fresh pwsh running "Import-Module VCloudPS" vs a bare "pwsh -c exit" (median of -Runs each).
    2. Listing: Get-VApp over a simulator with 10,000 generated vApps vs fetching the same query pages with a raw
       HttpClient (same session type, same page size), median of -Runs each.
.EXAMPLE
    dotnet pwsh ./bench/inventory.ps1 -ModulePath ./out/VCloudPS
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS'),
    [int] $Runs = 5,
    [int] $VApps = 10000
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$psd1 = if (Test-Path $ModulePath -PathType Container) { Join-Path $ModulePath 'VCloudPS.psd1' } else { $ModulePath }
$psd1 = (Resolve-Path $psd1).Path

function Get-Median([double[]] $Values) {
    $s = $Values | Sort-Object
    if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

# A child pwsh exactly like ours: dotnet + pwsh.dll of this PowerShell.
$dotnet = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
function Measure-Pwsh([string] $Command) {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if ((Split-Path $dotnet -LeafBase) -eq 'dotnet') { & $dotnet $pwshDll -NoProfile -NonInteractive -Command $Command | Out-Null }
    else { & $dotnet -NoProfile -NonInteractive -Command $Command | Out-Null }
    if ($LASTEXITCODE) { throw "child pwsh failed ($LASTEXITCODE): $Command" }
    $sw.Elapsed.TotalMilliseconds
}

$null = Measure-Pwsh 'exit'   # warm the file cache once
$bare = @(); $withImport = @(); $importOnly = @()
for ($i = 0; $i -lt $Runs; $i++) {
    $bare += Measure-Pwsh 'exit'
    $withImport += Measure-Pwsh "Import-Module '$psd1'; exit"
}
# Import-Module alone, measured inside fresh processes.
for ($i = 0; $i -lt $Runs; $i++) {
    $ms = if ((Split-Path $dotnet -LeafBase) -eq 'dotnet') {
        & $dotnet $pwshDll -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$psd1' }).TotalMilliseconds"
    } else { & $dotnet -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$psd1' }).TotalMilliseconds" }
    $importOnly += [double]($ms | Select-Object -Last 1)
}

Import-Module $psd1 -Force
$sim = Start-VCloudSimulator -Seed enterprise -GenerateVApps $VApps -StartTimeoutSec 300
try {
    $cred = $sim.ProviderCredential
    $conn = Connect-VCloud -Server $sim.Url -Credential $cred -NotDefault
    $expected = (Invoke-RestMethod ([uri]::new($sim.Url, '/sim/health'))).vApps

    # Raw baseline: one provider session, then the same adminVApp record pages a client must read.
    Add-Type -AssemblyName System.Net.Http
    $http = [System.Net.Http.HttpClient]::new()
    $login = [System.Net.Http.HttpRequestMessage]::new('POST', [uri]::new($sim.Url, '/cloudapi/1.0.0/sessions/provider'))
    $pair = [Text.Encoding]::UTF8.GetBytes("$($cred.UserName):$($cred.GetNetworkCredential().Password)")
    $login.Headers.TryAddWithoutValidation('Authorization', 'Basic ' + [Convert]::ToBase64String($pair)) | Out-Null
    $login.Headers.TryAddWithoutValidation('Accept', "application/json;version=$($conn.ApiVersion)") | Out-Null
    $resp = $http.SendAsync($login).GetAwaiter().GetResult()
    $jwt = @($resp.Headers.GetValues('X-VMWARE-VCLOUD-ACCESS-TOKEN'))[0]
    function Invoke-RawListing {
        $n = 0; $page = 1
        while ($true) {
            $req = [System.Net.Http.HttpRequestMessage]::new('GET', [uri]::new($sim.Url, "/api/query?type=adminVApp&format=records&page=$page&pageSize=128&sortAsc=name"))
            $req.Headers.TryAddWithoutValidation('Authorization', "Bearer $jwt") | Out-Null
            $req.Headers.TryAddWithoutValidation('Accept', "application/*+xml;version=$($conn.ApiVersion)") | Out-Null
            $body = $http.SendAsync($req).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult()
            $got = ([regex]::Matches($body, '<AdminVAppRecord ')).Count
            $n += $got
            if ($got -lt 128) { return $n }
            $page++
        }
    }

    $null = Invoke-RawListing; $null = (Get-VApp -Server $conn | Measure-Object).Count   # warm-up
    $raw = @(); $cmdlet = @()
    for ($i = 0; $i -lt $Runs; $i++) {
        $sw = [Diagnostics.Stopwatch]::StartNew(); $rawCount = Invoke-RawListing; $raw += $sw.Elapsed.TotalMilliseconds
        $sw = [Diagnostics.Stopwatch]::StartNew(); $cmdCount = (Get-VApp -Server $conn | Measure-Object).Count; $cmdlet += $sw.Elapsed.TotalMilliseconds
    }
    if ($cmdCount -ne $expected -or $rawCount -ne $expected) { throw "count mismatch: Get-VApp $cmdCount, raw $rawCount, simulator $expected" }
}
finally {
    Stop-VCloudSimulator $sim
}

$rows = @(
    [pscustomobject]@{ Measure = 'pwsh -c exit (baseline)'; MedianMs = [math]::Round((Get-Median $bare)); Ratio = 1.0 }
    [pscustomobject]@{ Measure = 'pwsh -c Import-Module VCloudPS'; MedianMs = [math]::Round((Get-Median $withImport)); Ratio = [math]::Round((Get-Median $withImport) / (Get-Median $bare), 2) }
    [pscustomobject]@{ Measure = 'Import-Module alone (in process)'; MedianMs = [math]::Round((Get-Median $importOnly), 1); Ratio = $null }
    [pscustomobject]@{ Measure = "raw HttpClient, $expected vApps (baseline)"; MedianMs = [math]::Round((Get-Median $raw)); Ratio = 1.0 }
    [pscustomobject]@{ Measure = "Get-VApp | Measure-Object, $expected vApps"; MedianMs = [math]::Round((Get-Median $cmdlet)); Ratio = [math]::Round((Get-Median $cmdlet) / (Get-Median $raw), 2) }
)
$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Output
"runs per measure: $Runs"
