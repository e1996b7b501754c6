@{
    Synopsis    = 'Computes charge-back per vApp for a period from the audit trail and a rate card, as FinOps FOCUS 1.2 records.'
    Description = 'Get-VAppCharge reads the cloud''s audit trail once for the window (paged, org-wide; plus a short look-back only when a VM''s state at the window start is not settled by the window''s own events), builds a timeline of constant-state slices per VM (power state, vCPU, memory, disks per storage policy, public IPs per vApp) and prices it with the rate card. It emits one record per resource x SKU x charge period, with the FOCUS 1.2 columns (BilledCost, ListCost, ContractedCost, EffectiveCost, PricingQuantity, ChargePeriodStart, ...) and x_ columns (x_VAppName, x_VmName, x_PowerOnSeconds, x_RateFactor, x_RateCardId, x_UnknownSeconds).

All arithmetic is decimal; times are UTC and windows half-open [Start, End). Month-priced SKUs are prorated by the seconds of the UTC calendar month, so a full month costs exactly the monthly price. Costs are rounded per line to the currency''s minor unit (half away from zero by default) and totals are sums of rounded lines: Measure-Object -Sum BilledCost gives the invoice total.

When the history cannot tell a VM''s state (retention shorter than the window, no retained event before the first change), that time is not charged: it is reported in x_UnknownSeconds with a warning, never guessed. Allocation Pool, Reservation Pool and Flex VDCs are charged through a VdcFee rate distributed to their vApps by largest remainder, with an __idle__ line for unused capacity; pay-as-you-go VDCs are metered per VM.'
    Parameters  = @{
        VApp        = 'The vApp(s) to charge: objects from Get-VApp (also from the pipeline) or names.'
        Vdc         = 'Charge every vApp of these VDCs (objects from Get-VCloudVdc or names; includes vApps deleted during the window, and the VDC''s __idle__ fee line).'
        Org         = 'Charge every vApp of these organizations (names, wildcards allowed; providers see all orgs).'
        Start       = 'Window start (inclusive). Default: the first day of the previous calendar month of the cloud''s clock. Local times are converted to UTC; times without a kind are taken as UTC.'
        End         = 'Window end (exclusive). Default: the first day of the month after Start. A window that reaches into the future is charged to date (warning); one that starts in the future is refused (ReportWindowInFuture).'
        RateCard    = 'The rate card: a JSON file path (an example ships in the module folder: examples/ratecard.json), an object from New-VCloudRateCard, or a hashtable with the JSON shape. Invalid cards stop the command with RateCardInvalid naming each line and field.'
        Granularity = 'Charge period of each line: Month (default; one line per calendar month), Day or Hour (UTC). Rounding is per line, so totals can differ between granularities by at most half a minor unit per line.'
        Server      = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. vApps from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Last month''s bill of one vApp'; Code = 'Get-VApp shop | Get-VAppCharge -RateCard ./ratecard.json'; Remarks = 'One line per VM and SKU (vCPU-Hours, GiB-Hours, GiB-Months) for the previous calendar month.' }
        @{ Title = 'Invoice total per org'; Code = 'Get-VAppCharge -Org * -RateCard ./ratecard.json | Group-Object BillingAccountName | ForEach-Object { [pscustomobject]@{ Org = $_.Name; Total = ($_.Group | Measure-Object BilledCost -Sum).Sum } }'; Remarks = 'Totals are sums of the rounded lines.' }
        @{ Title = 'The month before last as daily lines, written as FOCUS CSV'; Code = '$first = (Get-Date -Day 1).Date; Get-VAppCharge -Vdc ent-prod -Start $first.AddMonths(-2) -End $first.AddMonths(-1) -Granularity Day -RateCard $card | Export-VAppCharge -Path daily.csv'; Remarks = 'Invariant-culture numbers and UTC ISO 8601 dates, whatever the session culture.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps to charge.' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Charging.ChargeRecord'; Description = 'FOCUS 1.2 charge records.' })
    Notes       = 'Errors: RateCardInvalid, RateCardNotFound, ReportWindowInvalid (end not after start), ReportWindowInFuture, AuditTrailUnavailable. Warnings: unknown state (x_UnknownSeconds), no retained history, window partly in the future.'
    Links       = @('Export-VAppCharge', 'New-VCloudRateCard', 'Get-VAppSla')
}
