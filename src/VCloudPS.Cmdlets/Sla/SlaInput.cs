using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Pipeline input of the SLA consumers: SLA records are kept; outage records (Get-VAppSla -Detailed) are skipped, since each
/// record already carries its outages; anything else is a non-terminating SlaInputInvalid error.
/// </summary>
internal static class SlaInput
{
    public static void Collect(PSCmdlet cmdlet, object[] input, List<SlaRecord> into)
    {
        foreach (var item in input)
        {
            var value = item is PSObject p ? p.BaseObject : item;
            switch (value)
            {
                case SlaRecord r: into.Add(r); break;
                case SlaOutage _: break;
                default:
                    cmdlet.WriteError(new ErrorRecord(new System.ArgumentException("Expected SLA records from Get-VAppSla; got " + (value?.GetType().Name ?? "null") + "."),
                        "SlaInputInvalid", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }
}
