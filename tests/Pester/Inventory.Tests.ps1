# End-to-end: connections, inventory, power, errors and scale against simulator processes.
# Numbers of the enterprise seed's vApp "shop" come from src/VCloudPS.Simulator/Seeds/enterprise.json.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Conn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $script:Secrets = @(Get-TestSecret $Ent)
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Ent
}

Describe 'Connect-VCloud' {
    It 'logs in with a password and negotiates the highest common API version' {
        $Conn.Org | Should -Be 'ent'
        $Conn.User | Should -Be 'admin'
        $Conn.AuthMethod | Should -Be 'Password'
        $Conn.IsProvider | Should -BeFalse
        [version]$Conn.ApiVersion | Should -BeGreaterOrEqual ([version]'37.0')
        (Get-VCloudConnection -Default) | Should -Be $Conn
    }

    It 'logs in with an API token' {
        $admin = Get-TestUser $Ent -Name admin -Org ent
        $tokenConn = Connect-VCloud -Server $Ent.Url -Org ent -ApiToken $admin.ApiToken -NotDefault
        try {
            $tokenConn.AuthMethod | Should -Be 'ApiToken'
            $tokenConn.User | Should -Be 'admin'
            (Get-VApp -Name shop -Server $tokenConn).Name | Should -Be 'shop'
            (Get-VCloudConnection -Default) | Should -Be $Conn
        }
        finally { $tokenConn | Disconnect-VCloud }
    }
}

Describe 'Inventory' {
    It 'lists shop with its four VMs and the seeded CPU, memory and storage' {
        $shop = Get-VApp -Name shop
        $shop | Should -HaveCount 1
        $shop.VdcName | Should -Be 'ent-prod'
        $shop.Status | Should -Be 'POWERED_ON'

        $vms = $shop | Get-VAppVM | Sort-Object Name
        $vms.Name | Should -Be @('db1', 'db2', 'proxy', 'web')
        ($vms | ForEach-Object { "$($_.Name):$($_.CpuCount):$($_.MemoryMB):$($_.StorageMB)" }) |
            Should -Be @('db1:4:16384:143360', 'db2:4:12288:122880', 'proxy:1:2048:16384', 'web:2:4096:30720')
        ($vms | Where-Object Name -eq web).Nics | Should -HaveCount 2
        ($vms | Where-Object Name -eq db1).Disks.SizeMB | Should -Be @(40960, 102400)
        ($vms | Measure-Object CpuCount -Sum).Sum | Should -Be 11
        ($vms | Measure-Object MemoryMB -Sum).Sum | Should -Be 34816
    }

    It 'pipes Get-VApp with a wildcard into Get-VAppVM' {
        $vms = Get-VApp -Name 'sh*' | Get-VAppVM
        $vms | Should -HaveCount 4
        $vms.VAppName | Select-Object -Unique | Should -Be 'shop'
    }

    It 'lists orgs, VDCs and catalogs, and VDCs pipe into Get-VApp' {
        (Get-VCloudOrg).Name | Should -Contain 'ent'
        $vdc = Get-VCloudVdc -Name ent-prod
        $vdc.AllocationModel | Should -Not -BeNullOrEmpty
        ($vdc | Get-VApp).Name | Should -Contain 'shop'
        Get-VCloudCatalog | Should -Not -BeNullOrEmpty
    }

    It 'reports a missing vApp name as VAppNotFound without stopping' {
        $out = Get-VApp -Name shop, no-such-vapp -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Name | Should -Be 'shop'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'VAppNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Power and removal' {
    It 'powers shop off and on through the pipeline' {
        $off = Get-VApp -Name shop | Stop-VApp -PassThru -Confirm:$false
        $off.Status | Should -Be 'POWERED_OFF'
        $off.Deployed | Should -BeTrue
        $on = Get-VApp -Name shop | Start-VApp -PassThru -Confirm:$false
        $on.Status | Should -Be 'POWERED_ON'
    }

    It 'Remove-VApp -WhatIf removes nothing' {
        $before = (Get-VApp | Measure-Object).Count
        Get-VApp -Name shop | Remove-VApp -WhatIf
        (Get-VApp -Name shop).Name | Should -Be 'shop'
        (Get-VApp | Measure-Object).Count | Should -Be $before
    }

    It 'Remove-VApp refuses a deployed vApp with a clear hint' {
        { Get-VApp -Name shop | Remove-VApp -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'VAppDeployed,VCloudPS.Cmdlets.RemoveVAppCommand' -ExpectedMessage '*Stop-VApp -Undeploy*'
        (Get-VApp -Name shop) | Should -HaveCount 1
    }
}

Describe 'Errors name their cause and never leak a secret' {
    BeforeAll {
        $script:Transcript = [System.Collections.Generic.List[string]]::new()
        function Capture([scriptblock] $Action) {
            try { & $Action *>&1 | ForEach-Object { $script:Transcript.Add(($_ | Out-String -Width 400)) } }
            catch { $script:Transcript.Add(($_ | Out-String -Width 400)); $script:Transcript.Add($_.Exception.ToString()); throw }
        }
    }

    It 'wrong password' {
        $user = $Ent.Credential.UserName
        $bad = [pscredential]::new($user, (ConvertTo-SecureString 'definitely-wrong' -AsPlainText -Force))
        { Capture { Connect-VCloud -Server $Ent.Url -Credential $bad -Verbose -Debug -NotDefault } } |
            Should -Throw -ErrorId 'LoginFailed,VCloudPS.Cmdlets.ConnectVCloudCommand' -ExpectedMessage '*wrong user, password or organization*'
    }

    It 'unknown server' {
        { Capture { Connect-VCloud -Server https://no-such-host.invalid -Credential $Ent.Credential -Verbose -Debug -NotDefault } } |
            Should -Throw -ErrorId 'ServerUnreachable,VCloudPS.Cmdlets.ConnectVCloudCommand' -ExpectedMessage '*cannot reach server no-such-host.invalid*'
    }

    It 'revoked API token' {
        $users = Invoke-RestMethod ([uri]::new($Ent.Url, '/sim/users'))
        $revoked = @($users.apiTokens | Where-Object revoked)[0].token
        $revoked | Should -Not -BeNullOrEmpty
        $script:Secrets += $revoked
        $secure = ConvertTo-SecureString $revoked -AsPlainText -Force
        { Capture { Connect-VCloud -Server $Ent.Url -Org ent -ApiToken $secure -Verbose -Debug -NotDefault } } |
            Should -Throw -ErrorId 'ApiTokenRejected,VCloudPS.Cmdlets.ConnectVCloudCommand' -ExpectedMessage '*expired, revoked*'
    }

    It 'expired API token' {
        $prov = Start-TestSimulator -Seed provider
        try {
            # /sim/users lists every token; a user's apiToken is its first valid one, so any other non-revoked token has expired.
            $users = Invoke-RestMethod ([uri]::new($prov.Url, '/sim/users'))
            $expired = @(foreach ($u in $users) { $u.apiTokens | Where-Object { -not $_.revoked -and $_.token -ne $u.apiToken } | ForEach-Object { [pscustomobject]@{ Org = $u.org; Token = $_.token } } })[0]
            $expired | Should -Not -BeNullOrEmpty
            $script:Secrets += $expired.Token
            $secure = ConvertTo-SecureString $expired.Token -AsPlainText -Force
            { Capture { Connect-VCloud -Server $prov.Url -Org $expired.Org -ApiToken $secure -Verbose -Debug -NotDefault } } |
                Should -Throw -ErrorId 'ApiTokenRejected,VCloudPS.Cmdlets.ConnectVCloudCommand' -ExpectedMessage '*expired, revoked*'
        }
        finally { Stop-TestSimulator $prov }
    }

    It "another tenant's vApp" {
        $shopHref = (Get-VApp -Name shop).Href
        $lab = Get-TestUser $Ent -Name labadmin -Org lab
        $labConn = Connect-VCloud -Server $Ent.Url -Credential $lab.Credential -NotDefault
        try {
            { Capture { Get-VAppVM -VAppHref $shopHref -Server $labConn -Verbose -Debug -ErrorAction Stop } } |
                Should -Throw -ErrorId 'VAppNotFound,VCloudPS.Cmdlets.GetVAppVMCommand' -ExpectedMessage '*does not exist or you have no access*'
            Get-VApp -Name shop -Server $labConn -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { $labConn | Disconnect-VCloud }
    }

    It 'an expired session is renewed transparently' {
        Add-SimulatorFault $Ent -Kind expireSession -PathPattern '/api/query' -Method GET | Out-Null
        $renewalsBefore = $Conn.SessionRenewals
        Capture { (Get-VApp -Name shop -Verbose -Debug).Name | Should -Be 'shop' }
        $Conn.SessionRenewals | Should -Be ($renewalsBefore + 1)
    }

    It 'no password or token appears in any output, error, verbose or debug stream' {
        Capture { Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -Verbose -Debug -NotDefault | Format-List * | Out-String -Width 400 }
        Capture { Get-VApp -Name shop -Verbose -Debug | Get-VAppVM -Verbose -Debug | Format-List * | Out-String -Width 400 }
        Capture { Get-VApp -Name shop | Stop-VApp -WhatIf -Verbose -Debug; Start-VCloudSimulator -Verbose -Debug -Seed enterprise | Stop-VCloudSimulator -Verbose -Debug }
        Capture { $Ent | Format-List * | Out-String -Width 400; $Ent.Users | Format-Table * | Out-String -Width 400; $Conn | Format-List * | Out-String -Width 400 }
        $all = $script:Transcript -join "`n"
        $all.Length | Should -BeGreaterThan 200
        foreach ($s in $script:Secrets) { $all | Should -Not -Match ([regex]::Escape($s)) }
        $all | Should -Not -Match 'Basic [A-Za-z0-9+/=]{8,}'
        $all | Should -Not -Match 'Bearer [A-Za-z0-9._-]{8,}'
    }
}

Describe 'Scale: 10,000 generated vApps' {
    BeforeAll {
        $script:Big = Start-TestSimulator -Seed enterprise -GenerateVApps 10000
        $script:BigConn = Connect-VCloud -Server $Big.Url -Credential $Big.ProviderCredential -NotDefault
        $script:Expected = (Invoke-RestMethod ([uri]::new($Big.Url, '/sim/health'))).vApps
        # Warm the connection's org-name cache (one GET /api/org/) so that the request count below counts query pages only.
        $null = Get-VApp -Name shop -Server $BigConn
    }
    AfterAll { Stop-TestSimulator $script:Big }

    It 'lists every vApp through paging, the first reaching the pipeline with at most one page requested ahead' {
        $Expected | Should -BeGreaterOrEqual 10000
        $before = $BigConn.RequestCount
        $script:requestsAtFirst = $null
        $count = 0
        Get-VApp -Server $BigConn | ForEach-Object {
            if ($null -eq $script:requestsAtFirst) { $script:requestsAtFirst = $BigConn.RequestCount }
            $count++
        }
        $count | Should -Be $Expected
        $pages = [math]::Ceiling($Expected / 128)
        ($script:requestsAtFirst - $before) | Should -BeLessOrEqual 2
        ($BigConn.RequestCount - $before) | Should -BeGreaterOrEqual $pages
    }

    It 'stops requesting pages when the pipeline needs no more, one page ahead at most (Select-Object -First)' {
        $before = $BigConn.RequestCount
        $first = Get-VApp -Server $BigConn | Select-Object -First 3
        $first | Should -HaveCount 3
        ($BigConn.RequestCount - $before) | Should -BeLessOrEqual 2
    }

    It 'completes with the right count despite a 503, a dropped connection and an expired session' {
        Add-SimulatorFault $Big -Kind status -Status 503 -PathPattern '/api/query' -Method GET | Out-Null
        Add-SimulatorFault $Big -Kind drop -PathPattern '/api/query' -Method GET | Out-Null
        Add-SimulatorFault $Big -Kind expireSession -PathPattern '/api/query' -Method GET | Out-Null
        $renewals = $BigConn.SessionRenewals
        (Get-VApp -Server $BigConn | Measure-Object).Count | Should -Be $Expected
        Get-SimulatorFault $Big | Should -BeNullOrEmpty
        $BigConn.SessionRenewals | Should -Be ($renewals + 1)
    }
}
