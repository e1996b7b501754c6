<#
.SYNOPSIS
    Benchmark of Get-VAppSla over 10,000 generated vApps x one month, as a ratio to the raw paging of the window's audit events in the same run.
.DESCRIPTION
    Same method as bench/charging.ps1 (see there), measuring Get-VAppSla instead of Get-VAppCharge.
.EXAMPLE
    dotnet pwsh ./bench/sla.ps1 -ModulePath ./out/VCloudPS
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS'),
    [int] $Runs = 3,
    [int] $VApps = 10000
)
& (Join-Path $PSScriptRoot 'charging.ps1') -ModulePath $ModulePath -Runs $Runs -VApps $VApps -Report Sla
