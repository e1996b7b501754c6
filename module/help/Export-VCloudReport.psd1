@{
    Synopsis    = 'Writes one self-contained HTML report of charge-back and SLA results, with charts and the tables behind them.'
    Description = 'Export-VCloudReport writes a single HTML file that needs nothing else: inline CSS and SVG only, no script, font, image or style sheet from anywhere. It reads well on screen, printed and on a phone. It shows the billed and list totals, the cost per vApp and per org (bars), the cost per day over the period (line; each charge line is spread evenly over the seconds of its charge period, exact with Get-VAppCharge -Granularity Day), the availability per vApp against its objective (bars with the objective marked, worst first), and an incident timeline per vApp (counted downtime, blips that were not counted, customer-initiated and unknown time, maintenance shaded). Every chart has its table below it. With many vApps the charts show the top -Top entries and one "others" bar; long names are shortened in the charts, the full name shows on hover and in the tables.

Charge and SLA records can come from the pipeline (mixed), from -Charge and -Sla, or both. It supports -WhatIf and -Confirm.'
    Parameters  = @{
        Charge      = 'Charge records (Get-VAppCharge) of the report period.'
        Sla         = 'SLA records (Get-VAppSla) of the report period.'
        InputObject = 'Charge and SLA records from the pipeline; outage records of Get-VAppSla -Detailed are skipped (each SLA record carries its outages).'
        Path        = 'The HTML file to write.'
        Title       = 'The report''s title (default: vCloud charge-back and SLA report).'
        Top         = 'Bars and timeline rows per chart before the rest becomes one "others" bar (default 15).'
        NoClobber   = 'Do not overwrite an existing file (error ReportFileExists).'
        PassThru    = 'Write the file (a FileInfo) to the pipeline when done.'
    }
    Examples    = @(
        @{ Title = 'Last month''s report'; Code = '$c = Get-VAppCharge -RateCard ./ratecard.json; $s = $c | Get-VAppSla -Objective 99.9; Export-VCloudReport -Charge $c -Sla $s -Path ./report.html -Title ''October 2026'''; Remarks = 'Charges and SLA of the previous calendar month, credits from the bill.' }
        @{ Title = 'From the pipeline'; Code = '@(Get-VAppCharge -Org acme -RateCard ./ratecard.json) + @(Get-VAppSla -Org acme -Objective 99.5) | Export-VCloudReport -Path ./acme.html -PassThru'; Remarks = 'Mixed records on the pipeline; the written file is returned.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Charging.ChargeRecord, VCloudPS.Core.Sla.SlaRecord'; Description = 'Charge and SLA records.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the written file.' })
    Notes       = 'Errors: ReportInputInvalid (other objects, or charge records in several currencies), ReportFileExists, ReportFileNotWritable.'
    Links       = @('Get-VAppCharge', 'Get-VAppSla')
}
