@{
    RootModule           = 'bin/VCloudPS.dll'
    ModuleVersion        = '0.0.0'    # stamped by build.ps1 with <Version> of Directory.Build.props, the one version number
    GUID                 = '6f0a8c52-3b7e-4d8e-9a55-2f1d4c7b9e31'
    Author               = 'VCloudPS contributors'
    CompanyName          = 'VCloudPS'
    Copyright            = '(c) VCloudPS contributors. MIT License.'
    Description          = 'Move whole multi-VM vApps between VMware Cloud Director clouds (export/import as OVF/OVA, streamed and verified), and produce FOCUS charge-back and SLA reports. Ships a vCloud Director API simulator for demos and offline testing.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @(
        'formats/VCloudPS.Inventory.Format.ps1xml'
        'formats/VCloudPS.Transfer.Format.ps1xml'
        'formats/VCloudPS.Move.Format.ps1xml'
        'formats/VCloudPS.Charging.Format.ps1xml'
        'formats/VCloudPS.Sla.Format.ps1xml'
    )
    TypesToProcess       = @('VCloudPS.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-VCloud', 'Disconnect-VCloud', 'Get-VCloudConnection'
        'Get-VCloudOrg', 'Get-VCloudVdc', 'Get-VCloudCatalog', 'Get-VApp', 'Get-VAppVM', 'Get-VAppTemplate'
        'Start-VApp', 'Stop-VApp', 'Remove-VApp'
        'Export-VApp', 'Import-VApp', 'Test-VAppPackage'
        'Move-VApp', 'Copy-VApp', 'Test-VAppMove', 'Get-VAppMetadata', 'Set-VAppMetadata'
        'Get-VAppCharge', 'Export-VAppCharge', 'New-VCloudRateCard'
        'Get-VAppSla', 'Export-VAppSla', 'Measure-VAppSla', 'Export-VCloudReport'
        'Start-VCloudSimulator', 'Stop-VCloudSimulator'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('VMware', 'vCloud', 'VCD', 'vApp', 'OVF', 'OVA', 'Migration', 'Chargeback', 'FOCUS', 'SLA', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
