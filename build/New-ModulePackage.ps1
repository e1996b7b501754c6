<#
.SYNOPSIS
    Turns a laid-out module folder (out/VCloudPS) into what is published: a versioned module folder
    (<OutputPath>/VCloudPS/<version>) and a NuGet package (<OutputPath>/VCloudPS.<version>.nupkg) that
    Install-PSResource, Save-PSResource and Install-Module install from a local file repository.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$manifestPath = Join-Path $ModulePath 'VCloudPS.psd1'
$version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
New-Item -ItemType Directory -Force $OutputPath | Out-Null
$OutputPath = (Resolve-Path $OutputPath).Path

$versioned = Join-Path $OutputPath "VCloudPS/$version"
Remove-Item (Join-Path $OutputPath 'VCloudPS') -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory -Force $versioned | Out-Null
Copy-Item (Join-Path $ModulePath '*') $versioned -Recurse

# Compress-PSResource packs a folder named like the module; the versioned folder's parent is not.
$staging = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-pack-$PID/VCloudPS"
Remove-Item (Split-Path $staging) -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory -Force $staging | Out-Null
try {
    Copy-Item (Join-Path $ModulePath '*') $staging -Recurse
    Remove-Item (Join-Path $OutputPath "VCloudPS.$version.nupkg") -ErrorAction Ignore
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $staging -DestinationPath $OutputPath
}
finally { Remove-Item (Split-Path $staging) -Recurse -Force -ErrorAction Ignore }

$nupkg = Join-Path $OutputPath "VCloudPS.$version.nupkg"
if (-not (Test-Path $nupkg)) { throw "Compress-PSResource wrote no $nupkg" }
Write-Host "package $nupkg and module folder $versioned"
[pscustomobject]@{ Version = $version; ModuleFolder = $versioned; Package = $nupkg }
