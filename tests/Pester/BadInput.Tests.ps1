# Extreme report input: clear errors with ErrorIds, not .NET exceptions.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Sim = Start-TestSimulator -Seed (Join-Path $RepoRoot 'tests/data/seeds/charging-sla.json')
    $admin = Get-TestUser $Sim -Name administrator -Org System
    $script:Conn = Connect-VCloud -Server $Sim.Url -Org System -Credential ([pscredential]::new('administrator', $admin.Password))
    $script:Card = Join-Path $RepoRoot 'examples/ratecard.json'
    function script:Card([string] $rate) {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.json')
        Set-Content $path "{ `"rateCardId`": `"x`", `"currency`": `"EUR`",`n `"rates`": [ { `"skuId`": `"A`", `"meter`": `"Vcpu`", $rate } ] }"
        $path
    }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Sim
}

Describe 'Extreme report input' {
    It 'refuses an integer of 2^63 in a rate card naming the field' {
        $bad = Card '"unitPrice": 1, "billingIncrementSeconds": 9223372036854775808'
        { Get-VAppCharge -Org acme -RateCard $bad -ErrorAction Stop } | Should -Throw -ErrorId 'RateCardInvalid,VCloudPS.Cmdlets.GetVAppChargeCommand' -ExpectedMessage '*billingIncrementSeconds*whole number*'
    }

    It 'refuses a unit price of 1e26' {
        $bad = Card '"unitPrice": 1e26'
        { Get-VAppCharge -Org acme -RateCard $bad -ErrorAction Stop } | Should -Throw -ErrorId 'RateCardInvalid,VCloudPS.Cmdlets.GetVAppChargeCommand' -ExpectedMessage '*unitPrice*too large*'
    }

    It 'refuses -Start [datetime]::MinValue for charges and SLA with one clear error' {
        $warnings = $null
        { Get-VAppCharge -Org acme -RateCard $Card -Start ([datetime]::MinValue) -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ReportWindowOutOfRange,VCloudPS.Cmdlets.GetVAppChargeCommand'
        @($warnings).Count | Should -BeLessOrEqual 1
        { Get-VAppSla -Org acme -Objective 99.9 -Start ([datetime]::MinValue) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportWindowOutOfRange,VCloudPS.Cmdlets.GetVAppSlaCommand'
    }

    It 'says a folder is not a file for Export-VAppCharge -Path' {
        $charges = Get-VAppCharge -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $Card
        { $charges | Export-VAppCharge -Path $TestDrive -ErrorAction Stop } | Should -Throw -ErrorId 'ChargePathIsFolder,VCloudPS.Cmdlets.ExportVAppChargeCommand' -ExpectedMessage '*is a folder*'
    }
}
