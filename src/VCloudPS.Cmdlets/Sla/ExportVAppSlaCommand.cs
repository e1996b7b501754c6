using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using VCloudPS.Core.Sla;

namespace VCloudPS.Cmdlets
{
    /// <summary>Writes the OpenSLO v1 documents (an SLI and an SLO per vApp) for SLA records.</summary>
    [Cmdlet(VerbsData.Export, "VAppSla", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportVAppSlaCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SlaRecord[] InputObject { get; set; } = new SlaRecord[0];

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter]
        [ValidateSet("OpenSLO")]
        public string Format { get; set; } = "OpenSLO";

        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly List<SlaRecord> _records = new List<SlaRecord>();

        protected override void ProcessRecord() => _records.AddRange(InputObject);

        protected override void EndProcessing()
        {
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (Directory.Exists(full))
                ThrowTerminatingError(new ErrorRecord(new IOException("'" + full + "' is a folder; -Path names the YAML file to write, e.g. " +
                    System.IO.Path.Combine(full, "sla.yaml") + "."), "SlaPathIsFolder", ErrorCategory.InvalidArgument, full));
            if (File.Exists(full) && NoClobber)
                ThrowTerminatingError(new ErrorRecord(new IOException("The file '" + full + "' already exists (-NoClobber)."), "SlaFileExists", ErrorCategory.ResourceExists, full));
            if (!ShouldProcess(full, "Write OpenSLO documents for " + _records.Count + " vApp(s)")) return;
            var sb = new StringBuilder();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in _records)
            {
                if (!seen.Add(r.VAppId)) continue;
                if (sb.Length > 0) sb.Append("---\n");
                sb.Append(OpenSloWriter.Write(r.VAppName, r.TargetPercent, r.WindowStart, r.WindowEnd,
                    "Availability of vApp " + r.VAppName + " (" + r.Mode + " mode)"));
            }
            try { File.WriteAllText(full, sb.ToString(), new UTF8Encoding(false)); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "SlaFileNotWritable", ErrorCategory.WriteError, full));
            }
            if (PassThru) WriteObject(new FileInfo(full));
        }
    }
}
