# VCloudPS next to PowerCLI: a stand-in module exporting PowerCLI's vSphere vApp cmdlet names (Get-VApp, Start-VApp,
# Stop-VApp, Remove-VApp, Import-VApp, Export-VApp, Move-VApp) and returning objects of PowerCLI's type names is
# loaded, and each documented way of living with it is proved: module-qualified calls, -Prefix, and a clear refusal
# of PowerCLI's objects.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:StandIn = Join-Path $PSScriptRoot 'PowerCliStandIn/PowerCliStandIn.psd1'
    $script:PowerCliNames = 'Get-VApp', 'Start-VApp', 'Stop-VApp', 'Remove-VApp', 'Import-VApp', 'Export-VApp', 'Move-VApp'
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Conn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $script:Out = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-coexist-$PID"
    New-Item -ItemType Directory -Force $Out | Out-Null
}

AfterAll {
    Remove-Module PowerCliStandIn -ErrorAction Ignore
    Remove-Module VCloudPS -ErrorAction Ignore
    Import-VCloudPSUnderTest    # without the prefix again, for the suites that follow
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Ent
    Remove-Item $script:Out -Recurse -Force -ErrorAction Ignore
}

Describe 'PowerCLI imported after VCloudPS (its commands are found first)' {
    BeforeAll {
        Import-Module $StandIn -Force -Global
    }
    AfterAll {
        Remove-Module PowerCliStandIn -ErrorAction Ignore
    }

    It 'the unqualified names are PowerCLI''s' {
        foreach ($n in $PowerCliNames) { (Get-Command $n).Source | Should -Be 'PowerCliStandIn' -Because $n }
        (Get-VApp shop).GetType().FullName | Should -Be 'VMware.VimAutomation.ViCore.Impl.V1.VAppImpl'
    }

    It 'module-qualified calls reach VCloudPS' {
        $vapp = VCloudPS\Get-VApp -Name shop
        $vapp | Should -BeOfType ([VCloudPS.Core.Model.VApp])
        $vapp.OrgName | Should -Be 'ent'
        @(VCloudPS\Get-VApp -Name shop | VCloudPS\Get-VAppVM).Count | Should -BeGreaterThan 0
        $r = VCloudPS\Stop-VApp -VApp shop -WhatIf
        $r | Should -BeNullOrEmpty
        (VCloudPS\Get-VApp -Name shop).Status | Should -Be 'POWERED_ON'
    }

    It 'a PowerCLI object piped to <Command> is refused with a clear error, not a binding failure' -ForEach @(
        @{ Command = 'VCloudPS\Export-VApp'; Arguments = @{ Path = 'x.ova'; WhatIf = $true } }
        @{ Command = 'VCloudPS\Stop-VApp'; Arguments = @{ WhatIf = $true } }
        @{ Command = 'VCloudPS\Start-VApp'; Arguments = @{ WhatIf = $true } }
        @{ Command = 'VCloudPS\Remove-VApp'; Arguments = @{ WhatIf = $true } }
        @{ Command = 'VCloudPS\Get-VAppVM'; Arguments = @{} }
    ) {
        $errors = $null
        $arguments = $Arguments
        if ($Command -like '*Export-VApp') { $arguments.Path = Join-Path $Out 'x.ova' }
        $out = Get-VApp shop | & $Command @arguments -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PowerCliObjectNotSupported*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].Exception.Message | Should -Match 'PowerCLI object \(VMware\.VimAutomation\.ViCore\.Impl\.V1\.VAppImpl\)'
        $errors[0].Exception.Message | Should -Match 'VCloudPS\\Get-VApp'
        $errors[0].Exception.Message | Should -Match '-Prefix'
    }

    It 'a PowerCLI object passed as an argument is refused the same way' {
        $errors = $null
        VCloudPS\Export-VApp -VApp (Get-VApp shop) -Path (Join-Path $Out 'y.ova') -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PowerCliObjectNotSupported*'
        Test-Path (Join-Path $Out 'y.ova') | Should -BeFalse
    }

    It 'a VCloudPS vApp piped to a module-qualified cmdlet still works' {
        $r = VCloudPS\Get-VApp -Name shop | VCloudPS\Export-VApp -Path (Join-Path $Out 'shop.ova') -WhatIf
        $r | Should -BeNullOrEmpty
        (VCloudPS\Get-VApp -Name shop | VCloudPS\Stop-VApp -WhatIf) | Should -BeNullOrEmpty
    }
}

Describe 'Import-Module VCloudPS -Prefix Vcd next to PowerCLI' {
    BeforeAll {
        Import-Module $StandIn -Force -Global
        Remove-Module VCloudPS
        Import-Module (Get-VCloudPSModulePath) -Prefix Vcd -Global -Force
        $script:Manifest = Import-PowerShellDataFile (Get-VCloudPSModulePath)
        $script:PConn = Connect-VcdVCloud -Server $Ent.Url -Credential $Ent.Credential
    }
    AfterAll {
        Remove-Module PowerCliStandIn -ErrorAction Ignore
        Disconnect-VcdVCloud -Server $PConn -ErrorAction Ignore
    }

    It 'exports every cmdlet under the prefix and leaves PowerCLI''s names to PowerCLI' {
        $expected = @($Manifest.CmdletsToExport | ForEach-Object { $v, $n = $_ -split '-', 2; "$v-Vcd$n" } | Sort-Object)
        @(Get-Command -Module VCloudPS | ForEach-Object Name | Sort-Object) | Should -Be $expected
        foreach ($n in $PowerCliNames) { (Get-Command $n).Source | Should -Be 'PowerCliStandIn' }
    }

    It 'has full help for every prefixed cmdlet' {
        foreach ($name in @(Get-Command -Module VCloudPS | ForEach-Object Name)) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($name))\s" -Because "$name needs its real help"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $name
            @($help.Parameters.Parameter).Count | Should -BeGreaterThan 0 -Because $name
        }
    }

    It 'works, with its default views, under the prefix' {
        $vapps = @(Get-VcdVApp)
        $vapps.Count | Should -BeGreaterThan 1
        $text = Get-VcdVApp -Name shop | Out-String -Width 120
        $text | Should -Match 'StorageGB'
        $text | Should -Match 'shop'
        (Get-VcdVApp -Name shop | Get-VcdVAppVM | Out-String -Width 120) | Should -Match 'IpAddress'
        (Get-VcdVCloudVdc | Out-String -Width 120) | Should -Match 'AllocationModel'
    }

    It 'completes names under the prefix (<Line>)' -ForEach @(
        @{ Line = 'Get-VcdVApp -Name sh'; Expected = 'shop' }
        @{ Line = 'Export-VcdVApp -VApp sh'; Expected = 'shop' }
        @{ Line = 'Get-VcdVCloudVdc -Name ent-p'; Expected = 'ent-prod' }
    ) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        @($r.CompletionMatches.CompletionText) | Should -Contain $Expected
    }

    It 'refuses PowerCLI objects under the prefix too' {
        $errors = $null
        Get-VApp shop | Stop-VcdVApp -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PowerCliObjectNotSupported*'
    }
}
