<#
.SYNOPSIS
    Sums the test counts of VSTest .trx result files: passed, failed, skipped.
.DESCRIPTION
    A skipped xunit test is not "notExecuted" in the trx counters: it only makes "executed" smaller than "total"
    (its result has outcome NotExecuted). Skipped is therefore total - executed.
#>
param([Parameter(Mandatory)] [string[]] $Path)
$passed = 0; $failed = 0; $skipped = 0
foreach ($trx in $Path) {
    $c = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
    $passed += [int]$c.passed
    $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    $skipped += [int]$c.total - [int]$c.executed
}
[pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
