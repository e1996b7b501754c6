using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Writes SLA records as OpenSLO v1 documents (an SLI and an SLO per vApp), or as flat results a service manager opens:
/// CSV (one row per vApp, outages in a second CSV) or JSON (results and outages arrays).
/// </summary>
[Cmdlet(VerbsData.Export, "VAppSla", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVAppSlaCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    [ValidateSet("OpenSLO", "Csv", "Json")]
    public string Format { get; set; } = "OpenSLO";

    /// <summary>Csv: where the outage rows go (default: the results file's name with .outages.csv).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutagePath { get; set; }

    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private readonly List<SlaRecord> _records = new List<SlaRecord>();

    protected override void ProcessRecord() => SlaInput.Collect(this, InputObject, _records);

    protected override void EndProcessing()
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(full))
            ThrowTerminatingError(new ErrorRecord(new IOException("'" + full + "' is a folder; -Path names the file to write, e.g. " +
                System.IO.Path.Combine(full, "sla.yaml") + "."), "SlaPathIsFolder", ErrorCategory.InvalidArgument, full));
        bool csv = string.Equals(Format, "Csv", StringComparison.OrdinalIgnoreCase);
        bool anyOutages = _records.Exists(r => r.Outages.Count > 0);
        string? outages = csv && (OutagePath != null || anyOutages)
            ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutagePath ?? DefaultOutagePath(full))
            : null;
        foreach (var f in outages == null ? new[] { full } : new[] { full, outages })
            if (File.Exists(f) && NoClobber)
                ThrowTerminatingError(new ErrorRecord(new IOException("The file '" + f + "' already exists (-NoClobber)."), "SlaFileExists", ErrorCategory.ResourceExists, f));
        var what = string.Equals(Format, "OpenSLO", StringComparison.OrdinalIgnoreCase) ? "Write OpenSLO documents" : "Write " + Format + " SLA results";
        if (!ShouldProcess(full, what + " for " + _records.Count + " vApp record(s)" + (outages != null ? " (outages to " + outages + ")" : ""))) return;

        string? openSlo = null;
        if (!csv && !string.Equals(Format, "Json", StringComparison.OrdinalIgnoreCase))
        {
            try { openSlo = OpenSloWriter.WriteAll(_records); }
            catch (OpenSloTargetException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidArgument, full));
            }
        }
        try
        {
            var utf8 = new UTF8Encoding(false);
            using (var w = new StreamWriter(full, false, utf8))
            {
                if (openSlo != null) w.Write(openSlo);
                else if (csv)
                {
                    using (var o = outages != null ? new StreamWriter(outages, false, utf8) : null)
                        SlaFlatWriter.WriteCsv(_records, w, o);
                }
                else SlaFlatWriter.WriteJson(_records, w);
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "SlaFileNotWritable", ErrorCategory.WriteError, full));
        }
        WriteVerbose(_records.Count + " SLA record(s) written to " + full + (outages != null ? "; outages to " + outages : "") + ".");
        if (PassThru)
        {
            WriteObject(new FileInfo(full));
            if (outages != null) WriteObject(new FileInfo(outages));
        }
    }

    private static string DefaultOutagePath(string resultsPath)
    {
        var dir = System.IO.Path.GetDirectoryName(resultsPath) ?? "";
        return System.IO.Path.Combine(dir, System.IO.Path.GetFileNameWithoutExtension(resultsPath) + ".outages.csv");
    }
}
