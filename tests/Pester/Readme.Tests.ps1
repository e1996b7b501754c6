# The README's "Use" section runs as written, in a new non-interactive pwsh (as a user would paste it), from a folder
# that holds the repository's out/ (the module under test) and examples/.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
    $use = [array]::IndexOf($readme, '## Use')
    $lines = @(); $inBlock = $false
    foreach ($line in $readme | Select-Object -Skip ($use + 1)) {
        if (-not $inBlock) { $inBlock = $line -eq '```powershell'; continue }
        if ($line -eq '```') { break }
        $lines += $line
    }
    $script:UseCode = $lines -join "`n"
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-readme-$PID"
    New-Item -ItemType Directory -Force $Folder | Out-Null
    $moduleFolder = Split-Path (Get-VCloudPSModulePath) -Parent
    New-Item -ItemType Directory -Force (Join-Path $Folder 'out') | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'out/VCloudPS') -Target $moduleFolder | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'examples') -Target (Resolve-Path (Join-Path $PSScriptRoot '../../examples')).Path | Out-Null
}

AfterAll {
    Remove-Item $script:Folder -Recurse -Force -ErrorAction Ignore
}

Describe 'README Use section' {
    It 'is found' {
        $UseCode | Should -Match 'Start-VCloudSimulator'
        $UseCode | Should -Match 'Import-VApp'
    }

    It 'runs as written, without prompting, and leaves its files' {
        $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $pwsh = if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
        $script = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'`n$UseCode`n'README-USE-DONE'"
        Push-Location $Folder
        try { $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String }
        finally { Pop-Location }
        $LASTEXITCODE | Should -Be 0 -Because $out
        $out | Should -Match 'README-USE-DONE'
        Join-Path $Folder 'shop.ova' | Should -Exist
        (Import-Csv (Join-Path $Folder 'charges.csv')).Count | Should -BeGreaterThan 0
    }
}
