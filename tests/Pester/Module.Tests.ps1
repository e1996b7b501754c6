# The module as a PowerShell user meets it: manifest, exports, help, formatting.
BeforeDiscovery {
    $script:moduleRoot = Join-Path $PSScriptRoot '../../out/VCloudPS'
    $manifest = Import-PowerShellDataFile (Join-Path $moduleRoot 'VCloudPS.psd1')
    $script:cmdletNames = @($manifest.CmdletsToExport)
}

BeforeAll {
    $script:moduleRoot = Join-Path $PSScriptRoot '../../out/VCloudPS'
    $script:module = Import-Module (Join-Path $moduleRoot 'VCloudPS.psd1') -PassThru -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest (Join-Path $moduleRoot 'VCloudPS.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $exported = @(Get-Command -Module VCloudPS -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
        $declared = @($cmdletNames | Sort-Object)
        $exported | Should -Be $declared
    }

    It 'declares every cmdlet the assembly defines' {
        $defined = @($module.ImplementingAssembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object)
        $defined | Should -Be @($cmdletNames | Sort-Object)
    }

    It 'defines no functions, aliases or variables at import' {
        @(Get-Command -Module VCloudPS -CommandType Function, Alias).Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'uses only approved verbs' {
        $approved = Get-Verb | ForEach-Object Verb
        foreach ($c in Get-Command -Module VCloudPS) { $approved | Should -Contain $c.Verb -Because $c.Name }
    }

    It 'imports by name once its folder is on PSModulePath' {
        $parent = Split-Path (Resolve-Path $moduleRoot) -Parent
        $sep = [System.IO.Path]::PathSeparator
        $cmd = "`$env:PSModulePath = '$parent' + '$sep' + `$env:PSModulePath; Import-Module VCloudPS -ErrorAction Stop; (Get-Module VCloudPS).ModuleBase"
        # pwsh may run as a dotnet tool (the host process is then dotnet itself): start the same pwsh either way.
        $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $pwsh = if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
        $base = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $cmd
        $LASTEXITCODE | Should -Be 0
        ($base | Select-Object -Last 1) | Should -Be (Resolve-Path $moduleRoot).Path
    }
}

Describe 'Help for <_>' -ForEach $cmdletNames {
    BeforeAll {
        $script:name = $_
        $script:help = Get-Help $name -Full
        $script:command = Get-Command $name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($name))\s"   # the auto-generated syntax stand-in
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($e in $help.Examples.Example) { $e.Code | Should -Not -BeNullOrEmpty }
    }

    It 'documents every parameter' {
        foreach ($p in $command.Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $doc = $help.Parameters.Parameter | Where-Object Name -EQ $p
            ($doc.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "parameter -$p of $name needs a description"
        }
    }

    It 'shows a syntax with readable type names' {
        $syntax = ($help.Syntax | Out-String -Width 400).Trim()
        $syntax | Should -Match ([regex]::Escape($name))
        $syntax | Should -Not -Match '`\d' -Because 'generic type names such as Nullable`1 mean nothing to a reader'
    }
}

Describe 'Output formatting of <_>' -ForEach $cmdletNames {
    It 'declares its output types and each has a default view or display property set' {
        $name = $_
        $types = @((Get-Command $name).OutputType | ForEach-Object Type | Where-Object { $_ })
        foreach ($t in $types) {
            if ($t.IsPrimitive -or $t -in [string], [void], [System.IO.FileInfo]) { continue }
            $view = Get-FormatData -TypeName $t.FullName
            $typeData = Get-TypeData -TypeName $t.FullName
            ($null -ne $view -or ($null -ne $typeData -and $null -ne $typeData.DefaultDisplayPropertySet)) |
                Should -BeTrue -Because "$name outputs $($t.FullName), which needs a format view"
        }
    }
}
