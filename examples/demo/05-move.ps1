# Scenario 5: move whole vApps. A native move between two VDCs of one organization (vCloud Director's own moveVApp:
# no disk byte through the client), then a streamed move to the other cloud (export piped into import, every file
# verified before the source is removed). $EntConn and $ProvConn come from 01-connect.ps1.

Write-Host "`n=== 5. Move vApps: natively inside the enterprise, streamed to the provider ===" -ForegroundColor Cyan
$DevVdc = Get-VCloudVdc -Name ent-dev -Server $EntConn
$PaygVdc = Get-VCloudVdc -Name acme-payg -Server $ProvConn

$crm = Get-VApp -Name crm -Server $EntConn -ErrorAction SilentlyContinue
if (-not $crm) {
    Write-Host "There is no vApp 'crm' in the enterprise cloud, so the native move is skipped."
}
else {
    # crm-db keeps a disk on Gold, which ent-dev does not offer: the move says so until the policy is mapped.
    $policyMap = @{ Gold = 'Standard' }
    Write-Host "Preflight of moving 'crm' (running) from $($crm.VdcName) to ent-dev, its Gold disk mapped to Standard:"
    $crm | Test-VAppMove -Destination $DevVdc -StorageProfileMapping $policyMap | Format-Table -AutoSize | Out-Host
    $crm | Move-VApp -Destination $DevVdc -StorageProfileMapping $policyMap -Confirm:$false | Format-Table -AutoSize | Out-Host
    Write-Host "crm is now in $((Get-VApp -Name crm -Server $EntConn).VdcName), still $((Get-VApp -Name crm -Server $EntConn).Status)."
}

$reporting = Get-VApp -Name reporting -Server $EntConn -ErrorAction SilentlyContinue
if (-not $reporting) {
    Write-Host "There is no vApp 'reporting' in the enterprise cloud, so the cross-cloud move is skipped."
}
else {
    $moveMap = @{ 'ent-app-net' = 'acme-net' }
    $plan = $reporting | Test-VAppMove -Destination $PaygVdc -NetworkMapping $moveMap
    Write-Host "Preflight of moving 'reporting' to the provider: method $($plan.Method), up to $([math]::Round($plan.BytesToSend / 1GB, 1)) GB of disk capacity through the client."
    if (-not $plan.CanProceed) {
        Write-Host "The move cannot start: $(($plan.Blockers | ForEach-Object Message) -join ' ')"
    }
    else {
        $moved = $reporting | Move-VApp -Destination $PaygVdc -NetworkMapping $moveMap -PowerOn -Confirm:$false
        $moved | Format-Table -AutoSize | Out-Host
        Write-Host "Verified files:"
        $moved.Files | Format-Table Name, @{ n = 'MB'; e = { '{0:N1}' -f ($_.Size / 1MB) } }, Sha256 -AutoSize | Out-Host
        $left = Get-VApp -Name reporting -Server $EntConn -ErrorAction SilentlyContinue
        Write-Host ($(if ($left) { "'reporting' is still in the enterprise cloud." } else { "'reporting' is gone from the enterprise cloud and runs at the provider ($((Get-VApp -Name reporting -Server $ProvConn).Status))." }))
    }
}
