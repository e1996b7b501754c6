<#
.SYNOPSIS
    One front door for building, testing, packaging, benchmarking and demonstrating VCloudPS.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Package', 'Test', 'UnitTest', 'PesterTest', 'PesterRun', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Test',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester: run only tests/Pester/<PesterFilter>.Tests.ps1 (a wildcard pattern; all files when empty).
    [string] $PesterFilter = '',
    # Bench: which benchmark scripts to run (bench/<name>.ps1), all by default.
    [string[]] $Bench = @(),
    # Demo: the simulators' clock at start (UTC), e.g. 2027-01-01T00:00:30Z; default now.
    [Nullable[datetime]] $Now
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'VCloudPS'
$results = Join-Path $out 'test-results'
if ($env:CI) { $env:NO_COLOR = '1'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' } }
foreach ($v in 'DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_NOLOGO') { if (-not (Get-Item "env:$v" -ErrorAction Ignore)) { Set-Item "env:$v" '1' } }
if (-not $env:NUGET_CERT_REVOCATION_MODE) { $env:NUGET_CERT_REVOCATION_MODE = 'offline' }
if (-not $env:DOTNET_GENERATE_ASPNET_CERTIFICATE) { $env:DOTNET_GENERATE_ASPNET_CERTIFICATE = 'false' }

function Exec([scriptblock] $Command) {
    & $Command | Out-Host
    if ($LASTEXITCODE) { throw "exit code $LASTEXITCODE from: $Command" }
}

function Invoke-Build {
    Exec { dotnet build "$root/VCloudPS.sln" -c $Configuration --nologo -v minimal }
    Invoke-Layout
}

function Invoke-Package {
    # On its own (a fresh clone included): build what the module ships, lay it out, then the versioned module folder
    # and the .nupkg in out/package.
    foreach ($project in 'VCloudPS.Cmdlets', 'VCloudPS.Simulator') {
        Exec { dotnet build "$root/src/$project" -c $Configuration --nologo -v minimal }
    }
    Invoke-Layout
    dotnet pwsh -NoProfile -NonInteractive -File "$root/build/New-ModulePackage.ps1" -ModulePath $moduleOut -OutputPath (Join-Path $out 'package') | Out-Host
    if ($LASTEXITCODE) { throw "packaging failed ($LASTEXITCODE)" }
}

function Get-ModuleVersion {
    # The one version number: <Version> in Directory.Build.props (assemblies get it from there too).
    ([xml](Get-Content "$root/Directory.Build.props" -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Layout {
    Remove-Item $moduleOut -Recurse -Force -ErrorAction Ignore
    Exec { dotnet publish "$root/src/VCloudPS.Cmdlets" -c $Configuration --no-build --nologo -v quiet -o "$moduleOut/bin" }
    Copy-Item "$root/module/*" $moduleOut -Recurse -Exclude 'help'
    $manifest = Join-Path $moduleOut 'VCloudPS.psd1'
    (Get-Content $manifest -Raw) -replace "ModuleVersion(\s*)=\s*'[^']*'", "ModuleVersion`$1= '$(Get-ModuleVersion)'" | Set-Content $manifest -NoNewline
    Exec { dotnet publish "$root/src/VCloudPS.Simulator" -c $Configuration --no-build --nologo -v quiet -o "$moduleOut/simulator" }
    # What the help cites ships with the module: the example rate card and SLA policy, the simulator's manual.
    New-Item -ItemType Directory -Force "$moduleOut/examples" | Out-Null
    Copy-Item "$root/examples/ratecard.json", "$root/examples/sla-policy.json" "$moduleOut/examples"
    Copy-Item "$root/src/VCloudPS.Simulator/README.md" "$moduleOut/simulator/README.md"
    & "$root/build/New-MamlHelp.ps1" -ModulePath $moduleOut -HelpSource "$root/module/help"
    Write-Host "module laid out in $moduleOut"
}

function Get-PackagesFolder {
    Exec { dotnet restore "$root/build/tools.csproj" --nologo -v quiet }
    $assets = Get-Content "$root/build/obj/project.assets.json" -Raw | ConvertFrom-Json
    return @($assets.packageFolders.PSObject.Properties.Name)[0]
}

function Invoke-UnitTest {
    New-Item -ItemType Directory -Force $results | Out-Null
    Remove-Item "$results/*.trx" -ErrorAction Ignore
    dotnet test "$root/VCloudPS.sln" -c $Configuration --no-build --nologo --logger 'trx' --results-directory $results | Out-Host
    $code = $LASTEXITCODE
    $trxFiles = @(Get-ChildItem $results -Filter *.trx | ForEach-Object FullName)
    $c = if ($trxFiles) { & "$root/build/Get-TrxCounts.ps1" -Path $trxFiles } else { [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 } }
    $failed = $c.Failed
    if ($code -and -not $failed) { $failed = 1 }
    return [pscustomobject]@{ Name = 'xunit'; Passed = $c.Passed; Failed = $failed; Skipped = $c.Skipped }
}

# The HTML report test renders in headless Chromium (Debian's chromium package): installed here when running as root with
# apt-get; otherwise that test skips with a notice.
function Install-TestBrowser {
    if (Get-Command chromium -ErrorAction Ignore) { return }
    $isRoot = $IsLinux -and ((& id -u 2>$null) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Host 'NOTICE: chromium is not installed and cannot be installed here (needs root and apt-get); the HTML report rendering test will be skipped.'
        return
    }
    Write-Host 'Installing chromium for the HTML report rendering test (apt-get)...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq 2>&1 | Out-Null
    & apt-get install -y -qq chromium 2>&1 | Select-Object -Last 3 | Out-Host
    if (-not (Get-Command chromium -ErrorAction Ignore)) { Write-Host 'NOTICE: installing chromium failed; the HTML report rendering test will be skipped.' }
}

function Invoke-PesterTest {
    Install-TestBrowser
    $packages = Get-PackagesFolder
    $summary = Join-Path $results 'pester-summary.json'
    Remove-Item $summary -ErrorAction Ignore
    # A child process: the freshly built module must be loaded, never a copy cached in this process.
    # The filter travels in the environment: pwsh on Unix would glob-expand a '*' passed as a native argument.
    $env:VCLOUDPS_PESTER_FILTER = $PesterFilter
    dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath -Task PesterRun -Configuration $Configuration | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Name = 'pester'; Passed = 0; Failed = 1; Skipped = 0 } }
    return Get-Content $summary -Raw | ConvertFrom-Json
}

function Invoke-PesterRun {
    # Normally started by PesterTest after a build; run directly on a fresh clone, it builds first.
    if (-not $env:VCLOUDPS_MODULE_PATH -and -not (Test-Path "$moduleOut/VCloudPS.psd1")) { Invoke-Build }
    $packages = Get-PackagesFolder
    Import-Module (Join-Path $packages 'pester/6.2.0/tools/Pester.psd1') -Force
    New-Item -ItemType Directory -Force $results | Out-Null
    $c = New-PesterConfiguration
    $c.Run.Path = @(Get-ChildItem "$root/tests/Pester" -Filter "$(if ($env:VCLOUDPS_PESTER_FILTER) { $env:VCLOUDPS_PESTER_FILTER } else { '*' }).Tests.ps1" | ForEach-Object FullName)
    $c.Run.PassThru = $true
    $c.Output.Verbosity = 'Detailed'
    $c.TestResult.Enabled = $true
    $c.TestResult.OutputFormat = 'NUnitXml'
    $c.TestResult.OutputPath = Join-Path $results 'pester.xml'
    $r = Invoke-Pester -Configuration $c
    $failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
    [pscustomobject]@{ Name = 'pester'; Passed = $r.PassedCount; Failed = $failed; Skipped = $r.SkippedCount + $r.NotRunCount } |
        ConvertTo-Json | Set-Content (Join-Path $results 'pester-summary.json')
}

function Write-TestSummary([object[]] $Parts) {
    foreach ($p in $Parts) { Write-Host ('{0}: {1} passed, {2} failed, {3} skipped' -f $p.Name, $p.Passed, $p.Failed, $p.Skipped) }
    $passed = ($Parts | Measure-Object Passed -Sum).Sum
    $failed = ($Parts | Measure-Object Failed -Sum).Sum
    $skipped = ($Parts | Measure-Object Skipped -Sum).Sum
    Write-Host "skipped: $skipped"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $demoArgs = @{ ModulePath = $moduleOut }
    if ($Now) { $demoArgs.Now = $Now }
    & "$root/examples/demo.ps1" @demoArgs
    if ($LASTEXITCODE) { throw "the demo failed (exit code $LASTEXITCODE)" }
}

function Invoke-Bench {
    Invoke-Build
    $scripts = if ($Bench) { $Bench | ForEach-Object { Join-Path "$root/bench" "$_.ps1" } } else { Get-ChildItem "$root/bench" -Filter '*.ps1' | ForEach-Object FullName }
    foreach ($s in $scripts) {
        Write-Host "== $(Split-Path $s -Leaf)"
        dotnet pwsh -NoProfile -NonInteractive -File $s -ModulePath $moduleOut | Out-Host
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Package' { Invoke-Package }
    'UnitTest' { Invoke-Build; Write-TestSummary @(Invoke-UnitTest) }
    'PesterTest' { Invoke-Build; Write-TestSummary @(Invoke-PesterTest) }
    'PesterRun' { Invoke-PesterRun }
    'Test' { Invoke-Build; $u = Invoke-UnitTest; $p = Invoke-PesterTest; Write-TestSummary @($u, $p) }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' { Remove-Item $out -Recurse -Force -ErrorAction Ignore; Get-ChildItem $root -Include bin, obj -Recurse -Directory | Remove-Item -Recurse -Force }
}
