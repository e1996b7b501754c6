@{
    Synopsis    = 'Writes the OpenSLO v1 documents of vApps'' availability objectives.'
    Description = 'Export-VAppSla writes, for each vApp in the SLA records it receives, an OpenSLO v1 SLI (minutes the vApp was fully up) and SLO (calendar time window of the report, Timeslices budgeting with 1-minute slices that must be fully up, target = the objective). A calendar month is written as duration 1M (capital M; 1m would be one minute). Interop is approximate: VCloudPS''s own classification (maintenance, customer-initiated, blip filter) has no OpenSLO equivalent. It supports -WhatIf and -Confirm.'
    Parameters  = @{
        InputObject = 'SLA records from Get-VAppSla (usually from the pipeline).'
        Path        = 'The YAML file to write (several documents separated by ---).'
        Format      = 'OpenSLO (the only format).'
        NoClobber   = 'Do not overwrite an existing file (error SlaFileExists).'
        PassThru    = 'Write the file (a FileInfo) to the pipeline when done.'
    }
    Examples    = @(
        @{ Title = 'Export objectives'; Code = 'Get-VAppSla -Org acme -Objective 99.9 -Server $prov | Export-VAppSla -Format OpenSLO -Path acme-slo.yaml'; Remarks = 'One SLI and one SLO document per vApp.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Sla.SlaRecord'; Description = 'SLA records.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the written file.' })
    Notes       = 'Errors: SlaFileExists, SlaFileNotWritable.'
    Links       = @('Get-VAppSla')
}
