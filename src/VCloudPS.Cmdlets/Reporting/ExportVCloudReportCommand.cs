using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using VCloudPS.Core.Charging;
using VCloudPS.Core.Reporting;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets;

/// <summary>Writes one self-contained HTML report (charts and tables) of charge and SLA records.</summary>
[Cmdlet(VerbsData.Export, "VCloudReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVCloudReportCommand : PSCmdlet
{
    [Parameter]
    public ChargeRecord[]? Charge { get; set; }

    [Parameter]
    public SlaRecord[]? Sla { get; set; }

    /// <summary>Charge and SLA records from the pipeline (outage records are skipped; each SLA record carries its outages).</summary>
    [Parameter(ValueFromPipeline = true)]
    public object[]? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = new ReportOptions().Title;

    /// <summary>Bars and timeline rows per chart; the rest is one "others" bar.</summary>
    [Parameter]
    [ValidateRange(1, 200)]
    public int Top { get; set; } = 15;

    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private readonly List<ChargeRecord> _charges = new List<ChargeRecord>();
    private readonly List<SlaRecord> _sla = new List<SlaRecord>();

    protected override void ProcessRecord()
    {
        if (InputObject == null) return;
        foreach (var item in InputObject)
        {
            switch (item is PSObject p ? p.BaseObject : item)
            {
                case ChargeRecord c: _charges.Add(c); break;
                case SlaRecord s: _sla.Add(s); break;
                case SlaOutage _: break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException("Expected charge records (Get-VAppCharge) or SLA records (Get-VAppSla); got " +
                        ((item is PSObject q ? q.BaseObject : item)?.GetType().Name ?? "null") + "."), "ReportInputInvalid", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        if (Charge != null) _charges.AddRange(Charge);
        if (Sla != null) _sla.AddRange(Sla);
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(full) && NoClobber)
            ThrowTerminatingError(new ErrorRecord(new IOException("The file '" + full + "' already exists (-NoClobber)."), "ReportFileExists", ErrorCategory.ResourceExists, full));
        ReportData data = null!;
        try { data = ReportData.From(_charges, _sla); }
        catch (ArgumentException ex) { ThrowTerminatingError(new ErrorRecord(ex, "ReportInputInvalid", ErrorCategory.InvalidData, null)); }
        if (!ShouldProcess(full, "Write HTML report of " + _charges.Count + " charge line(s) and " + _sla.Count + " SLA record(s)")) return;
        try
        {
            using (var w = new StreamWriter(full, false, new UTF8Encoding(false)))
                HtmlReportWriter.Write(w, data, new ReportOptions { Title = Title, TopCount = Top });
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ReportFileNotWritable", ErrorCategory.WriteError, full));
        }
        WriteVerbose("Report written to " + full + ".");
        if (PassThru) WriteObject(new FileInfo(full));
    }
}
