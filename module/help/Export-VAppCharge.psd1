@{
    Synopsis    = 'Writes charge records to a FOCUS CSV file.'
    Description = 'Export-VAppCharge streams the records it receives to a CSV file in FOCUS form: the FOCUS 1.2 columns in specification order, then the x_ columns; numbers in the invariant culture (a dot as decimal separator, no thousands separator) whatever the session culture; dates as yyyy-MM-ddTHH:mm:ssZ in UTC; null values as empty fields; UTF-8 without BOM and RFC 4180 quoting. It supports -WhatIf and -Confirm.'
    Parameters  = @{
        InputObject = 'Charge records from Get-VAppCharge (usually from the pipeline).'
        Path        = 'The CSV file to write. An existing file is replaced unless -NoClobber or -Append is given.'
        Append      = 'Add the rows to an existing file (no second header line).'
        NoClobber   = 'Do not overwrite an existing file (error ChargeFileExists).'
        PassThru    = 'Write the file (a FileInfo) to the pipeline when done.'
    }
    Examples    = @(
        @{ Title = 'Last month as FOCUS CSV'; Code = 'Get-VAppCharge -Org acme -RateCard ./ratecard.json -Server $prov | Export-VAppCharge -Path acme.csv'; Remarks = 'Finance tools that read FOCUS can load acme.csv directly.' }
        @{ Title = 'Preview'; Code = 'Get-VAppCharge -RateCard $card | Export-VAppCharge -Path out.csv -WhatIf'; Remarks = 'Reports what would be written; no file is created.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Charging.ChargeRecord'; Description = 'Charge records.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the written file.' })
    Notes       = 'Errors: ChargeFileExists, ChargeFileNotWritable.'
    Links       = @('Get-VAppCharge')
}
