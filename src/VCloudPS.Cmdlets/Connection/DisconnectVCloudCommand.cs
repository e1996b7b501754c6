using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>Logs out and forgets one, several or all connections.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "VCloud", DefaultParameterSetName = "Connection")]
[OutputType(typeof(void))]
public sealed class DisconnectVCloudCommand : VCloudCmdletBase
{
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = "Connection")]
    [Alias("Server")]
    [ValidateNotNullOrEmpty]
    public VCloudConnection[]? Connection { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    private readonly List<VCloudConnection> _targets = new List<VCloudConnection>();

    protected override void ProcessRecord()
    {
        if (All) { _targets.AddRange(ConnectionRegistry.All); return; }
        if (Connection != null) { _targets.AddRange(Connection); return; }
        var d = ConnectionRegistry.Default;
        if (d == null)
        {
            WriteError(new ErrorRecord(new InvalidOperationException("There is no connection to disconnect."), "NotConnected", ErrorCategory.ObjectNotFound, null));
            return;
        }
        _targets.Add(d);
    }

    protected override void EndProcessing()
    {
        foreach (var c in _targets.Distinct())
        {
            TryRun(c, () =>
            {
                try
                {
                    if (c.IsConnected) Run(ct => c.DisconnectAsync(ct));
                    WriteVerbose($"Disconnected from {c.Server.Authority} ({c.User}@{c.Org}).");
                }
                finally
                {
                    ConnectionRegistry.Remove(c);
                    c.Dispose();
                }
            });
        }
        base.EndProcessing();
    }
}
