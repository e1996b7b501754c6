using System.Net;
using VCloudPS.Core.Api;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Tests.Migration;

/// <summary>Two in-process simulators (enterprise and provider) and a tenant connection to each, shared by the
/// export/import end-to-end tests of one class.</summary>
public sealed class SimulatorPair : IAsyncLifetime
{
    public SimulatorHost Enterprise { get; private set; } = null!;
    public SimulatorHost Provider { get; private set; } = null!;
    public VCloudConnection Ent { get; private set; } = null!;
    public VCloudConnection Prov { get; private set; } = null!;
    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), string.Concat("vcloudps-e2e-", Guid.NewGuid().ToString("N").AsSpan(0, 8)));

    public async Task InitializeAsync()
    {
        Enterprise = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = "enterprise", DataDir = Path.Combine(DataRoot, "ent"), TaskDuration = TimeSpan.FromMilliseconds(100) });
        Provider = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = "provider", DataDir = Path.Combine(DataRoot, "prov"), TaskDuration = TimeSpan.FromMilliseconds(100) });
        Ent = await Connect(Enterprise.BaseUri, "admin", "ent", "Ent-Admin-2026!");
        Prov = await Connect(Provider.BaseUri, "admin", "acme", "Acme-Admin-2026!");
    }

    public static async Task<VCloudConnection> Connect(Uri server, string user, string org, string password)
    {
        var c = await VCloudConnection.ConnectAsync(new ConnectOptions { Server = server, User = user, Org = org, Password = new NetworkCredential("", password).SecurePassword }, CancellationToken.None);
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(50);
        c.TaskPollMaxDelay = TimeSpan.FromMilliseconds(200);
        return c;
    }

    public async Task DisposeAsync()
    {
        Ent?.Dispose(); Prov?.Dispose();
        if (Enterprise != null) await Enterprise.DisposeAsync();
        if (Provider != null) await Provider.DisposeAsync();
        try { Directory.Delete(DataRoot, true); } catch (IOException) { }
    }
}
