# Scenario 8: last month's SLA per vApp against 99.9 %, with incidents and credits.
# Dot-sourced by examples/demo.ps1 after scenario 7 ($BillingConn and $Charges in scope; falls back to $ProvConn).

Write-Host "`n== 8. SLA: last month per vApp against 99.9 %, incidents and credits" -ForegroundColor Cyan

$slaConn = if (Get-Variable BillingConn -ValueOnly -ErrorAction Ignore) { $BillingConn } else { $ProvConn }
$slaCharges = @(if (Get-Variable Charges -ValueOnly -ErrorAction Ignore) { $Charges })

# Sunday 02:00-04:00 UTC is the provider's announced maintenance window; outages then are not counted.
$slaParams = @{
    Server            = $slaConn
    Objective         = 99.9
    MaintenanceWindow = 'Sun 02:00-04:00'
    Detailed          = $true
    WarningAction     = 'SilentlyContinue'
}
if ($slaCharges.Count) { $slaParams.Charge = $slaCharges }
# The month of the charges (fixed by demo.ps1): the default would follow the cloud's clock past a month end.
if (Get-Variable ReportWindow -ValueOnly -ErrorAction Ignore) { $slaParams += $ReportWindow }
$slaOut = @(Get-VAppSla @slaParams)
$Sla = @($slaOut | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaRecord] })
$incidents = @($slaOut | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaOutage] -and $_.Counted })

if ($Sla.Count -eq 0) {
    Write-Host 'No vApp to evaluate in the SLA period.'
    return
}
# The default view shows availability truncated to 4 decimals (never overstated), remaining budget and credit.
$Sla | Sort-Object OrgName, VAppName | Out-String -Width 160 | Out-Host

$missed = @($Sla | Where-Object { $_.SloMet -eq $false })
if ($missed.Count -eq 0) {
    Write-Host "$($Sla.Count) vApps evaluated: no vApp missed the objective (99.9 %), no credits due."
}
else {
    $credits = [decimal]0
    foreach ($m in $missed) { $credits += [decimal]$m.CreditAmount }
    Write-Host "$($Sla.Count) vApps evaluated, $($missed.Count) missed 99.9 %, credits due: $credits $($missed[0].Currency)."
}
if ($incidents.Count -eq 0) { Write-Host 'No incident counted against the objective.' }
else {
    Write-Host "`nIncidents counted against the objective:"
    $incidents | Sort-Object Start | Select-Object -First 15 | Out-String -Width 160 | Out-Host
    $worst = $incidents | Sort-Object Minutes -Descending | Select-Object -First 1
    Write-Host "Evidence of the longest one ($($worst.VAppName), $($worst.Minutes) min): $($worst.Evidence -join '; ')"
}
$sloFile = Join-Path $DemoOut 'slo.openslo.yaml'
$Sla | Export-VAppSla -Format OpenSLO -Path $sloFile
Write-Host "OpenSLO objectives written: $sloFile"
