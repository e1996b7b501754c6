using System;
using System.IO;
using System.Management.Automation;
using VCloudPS.Core.Charging;

namespace VCloudPS.Cmdlets;

/// <summary>Writes charge records as FOCUS CSV (invariant culture, UTC ISO 8601 dates, FOCUS column order then x_ columns).</summary>
[Cmdlet(VerbsData.Export, "VAppCharge", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVAppChargeCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ChargeRecord[] InputObject { get; set; } = Array.Empty<ChargeRecord>();

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Adds rows to an existing file (no second header).</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Refuses to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private FocusCsvWriter? _writer;
    private string _full = "";
    private bool _skip;

    protected override void BeginProcessing()
    {
        _full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(_full))
            ThrowTerminatingError(new ErrorRecord(new IOException("'" + _full + "' is a folder; -Path names the CSV file to write, e.g. " +
                System.IO.Path.Combine(_full, "charges.csv") + "."), "ChargePathIsFolder", ErrorCategory.InvalidArgument, _full));
        bool exists = File.Exists(_full);
        if (exists && NoClobber && !Append)
            ThrowTerminatingError(new ErrorRecord(new IOException("The file '" + _full + "' already exists (-NoClobber)."), "ChargeFileExists", ErrorCategory.ResourceExists, _full));
        if (!ShouldProcess(_full, Append && exists ? "Append FOCUS charge records" : "Write FOCUS charge records"))
        {
            _skip = true;
            return;
        }
        try
        {
            var dir = System.IO.Path.GetDirectoryName(_full);
            if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
                throw new DirectoryNotFoundException("The folder '" + dir + "' does not exist.");
            bool header = !(Append && exists && new FileInfo(_full).Length > 0);
            _writer = FocusCsvWriter.Create(_full, Append && exists);
            if (header) _writer.WriteHeader();
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ChargeFileNotWritable", ErrorCategory.WriteError, _full));
        }
    }

    protected override void ProcessRecord()
    {
        if (_skip || _writer == null) return;
        foreach (var r in InputObject) _writer.Write(r);
    }

    protected override void EndProcessing()
    {
        if (_writer == null) return;
        var rows = _writer.RowsWritten;
        _writer.Dispose();
        _writer = null;
        WriteVerbose(rows + " FOCUS rows written to " + _full + ".");
        if (PassThru) WriteObject(new FileInfo(_full));
    }

    protected override void StopProcessing() => _writer?.Dispose();
}
