# The request pipeline as a user sees it: rate limits, timeouts named in errors.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    $script:Ent = Start-TestSimulator -Seed enterprise
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Ent
}

Describe 'Rate limits' {
    AfterEach { Invoke-RestMethod -Method Delete -Uri ([uri]::new($Ent.Url, '/sim/faults')) | Out-Null }

    It 'slows down under a per-session rate limit (429 + Retry-After) and finishes with the same result' {
        $c = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -NotDefault
        $expected = @(Get-VApp -Server $c | Get-VAppVM -Server $c | ForEach-Object Id | Sort-Object)
        $rule = @{ pathPattern = '/api/*'; kind = 'rateLimit'; limit = 3; windowMs = 1000 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Ent.Url, '/sim/faults')) -Body $rule -ContentType 'application/json' | Out-Null
        $actual = @(Get-VApp -Server $c | Get-VAppVM -Server $c | ForEach-Object Id | Sort-Object)
        $actual | Should -Be $expected
        $refused = (Invoke-RestMethod -Uri ([uri]::new($Ent.Url, '/sim/faults')))[0].refused
        $refused | Should -BeGreaterThan 0
        $c | Disconnect-VCloud
    }
}

Describe 'Timeout parameters' {
    It 'uses -TimeoutSec everywhere and keeps the old names as aliases' {
        foreach ($name in 'Start-VApp', 'Stop-VApp', 'Remove-VApp', 'Import-VApp', 'Export-VApp', 'Start-VCloudSimulator', 'Connect-VCloud') {
            (Get-Command $name).Parameters.Keys | Should -Contain 'TimeoutSec'
        }
        (Get-Command Start-VApp).Parameters['TimeoutSec'].Aliases | Should -Contain 'Timeout'
        (Get-Command Start-VCloudSimulator).Parameters['TimeoutSec'].Aliases | Should -Contain 'StartTimeoutSec'
        (Get-Command Import-VApp).Parameters.Keys | Should -Contain 'TimeoutMinutes'
    }

    It 'ends an Export-VApp whose server task never ends after -TimeoutSec, naming what it waited for' {
        $c = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -NotDefault
        $target = Join-Path ([IO.Path]::GetTempPath()) ("vcloudps-hung-" + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.ova')
        $hang = @{ pathPattern = '/api/vApp/*/action/enableDownload'; method = 'POST'; kind = 'hang'; count = 1 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Ent.Url, '/sim/faults')) -Body $hang -ContentType 'application/json' | Out-Null
        try {
            $err = $null
            Get-VApp -Name reporting -Server $c | Export-VApp -Path $target -TimeoutSec 2 -ErrorAction SilentlyContinue -ErrorVariable err
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'TaskTimedOut,VCloudPS.Cmdlets.Transfer.ExportVAppCommand'
            Test-Path -LiteralPath $target | Should -BeFalse
        }
        finally {
            Invoke-RestMethod -Method Delete -Uri ([uri]::new($Ent.Url, '/sim/faults')) | Out-Null
            $c | Disconnect-VCloud
        }
    }
}

Describe 'Shared connections across runspaces' {
    It 'serves 8 ForEach-Object -Parallel runspaces on one connection, through a session expiry, with the same results' {
        $c = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -NotDefault
        $expected = @(Get-VApp -Server $c | Get-VAppVM -Server $c | ForEach-Object Id | Sort-Object)
        $modulePath = (Get-Module VCloudPS).Path
        $expire = @{ pathPattern = '/api/query*'; kind = 'expireSession'; count = 1 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri ([uri]::new($Ent.Url, '/sim/faults')) -Body $expire -ContentType 'application/json' | Out-Null
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:modulePath
            , @(Get-VApp -Server $using:c | Get-VAppVM -Server $using:c | ForEach-Object Id | Sort-Object)
        }
        $results | Should -HaveCount 8
        foreach ($r in $results) { $r | Should -Be $expected }
        $c.SessionRenewals | Should -Be 1
        $c | Disconnect-VCloud
    }
}
