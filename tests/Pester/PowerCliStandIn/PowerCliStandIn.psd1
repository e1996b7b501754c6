@{
    RootModule        = 'PowerCliStandIn.psm1'
    ModuleVersion     = '13.0.0'
    GUID              = '0d6f2a0e-6c55-4c1b-9d9b-3a4e2f7c1a10'
    Description       = 'Test stand-in exporting the vApp cmdlet names of PowerCLI''s vSphere module.'
    FunctionsToExport = @('Get-VApp', 'Start-VApp', 'Stop-VApp', 'Remove-VApp', 'Import-VApp', 'Export-VApp', 'Move-VApp')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
