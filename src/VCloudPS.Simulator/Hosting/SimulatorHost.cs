using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Control;
using VCloudPS.Simulator.Seeds;

namespace VCloudPS.Simulator.Hosting;

/// <summary>
/// Runs the simulator in-process (tests) or as the program. <c>await using var sim = await SimulatorHost.StartAsync(new() { Seed = "enterprise" });</c>
/// then talk to <see cref="BaseUri"/>; <see cref="Simulation"/> gives direct access to the state.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    public Uri BaseUri { get; }
    public Simulation Simulation { get; }

    private SimulatorHost(WebApplication app, Uri baseUri, Simulation sim)
    {
        _app = app; BaseUri = baseUri; Simulation = sim;
    }

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        var sim = SeedLoader.CreateSimulation(options);
        sim.Transfers = new Transfer.TransferService(sim);
        sim.Transfers.PregenerateLargeDisks();

        var builder = WebApplication.CreateSlimBuilder(Array.Empty<string>());
        var urls = options.Certificate != null && options.Urls.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? "https://" + options.Urls["http://".Length..] : options.Urls;
        builder.WebHost.UseUrls(urls);
        if (options.Certificate != null) builder.WebHost.UseKestrelHttpsConfiguration();   // the slim builder leaves https out
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            if (options.Certificate != null) k.ConfigureHttpsDefaults(h => h.ServerCertificate = options.Certificate);
        });
        // Transfers: fewer, larger socket reads (no zero-byte read before each buffer) for multi-GiB uploads.
        builder.WebHost.UseSockets(s => s.WaitForDataBeforeAllocatingBuffer = false);
        if (!options.Logging) builder.Logging.ClearProviders();
        builder.Services.AddSingleton(sim);

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<SimMiddleware>();
        ApiEndpoints.Map(app, sim);
        SimControlEndpoints.Map(app, sim);

        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")), sim);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(TimeSpan.FromSeconds(2)); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        Simulation.Dispose();
    }
}

internal static class WebAppExtensions
{
    public static Task StopAsync(this WebApplication app, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return app.StopAsync(cts.Token);
    }
}
