@{
    Synopsis    = 'Adds, changes or removes metadata entries of vApps.'
    Description = @'
Set-VAppMetadata merges the entries of a hashtable into each vApp's metadata (POST /api/vApp/{id}/metadata) and waits for vCloud Director's task. The type follows the .NET value: strings become MetadataStringValue, integers MetadataNumberValue, $true/$false MetadataBooleanValue and [datetime] values MetadataDateTimeValue (UTC). A key whose value is $null is removed. Entries are written in the GENERAL domain.
'@
    Parameters  = @{
        VApp           = 'The vApp(s): objects from Get-VApp (through the pipeline too) or names.'
        Metadata       = 'Hashtable of key = value; a $null value removes the key, e.g. @{ dr = ''daily''; tier = 1; retired = $null }.'
        PassThru       = 'Write the vApp''s metadata entries after the change.'
        TimeoutMinutes = 'Longest wait for each metadata task. Default 10.'
        Server         = 'The connection used for vApp names; objects carry their own.'
        WhatIf         = 'Shows what would change; nothing is written.'
        Confirm        = 'Asks before changing each vApp.'
    }
    Examples    = @(
        @{ Title = 'Tag vApps for daily reverse DR'; Code = 'Get-VApp -Name acme-* | Set-VAppMetadata -Metadata @{ dr = ''daily'' }'; Remarks = 'The reverse-DR runbook (examples/reverse-dr.ps1) then finds them with Get-VApp -Metadata @{ dr = ''daily'' }.' }
        @{ Title = 'Remove a tag'; Code = 'Set-VAppMetadata -VApp shop -Metadata @{ dr = $null } -PassThru'; Remarks = 'Removes the dr entry and lists what is left.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps from Get-VApp.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Metadata.VAppMetadataEntry'; Description = 'With -PassThru: the vApp''s entries after the change.' })
    Links       = @('Get-VAppMetadata', 'Get-VApp', 'Copy-VApp')
}
