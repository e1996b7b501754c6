# Connections: version negotiation choices, several connections, disconnecting.

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

Describe 'Connections' {
    It 'forces an older API version and then uses its legacy login path' {
        $c = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -ApiVersion 35.0 -NotDefault
        $c.ApiVersion | Should -Be '35.0'
        $c.LoginPath | Should -Be '/api/sessions'
        (Get-VApp -Name shop -Server $c | Get-VAppVM -Server $c) | Should -HaveCount 4
        $c | Disconnect-VCloud
    }

    It 'refuses a version the server does not offer, naming what it offers' {
        { Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential -ApiVersion 33.9 } |
            Should -Throw -ErrorId 'ApiVersionNotSupported,VCloudPS.Cmdlets.ConnectVCloudCommand' -ExpectedMessage '*offers*'
    }

    It 'refuses plain http to a non-loopback host before sending anything' {
        { Connect-VCloud -Server http://vcd.example.com -Credential $Ent.Credential } |
            Should -Throw -ErrorId 'InsecureServerUri,VCloudPS.Cmdlets.ConnectVCloudCommand'
    }

    It 'keeps several connections, the most recent being the default, and -Server picks one' {
        $a = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
        $lab = Get-TestUser $Ent -Name labadmin -Org lab
        $b = Connect-VCloud -Server $Ent.Url -Credential $lab.Credential
        (Get-VCloudConnection -Default).Org | Should -Be 'lab'
        (Get-VCloudConnection).Count | Should -Be 2
        (Get-VApp -Name shop -Server $a).Name | Should -Be 'shop'
        Get-VApp -Name shop -ErrorAction SilentlyContinue | Should -BeNullOrEmpty   # lab cannot see ent's vApps
        $b | Disconnect-VCloud
        (Get-VCloudConnection -Default).Org | Should -Be 'ent'
    }

    It 'Disconnect-VCloud -All leaves no connection and commands then say so' {
        Disconnect-VCloud -All
        Get-VCloudConnection | Should -BeNullOrEmpty
        { Get-VApp } | Should -Throw -ErrorId 'NotConnected,VCloudPS.Cmdlets.GetVAppCommand'
    }
}
