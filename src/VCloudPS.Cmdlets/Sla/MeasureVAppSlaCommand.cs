using System;
using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets;

/// <summary>Summarises SLA records per org or per VDC: objectives met and missed, downtime, credits.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "VAppSla")]
[OutputType(typeof(SlaSummary))]
public sealed class MeasureVAppSlaCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    [Parameter(Position = 0)]
    public SlaSummaryLevel By { get; set; } = SlaSummaryLevel.Org;

    private readonly List<SlaRecord> _records = new List<SlaRecord>();

    protected override void ProcessRecord() => SlaInput.Collect(this, InputObject, _records);

    protected override void EndProcessing()
    {
        foreach (var s in SlaSummary.Summarize(_records, By)) WriteObject(s);
    }
}
