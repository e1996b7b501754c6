<#
.SYNOPSIS
    Benchmark of charge-back (or SLA, with -Report Sla) over a large history, as a ratio to paging the window's audit
    events with a plain HttpClient in the same run (not a test; goal <= 1.5).
.DESCRIPTION
    Starts a simulator with -VApps generated vApps (each with about a month of history), then measures, median of -Runs:
      baseline: a raw HttpClient paging the window's audit events, sequentially:
                GET /cloudapi/1.0.0/auditTrail?filter=timestamp=ge=<window start>&sortAsc=timestamp (pageSize 128, nextPage
                Link header) - the floor of any report of the window;
      measured: Get-VAppCharge (or Get-VAppSla) for every vApp of the cloud over [Start, End): the window's events paged
                once, the current VM and VDC queries, the targeted look-back by entity id, the timelines and the calculation;
      reference: the same raw paging from the oldest event the report needed (the range an org-wide look-back would read).
    Prints the history source's own timings (one untimed load) so the look-back's share is visible.
.EXAMPLE
    dotnet pwsh ./bench/charging.ps1 -ModulePath ./out/VCloudPS
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS'),
    [int] $Runs = 3,
    [int] $VApps = 10000,
    [ValidateSet('Charge', 'Sla')] [string] $Report = 'Charge'
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$psd1 = if (Test-Path $ModulePath -PathType Container) { Join-Path $ModulePath 'VCloudPS.psd1' } else { $ModulePath }
Import-Module (Resolve-Path $psd1).Path -Force

function Get-Median([double[]] $Values) {
    $s = $Values | Sort-Object
    if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 }
}

$sim = Start-VCloudSimulator -Seed enterprise -GenerateVApps $VApps -StartTimeoutSec 600
try {
    $cred = $sim.ProviderCredential
    $conn = Connect-VCloud -Server $sim.Url -Credential $cred -NotDefault
    # One month of the generated history: the 30 whole days before the simulator's today (its clock, not this machine's).
    $today = ((Invoke-WebRequest ([uri]::new($sim.Url, '/sim/clock'))).Content | ConvertFrom-Json -DateKind Utc).now.Date
    $start = $today.AddDays(-30); $end = $today
    $card = Join-Path $PSScriptRoot '../examples/ratecard.json'

    Add-Type -AssemblyName System.Net.Http
    $http = [System.Net.Http.HttpClient]::new()
    $login = [System.Net.Http.HttpRequestMessage]::new('POST', [uri]::new($sim.Url, '/cloudapi/1.0.0/sessions/provider'))
    $pair = [Text.Encoding]::UTF8.GetBytes("$($cred.UserName):$($cred.GetNetworkCredential().Password)")
    $login.Headers.TryAddWithoutValidation('Authorization', 'Basic ' + [Convert]::ToBase64String($pair)) | Out-Null
    $login.Headers.TryAddWithoutValidation('Accept', "application/json;version=$($conn.ApiVersion)") | Out-Null
    $jwt = @($http.SendAsync($login).GetAwaiter().GetResult().Headers.GetValues('X-VMWARE-VCLOUD-ACCESS-TOKEN'))[0]
    # The oldest event the report needs (one untimed Core load): the reference range an org-wide look-back would page.
    $probe = [VCloudPS.Core.History.CloudApiHistorySource]::new($conn)
    $req = [VCloudPS.Core.History.HistoryRequest]::new([VCloudPS.Core.History.UtcInterval]::new($start, $end))
    if ($Report -eq 'Sla') {
        $req.NeedDownCause = $true; $req.NeedMaintenanceMode = $true
        $req.ContextBefore = [VCloudPS.Core.Sla.SlaEngine]::ContextBefore([VCloudPS.Core.Sla.SlaPolicy]@{ TargetPercent = 99.9 })
    } else { $req.NeedPublicIps = $true }
    $snapshot = $probe.Load($req, $null, [Threading.CancellationToken]::None)
    "history source (untimed load): $($probe.LastTimings)"
    $historyStart = if ($snapshot.Events.Count -gt 0 -and $snapshot.Events[0].Timestamp -lt $start) { $snapshot.Events[0].Timestamp } else { $start }
    function Format-Fiql([datetime] $t) { 'timestamp=ge=' + $t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [cultureinfo]::InvariantCulture) }

    function Invoke-RawPaging([string] $filter) {
        $events = 0
        $next = [uri]::new($sim.Url, "/cloudapi/1.0.0/auditTrail?page=1&pageSize=128&filter=$([uri]::EscapeDataString($filter))&sortAsc=timestamp")
        while ($next) {
            $req = [System.Net.Http.HttpRequestMessage]::new('GET', $next)
            $req.Headers.TryAddWithoutValidation('Authorization', "Bearer $jwt") | Out-Null
            $req.Headers.TryAddWithoutValidation('Accept', "application/json;version=$($conn.ApiVersion)") | Out-Null
            $resp = $http.SendAsync($req).GetAwaiter().GetResult()
            $page = [Newtonsoft.Json.Linq.JObject]::Parse($resp.Content.ReadAsStringAsync().GetAwaiter().GetResult())
            $events += $page['values'].Count
            $next = $null
            if ($resp.Headers.Contains('Link')) {
                foreach ($l in $resp.Headers.GetValues('Link')) {
                    foreach ($m in [regex]::Matches($l, '<([^>]+)>;rel="([^"]+)"')) {
                        if ($m.Groups[2].Value -split ' ' -contains 'nextPage') { $next = [uri]$m.Groups[1].Value }
                    }
                }
            }
        }
        $events
    }
    function Invoke-Report {
        if ($Report -eq 'Sla') {
            @(Get-VAppSla -Server $conn -Start $start -End $end -Objective 99.9 -MaintenanceWindow 'Sun 02:00-04:00' -WarningAction SilentlyContinue).Count
        } else {
            @(Get-VAppCharge -Server $conn -Start $start -End $end -RateCard $card -WarningAction SilentlyContinue).Count
        }
    }

    $windowFilter = Format-Fiql $start; $historyFilter = Format-Fiql $historyStart
    $null = Invoke-RawPaging $windowFilter; $null = Invoke-RawPaging $historyFilter; $null = Invoke-Report   # warm-up (JIT, simulator caches)
    $rawWindow = @(); $raw = @(); $measured = @()
    for ($i = 0; $i -lt $Runs; $i++) {
        $sw = [Diagnostics.Stopwatch]::StartNew(); $windowEvents = Invoke-RawPaging $windowFilter; $rawWindow += $sw.Elapsed.TotalMilliseconds
        $sw = [Diagnostics.Stopwatch]::StartNew(); $events = Invoke-RawPaging $historyFilter; $raw += $sw.Elapsed.TotalMilliseconds
        $sw = [Diagnostics.Stopwatch]::StartNew(); $records = Invoke-Report; $measured += $sw.Elapsed.TotalMilliseconds
    }
}
finally {
    Stop-VCloudSimulator $sim
}

$what = if ($Report -eq 'Sla') { "Get-VAppSla, $records SLA records" } else { "Get-VAppCharge, $records FOCUS lines" }
$ratio = [math]::Round((Get-Median $measured) / (Get-Median $rawWindow), 2)
@(
    [pscustomobject]@{ Measure = "raw HttpClient paging the window: $windowEvents events since $('{0:yyyy-MM-dd}' -f $start) (baseline)"; MedianMs = [math]::Round((Get-Median $rawWindow)); Ratio = 1.0 }
    [pscustomobject]@{ Measure = "$what ($VApps vApps, $('{0:yyyy-MM-dd}' -f $start) to $('{0:yyyy-MM-dd}' -f $end))"; MedianMs = [math]::Round((Get-Median $measured)); Ratio = $ratio }
    [pscustomobject]@{ Measure = "(reference) raw paging from the oldest event the report needed: $events events since $('{0:yyyy-MM-dd HH:mm}' -f $historyStart)"; MedianMs = [math]::Round((Get-Median $raw)); Ratio = [math]::Round((Get-Median $measured) / (Get-Median $raw), 2) }
) | Format-Table -AutoSize | Out-String -Width 220 | Write-Output
"runs per measure: $Runs; load average: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3); goal: ratio to the window's raw paging <= 1.5 -> $(if ($ratio -le 1.5) { 'met' } else { 'NOT met' })"
