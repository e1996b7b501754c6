namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>CIM operating system ids (DMTF CIM_OperatingSystem.OsType) for the vmw:osType values the seeds use.</summary>
internal static class OperatingSystems
{
    public static (int CimId, string Description) Describe(string osType)
    {
        var type = osType.ToLowerInvariant();
        var is64 = type.Contains("64", StringComparison.Ordinal);
        return type switch
        {
            _ when type.StartsWith("windows", StringComparison.Ordinal) => (is64 ? 103 : 105, "Microsoft Windows Server (64-bit)"),
            _ when type.StartsWith("ubuntu", StringComparison.Ordinal) => (is64 ? 94 : 93, is64 ? "Ubuntu Linux (64-bit)" : "Ubuntu Linux (32-bit)"),
            _ when type.StartsWith("debian", StringComparison.Ordinal) => (is64 ? 96 : 95, is64 ? "Debian GNU/Linux (64-bit)" : "Debian GNU/Linux (32-bit)"),
            _ when type.StartsWith("rhel", StringComparison.Ordinal) => (is64 ? 80 : 79, is64 ? "Red Hat Enterprise Linux (64-bit)" : "Red Hat Enterprise Linux (32-bit)"),
            _ when type.StartsWith("centos", StringComparison.Ordinal) => (is64 ? 107 : 106, is64 ? "CentOS (64-bit)" : "CentOS (32-bit)"),
            _ when type.StartsWith("sles", StringComparison.Ordinal) => (is64 ? 85 : 84, "SUSE Linux Enterprise (64-bit)"),
            _ when type.Contains("linux", StringComparison.Ordinal) => (is64 ? 101 : 36, is64 ? "Other Linux (64-bit)" : "Other Linux (32-bit)"),
            _ => (1, "Other"),
        };
    }
}
