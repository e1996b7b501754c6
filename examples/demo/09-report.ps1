# Scenario 9: last month's HTML report (cost and SLA charts with their tables) and the SLA summary per org.
# Dot-sourced by examples/demo.ps1 after scenarios 7 and 8 ($Charges and $Sla in scope; empty when they found nothing).

Write-Host "`n== 9. Report: last month's cost and SLA as one HTML file" -ForegroundColor Cyan

$reportCharges = @(if (Get-Variable Charges -ValueOnly -ErrorAction Ignore) { $Charges })
$reportSla = @(if (Get-Variable Sla -ValueOnly -ErrorAction Ignore) { $Sla })
if ($reportSla.Count) { $reportSla | Measure-VAppSla | Out-String -Width 120 | Out-Host }

$reportFile = Join-Path $DemoOut 'report-last-month.html'
$report = Export-VCloudReport -Charge $reportCharges -Sla $reportSla -Path $reportFile -Title 'vCloud charge-back and SLA, last month' -PassThru
Write-Host "HTML report written: $($report.FullName) ($($reportCharges.Count) charge lines, $($reportSla.Count) SLA records; open it in a browser)"
