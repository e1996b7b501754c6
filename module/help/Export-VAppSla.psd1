@{
    Synopsis    = 'Writes SLA results as CSV or JSON for service managers, or as OpenSLO v1 objectives.'
    Description = 'Export-VAppSla writes the SLA records it receives (Get-VAppSla output; outage records from -Detailed are skipped, every record carries its outages).

-Format Csv writes one row per vApp with every result column (availability, SloMet, minutes, error budget, burn rate, credit, coverage, x_ metadata) and, when any vApp had an outage (or -OutagePath is given), a second CSV with one row per outage (start, end, minutes, classification, counted, VMs, evidence). -Format Json writes one file { "results": [...], "outages": [...] } with the same flat rows. Both use the invariant culture for numbers (a dot, whatever the session''s culture) and UTC ISO 8601 times (2024-04-01T00:00:00Z); nulls are empty cells or JSON null.

-Format OpenSLO (default) writes per vApp an OpenSLO v1 SLI (ratio metric: good, fully-up minutes over eligible minutes) and SLO (calendar time window of the report, Timeslices budgeting with 1-minute slices that must be fully up, target = the objective as a fraction). A calendar month is written as duration 1M (capital M; 1m would be one minute). OpenSLO targets lie in [0, 1): an objective of 100 % is refused (OpenSloTargetOutOfRange). Names are at most 63 characters: longer vApp names are shortened with a stable hash suffix, the full name stays in displayName. Interop is approximate: VCloudPS''s own classification (maintenance, customer-initiated, blip filter) has no OpenSLO equivalent. It supports -WhatIf and -Confirm.'
    Parameters  = @{
        InputObject = 'SLA records from Get-VAppSla (usually from the pipeline).'
        Path        = 'The file to write: YAML (OpenSLO, several documents separated by ---), CSV (one row per vApp) or JSON.'
        Format      = 'OpenSLO (default), Csv or Json.'
        OutagePath  = 'Csv only: the outages CSV (default: the results file''s name with .outages.csv, written when any vApp had an outage).'
        NoClobber   = 'Do not overwrite an existing file (error SlaFileExists).'
        PassThru    = 'Write the written files (FileInfo) to the pipeline when done.'
    }
    Examples    = @(
        @{ Title = 'Results for a spreadsheet'; Code = 'Get-VAppSla -Org acme -Objective 99.9 -Server $prov | Export-VAppSla -Format Csv -Path acme-sla.csv -PassThru'; Remarks = 'acme-sla.csv has one row per vApp; acme-sla.outages.csv one row per outage.' }
        @{ Title = 'Results as JSON'; Code = 'Get-VAppSla -Org acme -Objective 99.9 -Server $prov | Export-VAppSla -Format Json -Path acme-sla.json'; Remarks = 'One file with the results and outages arrays.' }
        @{ Title = 'Export objectives'; Code = 'Get-VAppSla -Org acme -Objective 99.9 -Server $prov | Export-VAppSla -Format OpenSLO -Path acme-slo.yaml'; Remarks = 'One SLI and one SLO document per vApp.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Sla.SlaRecord'; Description = 'SLA records.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the written files.' })
    Notes       = 'Errors: OpenSloTargetOutOfRange (an objective of 100 % as OpenSLO), SlaFileExists, SlaFileNotWritable, SlaInputInvalid.'
    Links       = @('Get-VAppSla', 'Measure-VAppSla')
}
