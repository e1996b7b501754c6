#Requires -Version 7.4
# Export-VApp, Import-VApp and Copy-VApp over several vApps at once: every confirmation first, then bounded
# concurrent work, one progress bar per vApp under the call's bar, one error per failed vApp.

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
    $script:Fleet = 'reporting', 'wiki', 'crm'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("vcloudps-fleet-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $Work | Out-Null

    function script:Get-DiskTransferGauge($Simulator) { Invoke-RestMethod -Uri ([uri]::new($Simulator.Url, '/sim/transfers')) }
    function script:Reset-DiskTransferGauge($Simulator) { Invoke-RestMethod -Method Delete -Uri ([uri]::new($Simulator.Url, '/sim/transfers')) | Out-Null }
    function script:Get-StateOf($Conn) { Get-VApp -Server $Conn | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Status) $($_.Deployed)" } }
    function script:New-WorkFolder([string] $Name) { (New-Item -ItemType Directory -Path (Join-Path $Work $Name)).FullName }
    # -WhatIf writes to the host, not to a stream: the transcript of this host holds it.
    function script:Get-HostText([scriptblock] $Script) {
        $file = Join-Path $Work ("transcript-" + [guid]::NewGuid().ToString('N') + '.txt')
        Start-Transcript -Path $file -UseMinimalHeader | Out-Null
        try { & $Script | Out-Null } finally { Stop-Transcript | Out-Null }
        Get-Content $file -Raw
    }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    if ($Ent) { Stop-TestSimulator $Ent }
    if ($Prov) { Stop-TestSimulator $Prov }
    if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Several vApps through the pipeline' {
    It 'lists every vApp with -WhatIf and changes nothing on either cloud' {
        $before = @(Get-StateOf $EntConn); $beforeProv = @(Get-StateOf $ProvConn)
        $text = Get-HostText { Get-VApp -Name $Fleet -Server $EntConn | Copy-VApp -Destination $Payg -NetworkMapping $Map -WhatIf }
        foreach ($name in $Fleet) { $text | Should -Match "Copy vApp '$name'" }
        $dir = New-WorkFolder 'whatif'
        $text = Get-HostText { Get-VApp -Name $Fleet -Server $EntConn | Export-VApp -Path $dir -Stop -WhatIf }
        foreach ($name in $Fleet) { $text | Should -Match "What if: .*$name" }
        @(Get-ChildItem $dir -Recurse) | Should -HaveCount 0
        @(Get-StateOf $EntConn) | Should -Be $before
        @(Get-StateOf $ProvConn) | Should -Be $beforeProv
    }

    It 'asks for every vApp before the first one is touched' {
        $dir = New-WorkFolder 'ordered'
        $records = @(Get-VApp -Name $Fleet -Server $EntConn | Export-VApp -Path $dir -Stop -Confirm:$false -Verbose 4>&1)
        $results = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $lines = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $asked = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -like 'Performing the operation "Export to OVF/OVA"*') { $i } })
        $firstChange = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^POST ') { $i } })[0]
        $asked | Should -HaveCount 3
        $firstChange | Should -Not -BeNullOrEmpty
        $asked[-1] | Should -BeLessThan $firstChange
        $results.SourceName | Sort-Object | Should -Be ($Fleet | Sort-Object)
        $script:Packages = $results
    }

    It 'writes one error for the vApp that fails and finishes the others' {
        $wiki = Get-VApp -Name wiki -Server $EntConn
        Add-SimulatorFault -Simulator $Ent -Kind taskFail -PathPattern "$(([uri]$wiki.Href).AbsolutePath)/action/enableDownload" | Out-Null
        $dir = New-WorkFolder 'onefails'
        $out = @(Get-VApp -Name $Fleet -Server $EntConn | Export-VApp -Path $dir -Stop -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue)
        Clear-SimulatorFault -Simulator $Ent
        $out.SourceName | Sort-Object | Should -Be @('crm', 'reporting')
        $failures | Should -HaveCount 1
        $failures[0].TargetObject.Name | Should -Be 'wiki'
        $failures[0].FullyQualifiedErrorId | Should -BeLike '*,VCloudPS.Cmdlets.Transfer.ExportVAppCommand'
        $failures[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        Join-Path $dir 'wiki' | Should -Not -Exist
        (Get-VApp -Name wiki -Server $EntConn).Status | Should -Be 'POWERED_ON'
    }

    It 'never streams more files at once than -ThrottleLimit, across all vApps of the call' {
        foreach ($limit in 1, 2) {
            Reset-DiskTransferGauge $Ent
            $dir = New-WorkFolder "throttle$limit"
            $out = @(Get-VApp -Name $Fleet -Server $EntConn | Export-VApp -Path $dir -Stop -Confirm:$false -ThrottleLimit $limit)
            $out | Should -HaveCount 3
            $gauge = Get-DiskTransferGauge $Ent
            $gauge.total | Should -BeGreaterOrEqual ($out.Files.Count - 3)
            $gauge.peak | Should -BeLessOrEqual $limit
            $gauge.active | Should -Be 0
        }
    }

    It 'shows one progress bar per vApp under the bar of the call' {
        $dir = New-WorkFolder 'progress'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Conn, $Path, $Names)
                    Import-Module $Module
                    Get-VApp -Name $Names -Server $Conn | Export-VApp -Path $Path -Stop -Confirm:$false
                }).AddArgument((Get-Module VCloudPS).Path).AddArgument($EntConn).AddArgument($dir).AddArgument($Fleet)
            $out = @($ps.Invoke())
            $ps.Streams.Error | Should -HaveCount 0
            $out | Should -HaveCount 3
            $progress = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }
        $overall = @($progress | Where-Object { $_.Activity -eq 'Export-VApp' -and $_.ParentActivityId -eq -1 })
        $overall | Should -Not -BeNullOrEmpty
        $overall[-1].RecordType | Should -Be 'Completed'
        $overallId = $overall[0].ActivityId
        $perVApp = @($progress | Where-Object ParentActivityId -eq $overallId | Group-Object ActivityId)
        $perVApp | Should -HaveCount 3
        foreach ($bar in $perVApp) { $bar.Group[-1].RecordType | Should -Be 'Completed' }
        $barIds = @($perVApp | ForEach-Object { [int] $_.Name })
        @($progress | Where-Object { $_.ParentActivityId -in $barIds }) | Should -Not -BeNullOrEmpty
    }

    It 'stops every vApp on Ctrl+C, leaving no partial package and each source as it was' {
        $before = @(Get-StateOf $EntConn)
        $dir = New-WorkFolder 'stopped'
        Add-SimulatorFault -Simulator $Ent -Kind slow -PathPattern '/transfer/*.vmdk' -Method GET -DelayMs 60000 -Count 50 | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Conn, $Path, $Names)
                    Import-Module $Module
                    Get-VApp -Name $Names -Server $Conn | Export-VApp -Path $Path -Stop -Confirm:$false
                }).AddArgument((Get-Module VCloudPS).Path).AddArgument($EntConn).AddArgument($dir).AddArgument($Fleet)
            $invocation = $ps.BeginInvoke()
            $guard = [Diagnostics.Stopwatch]::StartNew()   # a hang guard, not a timing assertion
            while ($guard.Elapsed.TotalSeconds -lt 120 -and -not @($ps.Streams.Progress | Where-Object { "$($_.CurrentOperation) $($_.StatusDescription)" -like '*Downloading*' })) {
                Start-Sleep -Milliseconds 100
            }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error | Should -HaveCount 0
        }
        finally {
            $ps.Dispose()
            Clear-SimulatorFault -Simulator $Ent
        }
        @(Get-ChildItem $dir -Recurse -File) | Should -HaveCount 0
        @(Get-StateOf $EntConn) | Should -Be $before
    }

    It 'cancels the vApps still running when Select-Object -First has enough, leaving only complete packages' {
        $before = @(Get-StateOf $EntConn)
        $dir = New-WorkFolder 'first'
        $first = @(Get-VApp -Name $Fleet -Server $EntConn | Export-VApp -Path $dir -Stop -Confirm:$false | Select-Object -First 1)
        $first | Should -HaveCount 1
        foreach ($package in Get-ChildItem $dir -Directory) { Join-Path $package.FullName "$($package.Name).mf" | Should -Exist }
        @(Get-ChildItem $dir -Recurse -File -Filter '*.vcloudps-lock') | Should -HaveCount 0
        @(Get-StateOf $EntConn) | Should -Be $before
    }

    It 'imports several packages at once and reports the one whose name is taken' {
        $Packages | Should -HaveCount 3
        Get-VApp -Name reporting -Server $EntConn | Copy-VApp -Destination $Payg -NetworkMapping $Map -Confirm:$false | Out-Null
        $vapps = @($Packages | Import-VApp -Vdc $Payg -NetworkMapping @{ 'ent-app-net' = 'acme-net' } -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue)
        $vapps.Name | Sort-Object | Should -Be @('crm', 'wiki')
        $failures | Should -HaveCount 1
        $failures[0].TargetObject | Should -BeLike '*reporting*'
        @(Get-VApp -Name reporting -Server $ProvConn) | Should -HaveCount 1
    }

    It 'copies several vApps to another cloud at once, one result each, keeping one generation of each' {
        $results = @(Get-VApp -Name wiki, crm -Server $EntConn |
                Copy-VApp -Destination $Payg -NetworkMapping $Map -KeepGenerations 1 -ThrottleLimit 2 -Confirm:$false -ErrorAction Stop)
        $results | Should -HaveCount 2
        $results.Name | Should -Match '^(wiki|crm)-\d{8}-\d{6}$'
        foreach ($r in $results) { @(Get-VApp -Name $r.Name -Server $ProvConn) | Should -HaveCount 1 }
    }
}
