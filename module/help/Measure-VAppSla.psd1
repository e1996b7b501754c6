@{
    Synopsis    = 'Summarises SLA results per org or per VDC: objectives met and missed, downtime and credits.'
    Description = 'Measure-VAppSla takes the SLA records of Get-VAppSla and writes one summary per org (-By Org, the default) or per org and VDC (-By Vdc) and window: how many vApps met and missed their objective (and how many had no eligible minutes), the eligible and downtime minutes, the overall availability ((eligible - downtime) / eligible, truncated to 4 decimals), the lowest vApp, how many vApps earn a credit and the sum of their credits (when the records have a charge base in one currency), and the names of the vApps that missed. No Group-Object needed.'
    Parameters  = @{
        InputObject = 'SLA records from Get-VAppSla (usually from the pipeline; outage records are skipped).'
        By          = 'Org (default) or Vdc.'
    }
    Examples    = @(
        @{ Title = 'Per org'; Code = 'Get-VAppCharge -RateCard ./ratecard.json | Get-VAppSla -Objective 99.9 | Measure-VAppSla'; Remarks = 'One line per org: vApps, met, missed, availability, downtime, credits.' }
        @{ Title = 'Per VDC'; Code = 'Get-VAppSla -Org acme -Objective 99.9 | Measure-VAppSla -By Vdc | Format-List'; Remarks = 'All fields, including the vApps that missed.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Sla.SlaRecord'; Description = 'SLA records.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Sla.SlaSummary'; Description = 'One summary per org (or VDC) and window.' })
    Notes       = 'Errors: SlaInputInvalid (input that is not an SLA record).'
    Links       = @('Get-VAppSla', 'Export-VAppSla')
}
