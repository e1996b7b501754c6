using System.Management.Automation;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Cmdlets.Transfer;

/// <summary>Checks a local OVF/OVA package offline: descriptor, referenced files and their sizes, manifest digests.</summary>
[Cmdlet(VerbsDiagnostic.Test, "VAppPackage")]
[OutputType(typeof(PackageTestResult), typeof(bool))]
public sealed class TestVAppPackageCommand : VCloudCmdletBase
{
    private int _activity = 4800;

    /// <summary>The .ovf descriptor or .ova file; binds from Export-VApp's output (Path) and from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!System.IO.File.Exists(path))
        {
            WriteError(new ErrorRecord(new System.IO.FileNotFoundException($"Package '{Path}' does not exist.", path),
                "PackageNotFound", ErrorCategory.ObjectNotFound, Path));
            return;
        }
        var progress = new TransferProgressAdapter(Pump, _activity);
        _activity += 100;
        TryRun(path, () =>
        {
            var result = Run(ct => PackageTestResult.TestAsync(path, new TransferOptions(), progress, ct));
            if (Quiet) WriteObject(result.IsValid);
            else WriteObject(result);
        });
    }
}
