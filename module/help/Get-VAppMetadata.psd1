@{
    Synopsis    = 'Lists the metadata entries of vApps with their typed values.'
    Description = @'
Get-VAppMetadata reads vCloud Director's metadata of each vApp (GET /api/vApp/{id}/metadata) and writes one object per entry: the vApp, the key, the value as a .NET value (string, number as Int64, Boolean or DateTimeOffset, from vCD's MetadataStringValue, MetadataNumberValue, MetadataBooleanValue and MetadataDateTimeValue), its type and domain (GENERAL; SYSTEM entries are visible to the provider only).
'@
    Parameters  = @{
        VApp   = 'The vApp(s): objects from Get-VApp (through the pipeline too) or names.'
        Key    = 'Only entries with these keys.'
        Server = 'The connection used for vApp names; objects carry their own.'
    }
    Examples    = @(
        @{ Title = 'Show the metadata of a vApp'; Code = 'Get-VApp -Name shop | Get-VAppMetadata'; Remarks = 'One line per key with its type and value.' }
        @{ Title = 'Which vApps have which DR policy'; Code = 'Get-VApp | Get-VAppMetadata -Key dr | Select-Object VAppName, Value'; Remarks = 'Lists the dr tag of every vApp that has one.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps from Get-VApp.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Metadata.VAppMetadataEntry'; Description = 'One per metadata entry.' })
    Links       = @('Set-VAppMetadata', 'Get-VApp')
}
