# End-to-end SLA against a simulator process seeded with the acceptance cases.
# Numbers: shared/charging-sla.md examples S1, S2; seed: tests/data/seeds/charging-sla.json. The credit bases
# (250.00 and 180.00 EUR) are the vApps' real bills from tests/data/ratecards/storage-only.json.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Sim = Start-TestSimulator -Seed (Join-Path $RepoRoot 'tests/data/seeds/charging-sla.json')
    $admin = Get-TestUser $Sim -Name administrator -Org System
    $script:Conn = Connect-VCloud -Server $Sim.Url -Org System -Credential ([pscredential]::new('administrator', $admin.Password))
    $script:StorageCard = Join-Path $RepoRoot 'tests/data/ratecards/storage-only.json'
    $script:AwsTiers = @{ Below = 99.5; CreditPercent = 10 }, @{ Below = 99.0; CreditPercent = 30 }, @{ Below = 95.0; CreditPercent = 100 }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Sim
}

Describe 'Get-VAppSla' {
    It 'reproduces S1: maintenance excluded, blip ignored, credit from the bill' {
        $charges = Get-VApp -Name erp | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $StorageCard
        [decimal]($charges | Measure-Object BilledCost -Sum).Sum | Should -Be 250.00
        $r = $charges | Get-VAppSla -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z'
        $r.VAppName | Should -Be 'erp'
        $r.Mode | Should -Be 'AllRequired'
        $r.TotalMinutes | Should -Be 43200
        $r.MaintenanceMinutes | Should -Be 120
        $r.EligibleMinutes | Should -Be 43080
        $r.DowntimeMinutes | Should -Be 50
        $r.AvailabilityPercent | Should -Be 99.8839
        $r.SloMet | Should -BeFalse
        $r.ErrorBudgetMinutes | Should -Be 43.08
        $r.ErrorBudgetRemainingMinutes | Should -Be (-6.92)
        $r.ErrorBudgetRemainingPercent | Should -Be (-16.0631)
        $r.BurnRate | Should -Be 1.1606
        $r.CreditPercent | Should -Be 10
        $r.CreditAmount | Should -Be 25.00
        $r.Currency | Should -Be 'EUR'
        $r.OutageCount | Should -Be 1
        $r.DataCoveragePercent | Should -Be 100
        $r.Incomplete | Should -BeFalse
    }

    It 'reproduces S2 in <Mode> mode' -ForEach @(
        @{ Mode = 'AllRequired'; Down = 240; Avail = 99.4444; Met = $false; Left = -24; LeftPct = -11.1111; Credit = 10; Amount = 18.00 }
        @{ Mode = 'AnyUp'; Down = 0; Avail = 100.0000; Met = $true; Left = 216; LeftPct = 100.0000; Credit = 0; Amount = 0.00 }
        @{ Mode = 'Weighted'; Down = 75; Avail = 99.8263; Met = $true; Left = 141; LeftPct = 65.2778; Credit = 0; Amount = 0.00 }
    ) {
        $charges = Get-VApp -Name web | Get-VAppCharge -Start 2024-06-01 -End 2024-07-01 -RateCard $StorageCard
        [decimal]($charges | Measure-Object BilledCost -Sum).Sum | Should -Be 180.00
        $r = $charges | Get-VAppSla -Objective 99.5 -Mode $Mode -VmWeight @{ lb01 = 2 } -CreditTiers $AwsTiers -Start 2024-06-01 -End 2024-07-01
        $r.TotalMinutes | Should -Be 43200
        $r.DowntimeMinutes | Should -Be $Down
        $r.AvailabilityPercent | Should -Be $Avail
        $r.SloMet | Should -Be $Met
        $r.ErrorBudgetMinutes | Should -Be 216
        $r.ErrorBudgetRemainingMinutes | Should -Be $Left
        $r.ErrorBudgetRemainingPercent | Should -Be $LeftPct
        $r.CreditPercent | Should -Be $Credit
        $r.CreditAmount | Should -Be $Amount
    }

    It 'lists outages with evidence with -Detailed' {
        $out = Get-VAppSla -VApp erp -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z' -Detailed
        $o = @($out | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaOutage] -and $_.Counted })
        $o.Count | Should -Be 1
        $o[0].Classification | Should -Be 'Unplanned'
        $o[0].Minutes | Should -Be 50
        $o[0].VmNames | Should -Be @('app01')
        $o[0].Evidence -join ' ' | Should -BeLike '*by system*(no task)*'
    }

    It 'reads a policy file' {
        $policy = Join-Path $TestDrive 'p.json'
        '{ "targetPercent": 99.5, "mode": "Weighted", "vms": { "lb01": { "weight": 2 } } }' | Set-Content $policy
        (Get-VAppSla -VApp web -Policy $policy -Start 2024-06-01 -End 2024-07-01).DowntimeMinutes | Should -Be 75
    }

    It 'rejects an unknown maintenance window syntax' {
        { Get-VAppSla -VApp erp -Objective 99.9 -MaintenanceWindow 'sometimes' -ErrorAction Stop } | Should -Throw -ErrorId 'SlaPolicyInvalid,VCloudPS.Cmdlets.GetVAppSlaCommand'
    }
}

Describe 'Export-VAppSla' {
    It 'writes OpenSLO with a 1M time window' {
        $path = Join-Path $TestDrive 'slo.yaml'
        Get-VAppSla -VApp erp -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 | Export-VAppSla -Format OpenSLO -Path $path
        $yaml = Get-Content $path -Raw
        $yaml | Should -Match 'apiVersion: openslo/v1'
        $yaml | Should -Match '(?m)^\s+- duration: 1M$'
        $yaml | Should -Match 'timeSliceWindow: 1m'
        $yaml | Should -Match 'startTime: "2024-04-01 00:00:00"'
        $yaml | Should -Match 'target: 0\.999'
    }

    It 'refuses an objective of 100 for OpenSLO and keeps it for CSV' {
        $r = Get-VAppSla -VApp erp -Objective 100 -Start 2024-04-01 -End 2024-05-01
        { $r | Export-VAppSla -Format OpenSLO -Path (Join-Path $TestDrive 'x.yaml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'OpenSloTargetOutOfRange,VCloudPS.Cmdlets.ExportVAppSlaCommand'
        Test-Path (Join-Path $TestDrive 'x.yaml') | Should -BeFalse
        $r | Export-VAppSla -Format Csv -Path (Join-Path $TestDrive 'x.csv')
        (Import-Csv (Join-Path $TestDrive 'x.csv')).TargetPercent | Should -Be '100'
    }

    It 'writes flat CSV and JSON results under de-DE, outages separately' {
        $csv = Join-Path $TestDrive 'sla.csv'
        $json = Join-Path $TestDrive 'sla.json'
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $r = Get-VAppSla -VApp erp -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z' -Detailed
            $files = @($r | Export-VAppSla -Format Csv -Path $csv -PassThru)
            $r | Export-VAppSla -Format Json -Path $json
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        $files.Name | Should -Be @('sla.csv', 'sla.outages.csv')
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 1
        $rows[0].AvailabilityPercent | Should -Be '99.8839'
        $rows[0].WindowStart | Should -Be '2024-04-01T00:00:00Z'
        $rows[0].SloMet | Should -Be 'false'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.Collections'
        $outages = @(Import-Csv (Join-Path $TestDrive 'sla.outages.csv'))
        $counted = @($outages | Where-Object Counted -eq 'true')
        $counted.Count | Should -Be 1
        $counted[0].Start | Should -Be '2024-04-10T10:00:00Z'
        $counted[0].Minutes | Should -Be '50'
        $counted[0].VmNames | Should -Be 'app01'
        $j = Get-Content $json -Raw
        $j | Should -Match '"AvailabilityPercent": 99\.8839'
        $j | Should -Match '"Start": "2024-04-10T10:00:00Z"'
    }
}

Describe 'Measure-VAppSla' {
    It 'summarises per org and per VDC without Group-Object' {
        $r = @(Get-VAppSla -Org ent -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z' -Detailed)
        $records = @($r | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaRecord] })
        $s = @($r | Measure-VAppSla)
        $s.Count | Should -Be 1
        $s[0].OrgName | Should -Be 'ent'
        $s[0].VAppCount | Should -Be $records.Count
        $s[0].MetCount + $s[0].MissedCount + $s[0].NotEvaluatedCount | Should -Be $records.Count
        $s[0].MissedCount | Should -Be @($records | Where-Object SloMet -eq $false).Count
        $s[0].MissedVAppNames | Should -Contain 'erp'
        $v = @($records | Measure-VAppSla -By Vdc)
        ($v | Measure-Object VAppCount -Sum).Sum | Should -Be $records.Count
        ($s | Format-Table | Out-String -Width 80) | Should -Match 'ent'
    }

    It 'errors clearly for an org that does not exist' {
        @(Get-VAppSla -Org nosuchorg -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -ErrorAction SilentlyContinue -ErrorVariable e).Count | Should -Be 0
        $e[0].FullyQualifiedErrorId | Should -Be 'OrgNotFound,VCloudPS.Cmdlets.GetVAppSlaCommand'
    }
}
