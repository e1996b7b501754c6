<#
.SYNOPSIS
    Long fault soak (not part of the suite): the FaultSoak test of tests/Unit/VCloudPS.Tests with more operations.
.DESCRIPTION
    Random export, import, move, copy, power and remove operations across two in-process simulators while their fault
    surfaces inject 5xx, 429s, dropped connections, stalls, slow answers, expired sessions and failing tasks; then every
    vApp must be in exactly one place with bit-identical disks, nothing half-made may be left, and every failure must
    have been a typed error with an ErrorId. The per-operation log and the counts go to out/bench/soak-<seed>.log.
.EXAMPLE
    dotnet pwsh -NoProfile -NonInteractive ./bench/soak.ps1 -Operations 500 -Seed 7
#>
[CmdletBinding()]
param(
    [int] $Operations = 500,
    # The suite's run uses 20261206; a failure prints its seed, pass it here to replay it.
    [int] $Seed = 20261206
)
$ErrorActionPreference = 'Stop'
$root = Join-Path $PSScriptRoot '..'
$out = Join-Path $root 'out/bench'
New-Item -ItemType Directory -Force $out | Out-Null
$log = Join-Path $out "soak-$Seed.log"
Remove-Item $log -ErrorAction SilentlyContinue
$env:VCLOUDPS_SOAK_SEED = "$Seed"
$env:VCLOUDPS_SOAK_OPERATIONS = "$Operations"
$env:VCLOUDPS_SOAK_LOG = $log
try {
    & dotnet test (Join-Path $root 'tests/Unit/VCloudPS.Tests') -c Release --filter 'FullyQualifiedName~FaultSoakTests' --logger 'console;verbosity=minimal'
    $failed = $LASTEXITCODE -ne 0
}
finally {
    Remove-Item Env:VCLOUDPS_SOAK_SEED, Env:VCLOUDPS_SOAK_OPERATIONS, Env:VCLOUDPS_SOAK_LOG -ErrorAction SilentlyContinue
}
if (Test-Path $log) { Get-Content $log | Where-Object { $_ -notmatch '^#' } }
Write-Host "Per-operation log: $log"
if ($failed) { throw "The soak found violations (seed $Seed)." }
