using System.Security;
using VCloudPS.Core.Api;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Tests.History;

/// <summary>The in-process simulator with tests/data/seeds/charging-sla.json (C1, C2, C4, S1, S2), and a provider connection.</summary>
public sealed class SeededSimulator : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;
    public VCloudConnection Provider { get; private set; } = null!;

    public static string SeedPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "tests", "data", "seeds", "charging-sla.json");
    public static string RateCardPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "examples", "ratecard.json");
    public static string StorageRateCardPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "tests", "data", "ratecards", "storage-only.json");

    public async Task InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = SeedPath, FreezeClock = true });
        Provider = await Connect("System", "administrator", "Sys-Admin-Charge-2024!");
    }

    public Task<VCloudConnection> Connect(string org, string user, string password)
    {
        var secure = new SecureString();
        foreach (var ch in password) secure.AppendChar(ch);
        secure.MakeReadOnly();
        return VCloudConnection.ConnectAsync(new ConnectOptions { Server = Host.BaseUri, Org = org, User = user, Password = secure }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Provider?.Dispose();
        if (Host != null) await Host.DisposeAsync();
    }
}
