# Scenario 2: inventory of both clouds: every vApp with its VMs, status, CPU, memory and storage, exported to CSV.
# Needs $EntConn, $ProvConn (from 01-connect.ps1) and $DemoOut (output folder).

if (Get-Command Write-DemoHeader -ErrorAction Ignore) { Write-DemoHeader '2. Inventory: every vApp with its VMs, status, CPU, memory and storage; exported to CSV' } else { Write-Host "`n== 2. Inventory: every vApp with its VMs, status, CPU, memory and storage; exported to CSV" }

foreach ($conn in $EntConn, $ProvConn) {
    Write-Host "vApps at $($conn.Server.Authority) (org $($conn.Org)):"
    Get-VApp -Server $conn | Format-Table -AutoSize | Out-Host
}

$inventory = foreach ($conn in $EntConn, $ProvConn) {
    Get-VApp -Server $conn | Get-VAppVM | Select-Object @{ n = 'Cloud'; e = { $conn.Server.Authority } },
        @{ n = 'Org'; e = { $conn.Org } }, VdcName, VAppName, Name, Status, CpuCount, MemoryMB, StorageMB, GuestOs, IpAddress
}
$csv = Join-Path $DemoOut 'inventory.csv'
$inventory | Export-Csv -Path $csv -NoTypeInformation
Write-Host ("{0} VMs in {1} vApps written to {2}" -f @($inventory).Count, @($inventory | Select-Object Cloud, VAppName -Unique).Count, $csv)

Write-Host "`nThe three-tier vApp 'shop' at the enterprise:"
Get-VApp -Name shop -Server $EntConn | Get-VAppVM | Format-Table -AutoSize | Out-Host
