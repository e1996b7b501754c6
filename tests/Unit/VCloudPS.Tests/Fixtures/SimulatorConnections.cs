using System.Net;
using System.Security;
using VCloudPS.Core.Api;
using VCloudPS.Tests.Api;

namespace VCloudPS.Tests.Fixtures;

/// <summary>Client connections to a <see cref="TestSimulator"/> and the seeds' credentials the tests use.</summary>
public static class SimulatorConnections
{
    public const string AdminPassword = "Ent-Admin-2026!";
    public const string AdminToken = "EntAdm1nApiT0kenV4lid7Qx2Lp9Rk5Ws";

    public static SecureString Secure(string s) => FakeVcd.Secure(s);

    /// <summary>A connection that fails fast (no retries) and polls tasks every 20 ms; the user names the org (<c>admin@ent</c>).</summary>
    public static async Task<VCloudConnection> ConnectAsync(this TestSimulator sim, string user = "admin@ent", string password = AdminPassword, string? apiVersion = null)
    {
        var c = await VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = sim.BaseUri, User = user, Password = Secure(password), ApiVersion = apiVersion, RetryPolicy = RetryPolicy.Immediate,
        }, CancellationToken.None);
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(20);
        return c;
    }

    /// <summary>A connection with the default retry policy, polling tasks every 50–200 ms.</summary>
    public static async Task<VCloudConnection> ConnectOrgAsync(this TestSimulator sim, string org, string user, string password)
    {
        var c = await VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = sim.BaseUri, User = user, Org = org, Password = new NetworkCredential("", password).SecurePassword,
        }, CancellationToken.None);
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(50);
        c.TaskPollMaxDelay = TimeSpan.FromMilliseconds(200);
        return c;
    }
}
