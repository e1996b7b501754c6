using System;
using System.Threading;

namespace VCloudPS.Core.History;

/// <summary>What a report needs from the history: the window, and whether the SLA's classification evidence is needed.</summary>
public sealed class HistoryRequest
{
    public HistoryRequest(UtcInterval window) { Window = window; }
    public UtcInterval Window { get; }
    /// <summary>
    /// SLA: VMs that are down at the window start need the event that put them down (customer vs unplanned),
    /// even when it is older than the window; this may lengthen the look-back.
    /// </summary>
    public bool NeedDownCause { get; set; }
    /// <summary>
    /// All vApp-level state at the window start is needed (SLA: maintenance mode, and public IP counts): the last
    /// vapp/create, vapp/modify, vapp/maintenance_mode or vapp/delete before the start of every vApp not created in the window.
    /// </summary>
    public bool NeedVAppState { get; set; }
    /// <summary>
    /// Only the public IP counts at the window start are needed (charge-back with a PublicIp rate): the last vapp/modify
    /// with a count or vapp/delete before the start, and vapp/create (count 0) only for the vApps whose count the window
    /// changes (otherwise an unchanged count needs no creation event). Implied by <see cref="NeedVAppState"/>.
    /// </summary>
    public bool NeedPublicIps { get; set; }
    /// <summary>
    /// Only maintenance mode at the window start is needed (SLA): the last vapp/maintenance_mode before the start. A vApp
    /// with none was not in maintenance mode before its first change (the opposite of what that change set held before
    /// it), so no other event type tells more. Implied by <see cref="NeedVAppState"/>.
    /// </summary>
    public bool NeedMaintenanceMode { get; set; }
    /// <summary>
    /// How long before the window start the report looks at the state too (the SLA's blip filter sees an outage that
    /// began before the window whole): the history is read and the state settled from <c>Window.Start - ContextBefore</c>.
    /// </summary>
    public TimeSpan ContextBefore { get; set; }
    /// <summary>The instant from which the history is read and at which every VM's state is settled.</summary>
    public DateTime ReadFrom => ContextBefore > TimeSpan.Zero && Window.Start - DateTime.MinValue > ContextBefore ? Window.Start - ContextBefore : Window.Start;
    /// <summary>Optional: only these vApps need their state at the window start (null: all).</summary>
    public Func<string, bool>? VAppInScope { get; set; }
}

/// <summary>Progress of a history load (pages and events read so far).</summary>
public sealed class HistoryProgress
{
    public HistoryProgress(string phase, long events, long requests) { Phase = phase; Events = events; Requests = requests; }
    public string Phase { get; }
    public long Events { get; }
    public long Requests { get; }
}

/// <summary>Supplies the audit events and current state a report is computed from.</summary>
public interface IHistorySource
{
    /// <summary>The cloud's current time ("now" for default windows and for what counts as the future).</summary>
    DateTime Now(CancellationToken ct);
    HistorySnapshot Load(HistoryRequest request, IProgress<HistoryProgress>? progress, CancellationToken ct);
}

/// <summary>A fixed snapshot (tests, or a history exported earlier).</summary>
public sealed class SnapshotHistorySource : IHistorySource
{
    private readonly HistorySnapshot _snapshot;
    public SnapshotHistorySource(HistorySnapshot snapshot) { _snapshot = snapshot; }
    public DateTime Now(CancellationToken ct) => _snapshot.AsOf;
    public HistorySnapshot Load(HistoryRequest request, IProgress<HistoryProgress>? progress, CancellationToken ct) => _snapshot;
}
