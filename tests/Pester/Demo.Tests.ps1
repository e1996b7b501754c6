# The README's first command runs examples/demo.ps1: it must work on any date. The charge-back and SLA scenarios run
# with the simulators' clock at calendar edges; the whole demo runs once with today's clock, so a broken demo fails CI.
# The runs are separate processes (as a user runs the demo), each awaited with a timeout.

BeforeDiscovery {
    # <Started> is how the demo prints the clock; <Month> the previous calendar month it must report on.
    $script:Edges = @(
        @{ Now = '2027-01-01T00:00:30Z'; Started = '2027-01-01 00:00:30'; Month = '2026-12-01'; Why = 'the previous month is in the previous year' }
        @{ Now = '2028-02-29T12:00:00Z'; Started = '2028-02-29 12:00:00'; Month = '2028-01-01'; Why = 'a leap day' }
        @{ Now = '2027-03-01T00:00:10Z'; Started = '2027-03-01 00:00:10'; Month = '2027-02-01'; Why = 'the previous month has 28 days' }
        @{ Now = '2027-01-31T23:58:00Z'; Started = '2027-01-31 23:58:00'; Month = '2026-12-01'; Why = 'the last minutes of a 31-day month' }
        @{ Now = '2027-01-31T23:59:59Z'; Started = '2027-01-31 23:59:59'; Month = '2026-12-01'; Why = 'the clock passes the month end before the reports run' }
    )
}

Describe 'Demo' -ForEach @(@{ Edges = $Edges }) {
    BeforeAll {
        Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
        $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
        $moduleDir = Split-Path (Get-VCloudPSModulePath)

        function Start-Demo([string] $Name, [string] $Scenario, [string] $Now) {
            $out = Join-Path $TestDrive $Name
            $demoArgs = @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'examples/demo.ps1'),
                '-ModulePath', $moduleDir, '-OutputPath', $out)
            if ($Scenario) { $demoArgs += '-Scenario', $Scenario }
            if ($Now) { $demoArgs += '-Now', $Now }
            $log = Join-Path $TestDrive "$Name.log"
            # dotnet pwsh finds the local tool manifest from the repository root.
            $p = Start-Process dotnet -ArgumentList $demoArgs -WorkingDirectory $RepoRoot -NoNewWindow -PassThru `
                -RedirectStandardOutput $log -RedirectStandardError "$log.err"
            $null = $p.Handle   # keeps the exit code readable after the process ends
            [pscustomobject]@{ Process = $p; Log = $log; Out = $out }
        }

        function Wait-Demo($Run) {
            if (-not $Run.Process.WaitForExit(900000)) {
                $Run.Process.Kill($true)
                throw "the demo did not finish within 15 minutes: $(Get-Content $Run.Log -Raw)"
            }
            $Run.Process.WaitForExit()
            [pscustomobject]@{
                ExitCode = $Run.Process.ExitCode
                Text     = (Get-Content $Run.Log -Raw) + (Get-Content "$($Run.Log).err" -Raw -ErrorAction Ignore)
                Out      = $Run.Out
            }
        }

        function Assert-ChargesAndSlaMiss($Run) {
            $Run.Text | Should -Not -Match 'DEMO FAILED'
            $Run.ExitCode | Should -Be 0 -Because $Run.Text
            # The reports cover the calendar month before the simulators' start.
            $clock = [regex]::Match($Run.Text, 'Simulated clock started at (\S+ \S+) UTC; reports cover (\S+) to (\S+)\.')
            $clock.Success | Should -BeTrue -Because $Run.Text
            $started = [datetime]::ParseExact($clock.Groups[1].Value, 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture)
            $month = [datetime]::new($started.Year, $started.Month, 1).AddMonths(-1)
            $clock.Groups[2].Value | Should -Be $month.ToString('yyyy-MM-dd')
            $clock.Groups[3].Value | Should -Be $month.AddMonths(1).ToString('yyyy-MM-dd')
            # Non-zero charges for that month.
            $rows = @(Import-Csv (Join-Path $Run.Out 'charges-last-month.focus.csv'))
            $rows.Count | Should -BeGreaterThan 0
            $billed = [decimal]0
            foreach ($r in $rows) { $billed += [decimal]::Parse($r.BilledCost, [cultureinfo]::InvariantCulture) }
            $billed | Should -BeGreaterThan 0
            @($rows.BillingPeriodStart | Sort-Object -Unique) | Should -Be @($month.ToString('yyyy-MM-ddTHH:mm:ssZ'))
            # At least one vApp missed 99.9 % with a credit, and its incident is listed.
            $m = [regex]::Match($Run.Text, '(\d+) vApps evaluated, (\d+) missed 99\.9 %, credits due: ([0-9.]+) ')
            $m.Success | Should -BeTrue -Because $Run.Text
            [int]$m.Groups[2].Value | Should -BeGreaterOrEqual 1
            [decimal]::Parse($m.Groups[3].Value, [cultureinfo]::InvariantCulture) | Should -BeGreaterThan 0
            $Run.Text | Should -Match 'Incidents counted against the objective'
        }

        $env:NO_COLOR = '1'
        # One after the other: each run starts two simulators, and parallel runs starve a loaded machine.
        $script:DemoProcesses = @{}
        $script:Runs = @{}
        $DemoProcesses['today'] = Start-Demo -Name 'today'
        $Runs['today'] = Wait-Demo $DemoProcesses['today']
        foreach ($edge in $Edges) {
            $DemoProcesses[$edge.Now] = Start-Demo -Name "edge-$($edge.Now -replace ':', '')" -Scenario '01,07,08' -Now $edge.Now
            $Runs[$edge.Now] = Wait-Demo $DemoProcesses[$edge.Now]
        }
    }

    AfterAll {
        # Only when BeforeAll failed half-way: stop the demo processes this file started.
        foreach ($run in @($script:DemoProcesses.Values)) { if ($run -and -not $run.Process.HasExited) { $run.Process.Kill($true) } }
    }

    Context 'at calendar edges (scenarios 1, 7, 8)' {
        It 'bills <Month> and finds an SLA miss with a credit when the clock starts at <Now> (<Why>)' -ForEach $Edges {
            $run = $Runs[$Now]
            $run.Text | Should -Match "Simulated clock started at $Started UTC; reports cover $Month to"
            Assert-ChargesAndSlaMiss $run
        }
    }

    Context 'with today''s clock (every scenario)' {
        It 'runs every scenario and ends with "Demo complete"' {
            $run = $Runs['today']
            $run.Text | Should -Match 'Demo complete'
            Assert-ChargesAndSlaMiss $run
        }
    }
}

Describe 'Demo scenarios 7 and 8 with nothing to report' {
    BeforeAll {
        Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
        Import-VCloudPSUnderTest
        $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
        $script:Provider = Start-TestSimulator -Seed (Join-Path $RepoRoot 'tests/data/seeds/quiet-month.json') -Now '2027-03-01T00:00:10Z'
        $script:DemoOut = $TestDrive

        function Invoke-ChargeAndSlaScenario([datetime] $Start, [datetime] $End) {
            # As demo.ps1 runs them: dot-sourced, strict, stopping on errors; Write-Host lines are returned.
            & {
                Set-StrictMode -Version Latest
                $ErrorActionPreference = 'Stop'
                $ReportWindow = @{ Start = $Start; End = $End }
                . (Join-Path $RepoRoot 'examples/demo/07-chargeback.ps1')
                . (Join-Path $RepoRoot 'examples/demo/08-sla.ps1')
            } 6>&1 | Out-String
        }
    }
    AfterAll {
        Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
        Stop-TestSimulator $script:Provider
    }

    It 'says that no vApp missed the objective when none did' {
        $text = Invoke-ChargeAndSlaScenario ([datetime]::new(2027, 2, 1, 0, 0, 0, [DateTimeKind]::Utc)) ([datetime]::new(2027, 3, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $text | Should -Match 'Billing period 2027-02-01 to 2027-03-01'
        $text | Should -Match '1 vApps evaluated: no vApp missed the objective'
        $text | Should -Match 'No incident counted against the objective'
    }

    It 'says that there is nothing to bill for a month before the vApp existed' {
        $text = Invoke-ChargeAndSlaScenario ([datetime]::new(2026, 10, 1, 0, 0, 0, [DateTimeKind]::Utc)) ([datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $text | Should -Match 'No charges'
        $text | Should -Match 'No vApp to evaluate|no vApp missed the objective'
    }
}
