using System.Management.Automation;
using System.Reflection;
using VCloudPS.Cmdlets;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>One name for timeouts across the cmdlets: seconds, spelled ...TimeoutSec; former names stay as aliases
/// or hidden parameters so existing scripts keep working.</summary>
public sealed class TimeoutParameterTests
{
    private static IEnumerable<(string Cmdlet, PropertyInfo Property, ParameterAttribute[] Parameter)> Parameters() =>
        typeof(ConnectVCloudCommand).Assembly.GetTypes()
            .Select(t => (Type: t, Cmdlet: t.GetCustomAttribute<CmdletAttribute>()))
            .Where(x => x.Cmdlet != null && !x.Type.IsAbstract)
            .SelectMany(x => x.Type.GetProperties().Select(p => (x.Cmdlet!.VerbName + "-" + x.Cmdlet.NounName, p, p.GetCustomAttributes<ParameterAttribute>().ToArray())))
            .Where(x => x.Item3.Length > 0);

    [Fact]
    public void EveryVisibleTimeoutParameterIsInSecondsAndEndsInTimeoutSec()
    {
        var timeouts = Parameters().Where(p => p.Property.Name.Contains("Timeout", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(timeouts);
        Assert.Empty(timeouts.Where(p => !p.Parameter.All(a => a.DontShow) && !p.Property.Name.EndsWith("TimeoutSec", StringComparison.Ordinal))
            .Select(p => p.Cmdlet + " -" + p.Property.Name));
        Assert.Empty(timeouts.Where(p => p.Property.PropertyType != typeof(int)).Select(p => p.Cmdlet + " -" + p.Property.Name));
    }

    [Theory]
    [InlineData("Start-VApp")]
    [InlineData("Stop-VApp")]
    [InlineData("Remove-VApp")]
    [InlineData("Import-VApp")]
    [InlineData("Export-VApp")]
    [InlineData("Move-VApp")]
    [InlineData("Copy-VApp")]
    [InlineData("Set-VAppMetadata")]
    [InlineData("Start-VCloudSimulator")]
    [InlineData("Connect-VCloud")]
    public void CmdletsThatWaitTakeTimeoutSec(string cmdlet) =>
        Assert.Contains(Parameters(), p => p.Cmdlet == cmdlet && p.Property.Name == "TimeoutSec");

    [Fact]
    public void FormerTimeoutNamesStillBind()
    {
        var aliases = Parameters().Where(p => p.Property.Name == "TimeoutSec")
            .SelectMany(p => p.Property.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames).Select(a => p.Cmdlet + " -" + a)).ToList();
        Assert.Contains("Start-VApp -Timeout", aliases);
        Assert.Contains("Start-VCloudSimulator -StartTimeoutSec", aliases);
        Assert.Contains(Parameters(), p => p.Cmdlet == "Import-VApp" && p.Property.Name == "TimeoutMinutes" && p.Parameter.All(a => a.DontShow));
    }
}
