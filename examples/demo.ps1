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
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/demo')
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
$Enterprise = $null
$Provider = $null
$failed = $false
try {
    Write-DemoHeader 'Starting two simulated vCloud Director clouds: enterprise and provider'
    $Enterprise = Start-VCloudSimulator -Seed enterprise
    $Provider = Start-VCloudSimulator -Seed provider
    $Enterprise, $Provider | Format-Table Seed, Url, ProcessId -AutoSize | Out-Host

    foreach ($scenario in Get-ChildItem (Join-Path $PSScriptRoot 'demo') -Filter '*.ps1' | Sort-Object Name) {
        . $scenario.FullName
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
