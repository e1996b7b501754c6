#Requires -Version 7.4
# examples/reverse-dr.ps1 against two simulator processes: metadata selection, deterministic sharding, summary and exit code.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Prov = Start-TestSimulator -Seed provider
    $script:Acme = $Prov.Users | Where-Object { $_.Org -eq 'acme' -and $_.Name -eq 'admin' } | Select-Object -First 1
    $script:ProvConn = Connect-VCloud -Server $Prov.Url -Credential $Acme.Credential -NotDefault
    $script:EntConn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -NotDefault
    $script:Runbook = Join-Path $PSScriptRoot '../../examples/reverse-dr.ps1'
    $script:Tagged = @('acme-archive', 'acme-batch', 'acme-db', 'acme-web')
    Get-VApp -Name $Tagged -Server $ProvConn | Set-VAppMetadata -Metadata @{ dr = 'daily' } -Confirm:$false
    Get-VApp -Name acme-batch -Server $ProvConn | Set-VAppMetadata -Metadata @{ owner = 'bob'; tier = 2 } -Confirm:$false
    $script:Common = @{
        ProviderUrl = $Prov.Url; ProviderCredential = $Acme.Credential; EnterpriseUrl = $Ent.Url; EnterpriseCredential = $Ent.Credential
        DestinationVdc = 'ent-dev'; NetworkMapping = @{ 'acme-net' = 'ent-app-net'; 'acme-dmz' = 'ent-dmz' }
    }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    if ($Ent) { Stop-TestSimulator $Ent }
    if ($Prov) { Stop-TestSimulator $Prov }
}

Describe 'Metadata cmdlets' {
    It 'reads typed values and selects vApps by metadata' {
        $m = Get-VApp -Name acme-batch -Server $ProvConn | Get-VAppMetadata
        ($m | Where-Object Key -eq 'tier').Value | Should -Be 2
        ($m | Where-Object Key -eq 'tier').Type | Should -Be 'Number'
        ($m | Where-Object Key -eq 'dr').Value | Should -Be 'daily'
        @(Get-VApp -Server $ProvConn -Metadata @{ dr = 'daily' } | ForEach-Object Name | Sort-Object) | Should -Be $Tagged
        @(Get-VApp -Server $ProvConn -Metadata @{ dr = 'daily'; owner = 'bob' }).Name | Should -Be 'acme-batch'
    }

    It 'removes a key given $null' {
        Get-VApp -Name acme-batch -Server $ProvConn | Set-VAppMetadata -Metadata @{ owner = $null } -Confirm:$false
        (Get-VApp -Name acme-batch -Server $ProvConn | Get-VAppMetadata).Key | Should -Not -Contain 'owner'
    }
}

Describe 'reverse-dr.ps1 -Shard' {
    It 'puts every tagged vApp in exactly one of N shards, the same on every run and in another process' {
        $shards = foreach ($i in 0..2) { , @(& $Runbook @Common -Shard "$i/3" -PlanOnly | ForEach-Object VApp) }
        $all = @($shards | ForEach-Object { $_ }) | Sort-Object
        $all | Should -Be $Tagged
        ($all | Select-Object -Unique).Count | Should -Be $Tagged.Count
        foreach ($i in 0..2) { @(& $Runbook @Common -Shard "$i/3" -PlanOnly | ForEach-Object VApp) | Should -Be $shards[$i] }

        # Another process (its own string-hash seed) computes the same shard for every vApp.
        $env:VCD_PROVIDER_USER = $Acme.Credential.UserName
        $env:VCD_PROVIDER_PASSWORD = ConvertFrom-TestSecureString $Acme.Credential.Password
        $env:VCD_ENTERPRISE_USER = $Ent.Credential.UserName
        $env:VCD_ENTERPRISE_PASSWORD = ConvertFrom-TestSecureString $Ent.Credential.Password
        try {
            $hostPath = (Get-Process -Id $PID).Path
            $pwsh = if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
            $json = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "& '$Runbook' -ProviderUrl '$($Prov.Url)' -EnterpriseUrl '$($Ent.Url)' -DestinationVdc ent-dev -Shard 1/3 -PlanOnly -ModulePath '$(Get-VCloudPSModulePath)' | ConvertTo-Json -Compress"
            @(($json | ConvertFrom-Json) | ForEach-Object VApp) | Should -Be $shards[1]
        }
        finally { 'VCD_PROVIDER_USER', 'VCD_PROVIDER_PASSWORD', 'VCD_ENTERPRISE_USER', 'VCD_ENTERPRISE_PASSWORD' | ForEach-Object { Remove-Item "env:$_" -ErrorAction SilentlyContinue } }
    }

    It 'refuses a shard index outside the count' {
        { & $Runbook @Common -Shard '3/3' -PlanOnly } | Should -Throw '*index must be below the count*'
    }
}

Describe 'reverse-dr.ps1 copies' {
    It 'writes one summary per vApp and exits non-zero when a copy failed' {
        Get-VApp -Name acme-batch, acme-db -Server $ProvConn | Set-VAppMetadata -Metadata @{ dr = 'weekly' } -Confirm:$false
        # acme-web also uses acme-dmz, which this mapping leaves out: its copy fails in preflight, the other one runs.
        $args1 = $Common.Clone(); $args1.NetworkMapping = @{ 'acme-net' = 'ent-app-net' }
        $summary = @(& $Runbook @args1 -KeepGenerations 1 -WarningAction SilentlyContinue)
        $LASTEXITCODE | Should -Be 1
        $summary.Count | Should -Be 2
        $archive = $summary | Where-Object VApp -eq 'acme-archive'
        $archive.Status | Should -Be 'Copied'
        $archive.Copy | Should -Match '^acme-archive-\d{8}-\d{6}$'
        $archive.Files | Should -BeGreaterThan 0
        $web = $summary | Where-Object VApp -eq 'acme-web'
        $web.Status | Should -Be 'Failed'
        $web.Error | Should -Match 'acme-dmz'
        (Get-VApp -Name acme-web -Server $ProvConn).Status | Should -Be 'POWERED_ON'
        Get-VApp -Name $archive.Copy -Server $EntConn | Should -Not -BeNullOrEmpty

        $again = @(& $Runbook @Common -KeepGenerations 1)
        $LASTEXITCODE | Should -Be 0
        @($again | Where-Object Status -eq 'Copied').Count | Should -Be 2
        ($again | Where-Object VApp -eq 'acme-archive').Removed | Should -Be $archive.Copy
    }
}
