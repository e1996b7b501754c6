using System.Management.Automation;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>Lists the open connections (or only the default one).</summary>
[Cmdlet(VerbsCommon.Get, "VCloudConnection")]
[OutputType(typeof(VCloudConnection))]
public sealed class GetVCloudConnectionCommand : VCloudCmdletBase
{
    [Parameter]
    public SwitchParameter Default { get; set; }

    protected override void ProcessRecord()
    {
        if (Default)
        {
            var d = ConnectionRegistry.Default;
            if (d != null) WriteObject(d);
            return;
        }
        foreach (var c in ConnectionRegistry.All) WriteObject(c);
    }
}
