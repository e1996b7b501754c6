using System.Management.Automation;
using System.Net;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Tests.Cmdlets;

namespace VCloudPS.Tests.Api;

/// <summary>Logins a scheduled job can make: a PSCredential, an API token from an owner-only file or an environment variable.</summary>
[Collection("ConnectionRegistry")]
public sealed class UnattendedLoginTests : IClassFixture<TestSimulator>, IDisposable
{
    private readonly TestSimulator _sim;
    private readonly string _dir = Directory.CreateTempSubdirectory("vcloudps-token-").FullName;
    private readonly PowerShellHost _ps = new();

    public UnattendedLoginTests(TestSimulator sim) { _sim = sim; }

    public void Dispose()
    {
        _ps.Invoke("Get-VCloudConnection | Disconnect-VCloud");
        _ps.Dispose();
        Directory.Delete(_dir, true);
    }

    private string TokenFile(string content, UnixFileMode mode)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".token");
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
        return path;
    }

    private PowerShellHost.Result Connect(string args, IDictionary<string, object?>? vars = null) =>
        _ps.Invoke("Connect-VCloud -Server $url " + args + " -NotDefault", new Dictionary<string, object?>(vars ?? new Dictionary<string, object?>()) { ["url"] = _sim.BaseUri.ToString() });

    [Fact]
    public void ATokenFileReadableOnlyByItsOwnerLogsIn()
    {
        var path = TokenFile(SimulatorConnections.AdminToken + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var r = Connect("-Org ent -ApiTokenFile $path", new Dictionary<string, object?> { ["path"] = path });
        Assert.Empty(r.Errors);
        Assert.Equal("ApiToken", Assert.Single(r.Objects<VCloudConnection>()).AuthMethod);
    }

    [Fact]
    public void ATokenFileOthersCanReadIsRefused()
    {
        if (OperatingSystem.IsWindows()) return;   // mode bits are a Unix rule
        var path = TokenFile(SimulatorConnections.AdminToken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var r = Connect("-Org ent -ApiTokenFile $path", new Dictionary<string, object?> { ["path"] = path });
        var error = r.Terminating as IContainsErrorRecord is { } c ? c.ErrorRecord : Assert.Single(r.Errors);
        Assert.StartsWith("ApiTokenFileTooOpen", error.FullyQualifiedErrorId);
        Assert.Contains("chmod 600", error.Exception.Message);
        Assert.Contains("644", error.Exception.Message);
        Assert.DoesNotContain(SimulatorConnections.AdminToken, r.AllText);
    }

    [Fact]
    public void ATokenFromAnEnvironmentVariableLogsIn()
    {
        var name = "VCLOUDPS_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(name, SimulatorConnections.AdminToken);
        try
        {
            var r = Connect("-Org ent -ApiTokenEnvironmentVariable $name", new Dictionary<string, object?> { ["name"] = name });
            Assert.Empty(r.Errors);
            Assert.Single(r.Objects<VCloudConnection>());
            var missing = Connect("-Org ent -ApiTokenEnvironmentVariable NO_SUCH_VARIABLE_XYZ");
            var error = missing.Terminating as IContainsErrorRecord is { } c ? c.ErrorRecord : Assert.Single(missing.Errors);
            Assert.StartsWith("ApiTokenVariableEmpty", error.FullyQualifiedErrorId);
        }
        finally { Environment.SetEnvironmentVariable(name, null); }
    }

    [Fact]
    public void APSCredentialLogsIn()
    {
        var cred = new PSCredential("admin@ent", new NetworkCredential("", "Ent-Admin-2026!").SecurePassword);
        var r = Connect("-Credential $cred", new Dictionary<string, object?> { ["cred"] = cred });
        Assert.Empty(r.Errors);
        Assert.Equal("Password", Assert.Single(r.Objects<VCloudConnection>()).AuthMethod);
    }
}
