# Scenario 4: insert the exported OVA into the provider's VDC with its networks mapped, power it on and show it.
# Needs $ShopOva from 03-export.ps1; $ProvConn is the provider tenant connection.

Write-Host "`n=== 4. Insert 'shop' into the provider cloud and power it on ===" -ForegroundColor Cyan
$ProvVdc = Get-VCloudVdc -Server $ProvConn | Select-Object -First 1
$ProvNets = @($ProvVdc.Networks)
Write-Host "Target VDC: $($ProvVdc.Name) (networks: $($ProvNets -join ', '))"

# Map the enterprise networks of the package onto the provider tenant's networks.
$mapping = @{ 'ent-app-net' = $ProvNets[0]; 'ent-dmz' = $ProvNets[[Math]::Min(1, $ProvNets.Count - 1)] }
$ImportedShop = Import-VApp -Path $ShopOva -Vdc $ProvVdc -Name shop -NetworkMapping $mapping -PowerOn -Confirm:$false
$ImportedShop | Format-Table Name, Status, Deployed, VdcName, NumberOfVMs, CpuCount, MemoryMB, StorageMB -AutoSize | Out-Host
$ImportedShop | Get-VAppVM | Format-Table Name, Status, CpuCount, MemoryMB, StorageMB, NetworkName, IpAddress -AutoSize | Out-Host
