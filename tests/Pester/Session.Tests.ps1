# Connections and simulators as an interactive user meets them: the default connection, several servers at once,
# completion of -Server and -Org, a server that goes away, Ctrl+C in the shell and the shell exiting.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Prov = Start-TestSimulator -Seed provider
    $script:ProvConn = Connect-VCloud -Server $Prov.Url -Credential $Prov.Credential
    $script:EntConn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $script:Out = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-session-$PID"
    New-Item -ItemType Directory -Force $Out | Out-Null

    function Get-ProcessGroup([int] $Id) {
        # Fields after "(comm)" in /proc/<pid>/stat: state ppid pgrp session ...
        $fields = ((Get-Content "/proc/$Id/stat" -Raw) -replace '^.*\)\s+', '') -split '\s+'
        [pscustomobject]@{ Group = [int]$fields[2]; Session = [int]$fields[3] }
    }
    function Start-ChildPwsh([string] $Command) {
        $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $psi = [System.Diagnostics.ProcessStartInfo]::new($hostPath)
        if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Command) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardInput = $true
        $psi.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($psi)
    }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Ent, $script:Prov
    Remove-Item $script:Out -Recurse -Force -ErrorAction Ignore
}

Describe 'Get-VCloudConnection' {
    It 'marks the default connection' {
        $all = @(Get-VCloudConnection)
        ($all | Where-Object IsDefault).Server.Authority | Should -Be $Ent.Url.Authority
        @($all | Where-Object IsDefault).Count | Should -Be 1
        ($all | Out-String -Width 80) | Should -Match 'Default'
    }
}

Describe 'Several connections at once' {
    It 'Get-VApp -Server (Get-VCloudConnection) lists both clouds with a Server column' {
        $vapps = @(Get-VApp -Server (Get-VCloudConnection))
        $vapps.Name | Should -Contain 'shop'
        $vapps.Name | Should -Contain 'acme-web'
        $text = $vapps | Out-String -Width 80
        $text | Should -Match '^\s*Server\s+Name'
        $text | Should -Match ([regex]::Escape($Prov.Url.Authority))
        (Get-VApp | Out-String -Width 80) | Should -Not -Match 'Server'
    }

    It 'the other Get- cmdlets take several connections too (<_>)' -ForEach 'Get-VCloudOrg', 'Get-VCloudVdc', 'Get-VCloudCatalog', 'Get-VAppTemplate', 'Get-VAppVM' {
        $objects = @(& $_ -Server $EntConn, $ProvConn)
        @($objects.Connection | Sort-Object { $_.Server.Authority } -Unique).Count | Should -Be 2
        ($objects | Out-String -Width 80) | Should -Match '^\s*Server\s'
    }

    It '-Server takes the org@server names Tab completes' {
        $name = "acme@$($Prov.Url.Authority)"
        (Get-VApp -Name acme-web -Server $name).Name | Should -Be 'acme-web'
        { Get-VApp -Server 'nobody@nowhere:1' } | Should -Throw '*No open connection is named*'
    }
}

Describe 'Completion' {
    It 'completes -Server with the open connections' {
        $line = 'Get-VApp -Server '
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($r.CompletionMatches.CompletionText) | Should -Contain "ent@$($Ent.Url.Authority)"
        @($r.CompletionMatches.CompletionText) | Should -Contain "acme@$($Prov.Url.Authority)"
    }

    It 'completes -Org on <Line>' -ForEach @(
        @{ Line = 'Get-VApp -Org e'; Expected = 'ent' }
        @{ Line = 'Get-VCloudVdc -Org e'; Expected = 'ent' }
        @{ Line = 'Get-VAppCharge -RateCard x -Org e'; Expected = 'ent' }
    ) {
        $r = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
        @($r.CompletionMatches.CompletionText) | Should -Contain $Expected
    }
}

Describe 'Get-VAppVM without a vApp' {
    It 'lists the VMs of every vApp instead of prompting' {
        $vms = @(Get-VAppVM)
        $vms.Name | Should -Contain 'db1'
        $vms.Name | Should -Contain 'rpt01'
        @($vms.VAppName | Sort-Object -Unique).Count | Should -BeGreaterThan 3
        @(Get-VAppVM -Name 'db*').Name | Should -Be @('db1', 'db2')
    }
}

Describe 'Export-VApp and Test-VAppPackage count files alike' {
    It 'Files of the export equals Files and Verified of the test' {
        $r = Get-VApp -Name reporting | Export-VApp -Path (Join-Path $Out 'reporting.ova')
        $t = Test-VAppPackage -Path $r.Path
        $t.FileCount | Should -Be $r.Files.Count
        $t.Verified.Count | Should -Be $r.Files.Count
    }
}

Describe 'A server that has gone away' {
    It 'shows IsConnected False and fails without a stack trace' {
        $gone = Start-TestSimulator -Seed enterprise
        try {
            $c = Connect-VCloud -Server $gone.Url -Credential $gone.Credential -NotDefault
            $c.IsConnected | Should -BeTrue
            $p = Get-Process -Id $gone.ProcessId
            $p.Kill()          # gone without Stop-VCloudSimulator, as after a crash
            $p.WaitForExit(30000) | Should -BeTrue
            $errors = $null
            Get-VApp -Server $c -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ServerUnreachable*'
            $errors[0].Exception.Message | Should -Not -Match '\bat [\w.]+\(|--- End of'
            ($errors[0] | Out-String) | Should -Not -Match '\bat [\w.]+\(|--- End of'
            $c.IsConnected | Should -BeFalse
            ((Get-VCloudConnection | Where-Object { $_ -eq $c }) | Out-String -Width 80) | Should -Match 'False\s*$'
        }
        finally { Stop-TestSimulator $gone }
    }
}

Describe 'Simulators and the shell' {
    It 'a simulator has its own process group, so Ctrl+C in the shell does not reach it' -Skip:(-not $IsLinux) {
        $sim = Get-ProcessGroup $Ent.ProcessId
        $me = Get-ProcessGroup $PID
        $sim.Group | Should -Be $Ent.ProcessId -Because 'the simulator leads its own process group'
        $sim.Group | Should -Not -Be $me.Group
        $sim.Session | Should -Not -Be $me.Session
    }

    It 'a simulator stops by itself when the shell that started it exits' -Skip:(-not $IsLinux) {
        $module = Get-VCloudPSModulePath
        $child = Start-ChildPwsh "Import-Module '$module'; `$s = Start-VCloudSimulator; [Console]::Out.WriteLine(`$s.ProcessId); [Console]::Out.Flush(); [Console]::In.ReadLine() | Out-Null"
        try {
            $simPid = [int]$child.StandardOutput.ReadLine()
            (Get-Process -Id $simPid -ErrorAction Ignore) | Should -Not -BeNullOrEmpty
            $child.Kill()      # the shell dies without running any clean-up
            $child.WaitForExit()
            $simProcess = Get-Process -Id $simPid -ErrorAction Ignore
            if ($simProcess) { $simProcess.WaitForExit(60000) | Should -BeTrue -Because 'the simulator notices its standard input closing' }
        }
        finally { if (-not $child.HasExited) { $child.Kill() } }
    }
}
