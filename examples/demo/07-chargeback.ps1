# Scenario 7: charge-back for last month per vApp, totals per org, written as FOCUS CSV.
# Dot-sourced by examples/demo.ps1 with $Provider, $ProvConn and $DemoOut in scope.

Write-Host "`n== 7. Charge-back: last month per vApp, totals per org, FOCUS CSV" -ForegroundColor Cyan

$rateCard = New-VCloudRateCard -Path (Join-Path $PSScriptRoot '../ratecard.json')
$rateCard | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

# The provider's own view (all tenant orgs): its System administrator, logged in for billing.
$providerAdmin = $Provider.Users | Where-Object { $_.Org -eq 'System' } | Select-Object -First 1
$BillingConn = if ($providerAdmin) {
    Connect-VCloud -Server $Provider.Url -Org System -Credential ([pscredential]::new($providerAdmin.Name, $providerAdmin.Password)) -NotDefault
} else { $ProvConn }

# The previous calendar month: the default window, given explicitly when demo.ps1 fixed it ($ReportWindow).
$chargeWindow = if (Get-Variable ReportWindow -ValueOnly -ErrorAction Ignore) { $ReportWindow } else { @{} }
$Charges = @(Get-VAppCharge -Server $BillingConn -RateCard $rateCard @chargeWindow -WarningAction SilentlyContinue -WarningVariable chargeWarnings)
if ($Charges.Count -eq 0) {
    Write-Host 'No charges: no vApp ran or held storage in the billing period.'
    return
}
$window = '{0:yyyy-MM-dd} to {1:yyyy-MM-dd}' -f $Charges[0].BillingPeriodStart, $Charges[0].BillingPeriodEnd
Write-Host "Billing period $window (UTC), $($Charges.Count) FOCUS lines, $(@($chargeWarnings).Count) warning(s) about unknown state."

Write-Host "`nPer vApp:"
$Charges | Group-Object BillingAccountName, x_VAppName | ForEach-Object {
    [pscustomobject]@{
        Org        = $_.Group[0].BillingAccountName
        VApp       = $_.Group[0].x_VAppName
        Lines      = $_.Count
        ListCost   = [decimal]($_.Group | Measure-Object ListCost -Sum).Sum
        BilledCost = [decimal]($_.Group | Measure-Object BilledCost -Sum).Sum
        Currency   = $_.Group[0].BillingCurrency
    }
} | Sort-Object Org, VApp | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

Write-Host "Totals per org (sums of rounded lines):"
$Charges | Group-Object BillingAccountName | ForEach-Object {
    [pscustomobject]@{
        Org        = $_.Name
        VApps      = @($_.Group.x_VAppName | Sort-Object -Unique).Count
        ListCost   = [decimal]($_.Group | Measure-Object ListCost -Sum).Sum
        BilledCost = [decimal]($_.Group | Measure-Object BilledCost -Sum).Sum
        Currency   = $_.Group[0].BillingCurrency
    }
} | Sort-Object Org | Format-Table -AutoSize | Out-String -Width 160 | Out-Host

$focusCsv = Join-Path $DemoOut 'charges-last-month.focus.csv'
$Charges | Export-VAppCharge -Path $focusCsv
Write-Host "FOCUS CSV written: $focusCsv ($((Get-Content $focusCsv).Count - 1) rows)"
Get-Content $focusCsv -TotalCount 2 | ForEach-Object { Write-Host ('  ' + ($_.Substring(0, [Math]::Min(160, $_.Length))) + '...') }
