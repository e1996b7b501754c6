# Help you can run: every example of every cmdlet's help runs as written against the two seeded simulators, after the
# preamble documented in about_VCloudPS (EXAMPLES IN HELP), which this test reads from there. Examples that change a
# cloud start from fresh seeds; every example gets its own working folder with the preamble's files, and the default
# connection of the preamble. Nothing is skipped: an example that cannot run here is listed in $Exceptions with why.

BeforeDiscovery {
    $helpRoot = Join-Path $PSScriptRoot '../../module/help'
    # "<Cmdlet> #<n>" => why the example cannot run against the simulators (none today).
    $script:Exceptions = @{}
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../out/VCloudPS/VCloudPS.psd1')
    $script:CmdletNames = @($manifest.CmdletsToExport)
    $script:Examples = @(foreach ($file in Get-ChildItem $helpRoot -Filter *.psd1 | Sort-Object Name) {
        $data = Import-PowerShellDataFile $file.FullName
        $n = 0
        foreach ($e in $data.Examples) {
            $n++
            @{ Cmdlet = $file.BaseName; Number = $n; Code = $e.Code; Id = "$($file.BaseName) #$n" }
        }
    })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:ModuleBase = (Get-Module VCloudPS).ModuleBase
    $about = Get-Content (Join-Path $ModuleBase 'en-US/about_VCloudPS.help.txt')
    $start = [array]::IndexOf($about, 'EXAMPLES IN HELP')
    # The preamble is the first block of lines indented by 8 spaces in that section.
    $script:Preamble = @()
    foreach ($line in $about | Select-Object -Skip ($start + 1)) {
        if ($line -match '^\s{8}(\S.*)$') { $script:Preamble += $Matches[1] }
        elseif ($Preamble.Count) { break }
    }
    # The preamble's working folder is one fixed name in the temp folder; a run of its own keeps concurrent test runs
    # on this machine (and their export locks) apart.
    $script:Preamble = $Preamble -replace "'vcloudps-examples'", "'vcloudps-examples-$PID'"
    $Preamble | Where-Object { $_ -match "vcloudps-examples-$PID" } | Should -Not -BeNullOrEmpty
    $script:Mutating = 'Start', 'Stop', 'Remove', 'Import', 'Move', 'Copy', 'Set', 'Restart', 'Suspend', 'Update', 'Register', 'Unregister'
    $script:Home0 = Get-Location
    $script:State = $null

    function Stop-ExampleSimulators([object[]] $Keep = @()) {
        # Simulators the examples started (children of this process) other than the preamble's.
        $keepIds = @($Keep | Where-Object { $_ } | ForEach-Object ProcessId)
        foreach ($p in Get-Process -ErrorAction Ignore | Where-Object { $_.Parent -and $_.Parent.Id -eq $PID -and $keepIds -notcontains $_.Id }) {
            $cmd = try { Get-Content "/proc/$($p.Id)/cmdline" -Raw -ErrorAction Stop } catch { $p.Path }
            if ($cmd -match 'VCloudPS\.Simulator') { try { $p.Kill($true); $p.WaitForExit(10000) | Out-Null } catch { } }
        }
    }

    function Initialize-Preamble {
        # Runs the whole preamble (fresh simulators) and returns the variables it defines and its folder.
        if ($script:State) { Stop-TestSimulator $script:State.Vars.enterprise, $script:State.Vars.provider -ErrorAction Ignore }
        Get-VCloudConnection | Disconnect-VCloud -ErrorAction Ignore
        $ErrorActionPreference = 'Stop'
        $before = @(Get-Variable -Scope 0 | ForEach-Object Name)
        . ([scriptblock]::Create(($Preamble -join "`n")))
        $vars = @{}
        foreach ($v in Get-Variable -Scope 0 | Where-Object { $before -notcontains $_.Name -and $_.Name -ne 'before' }) { $vars[$v.Name] = $v.Value }
        $script:State = @{ Vars = $vars; Folder = (Get-Location).Path; Dirty = $false }
        Set-Location $Home0
    }

    function Restore-Connections {
        # The preamble's connections again (an example may have disconnected or added some), $ent the default.
        Get-VCloudConnection | Disconnect-VCloud -ErrorAction Ignore
        foreach ($k in $State.Vars.Keys) { Set-Variable -Name $k -Value $State.Vars[$k] }
        foreach ($line in $Preamble | Where-Object { $_ -match '^\$(\w+)\s*=\s*Connect-VCloud' }) {
            $name = ($line -split '\s*=\s*', 2)[0].TrimStart('$')
            $State.Vars[$name] = . ([scriptblock]::Create(($line -split '\s*=\s*', 2)[1]))
        }
    }

    function Invoke-HelpExample([string] $Code) {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-example-$PID-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        New-Item -ItemType Directory $folder | Out-Null
        Copy-Item (Join-Path $State.Folder '*') $folder -Recurse
        Push-Location $folder
        try {
            foreach ($k in $State.Vars.Keys) { Set-Variable -Name $k -Value $State.Vars[$k] }
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'
            . ([scriptblock]::Create($Code)) | Out-String -Width 120
        }
        finally {
            Pop-Location
            Remove-Item $folder -Recurse -Force -ErrorAction Ignore
        }
    }

    Initialize-Preamble
}

AfterAll {
    Set-Location $Home0
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction Ignore
    if ($script:State) {
        Stop-TestSimulator $State.Vars.enterprise, $State.Vars.provider -ErrorAction Ignore
        Remove-Item $State.Folder -Recurse -Force -ErrorAction Ignore
    }
    Stop-ExampleSimulators
}

Describe 'The preamble' {
    It 'is documented in about_VCloudPS and defines the simulators and connections the examples use' {
        $Preamble.Count | Should -BeGreaterThan 3
        foreach ($v in 'enterprise', 'provider', 'ent', 'prov', 'card') { $State.Vars.Keys | Should -Contain $v }
        (Get-VCloudConnection -Default).Org | Should -Be 'ent'
    }
}

Describe 'Example <Id>' -ForEach $Examples {
    BeforeAll {
        if ($State.Dirty) { Initialize-Preamble }
        Restore-Connections
    }
    AfterAll {
        $verb = ($Cmdlet -split '-')[0]
        if ($Mutating -contains $verb -or $Cmdlet -eq 'Stop-VCloudSimulator') { $State.Dirty = $true }
        Stop-ExampleSimulators -Keep $State.Vars.enterprise, $State.Vars.provider
    }

    It 'runs as written' {
        if ($Exceptions.ContainsKey($Id)) { Set-ItResult -Skipped -Because $Exceptions[$Id]; return }
        { Invoke-HelpExample $Code } | Should -Not -Throw
    }
}

Describe 'Help text' {
    BeforeAll {
        $script:Maml = Get-Content (Join-Path $ModuleBase 'en-US/VCloudPS.dll-Help.xml') -Raw
    }

    It 'shows [-WhatIf] [-Confirm] in the syntax of <_> exactly when it supports them' -ForEach $CmdletNames {
        $syntax = (Get-Help $_).Syntax | Out-String -Width 4000
        $supports = (Get-Command $_).Parameters.ContainsKey('WhatIf')
        if ($supports) { $syntax | Should -Match '\[-WhatIf\]\s+\[-Confirm\]' }
        else { $syntax | Should -Not -Match 'WhatIf' }
    }

    It 'cites only documents that ship with the module' {
        $cited = [regex]::Matches($Maml, '(?<![\w/])((?:examples|simulator|docs|en-US)/[\w./-]+\.\w+|[\w-]+\.md)\b') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        foreach ($c in $cited) { Join-Path $ModuleBase $c | Should -Exist -Because "help cites $c" }
        $Maml | Should -Not -Match 'charging-sla|shared/'
    }
}
