# End-to-end charge-back against a simulator process seeded with the acceptance cases.
# Numbers: shared/charging-sla.md examples C1, C2, C4; seed: tests/data/seeds/charging-sla.json.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Sim = Start-TestSimulator -Seed (Join-Path $RepoRoot 'tests/data/seeds/charging-sla.json')
    $admin = Get-TestUser $Sim -Name administrator -Org System
    $script:Conn = Connect-VCloud -Server $Sim.Url -Org System -Credential ([pscredential]::new('administrator', $admin.Password))
    $script:Card = Join-Path $RepoRoot 'examples/ratecard.json'
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Sim
}

# Measure-Object sums as [double] (42.730000000000004 for C2, displayed 42.73); [decimal] gives the exact total.
Describe 'Get-VAppCharge' {
    It 'reproduces C1: a stopped VM keeps paying storage' {
        $c = @(Get-VApp -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $Card)
        $c.Count | Should -Be 3
        $cpu = $c | Where-Object SkuId -eq 'VCD-VCPU'
        $cpu.PricingQuantity | Should -Be 480.000000
        $cpu.PricingUnit | Should -Be 'vCPU-Hours'
        $cpu.ListUnitPrice | Should -Be 0.030000
        $cpu.ListCost | Should -Be 14.40
        $cpu.BilledCost | Should -Be 14.40
        $cpu.ResourceType | Should -Be 'Virtual Machine'
        $cpu.ResourceId | Should -BeLike 'urn:vcloud:vm:*'
        $cpu.ChargePeriodStart | Should -Be ([datetime]::new(2024, 4, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $cpu.ChargePeriodEnd | Should -Be ([datetime]::new(2024, 5, 1, 0, 0, 0, [DateTimeKind]::Utc))
        $cpu.ConsumedQuantity | Should -Be $cpu.PricingQuantity
        $ram = $c | Where-Object SkuId -eq 'VCD-RAM'
        $ram.PricingQuantity | Should -Be 960.000000
        $ram.BilledCost | Should -Be 9.60
        $sto = $c | Where-Object SkuId -eq 'VCD-STO-STD'
        $sto.PricingQuantity | Should -Be 40.000000
        $sto.PricingUnit | Should -Be 'GiB-Months'
        $sto.ListUnitPrice | Should -Be 0.100000
        $sto.BilledCost | Should -Be 4.00
        [decimal]($c | Measure-Object ListCost -Sum).Sum | Should -Be 28.00
        [decimal]($c | Measure-Object BilledCost -Sum).Sum | Should -Be 28.00
    }

    It 'reproduces C2: hot-add, partial-month storage and the acme rate factor' {
        $c = @(Get-VAppCharge -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card -WarningVariable w)
        $w | Should -BeNullOrEmpty
        $c.Count | Should -Be 3
        $cpu = $c | Where-Object SkuId -eq 'VCD-VCPU'
        $cpu.PricingQuantity | Should -Be 550.000000
        $cpu.ListCost | Should -Be 16.50
        $cpu.ContractedUnitPrice | Should -Be 0.027000
        $cpu.ContractedCost | Should -Be 14.85
        $cpu.x_RateFactor | Should -Be 0.90
        $ram = $c | Where-Object SkuId -eq 'VCD-RAM'
        $ram.PricingQuantity | Should -Be 1920.000000
        $ram.ListCost | Should -Be 19.20
        $ram.ContractedUnitPrice | Should -Be 0.009000
        $ram.ContractedCost | Should -Be 17.28
        $sto = $c | Where-Object SkuId -eq 'VCD-STO-STD'
        $sto.PricingQuantity | Should -Be 117.741935
        $sto.ListCost | Should -Be 11.77
        $sto.ContractedUnitPrice | Should -Be 0.090000
        $sto.ContractedCost | Should -Be 10.60
        [decimal]($c | Measure-Object ListCost -Sum).Sum | Should -Be 47.47
        [decimal]($c | Measure-Object BilledCost -Sum).Sum | Should -Be 42.73
        [decimal]($c | Measure-Object EffectiveCost -Sum).Sum | Should -Be 42.73
    }

    It 'reproduces C4: the Allocation Pool fee split by largest remainder with an idle line' {
        $c = @(Get-VAppCharge -Vdc pool -Start 2024-04-01 -End 2024-05-01 -RateCard $Card)
        $c.Count | Should -Be 4
        $parts = $c | Where-Object ResourceName -ne '__idle__' | Sort-Object ResourceId
        $parts.x_AllocationWeight | Should -Be @(240, 240, 240)
        $parts.BilledCost | Should -Be @(26.67, 26.67, 26.66)
        $idle = $c | Where-Object ResourceName -eq '__idle__'
        $idle.BilledCost | Should -Be 20.00
        $idle.ResourceType | Should -Be 'Org VDC'
        $idle.x_AllocationWeight | Should -Be 180
        [decimal]($c | Measure-Object BilledCost -Sum).Sum | Should -Be 100.00
    }

    It 'gives the same C2 totals with daily lines, rounded per line' {
        $d = @(Get-VAppCharge -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card -Granularity Day)
        ($d | Where-Object SkuId -eq 'VCD-VCPU' | Measure-Object PricingQuantity -Sum).Sum | Should -Be 550
        ($d | Select-Object -ExpandProperty ChargePeriodStart -Unique).Count | Should -Be 31
        [math]::Abs(($d | Measure-Object BilledCost -Sum).Sum - 42.73) | Should -BeLessOrEqual (0.005 * $d.Count)
    }

    It 'stops with RateCardInvalid naming the line and field' {
        $bad = Join-Path $TestDrive 'bad.json'
        Set-Content $bad "{ `"rateCardId`": `"x`", `"currency`": `"EUR`",`n  `"rates`": [ { `"skuId`": `"A`", `"meter`": `"Cpu`", `"unitPrice`": 1 } ] }"
        { Get-VAppCharge -Org acme -RateCard $bad -ErrorAction Stop } | Should -Throw -ErrorId 'RateCardInvalid,VCloudPS.Cmdlets.GetVAppChargeCommand'
        try { Get-VAppCharge -Org acme -RateCard $bad -ErrorAction Stop } catch { $_.Exception.Message | Should -BeLike "*line 2*rates``[0``].meter*unknown meter 'Cpu'*" }
    }

    It 'refuses an end before the start and a window in the future' {
        { Get-VAppCharge -Org acme -Start 2024-05-01 -End 2024-04-01 -RateCard $Card -ErrorAction Stop } | Should -Throw -ErrorId 'ReportWindowInvalid,VCloudPS.Cmdlets.GetVAppChargeCommand'
        { Get-VAppCharge -Org acme -Start 2099-01-01 -End 2099-02-01 -RateCard $Card -ErrorAction Stop } | Should -Throw -ErrorId 'ReportWindowInFuture,VCloudPS.Cmdlets.GetVAppChargeCommand'
    }

    It 'errors clearly for an org that does not exist, like Get-VApp -Vdc' {
        $c = @(Get-VAppCharge -Org nosuchorg -Start 2024-04-01 -End 2024-05-01 -RateCard $Card -ErrorAction SilentlyContinue -ErrorVariable e)
        $c.Count | Should -Be 0
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be 'OrgNotFound,VCloudPS.Cmdlets.GetVAppChargeCommand'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].Exception.Message | Should -BeLike "*Organization 'nosuchorg' does not exist*"
        # A wildcard that matches nothing is not an error (PowerShell convention); existing orgs still report.
        @(Get-VAppCharge -Org nosuch*, acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card -ErrorAction Stop).Count | Should -Be 3
    }

    It 'warns with durations people read and names the provider from the rate card' {
        $card = New-VCloudRateCard -RateCardId t -Currency EUR -Rate @{ SkuId = 'CPU'; Meter = 'Vcpu'; UnitPrice = 0.03; Period = 'Hour' }
        $c = @(Get-VApp -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $card -WarningVariable w -WarningAction SilentlyContinue)
        ($w -join "`n") | Should -BeLike "*names no provider ('providerName'*"
        $c[0].ProviderName | Should -Be ([uri]$Sim.Url).Host
        $named = New-VCloudRateCard -RateCardId t -Currency EUR -ProviderName 'Example Cloud Services GmbH' -Rate @{ SkuId = 'CPU'; Meter = 'Vcpu'; UnitPrice = 0.03; Period = 'Hour' }
        $c = @(Get-VApp -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $named -WarningVariable w2)
        $w2 | Should -BeNullOrEmpty
        @($c[0].ProviderName, $c[0].PublisherName, $c[0].InvoiceIssuerName | Sort-Object -Unique) | Should -Be 'Example Cloud Services GmbH'
    }

    It 'builds rate cards with New-VCloudRateCard' {
        $card = New-VCloudRateCard -RateCardId t -Currency EUR -Rate @{ SkuId = 'CPU'; Meter = 'Vcpu'; UnitPrice = 0.03; Period = 'Hour' }
        $c = @(Get-VApp -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $card)
        $c.Count | Should -Be 1
        $c[0].BilledCost | Should -Be 14.40
        { New-VCloudRateCard -RateCardId t -Currency EUR -Rate @{ SkuId = 'CPU'; Meter = 'Vcpu'; UnitPrice = -1 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'RateCardInvalid,VCloudPS.Cmdlets.NewVCloudRateCardCommand'
    }
}

Describe 'Export-VAppCharge' {
    It 'writes FOCUS CSV with invariant numbers and UTC dates under de-DE' {
        $path = Join-Path $TestDrive 'acme.csv'
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            Get-VAppCharge -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card | Export-VAppCharge -Path $path
            ('{0}' -f 1.5) | Should -Be '1,5'
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        $lines = Get-Content $path
        $lines[0] | Should -BeLike 'AvailabilityZone,BilledCost,BillingAccountId,*,Tags,x_VAppId,x_VAppName,x_VmName,x_PowerOnSeconds,x_RateFactor,x_RateCardId,x_UnknownSeconds*'
        $rows = Import-Csv $path
        $rows.Count | Should -Be 3
        ($rows | Where-Object SkuId -eq 'VCD-STO-STD').BilledCost | Should -Be '10.60'
        ($rows | Where-Object SkuId -eq 'VCD-STO-STD').PricingQuantity | Should -Be '117.741935'
        ($rows | Where-Object SkuId -eq 'VCD-VCPU').ChargePeriodStart | Should -Be '2024-03-01T00:00:00Z'
        ($rows | Where-Object SkuId -eq 'VCD-VCPU').ChargeClass | Should -Be ''
    }

    It 'honours -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.csv'
        Get-VAppCharge -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card | Export-VAppCharge -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }
}
