@{
    Synopsis    = 'Computes the availability of vApps for a period against an objective: outages, error budget, burn rate and service credits.'
    Description = 'Get-VAppSla builds the same per-VM timeline as Get-VAppCharge from the audit trail and returns one record per vApp with TotalMinutes, MaintenanceMinutes, CustomerMinutes, UnknownMinutes, EligibleMinutes, DowntimeMinutes, OutageCount, LongestOutageMinutes, AvailabilityPercent, SloMet, ErrorBudgetMinutes, ErrorBudgetRemainingMinutes/Percent, BurnRate, CreditPercent, CreditAmount, DataCoveragePercent and Incomplete.

A VM is up when powered on. Down time is Customer when a tenant powered the VM off, suspended or undeployed it with a task, or its runtime lease expired (until it is next on; a failed power-on ends that); Maintenance when it overlaps a declared window or the vApp''s maintenance mode; otherwise Unplanned. Unknown time (no retained event tells) follows -GapPolicy. Availability = (Eligible - Downtime) / Eligible with Eligible = Total - Maintenance - Customer - Unknown (Exclude). It is compared with the objective unrounded and displayed truncated to 4 decimals; with no eligible minutes it is null and no credit is due.

Maintenance window syntax (UTC): an explicit interval ''2024-04-20T02:00Z/2024-04-20T04:00Z''; weekly ''Sun 02:00-04:00'' or ''Sat,Sun 22:00-02:00'' (an end before the start runs into the next day); daily ''daily 01:00-01:30''. A hashtable @{ Window = ''Sun 02:00-04:00''; Scope = ''erp*'' } limits a window to matching vApps; @{ Start = ...; End = ... } gives an explicit interval.

Per-VM Required and Weight are given with -RequiredVm and -VmWeight (or the policy file''s "vms" section); vApp/VM metadata is not read.'
    Parameters  = @{
        VApp                   = 'The vApp(s): objects from Get-VApp (also from the pipeline) or names.'
        Vdc                    = 'Every vApp of these VDCs (objects or names).'
        Org                    = 'Every vApp of these organizations (names, wildcards allowed).'
        Start                  = 'Window start (inclusive, UTC). Default: the first day of the previous calendar month of the cloud''s clock.'
        End                    = 'Window end (exclusive, UTC). Default: the first day of the month after Start. A window reaching into the future is evaluated to date and flagged x_MonthToDate.'
        Objective              = 'The availability objective in percent, e.g. 99.9. Required unless -Policy gives targetPercent.'
        Mode                   = 'AllRequired (default: down when any required VM is down), AnyUp (down only when every VM is down) or Weighted (each VM alone, minute totals averaged by weight).'
        MaintenanceWindow      = 'Declared maintenance windows: strings in the syntax above, hashtables @{ Window; Scope } or @{ Start; End; Scope }.'
        MinimumOutage          = 'Unplanned outages shorter than this (after merging touching ones) count as up. Default 60 seconds.'
        GapPolicy              = 'Unknown time: Exclude (default; removed from the eligible minutes), Up, or Down (unplanned downtime). DataCoveragePercent is always reported; below 99 % the record is Incomplete.'
        CountCustomerInitiated = 'Count customer-initiated downtime as downtime instead of excluding it.'
        CreditTiers            = 'Credit tiers: @{ Below = 99.9; CreditPercent = 10 }, ... or one hashtable @{ 99.9 = 10; 99 = 25; 95 = 100 }. The first tier (by Below ascending) above the unrounded availability applies. Default for objective T: <T 10 %, <99 25 %, <95 100 %.'
        Charge                 = 'Charge records of the same window (from Get-VAppCharge, passed or piped in): each vApp''s BilledCost is its credit base, giving CreditAmount. Piped without -VApp/-Vdc/-Org, the charged vApps are reported.'
        Policy                 = 'A JSON policy file (an example ships in the module folder: examples/sla-policy.json): targetPercent, mode, maintenanceWindows, minimumOutageSeconds, gapPolicy, countCustomerInitiated, creditTiers, vms { name: { weight, required } }. Parameters given on the command line override it.'
        VmWeight               = 'VM weights for -Mode Weighted, by VM name or id: @{ lb01 = 2 } (default 1).'
        RequiredVm             = 'Required flags by VM name or id: @{ batch01 = $false } (default: every VM is required).'
        Detailed               = 'After each vApp''s record, also write its outages (Start, End, Minutes, Classification, VmIds, VmNames, Evidence, Counted).'
        Server                 = 'Connection(s) to use (objects from Connect-VCloud or Get-VCloudConnection). Default: the most recent connection. vApps from the pipeline use their own connection. Also takes open connections by the name Tab completes (org@server), or a server address for all its connections.'
    }
    Examples    = @(
        @{ Title = 'Last month against 99.9 %'; Code = 'Get-VApp | Get-VAppSla -Objective 99.9 -MaintenanceWindow ''Sun 02:00-04:00'''; Remarks = 'One row per vApp with availability, downtime, remaining error budget and credit percent.' }
        @{ Title = 'Credits from the bill'; Code = '$charges = Get-VAppCharge -Org acme -RateCard ./ratecard.json -Server $prov; Get-VAppSla -Org acme -Objective 99.9 -Charge $charges -Server $prov'; Remarks = 'CreditAmount = the credit percent of each vApp''s BilledCost, rounded like charges.' }
        @{ Title = 'A partial outage under three semantics'; Code = '''AllRequired'',''AnyUp'',''Weighted'' | ForEach-Object { Get-VAppSla -VApp shop -Objective 99.5 -Mode $_ -VmWeight @{ db1 = 2 } }'; Remarks = 'Compares how much of a partial outage counts.' }
        @{ Title = 'Outages with evidence'; Code = 'Get-VAppSla -VApp legacy-erp, intranet -Objective 99.9 -Detailed | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaOutage] }'; Remarks = 'Who or what took the VMs down, with task ids.' }
    )
    Inputs      = @(
        @{ Type = 'VCloudPS.Core.Model.VApp'; Description = 'vApps to evaluate.' }
        @{ Type = 'VCloudPS.Core.Charging.ChargeRecord'; Description = 'Charge records (credit base).' }
    )
    Outputs     = @(
        @{ Type = 'VCloudPS.Core.Sla.SlaRecord'; Description = 'One SLA record per vApp.' }
        @{ Type = 'VCloudPS.Core.Sla.SlaOutage'; Description = 'With -Detailed, the outages.' }
    )
    Notes       = 'Errors: SlaPolicyInvalid, ReportWindowInvalid, ReportWindowInFuture, AuditTrailUnavailable. Warnings: incomplete data coverage, month-to-date windows.'
    Links       = @('Export-VAppSla', 'Get-VAppCharge')
}
