# Scenario 4: insert the exported OVA into the provider's VDC with its networks mapped, power it on and show it.
# Needs $ShopOva from 03-export.ps1; $ProvConn is the provider tenant (acme) connection.

Write-Host "`n=== 4. Insert 'shop' into the provider cloud and power it on ===" -ForegroundColor Cyan
$ProvVdc = Get-VCloudVdc -Name acme-payg -Server $ProvConn

# The package's networks are the enterprise's; map them onto the provider tenant's networks.
$mapping = @{ 'ent-app-net' = 'acme-net'; 'ent-dmz' = 'acme-dmz' }
Write-Host "Importing $(Split-Path $ShopOva -Leaf) into VDC $($ProvVdc.Name), networks: $(($mapping.GetEnumerator() | ForEach-Object { "$($_.Key) -> $($_.Value)" }) -join ', ')"
$ImportedShop = Import-VApp -Path $ShopOva -Vdc $ProvVdc -Name shop -NetworkMapping $mapping -PowerOn -Confirm:$false
$ImportedShop | Format-Table Name, Status, Deployed, VdcName, NumberOfVMs, CpuCount, MemoryMB, StorageMB -AutoSize | Out-Host
$ImportedShop | Get-VAppVM | Format-Table Name, Status, CpuCount, MemoryMB, StorageMB, NetworkName, IpAddress -AutoSize | Out-Host
