using System.Management.Automation;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>Getters of connection properties that depend on the runspace (module/VCloudPS.Types.ps1xml).</summary>
public static class ConnectionProperties
{
    /// <summary>True for the connection cmdlets use when -Server is omitted (in the current runspace).</summary>
    public static bool IsDefault(PSObject instance) =>
        instance?.BaseObject is VCloudConnection c && ReferenceEquals(ConnectionRegistry.Default, c);
}
