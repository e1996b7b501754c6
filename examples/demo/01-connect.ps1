# Scenario 1: connect to both clouds, with a password (enterprise) and with an API token (provider).
# Dot-sourced by examples/demo.ps1 with $Enterprise and $Provider (simulator objects) in scope; sets $EntConn and $ProvConn.

if (Get-Command Write-DemoHeader -ErrorAction Ignore) { Write-DemoHeader '1. Connect to both clouds: a password for the enterprise, an API token for the provider' } else { Write-Host "`n== 1. Connect to both clouds: a password for the enterprise, an API token for the provider" }

if (-not (Get-Variable EntConn -ValueOnly -ErrorAction Ignore)) {
    # Password login: the enterprise org administrator (a PSCredential in user@org form).
    $EntConn = Connect-VCloud -Server $Enterprise.Url -Credential $Enterprise.Credential
}
if (-not (Get-Variable ProvConn -ValueOnly -ErrorAction Ignore)) {
    # API-token login: the tenant administrator of org acme at the provider. The token is a SecureString end to end.
    $acmeAdmin = $Provider.Users | Where-Object { $_.Org -eq 'acme' -and $_.Name -eq 'admin' } | Select-Object -First 1
    $ProvConn = Connect-VCloud -Server $Provider.Url -Org $acmeAdmin.Org -ApiToken $acmeAdmin.ApiToken -NotDefault
}

Get-VCloudConnection | Format-Table -AutoSize | Out-Host
