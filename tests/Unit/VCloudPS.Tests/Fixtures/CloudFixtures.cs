using VCloudPS.Core.Api;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Tests.Fixtures;

/// <summary>
/// Class fixtures naming a <see cref="TestSimulator"/> and the connection a test class shares. Two clouds (export
/// here, import there) are an <see cref="EnterpriseCloud"/> and a <see cref="ProviderCloud"/> fixture of one class.
/// </summary>
public abstract class ConnectedSimulator(Func<string, SimulatorOptions> options, string org, string user, string password)
    : TestSimulator(options)
{
    public VCloudConnection Connection { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection = await this.ConnectOrgAsync(org, user, password);
    }

    public override async Task DisposeAsync()
    {
        Connection?.Dispose();
        await base.DisposeAsync();
    }

    protected static SimulatorOptions WithData(string seed, string folder) =>
        new() { Seed = seed, DataDir = Path.Combine(folder, "data"), TaskDuration = TimeSpan.FromMilliseconds(100) };
}

/// <summary>The enterprise seed (org ent) with disk data and 100 ms tasks; <see cref="ConnectedSimulator.Connection"/> is admin@ent.</summary>
public sealed class EnterpriseCloud() : ConnectedSimulator(f => WithData("enterprise", f), "ent", "admin", "Ent-Admin-2026!");

/// <summary>The provider seed (org acme) with disk data and 100 ms tasks; <see cref="ConnectedSimulator.Connection"/> is admin@acme.</summary>
public sealed class ProviderCloud() : ConnectedSimulator(f => WithData("provider", f), "acme", "admin", "Acme-Admin-2026!");

/// <summary>tests/data/seeds/charging-sla.json (C1, C2, C4, S1, S2) on a frozen clock; <see cref="ConnectedSimulator.Connection"/> is the System administrator.</summary>
public sealed class ChargingSlaCloud() : ConnectedSimulator(_ => new SimulatorOptions { Seed = SeedPath, FreezeClock = true }, "System", "administrator", "Sys-Admin-Charge-2024!")
{
    public static string SeedPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "tests", "data", "seeds", "charging-sla.json");
    public static string RateCardPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "examples", "ratecard.json");
    public static string StorageRateCardPath => Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "tests", "data", "ratecards", "storage-only.json");
}
