<#
.SYNOPSIS
    The VCloudPS demo: two simulated vCloud Director clouds, the admin's everyday scenarios against them.
.DESCRIPTION
    Starts the 'enterprise' and 'provider' simulators, runs every scenario in examples/demo/NN-*.ps1 in order and
    always stops the simulators, even when a scenario fails. Run it with: dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    # The laid-out module folder (out/VCloudPS after a build).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS'),
    # Where the demo writes its files (CSV, OVA, reports).
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/demo'),
    # The simulators' clock at start (UTC; default: now). Their seeded history is anchored on its calendar months.
    [Nullable[datetime]] $Now,
    # Which scenarios to run: beginnings of file names in examples/demo ('01', '07', '08' or '01,07,08'); all by default.
    [string[]] $Scenario = @('')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $ModulePath 'VCloudPS.psd1') -Force

function Write-DemoHeader([string] $Text) {
    Write-Host ''
    Write-Host ('=' * 100)
    Write-Host "  $Text"
    Write-Host ('=' * 100)
}

$DemoOut = New-Item -ItemType Directory -Force $OutputPath | ForEach-Object FullName
# Both simulators start at the same instant, and the reports cover the calendar month before it: fixed once, so a month
# boundary passed while the demo runs changes nothing (Get-VAppCharge and Get-VAppSla default to the same month).
$DemoNow = if (-not $Now) { [datetime]::UtcNow }
    elseif ($Now.Kind -eq 'Unspecified') { [datetime]::SpecifyKind($Now, 'Utc') }   # a time without zone is UTC
    else { $Now.ToUniversalTime() }
$monthStart = [datetime]::new($DemoNow.Year, $DemoNow.Month, 1, 0, 0, 0, [DateTimeKind]::Utc)
$ReportWindow = @{ Start = $monthStart.AddMonths(-1); End = $monthStart }
$Enterprise = $null
$Provider = $null
$failed = $false
try {
    Write-DemoHeader 'Starting two simulated vCloud Director clouds: enterprise and provider'
    $Enterprise = Start-VCloudSimulator -Seed enterprise -Now $DemoNow
    $Provider = Start-VCloudSimulator -Seed provider -Now $DemoNow
    $Enterprise, $Provider | Format-Table Seed, Url, ProcessId -AutoSize | Out-Host
    Write-Host ('Simulated clock started at {0:yyyy-MM-dd HH:mm:ss} UTC; reports cover {1:yyyy-MM-dd} to {2:yyyy-MM-dd}.' -f $DemoNow, $ReportWindow.Start, $ReportWindow.End)

    $demoScenarios = Get-ChildItem (Join-Path $PSScriptRoot 'demo') -Filter '*.ps1' |
        Where-Object { $file = $_.Name; @($Scenario -split ',' | Where-Object { $file.StartsWith($_.Trim(), [StringComparison]::Ordinal) }).Count } | Sort-Object Name
    foreach ($demoScenario in $demoScenarios) {
        . $demoScenario.FullName
    }
    Write-DemoHeader "Demo complete. Files written to $DemoOut"
}
catch {
    $failed = $true
    Write-Host "DEMO FAILED: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
}
finally {
    Get-VCloudConnection -ErrorAction Ignore | Disconnect-VCloud -ErrorAction Ignore
    foreach ($sim in @($Enterprise, $Provider)) { if ($sim) { $sim | Stop-VCloudSimulator } }
}
if ($failed) { exit 1 }
