# Scenario 6: reverse DR. Production runs at the provider; vApps tagged dr=daily are copied home to the enterprise by
# the unattended runbook examples/reverse-dr.ps1 (running vApps are never stopped), keeping two generations.

Write-Host "`n=== 6. Reverse DR: copy tagged production home, keep two generations ===" -ForegroundColor Cyan
Get-VApp -Name acme-web -Server $ProvConn | Set-VAppMetadata -Metadata @{ dr = 'daily' } -Confirm:$false
$tagged = @(Get-VApp -Server $ProvConn -Metadata @{ dr = 'daily' })
if ($tagged.Count -eq 0) {
    Write-Host 'No vApp is tagged dr=daily at the provider; there is nothing to copy.'
}
else {
    Write-Host "Tagged for DR at the provider: $(($tagged | ForEach-Object Name) -join ', ')"
    $acmeUser = $Provider.Users | Where-Object { $_.Org -eq 'acme' -and $_.Name -eq 'admin' } | Select-Object -First 1
    $runbook = Join-Path $PSScriptRoot '../reverse-dr.ps1'
    if (-not (Test-Path $runbook)) { $runbook = Join-Path $PSScriptRoot 'reverse-dr.ps1' }
    $drArgs = @{
        ProviderUrl = $Provider.Url; ProviderCredential = $acmeUser.Credential
        EnterpriseUrl = $Enterprise.Url; EnterpriseCredential = $Enterprise.Credential
        DestinationVdc = 'ent-prod'; NetworkMapping = @{ 'acme-net' = 'ent-app-net'; 'acme-dmz' = 'ent-dmz' }; KeepGenerations = 2
    }
    foreach ($run in 1..3) {
        Write-Host "Runbook run $run of 3:"
        $summary = @(& $runbook @drArgs)
        if ($summary.Count -eq 0) { Write-Host '  The runbook found nothing to copy.' }
        else { $summary | Format-Table VApp, Status, Copy, MB, Files, Removed -AutoSize | Out-Host }
        if ($LASTEXITCODE) { Write-Host "  The runbook reported a failed copy (exit code $LASTEXITCODE)." }
        Start-Sleep -Seconds 1   # generation names have one-second resolution
    }
    $generations = @(Get-VApp -Server $EntConn | Where-Object Name -like 'acme-web-*' | Sort-Object Name)
    Write-Host "Generations of acme-web kept in the enterprise: $(if ($generations) { ($generations | ForEach-Object Name) -join ', ' } else { 'none' })"
}
