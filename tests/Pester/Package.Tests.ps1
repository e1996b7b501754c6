# The published form: build/New-ModulePackage.ps1 turns the laid-out module into a versioned module folder and a
# .nupkg; Install-PSResource installs that from a local file repository into a fresh user profile (a temporary HOME,
# so its PSModulePath and repository list are temporary too), and Import-Module VCloudPS finds it by name.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:Version = ([xml](Get-Content (Join-Path $Root 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-package-$PID"
    Remove-Item $Work -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Force $Work | Out-Null

    $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $script:Pwsh = if ((Split-Path $hostPath -LeafBase) -eq 'dotnet') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
    function Invoke-Pwsh([string] $Command, [hashtable] $Environment = @{}) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($Pwsh[0])
        foreach ($a in @($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $psi.ArgumentList.Add($a) }
        foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $stderr = $p.StandardError.ReadToEndAsync()
        $stdout = $p.StandardOutput.ReadToEnd()
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout; Errors = $stderr.Result }
    }

    $script:Packed = Invoke-Pwsh "& '$Root/build/New-ModulePackage.ps1' -ModulePath '$(Split-Path (Get-VCloudPSModulePath))' -OutputPath '$Work/out' | Out-Null"
}

AfterAll {
    Remove-Item $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Package' {
    It 'produces a versioned module folder and a .nupkg of the one version' {
        $Packed.ExitCode | Should -Be 0 -Because $Packed.Errors
        Join-Path $Work "out/VCloudPS/$Version/VCloudPS.psd1" | Should -Exist
        Join-Path $Work "out/VCloudPS.$Version.nupkg" | Should -Exist
    }

    It 'stamps that version into the manifest and the assemblies' {
        (Import-PowerShellDataFile (Join-Path $Work "out/VCloudPS/$Version/VCloudPS.psd1")).ModuleVersion | Should -Be $Version
        foreach ($dll in 'VCloudPS.dll', 'VCloudPS.Core.dll') {
            $info = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $Work "out/VCloudPS/$Version/bin/$dll"))
            $info.ProductVersion | Should -BeLike "$Version*" -Because $dll
            $info.FileVersion | Should -BeLike "$Version*" -Because $dll
        }
        $sim = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $Work "out/VCloudPS/$Version/simulator/VCloudPS.Simulator.dll"))
        $sim.ProductVersion | Should -BeLike "$Version*"
    }

    It 'installs with Install-PSResource from a local file repository and imports by name' {
        $home2 = Join-Path $Work 'home'
        New-Item -ItemType Directory -Force $home2 | Out-Null
        $command = @"
`$ErrorActionPreference = 'Stop'
Unregister-PSResourceRepository -Name LocalVCloudPS -ErrorAction Ignore
Register-PSResourceRepository -Name LocalVCloudPS -Uri '$Work/out' -Trusted
try { Install-PSResource -Name VCloudPS -Repository LocalVCloudPS -Scope CurrentUser -TrustRepository -Quiet } finally { Unregister-PSResourceRepository -Name LocalVCloudPS }
Import-Module VCloudPS
`$m = Get-Module VCloudPS
'VERSION=' + `$m.Version
'BASE=' + `$m.ModuleBase
'CMDLETS=' + @(Get-Command -Module VCloudPS).Count
'ABOUT=' + [bool](Get-Help about_VCloudPS | Out-String | Select-String 'NEXT TO POWERCLI')
`$s = Start-VCloudSimulator
try { 'VAPPS=' + @(Get-VApp -Server (`$s | Connect-VCloud)).Count } finally { Stop-VCloudSimulator `$s }
"@
        $env = @{ HOME = $home2; XDG_DATA_HOME = (Join-Path $home2 '.local/share'); XDG_CONFIG_HOME = (Join-Path $home2 '.config'); XDG_CACHE_HOME = (Join-Path $home2 '.cache'); PSModulePath = '' }
        $r = Invoke-Pwsh $command $env
        $r.ExitCode | Should -Be 0 -Because "$($r.Output)`n$($r.Errors)"
        $r.Output | Should -Match "VERSION=$([regex]::Escape($Version))"
        $r.Output | Should -Match ([regex]::Escape($home2))
        $manifest = Import-PowerShellDataFile (Get-VCloudPSModulePath)
        $r.Output | Should -Match "CMDLETS=$($manifest.CmdletsToExport.Count)\b"
        $r.Output | Should -Match 'ABOUT=True'
        $r.Output | Should -Match 'VAPPS=[1-9]'
    }
}
