using VCloudPS.Simulator.Auth;
using VCloudPS.Simulator.Clock;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;

namespace VCloudPS.Simulator.Hosting;

/// <summary>
/// The simulated cloud: one per simulator instance, registered as a singleton in DI.
/// Everything an endpoint needs hangs off it.
/// </summary>
public sealed class Simulation : IDisposable
{
    public SimulatorOptions Options { get; }
    public SimStore Store { get; } = new();
    public ISimClock Clock { get; }
    public TaskRunner Tasks { get; }
    public EventRecorder Events { get; }
    public SessionStore Sessions { get; }
    public FaultRegistry Faults { get; } = new();
    public DiskTransferGauge DiskTransfers { get; } = new();
    public ApiVersionList Versions { get; set; }
    /// <summary>Folder where disk files of transfers live.</summary>
    public string DataDir { get; }
    public string SeedName { get; set; } = "";
    /// <summary>
    /// OVF export/import state and disk files. Set by the host before it serves requests (it creates folders under
    /// <see cref="DataDir"/>); null in a simulation that is not hosted.
    /// </summary>
    internal Transfer.TransferService Transfers { get; set; } = null!;

    public Simulation(SimulatorOptions options, ISimClock? clock = null)
    {
        Options = options;
        Clock = clock ?? new SimClock(options.Now, options.FreezeClock);
        Tasks = new TaskRunner(Store, Clock, options.TaskDuration);
        Events = new EventRecorder(Store);
        Sessions = new SessionStore(Clock, options.SessionIdleTimeout);
        Versions = new ApiVersionList(options.ApiVersions ?? ApiVersionList.Default);
        Tasks.Ticked += now => Leases.ExpireDue(this, now);
        // Created by whoever first writes into it (disk files, transfers), so a simulation that never stores a file
        // leaves nothing behind even when it is not disposed.
        DataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "vcloudps-sim-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public void Dispose()
    {
        Tasks.Dispose();
        // A data folder we created ourselves (no --data-dir) is scratch space: remove it with the simulator.
        if (Options.DataDir is null)
        {
            try { if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }
}
