# Scenario 3: extract the three-tier vApp 'shop' from the enterprise cloud as one OVA and show its manifest verified.
# Dot-sourced by examples/demo.ps1 with $Enterprise, $Provider, $EntConn, $ProvConn and $DemoOut in scope.

Write-Host "`n=== 3. Extract 'shop' from the enterprise cloud as an OVA ===" -ForegroundColor Cyan
$shop = Get-VApp -Name shop -Server $EntConn
$shop | Format-Table Name, Status, Deployed, NumberOfVMs, CpuCount, MemoryMB, StorageMB -AutoSize | Out-Host

# vCD only downloads undeployed vApps: -Stop undeploys shop for the export and powers it back on afterwards.
$ShopOva = Join-Path $DemoOut 'shop.ova'
$ShopExport = $shop | Export-VApp -Path $ShopOva -Stop -Force -Confirm:$false
$ShopExport | Format-Table -AutoSize | Out-Host
Write-Host 'Files in the OVA, in archive order (descriptor, manifest, disks) with the SHA-256 computed while downloading:'
$ShopExport.Files | Format-Table Name, Size, Sha256 -AutoSize | Out-Host

# Verify the archive independently: re-read every entry of the OVA in place and compare it with its manifest line.
$check = Test-VAppPackage -Path $ShopOva
if (-not $check.IsValid) { throw "the exported OVA failed its check: $($check.Problem)" }
Write-Host "Manifest check of $(Split-Path $ShopOva -Leaf): $($check.Verified.Count) entries verified, $($check.UnlistedFiles.Count) unlisted." -ForegroundColor Green
$check.Verified | Format-Table FileName, Algorithm, Digest -AutoSize | Out-Host

$after = Get-VApp -Name shop -Server $EntConn
Write-Host "shop is back to $($after.Status) (deployed: $($after.Deployed)) after the export."
