# Shared helpers for the Pester suites. Import with:
#   BeforeAll { Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force; Import-VCloudPSUnderTest }
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-VCloudPSModulePath {
    <# The packaged module under test: $env:VCLOUDPS_MODULE_PATH, else out/VCloudPS/VCloudPS.psd1 of this repository. #>
    if ($env:VCLOUDPS_MODULE_PATH) { return $env:VCLOUDPS_MODULE_PATH }
    Join-Path $script:RepoRoot 'out/VCloudPS/VCloudPS.psd1'
}

function Import-VCloudPSUnderTest {
    <# Imports the built module by path (never a copy found on PSModulePath). Build first: ./build.ps1 -Task Build. #>
    [CmdletBinding()]
    param()
    $path = Get-VCloudPSModulePath
    if (-not (Test-Path $path)) { throw "Module not built: $path is missing. Run ./build.ps1 -Task Build first." }
    Import-Module $path -Force -ErrorAction Stop -Global
}

function Start-TestSimulator {
    <# Starts a simulator process through Start-VCloudSimulator and returns its object. #>
    [CmdletBinding()]
    param(
        [string] $Seed = 'enterprise',
        [int] $GenerateVApps = 0,
        [Nullable[datetime]] $Now
    )
    $p = @{ Seed = $Seed; StartTimeoutSec = 120 }
    if ($GenerateVApps) { $p.GenerateVApps = $GenerateVApps }
    if ($Now) { $p.Now = $Now }
    Start-VCloudSimulator @p
}

function Stop-TestSimulator {
    <# Stops simulators (ignores $null, so it is safe in AfterAll even when BeforeAll failed). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] [object[]] $Simulator)
    process {
        foreach ($s in @($Simulator)) { if ($null -ne $s) { Stop-VCloudSimulator -Simulator $s } }
    }
}

function Get-TestUser {
    <# One seeded user of a simulator by name (and org). #>
    param([Parameter(Mandatory)] $Simulator, [Parameter(Mandatory)] [string] $Name, [string] $Org)
    $u = @($Simulator.Users | Where-Object { $_.Name -eq $Name -and (-not $Org -or $_.Org -eq $Org) })
    if ($u.Count -eq 0) { throw "No user $Name in the $($Simulator.Seed) seed" }
    $u[0]
}

function ConvertFrom-TestSecureString {
    <# Plain text of a SecureString, for tests that search output for leaked secrets. #>
    param([Parameter(Mandatory)] [securestring] $Secure)
    [System.Net.NetworkCredential]::new('', $Secure).Password
}

function Get-TestSecret {
    <# Every password and API token of a simulator's users, as plain strings. #>
    param([Parameter(Mandatory)] $Simulator)
    foreach ($u in $Simulator.Users) {
        if ($u.Password) { ConvertFrom-TestSecureString $u.Password }
        if ($u.ApiToken) { ConvertFrom-TestSecureString $u.ApiToken }
    }
}

function Add-SimulatorFault {
    <# Injects a fault (POST /sim/faults): Kind status|drop|slow|taskFail|hang|busy|expireSession. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Simulator,
        [Parameter(Mandatory)] [ValidateSet('status', 'drop', 'slow', 'taskFail', 'hang', 'busy', 'expireSession')] [string] $Kind,
        [string] $PathPattern = '*',
        [string] $Method,
        [int] $Count = 1,
        [int] $Status,
        [int] $DelayMs,
        [long] $AfterBytes
    )
    $body = @{ kind = $Kind; pathPattern = $PathPattern; count = $Count }
    if ($Method) { $body.method = $Method }
    if ($Status) { $body.status = $Status }
    if ($DelayMs) { $body.delayMs = $DelayMs }
    if ($PSBoundParameters.ContainsKey('AfterBytes')) { $body.afterBytes = $AfterBytes }
    Invoke-RestMethod -Method Post -Uri ([uri]::new($Simulator.Url, '/sim/faults')) -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

function Clear-SimulatorFault {
    param([Parameter(Mandatory)] $Simulator)
    Invoke-RestMethod -Method Delete -Uri ([uri]::new($Simulator.Url, '/sim/faults')) | Out-Null
}

function Get-SimulatorFault {
    <# Faults still pending (a consumed fault disappears). #>
    param([Parameter(Mandatory)] $Simulator)
    @(Invoke-RestMethod -Method Get -Uri ([uri]::new($Simulator.Url, '/sim/faults')))
}

function Set-SimulatorClock {
    <# Sets ({"now": ...}) or advances ({"advance": "PT10H"}) the simulated clock. #>
    param([Parameter(Mandatory)] $Simulator, [datetime] $Now, [timespan] $Advance)
    $body = if ($PSBoundParameters.ContainsKey('Now')) { @{ now = $Now.ToUniversalTime().ToString('o') } } else { @{ advance = [System.Xml.XmlConvert]::ToString($Advance) } }
    Invoke-RestMethod -Method Post -Uri ([uri]::new($Simulator.Url, '/sim/clock')) -Body ($body | ConvertTo-Json) -ContentType 'application/json'
}

Export-ModuleMember -Function Get-VCloudPSModulePath, Import-VCloudPSUnderTest, Start-TestSimulator, Stop-TestSimulator, Get-TestUser,
    ConvertFrom-TestSecureString, Get-TestSecret, Add-SimulatorFault, Clear-SimulatorFault, Get-SimulatorFault, Set-SimulatorClock
