using System.Security;
using VCloudPS.Core.Api;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Tests.Api;

/// <summary>One in-process enterprise simulator per test class (fast tasks), plus helpers to connect to it.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;
    public Uri Url => Host.BaseUri;

    public const string AdminPassword = "Ent-Admin-2026!";
    public const string AdminToken = "EntAdm1nApiT0kenV4lid7Qx2Lp9Rk5Ws";

    public async Task InitializeAsync() =>
        Host = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = "enterprise", TaskDuration = TimeSpan.FromMilliseconds(50) });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public static SecureString Secure(string s) => FakeVcd.Secure(s);

    public Task<VCloudConnection> ConnectAsync(string user = "admin@ent", string password = AdminPassword, string? apiVersion = null)
    {
        return VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = Url, User = user, Password = Secure(password), ApiVersion = apiVersion, RetryPolicy = RetryPolicy.Immediate,
        }, CancellationToken.None).ContinueWith(t =>
        {
            var c = t.GetAwaiter().GetResult();
            c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(20);
            return c;
        });
    }

    public void Inject(string kind, string pathPattern, string? method = null, int? status = null) =>
        Host.Simulation.Faults.Add(new Fault { Kind = kind, PathPattern = pathPattern, Method = method, Status = status, Count = 1 });
}
