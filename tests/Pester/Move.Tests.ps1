#Requires -Version 7.4
# Move-VApp / Copy-VApp / Test-VAppMove end to end against two simulator processes (two clouds).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Prov = Start-TestSimulator -Seed provider
    $script:EntConn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $acme = $Prov.Users | Where-Object { $_.Org -eq 'acme' -and $_.Name -eq 'admin' } | Select-Object -First 1
    $script:ProvConn = Connect-VCloud -Server $Prov.Url -Credential $acme.Credential
    $script:Payg = Get-VCloudVdc -Name acme-payg -Server $ProvConn
    $script:Map = @{ 'ent-app-net' = 'acme-net'; 'ent-dmz' = 'acme-dmz' }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    if ($Ent) { Stop-TestSimulator $Ent }
    if ($Prov) { Stop-TestSimulator $Prov }
}

Describe 'Test-VAppMove and -WhatIf' {
    It 'names networks without a mapping and the fix, and changes nothing' {
        $plan = Get-VApp -Name shop -Server $EntConn | Test-VAppMove -Destination $Payg
        $plan.Method | Should -Be 'Streamed'
        $plan.CanProceed | Should -BeFalse
        ($plan.Blockers | ForEach-Object Code) | Should -Contain 'NetworkUnmapped'
        ($plan.Blockers | ForEach-Object Fix) -join ' ' | Should -Match '-NetworkMapping'
        ($plan.Blockers | ForEach-Object Code) | Should -Contain 'SourceDeployed'
    }

    It 'plans a native move inside one organization once every storage policy has a place' {
        $dev = Get-VCloudVdc -Name ent-dev -Server $EntConn
        $blocked = Test-VAppMove -VApp (Get-VApp -Name crm -Server $EntConn) -Destination $dev
        ($blocked.Blockers | ForEach-Object Code) | Should -Contain 'StorageProfileMappingRequired'
        ($blocked.Blockers | ForEach-Object Message) -join ' ' | Should -Match "-StorageProfileMapping @\{ 'Gold' = 'Standard' \}"
        $plan = Test-VAppMove -VApp (Get-VApp -Name crm -Server $EntConn) -Destination $dev -StorageProfileMapping @{ Gold = 'Standard' }
        $plan.Method | Should -Be 'NativeMove'
        $plan.BytesToSend | Should -Be 0
        $plan.CanProceed | Should -BeTrue
    }

    It 'leaves networks disconnected only when asked: -AllowDisconnectedNetworks or a $null mapping' {
        $reporting = Get-VApp -Name reporting -Server $EntConn
        (Test-VAppMove -VApp $reporting -Destination $Payg).Blockers | ForEach-Object Code | Should -Contain 'NetworkUnmapped'
        foreach ($plan in (Test-VAppMove -VApp $reporting -Destination $Payg -AllowDisconnectedNetworks),
                          (Test-VAppMove -VApp $reporting -Destination $Payg -NetworkMapping @{ 'ent-app-net' = $null })) {
            $plan.CanProceed | Should -BeTrue
            ($plan.Findings | Where-Object Code -eq 'NetworkDisconnected').Message | Should -Match 'ent-app-net'
        }
    }

    It 'shows the preflight with -WhatIf and moves nothing' {
        # "What if:" goes to the host; what matters here is that nothing happened.
        Get-VApp -Name reporting -Server $EntConn | Move-VApp -Destination $Payg -NetworkMapping $Map -WhatIf
        Get-VApp -Name reporting -Server $EntConn | Should -Not -BeNullOrEmpty
        Get-VApp -Name reporting -Server $ProvConn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a blocked move with the preflight''s ErrorId' {
        { Get-VApp -Name shop -Server $EntConn | Move-VApp -Destination $Payg -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'SourceDeployed,VCloudPS.Cmdlets.Move.MoveVAppCommand'
    }
}

Describe 'Move-VApp' {
    It 'moves a vApp between VDCs of one organization with vCD''s own move (-PassThru)' {
        $moved = Get-VApp -Name crm -Server $EntConn | Move-VApp -Destination (Get-VCloudVdc -Name ent-dev -Server $EntConn) -StorageProfileMapping @{ Gold = 'Standard' } -PassThru -Confirm:$false
        $moved.VdcName | Should -Be 'ent-dev'
        $moved.Status | Should -Be 'POWERED_ON'
    }

    It 'moves a vApp to another cloud, verified, powered on, and removes the source last' {
        $r = Get-VApp -Name reporting -Server $EntConn | Move-VApp -Destination $Payg -NetworkMapping $Map -PowerOn -Confirm:$false
        $r.Method | Should -Be 'Streamed'
        $r.SourceRemoved | Should -BeTrue
        $r.Digests.Count | Should -BeGreaterThan 0
        $r.BytesMoved | Should -BeGreaterThan 0
        (Get-VApp -Name reporting -Server $ProvConn).Status | Should -Be 'POWERED_ON'
        Get-VApp -Name reporting -Server $EntConn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $lines = ($r | Format-Table | Out-String -Width 200) -split "`n" | ForEach-Object TrimEnd
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }
}

Describe 'Copy-VApp' {
    It 'copies a running vApp to another cloud without stopping it' {
        $r = Get-VApp -Name build-agents -Server $EntConn | Copy-VApp -Destination $Payg -NetworkMapping $Map -Name agents-copy
        $r.Method | Should -Be 'Streamed'
        $r.SourceRemoved | Should -BeFalse
        (Get-VApp -Name build-agents -Server $EntConn).Deployed | Should -BeTrue
        (Get-VApp -Name agents-copy -Server $ProvConn).NumberOfVMs | Should -Be 2
        @(Get-VApp -Server $EntConn | Where-Object Name -like '*-vcloudps-copy-*').Count | Should -Be 0
    }

    It 'places the VMs of a copy to another cloud on the storage profile given with -StorageProfile' {
        $r = Get-VApp -Name wiki -Server $EntConn | Copy-VApp -Destination $Payg -NetworkMapping $Map -Name wiki-gold -StorageProfile Gold
        $r.Method | Should -Be 'Streamed'
        $vms = @(Get-VApp -Name wiki-gold -Server $ProvConn | Get-VAppVM)
        $vms.Count | Should -Be 1
        $vms.StorageProfile | Should -Be 'Gold'
    }

    It 'keeps the newest generations and removes older ones only after the new copy' {
        $dev = Get-VCloudVdc -Name ent-dev -Server $EntConn
        foreach ($n in 'intranet-20250101-000000', 'intranet-20250201-000000') {
            Get-VApp -Name legacy-erp -Server $EntConn | Copy-VApp -Destination $dev -Name $n | Out-Null
        }
        $r = Get-VApp -Name legacy-erp -Server $EntConn | Copy-VApp -Destination $dev -Name intranet -KeepGenerations 2
        $r.Name | Should -Match '^intranet-\d{8}-\d{6}$'
        $r.RemovedGenerations | Should -Be @('intranet-20250101-000000')
        $left = @(Get-VApp -Server $EntConn | Where-Object Name -like 'intranet-*' | ForEach-Object Name | Sort-Object)
        $left | Should -Be @('intranet-20250201-000000', $r.Name)
    }
}
