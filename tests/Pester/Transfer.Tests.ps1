#Requires -Version 7.4
# Export-VApp / Import-VApp end to end against two simulator processes: enterprise -> provider and back.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Prov = Start-TestSimulator -Seed provider
    $script:EntConn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $acme = $Prov.Users | Where-Object { $_.Org -eq 'acme' -and $_.Name -eq 'admin' } | Select-Object -First 1
    $script:ProvConn = Connect-VCloud -Server $Prov.Url -Credential $acme.Credential
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("vcloudps-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:Data = Join-Path $PSScriptRoot '../data/ovf'
    $script:Vdc = Get-VCloudVdc -Name acme-payg -Server $ProvConn

    function script:Read-TarNames([string] $Path) { (& tar -tf $Path) -split "`n" | Where-Object { $_ } }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    if ($Ent) { Stop-TestSimulator $Ent }
    if ($Prov) { Stop-TestSimulator $Prov }
    if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Export-VApp' {
    It 'refuses a deployed vApp without -Stop, naming the fix' {
        { Get-VApp -Name shop -Server $EntConn | Export-VApp -Path (Join-Path $Work 'refused.ova') -ErrorAction Stop } |
            Should -Throw -ErrorId 'VAppDeployed,VCloudPS.Cmdlets.Transfer.ExportVAppCommand'
        Join-Path $Work 'refused.ova' | Should -Not -Exist
    }

    It 'exports shop as a correct OVA with -Stop and restores its power state' {
        $script:Export1 = Get-VApp -Name shop -Server $EntConn | Export-VApp -Path (Join-Path $Work 'shop.ova') -Stop -Confirm:$false
        $Export1.Format | Should -Be 'OVA'
        $Export1.Files.Count | Should -BeGreaterThan 4
        $names = Read-TarNames $Export1.Path
        $names[0] | Should -Be 'shop.ovf'
        $names[1] | Should -Be 'shop.mf'
        $names.Count | Should -Be ($Export1.Files.Count + 1)
        (Get-VApp -Name shop -Server $EntConn).Status | Should -Be 'POWERED_ON'
    }

    It 'writes a manifest whose SHA-256 lines match the archived bytes' {
        $x = Join-Path $Work 'x1'
        New-Item -ItemType Directory $x | Out-Null
        & tar -xf $Export1.Path -C $x
        $lines = Get-Content (Join-Path $x 'shop.mf')
        $lines.Count | Should -Be $Export1.Files.Count
        foreach ($line in $lines) {
            $line -match '^SHA256\((.+)\)= ([0-9a-f]{64})$' | Should -BeTrue
            (Get-FileHash (Join-Path $x $Matches[1]) -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $Matches[2]
        }
    }

    It 'verifies the exported OVA with Test-VAppPackage, straight from the pipeline' {
        $check = $Export1 | Test-VAppPackage
        $check.IsValid | Should -BeTrue
        $check.Format | Should -Be 'OVA'
        $check.Verified.Count | Should -Be $Export1.Files.Count
        ($check.Verified | Where-Object FileName -EQ 'shop.ovf').Digest | Should -Be ($Export1.Files | Where-Object Name -EQ 'shop.ovf').Sha256
        Test-VAppPackage -Path $Export1.Path -Quiet | Should -BeTrue
    }

    It 'reports a damaged package as invalid, naming the file, and a missing one as an error' {
        $t = Join-Path $Work 'damaged'
        Copy-Item (Join-Path $Data 'ovftool-sha1') $t -Recurse
        $disk = Join-Path $t 'web-appliance-disk1.vmdk'
        $bytes = [IO.File]::ReadAllBytes($disk); $bytes[100] = $bytes[100] -bxor 1; [IO.File]::WriteAllBytes($disk, $bytes)
        $check = Test-VAppPackage -Path (Join-Path $t 'web-appliance.ovf')
        $check.IsValid | Should -BeFalse
        $check.ErrorId | Should -Be 'ManifestDigestMismatch'
        $check.Problem | Should -Match 'web-appliance-disk1.vmdk'
        { Test-VAppPackage -Path (Join-Path $Work 'no-such.ova') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PackageNotFound,VCloudPS.Cmdlets.Transfer.TestVAppPackageCommand'
    }

    It 'refuses to overwrite without -Force and leaves nothing half-written' {
        { Get-VApp -Name reporting -Server $EntConn | Export-VApp -Path $Export1.Path -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExportTargetExists,VCloudPS.Cmdlets.Transfer.ExportVAppCommand'
        Get-ChildItem $Work -Filter '*partial*' -Recurse | Should -BeNullOrEmpty
    }

    It 'does nothing with -WhatIf' {
        Get-VApp -Name reporting -Server $EntConn | Export-VApp -Path (Join-Path $Work 'whatif.ova') -WhatIf
        Join-Path $Work 'whatif.ova' | Should -Not -Exist
    }
}

Describe 'Import-VApp' {
    It 'imports the OVA into the provider with network mapping, powers it on, and the VMs match' {
        $map = @{ 'ent-app-net' = 'acme-net'; 'ent-dmz' = 'acme-dmz' }
        $script:Imported = Import-VApp -Path $Export1.Path -Vdc $Vdc -Name shop-copy -NetworkMapping $map -PowerOn -Confirm:$false
        $Imported.Name | Should -Be 'shop-copy'
        $Imported.Status | Should -Be 'POWERED_ON'
        $src = Get-VApp -Name shop -Server $EntConn | Get-VAppVM | Sort-Object Name
        $dst = $Imported | Get-VAppVM | Sort-Object Name
        ($dst.Name -join ',') | Should -Be ($src.Name -join ',')
        for ($i = 0; $i -lt $src.Count; $i++) {
            $dst[$i].CpuCount | Should -Be $src[$i].CpuCount
            $dst[$i].MemoryMB | Should -Be $src[$i].MemoryMB
            $dst[$i].StorageMB | Should -Be $src[$i].StorageMB
        }
    }

    It 'round-trips the disks bit for bit (export again from the provider)' {
        Get-VApp -Name shop-copy -Server $ProvConn | Stop-VApp -Undeploy -Confirm:$false | Out-Null
        $export2 = Get-VApp -Name shop-copy -Server $ProvConn | Export-VApp -Path (Join-Path $Work 'copy') -Confirm:$false
        $disks1 = $Export1.Files | Where-Object Name -NotMatch '\.(ovf|mf)$' | ForEach-Object Sha256 | Sort-Object
        $disks2 = $export2.Files | Where-Object Name -NotMatch '\.(ovf|mf)$' | ForEach-Object Sha256 | Sort-Object
        ($disks2 -join ',') | Should -Be ($disks1 -join ',')
    }

    It 'imports the hand-written ovftool-style package with a SHA-1 manifest' {
        $v = Import-VApp -Path (Join-Path $Data 'ovftool-sha1/web-appliance.ovf') -Vdc $Vdc -NetworkMapping @{ 'VM Network' = 'acme-net' } -Confirm:$false
        $v.NumberOfVMs | Should -Be 2
    }

    It 'imports the hand-written single-VM package without VirtualSystemCollection' {
        $v = Import-VApp -Path (Join-Path $Data 'single-vm/tiny-linux.ovf') -Vdc $Vdc -NetworkMapping @{ 'NAT' = 'acme-net' } -Confirm:$false
        $v.NumberOfVMs | Should -Be 1
    }

    It 'resumes after connections drop mid-download and mid-upload, with the same digests' {
        Add-SimulatorFault -Simulator $Ent -Kind drop -PathPattern '/transfer/*' -Method GET -AfterBytes 300000 -Count 2 | Out-Null
        $e = Get-VApp -Name reporting -Server $EntConn | Export-VApp -Path (Join-Path $Work 'rep.ova') -Verbose 4>&1
        $result = $e | Where-Object { $_ -is [VCloudPS.Core.Migration.ExportResult] }
        $result.Resumes | Should -BeGreaterOrEqual 1
        Add-SimulatorFault -Simulator $Prov -Kind drop -PathPattern '/transfer/*' -Method PUT -AfterBytes 200000 -Count 2 | Out-Null
        $v = Import-VApp -Path $result.Path -Vdc $Vdc -Name rep-resumed -NetworkMapping @{ 'ent-app-net' = 'acme-net' } -Confirm:$false
        $v | Stop-VApp -Undeploy -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
        $again = Get-VApp -Name rep-resumed -Server $ProvConn | Export-VApp -Path (Join-Path $Work 'rep-again.ova')
        ($again.Files | Select-Object -Skip 1 | ForEach-Object Sha256) -join ',' | Should -Be (($result.Files | Select-Object -Skip 1 | ForEach-Object Sha256) -join ',')
        Clear-SimulatorFault -Simulator $Ent; Clear-SimulatorFault -Simulator $Prov
    }

    It 'stops before creating anything when a network has no mapping, and names the choices' {
        $before = @(Get-VApp -Server $ProvConn).Count
        { Import-VApp -Path (Join-Path $Data 'single-vm/tiny-linux.ovf') -Vdc $Vdc -Name unmapped -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'NetworkMappingRequired,VCloudPS.Cmdlets.Transfer.ImportVAppCommand' -ExpectedMessage "*'NAT'*acme-net*"
        @(Get-VApp -Server $ProvConn).Count | Should -Be $before
        $v = Import-VApp -Path (Join-Path $Data 'single-vm/tiny-linux.ovf') -Vdc $Vdc -Name on-purpose -NetworkMapping @{ NAT = $null } -Confirm:$false -WarningVariable w 3>$null
        $v.NumberOfVMs | Should -Be 1
        "$w" | Should -Match "'NAT' stays disconnected"
    }

    It 'stops a tampered package before its last block and leaves nothing' {
        $t = Join-Path $Work 'tampered'
        Copy-Item (Join-Path $Data 'ovftool-sha1') $t -Recurse
        $disk = Join-Path $t 'web-appliance-disk1.vmdk'
        $bytes = [IO.File]::ReadAllBytes($disk); $bytes[100] = $bytes[100] -bxor 1; [IO.File]::WriteAllBytes($disk, $bytes)
        $before = @(Get-VApp -Server $ProvConn).Count
        { Import-VApp -Path (Join-Path $t 'web-appliance.ovf') -Vdc $Vdc -Name tampered -NetworkMapping @{ 'VM Network' = 'acme-net' } -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ManifestDigestMismatch,VCloudPS.Cmdlets.Transfer.ImportVAppCommand'
        @(Get-VApp -Server $ProvConn).Count | Should -Be $before
    }
}
