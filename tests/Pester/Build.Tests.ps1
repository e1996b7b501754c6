# The build's test summary: what `./build.ps1 -Task Test` prints must count what xunit ran, skipped and failed.
BeforeAll {
    $script:counter = Join-Path $PSScriptRoot '../../build/Get-TrxCounts.ps1'
    function New-Trx([string] $Path, [int] $Total, [int] $Executed, [int] $Passed, [int] $Failed) {
        # The shape dotnet test writes: a skipped xunit test lowers "executed", it is not counted as "notExecuted".
        @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="00000000-0000-0000-0000-000000000001" name="fixture" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Completed">
    <Counters total="$Total" executed="$Executed" passed="$Passed" failed="$Failed" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
"@ | Set-Content -LiteralPath $Path -Encoding utf8
        $Path
    }
}

Describe 'Get-TrxCounts' {
    It 'counts skipped tests as total minus executed and sums several result files' {
        $a = New-Trx (Join-Path $TestDrive 'a.trx') -Total 289 -Executed 281 -Passed 281 -Failed 0
        $b = New-Trx (Join-Path $TestDrive 'b [1].trx') -Total 10 -Executed 10 -Passed 9 -Failed 1
        $c = & $counter -Path $a, $b
        $c.Passed | Should -Be 290
        $c.Failed | Should -Be 1
        $c.Skipped | Should -Be 8
    }
}
