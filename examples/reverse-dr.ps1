<#
.SYNOPSIS
    Reverse-DR runbook: copies every vApp tagged for DR at the provider home to the enterprise, unattended.
.DESCRIPTION
    Finds the provider's vApps whose metadata has <Tag> = <TagValue> (default dr = daily), copies each with
    Copy-VApp -KeepGenerations into the enterprise VDC (production keeps running: a running vApp is cloned at the
    provider and the clone streamed; every file is verified; older generations are removed only after the new copy is
    verified), and writes one summary object per vApp. Never prompts. Exits 1 when any copy failed, 0 otherwise.

    -Shard i/N takes a deterministic share of the vApps (SHA-256 of the vApp's id, modulo N), so N workers of a job
    engine (Kubernetes Indexed Job, Jenkins agents, Azure Automation hybrid workers) split a fleet without talking to
    each other: every vApp falls in exactly one shard, the same one on every run.

    Credentials: -ProviderCredential/-EnterpriseCredential, or the environment variables VCD_PROVIDER_USER,
    VCD_PROVIDER_PASSWORD, VCD_ENTERPRISE_USER, VCD_ENTERPRISE_PASSWORD (user@org), e.g. from a Kubernetes Secret.
.EXAMPLE
    ./examples/reverse-dr.ps1 -ProviderUrl https://vcd.provider.example -EnterpriseUrl https://vcd.corp.example -DestinationVdc dr-vdc -NetworkMapping @{ 'acme-net' = 'ent-app-net' }
.EXAMPLE
    ./examples/reverse-dr.ps1 ... -Shard 2/4 -PlanOnly
    Lists (Status Planned) the vApps worker 2 of 4 would copy, without copying.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ProviderUrl,
    [Parameter(Mandatory)] [string] $EnterpriseUrl,
    [Parameter(Mandatory)] [string] $DestinationVdc,
    [pscredential] $ProviderCredential,
    [pscredential] $EnterpriseCredential,
    [string] $Tag = 'dr',
    [string] $TagValue = 'daily',
    [hashtable] $NetworkMapping = @{},
    [ValidateRange(1, 1000)] [int] $KeepGenerations = 2,
    [ValidatePattern('^\d+/[1-9]\d*$')] [string] $Shard = '0/1',
    [ValidateRange(1, 16)] [int] $ThrottleLimit = 3,
    [switch] $PlanOnly,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/VCloudPS/VCloudPS.psd1')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ConfirmPreference = 'None'      # unattended: never prompt
$ProgressPreference = 'SilentlyContinue'

function Get-ShardIndex {
    <# Stable shard of a key: first 4 bytes of SHA-256(UTF-8 key), big-endian, modulo Count (.NET's string hash is randomized per process). #>
    param([Parameter(Mandatory)] [string] $Key, [Parameter(Mandatory)] [int] $Count)
    $hash = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Key))
    [int]([System.Buffers.Binary.BinaryPrimitives]::ReadUInt32BigEndian($hash) % [uint32]$Count)
}

function Get-EnvCredential([string] $Prefix) {
    $user = [Environment]::GetEnvironmentVariable("${Prefix}_USER")
    $password = [Environment]::GetEnvironmentVariable("${Prefix}_PASSWORD")
    if (-not $user -or -not $password) { throw "No credential: pass -$($Prefix -replace 'VCD_' -replace '_','')Credential or set ${Prefix}_USER and ${Prefix}_PASSWORD." }
    [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
}

$index, $count = $Shard.Split('/') | ForEach-Object { [int]$_ }
if ($index -ge $count) { throw "-Shard $($Shard): the index must be below the count (0/$count .. $($count - 1)/$count)." }
if (-not (Get-Module VCloudPS)) { Import-Module $ModulePath }
if (-not $ProviderCredential) { $ProviderCredential = Get-EnvCredential 'VCD_PROVIDER' }
if (-not $EnterpriseCredential) { $EnterpriseCredential = Get-EnvCredential 'VCD_ENTERPRISE' }

$prov = Connect-VCloud -Server $ProviderUrl -Credential $ProviderCredential -NotDefault
$ent = Connect-VCloud -Server $EnterpriseUrl -Credential $EnterpriseCredential -NotDefault
$failures = 0
try {
    $vdc = Get-VCloudVdc -Name $DestinationVdc -Server $ent
    $tagged = @(Get-VApp -Server $prov -Metadata @{ $Tag = $TagValue } | Sort-Object Name)
    $mine = @($tagged | Where-Object { (Get-ShardIndex -Key $_.Id -Count $count) -eq $index })
    Write-Verbose "Shard $Shard`: $($mine.Count) of $($tagged.Count) vApp(s) tagged $Tag=$TagValue."
    foreach ($vapp in $mine) {
        $summary = [ordered]@{ VApp = $vapp.Name; Id = $vapp.Id; Shard = $Shard; Status = 'Planned'; Copy = $null; Method = $null; MB = 0; Files = 0; Removed = ''; Duration = $null; Error = $null }
        if (-not $PlanOnly) {
            try {
                $r = Copy-VApp -VApp $vapp -Destination $vdc -KeepGenerations $KeepGenerations -NetworkMapping $NetworkMapping -ThrottleLimit $ThrottleLimit -ErrorAction Stop
                $summary.Status = 'Copied'; $summary.Copy = $r.Name; $summary.Method = "$($r.Method)"
                $summary.MB = [math]::Round($r.BytesMoved / 1MB, 1); $summary.Files = $r.Digests.Count
                $summary.Removed = $r.RemovedGenerations -join ', '; $summary.Duration = $r.Duration
            }
            catch {
                $failures++
                $summary.Status = 'Failed'; $summary.Error = $_.Exception.Message
            }
        }
        [pscustomobject]$summary
    }
}
finally {
    $prov, $ent | Disconnect-VCloud -ErrorAction SilentlyContinue
}
if ($failures -gt 0) { Write-Warning "$failures copy(ies) failed."; exit 1 }
exit 0
