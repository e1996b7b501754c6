using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.History;

/// <summary>
/// Reads history through the vCD API, org-wide and without per-vApp requests for the window:
/// <list type="number">
/// <item>one request for the oldest retained audit event (sortAsc=timestamp, pageSize=1) and the cloud's clock
/// (HTTP Date header) — the history is complete from that event on;</item>
/// <item>the current VMs (one paged vm/adminVM query) and VDCs (one orgVdc/adminOrgVdc query);</item>
/// <item>every audit event from the read start (the window start, or <see cref="HistoryRequest.ContextBefore"/> earlier)
/// to now, paged once (events after the start tell whether the current state may be projected back: no change since
/// the start means the current value held);</item>
/// <item>only for the VMs whose state at the start is still open (they changed inside the window, or the SLA needs the
/// cause of a down state): their own events before the start, newest first, by entity id in batches (vCD's query
/// service filters ids through an index), until each has the events that set its state, or retention is reached
/// (then Unknown, as specified);</item>
/// <item>when the report needs vApp-level state (public IPs, maintenance mode), the same for the vApps not created in
/// the window, or one org-wide query of those event types when that is fewer pages (public IPs alone: only the events that
/// set a count, and vapp/create by id for the vApps whose count the window changes); and the runtime-lease expiries that
/// classify a platform power-off read before the start.</item>
/// </list>
/// </summary>
public sealed class CloudApiHistorySource : IHistorySource
{
    public const string AuditTrailPath = "/cloudapi/1.0.0/auditTrail";
    private readonly VCloudConnection _connection;

    public CloudApiHistorySource(VCloudConnection connection) { _connection = connection; }

    public int PageSize { get; set; } = VCloudConnection.MaxPageSize;
    /// <summary>
    /// Entity ids per look-back query. The ids travel in the URL's filter (about 80 characters each, escaped), so a
    /// batch of 40 keeps the request line near 4 KB, well under the usual 8 KB limit of proxies in front of vCD cells.
    /// </summary>
    public int TargetedBatchSize { get; set; } = 40;
    private long _requests;
    private int _openAtStart;
    private readonly Dictionary<string, PowerState> _implied = new Dictionary<string, PowerState>(StringComparer.OrdinalIgnoreCase);
    private DateTime? _upperBound;

    /// <summary>Where the last <see cref="Load"/> spent its time (for benchmarks and -Verbose).</summary>
    public string LastTimings { get; private set; } = "";

    /// <summary>Requests made by the last <see cref="Load"/> (for benchmarks).</summary>
    public long Requests => System.Threading.Interlocked.Read(ref _requests);

    public static string FormatTime(DateTime t) => UtcTime.Normalize(t).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private (DateTime? Oldest, DateTime? ServerNow)? _probe;

    /// <summary>The cloud's clock (HTTP Date header of the audit-trail probe), or this machine's when absent.</summary>
    public DateTime Now(CancellationToken ct)
    {
        _probe ??= ReadOldestAndClock(ct);
        return _probe.Value.ServerNow ?? DateTime.UtcNow;
    }

    public HistorySnapshot Load(HistoryRequest request, IProgress<HistoryProgress>? progress, CancellationToken ct)
    {
        if (request == null) throw new ArgumentNullException(nameof(request));
        _requests = _probe == null ? 0 : 1;
        _openAtStart = 0;
        _probe ??= ReadOldestAndClock(ct);
        var (oldest, serverNow) = _probe.Value;
        _probe = null; // a later Load probes again
        // Events up to the probe's second are read; later ones happen "after now" and are left for the next report.
        _upperBound = serverNow?.AddSeconds(1);
        var asOf = serverNow ?? DateTime.UtcNow;
        var start = request.ReadFrom;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        long inventoryMs = 0;
        // The current inventory is read while the audit trail is paged.
        var inventory = System.Threading.Tasks.Task.Run(() =>
        {
            var v = ReadVdcs(ct);
            var result = (Vdcs: v, Vms: ReadVms(v.ToDictionary(x => x.Href, x => x.Info, StringComparer.OrdinalIgnoreCase), ct));
            inventoryMs = clock.ElapsedMilliseconds;
            return result;
        }, ct);

        var forward = new List<AuditEvent>();
        if (oldest != null)
            foreach (var e in Page("timestamp=ge=" + FormatTime(start), ct))
            {
                forward.Add(e);
                if (forward.Count % (PageSize * 8) == 0) progress?.Report(new HistoryProgress("window", forward.Count, Requests));
            }
        progress?.Report(new HistoryProgress("window", forward.Count, Requests));
        var forwardMs = clock.ElapsedMilliseconds;
        var (vdcs, (vms, vapps)) = inventory.ConfigureAwait(false).GetAwaiter().GetResult();
        var joinedMs = clock.ElapsedMilliseconds;
        progress?.Report(new HistoryProgress("inventory", forward.Count, Requests));

        DateTime? completeFrom = oldest == null ? (DateTime?)null : oldest.Value > start ? oldest.Value : start;
        var lookback = new List<AuditEvent>();
        var vmCompleteFrom = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
        int vappEvents = 0, leaseEvents = 0;
        string vappMode = "none";
        if (oldest != null && oldest.Value < start)
        {
            // The VMs whose state at the start the window's events leave open: their own last events before it, by id.
            var open = OpenAtStart(request, forward, vms, start, oldest.Value, _implied);
            _openAtStart = open.Count;
            var needs = open.ToDictionary(kv => kv.Key, kv => (EntityNeed)new VmNeed(kv.Value.Power, kv.Value.Config), StringComparer.OrdinalIgnoreCase);
            // vApp-level state (public IPs, maintenance mode) at the start: every vApp not created in the window needs it.
            // Its queries run alongside the VMs' (neither needs the other).
            var allVAppState = request.NeedVAppState || (request.NeedPublicIps && request.NeedMaintenanceMode);
            var vappState = allVAppState || request.NeedPublicIps || request.NeedMaintenanceMode
                ? System.Threading.Tasks.Task.Run(() => allVAppState ? LookBackVApps(request, forward, vapps, start, oldest.Value, ct)
                    : request.NeedPublicIps ? LookBackPublicIps(request, forward, vapps, start, oldest.Value, ct)
                    : LookBackMaintenance(request, forward, vapps, start, oldest.Value, ct), ct)
                : null;
            List<AuditEvent> byVm;
            try { byVm = LookBackByIds(needs, VmTypes, start, oldest.Value, vmCompleteFrom, ct); }
            finally { try { vappState?.Wait(CancellationToken.None); } catch (AggregateException) { } }
            lookback.AddRange(byVm);
            progress?.Report(new HistoryProgress("look-back (by VM)", forward.Count + lookback.Count, Requests));
            if (vappState != null)
            {
                var (events, mode) = vappState.ConfigureAwait(false).GetAwaiter().GetResult();
                vappEvents = events.Count;
                vappMode = mode;
                lookback.AddRange(events);
                progress?.Report(new HistoryProgress("look-back (vApp state)", forward.Count + lookback.Count, Requests));
            }
            var leases = LeaseExpiriesNear(lookback, forward, vms, start, ct);
            leaseEvents = leases.Count;
            lookback.AddRange(leases);
            // Stable sort: events of one instant keep the server's order within each entity.
            lookback = lookback.OrderBy(e => e.Timestamp).ToList();
        }
        LastTimings = "window events " + forward.Count + " from " + FormatTime(start) + " in " + forwardMs + " ms; inventory " + vms.Count + " VMs in " + inventoryMs +
                      " ms (concurrent, joined at " + joinedMs + " ms); " + _openAtStart + " VMs needed a look-back (" + _implied.Count + " settled by their first event); look-back " +
                      (lookback.Count - vappEvents - leaseEvents) + " events by VM id, vApp state " + vappEvents + " events (" + vappMode + "), lease expiries " + leaseEvents +
                      ", done at " + clock.ElapsedMilliseconds + " ms; " + Requests + " requests";
        var all = new List<AuditEvent>(lookback.Count + forward.Count);
        all.AddRange(lookback);
        all.AddRange(forward);
        var snapshot = new HistorySnapshot(all, vms, vapps, vdcs.Select(v => v.Info).ToList(), asOf, completeFrom);
        foreach (var kv in vmCompleteFrom) snapshot.EntityCompleteFrom[kv.Key] = kv.Value;
        // The implied states hold at the read start (whatever the look-back read before it for other VMs).
        if (completeFrom.HasValue && completeFrom.Value <= start)
        {
            snapshot.ImpliedAt = start;
            foreach (var kv in _implied) snapshot.ImpliedPowerAtStart[kv.Key] = kv.Value;
        }
        _implied.Clear();
        return snapshot;
    }

    private static readonly string[] VmTypes = { AuditEventTypes.VmCreate, AuditEventTypes.VmChangeState, AuditEventTypes.VmModify, AuditEventTypes.VmDelete };
    private static readonly string[] VAppStateTypes = { AuditEventTypes.VAppCreate, AuditEventTypes.VAppModify, AuditEventTypes.VAppMaintenanceMode, AuditEventTypes.VAppDelete };

    private static string TypeFilter(IEnumerable<string> shortTypes) => "(" + string.Join(",", shortTypes.Select(t => "eventType==" + AuditEventTypes.Full(t))) + ")";

    private static string IdFilter(IEnumerable<string> ids) => "(" + string.Join(",", ids.Select(id => "eventEntity.id==" + id)) + ")";

    /// <summary>
    /// For each entity, its events of <paramref name="types"/> before <paramref name="before"/>, newest first, until it needs
    /// nothing more: a batch of ids per query (vCD filters on entity ids through an index), batches run concurrently. Each
    /// batch reads its oldest instant whole, so its entities' events are complete from there (from the oldest retained
    /// event when the batch ran out of history); that instant goes to <paramref name="completeFrom"/>.
    /// </summary>
    private List<AuditEvent> LookBackByIds(Dictionary<string, EntityNeed> needs, string[] types, DateTime before, DateTime oldest,
        Dictionary<string, DateTime>? completeFrom, CancellationToken ct)
    {
        var batches = needs.Keys.OrderBy(id => id, StringComparer.Ordinal).Select((id, i) => (id, i))
                           .GroupBy(x => x.i / Math.Max(1, TargetedBatchSize), x => x.id).Select(g => g.ToList()).ToList();
        var results = new List<AuditEvent>[batches.Count];
        var froms = new DateTime[batches.Count];
        void RunBatch(int index)
        {
            var ids = batches[index];
            var open = ids.ToDictionary(id => id, id => needs[id], StringComparer.OrdinalIgnoreCase);
            var read = new List<AuditEvent>();
            DateTime? last = null;
            bool exhausted = true;
            var filter = "timestamp=lt=" + FormatTime(before) + ";" + IdFilter(ids) + ";" + TypeFilter(types);
            // The pager is never told to stop: the batch stops here, at the first event older than the instant that
            // settled it, so that instant is read whole (its other events may lie on the next page).
            foreach (var e in Page(filter, ct, descending: true, stop: () => false))
            {
                if (open.Count == 0 && e.Timestamp < last!.Value) { exhausted = false; break; }
                read.Add(e);
                if (open.TryGetValue(e.EntityId, out var need) && need.SettledBy(e)) open.Remove(e.EntityId);
                last = e.Timestamp;
            }
            read.Reverse();
            results[index] = read;
            froms[index] = exhausted || last == null ? oldest : last.Value;
        }
        RunConcurrently(batches.Count, RunBatch, ct);
        if (completeFrom != null)
            for (int i = 0; i < batches.Count; i++)
                foreach (var id in batches[i]) completeFrom[id] = froms[i];
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>Runs <paramref name="count"/> jobs, at most <see cref="Concurrency"/> at a time; the first failure is rethrown.</summary>
    private void RunConcurrently(int count, Action<int> job, CancellationToken ct)
    {
        if (count == 0) return;
        int next = -1;
        var workers = Enumerable.Range(0, Math.Min(Math.Max(1, Concurrency), count)).Select(_ => System.Threading.Tasks.Task.Run(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                ct.ThrowIfCancellationRequested();
                job(i);
            }
        }, ct)).ToArray();
        System.Threading.Tasks.Task.WhenAll(workers).ConfigureAwait(false).GetAwaiter().GetResult();
    }

    /// <summary>
    /// vApp-level state before the start for every vApp in scope that was not created in the window: by vApp id like the
    /// VMs, or with one org-wide query of the vApp-state event types when that is fewer pages (its first page tells).
    /// </summary>
    private (List<AuditEvent> Events, string Mode) LookBackVApps(HistoryRequest request, List<AuditEvent> forward, List<VAppInfo> current,
        DateTime start, DateTime oldest, CancellationToken ct)
    {
        var ids = VAppsBefore(request, forward, current);
        if (ids.Count == 0) return (new List<AuditEvent>(), "none needed");
        var orgWide = OrgWideIfFewerPages("timestamp=lt=" + FormatTime(start) + ";" + TypeFilter(VAppStateTypes), ids.Count, ct);
        if (orgWide != null) return orgWide.Value;
        var needs = ids.ToDictionary(id => id, id => (EntityNeed)new VAppNeed(ips: true, maintenance: true), StringComparer.OrdinalIgnoreCase);
        return (LookBackByIds(needs, VAppStateTypes, start, oldest, null, ct), "by id, " + ids.Count + " vApps");
    }

    /// <summary>
    /// Maintenance mode only: a vApp's last vapp/maintenance_mode before the start (by vApp id, or one org-wide query of
    /// that type when that is fewer pages); a vApp with none keeps the default the timeline gives it.
    /// </summary>
    private (List<AuditEvent> Events, string Mode) LookBackMaintenance(HistoryRequest request, List<AuditEvent> forward, List<VAppInfo> current,
        DateTime start, DateTime oldest, CancellationToken ct)
    {
        var ids = VAppsBefore(request, forward, current);
        if (ids.Count == 0) return (new List<AuditEvent>(), "none needed");
        var orgWide = OrgWideIfFewerPages("timestamp=lt=" + FormatTime(start) + ";" + TypeFilter(MaintenanceTypes), ids.Count, ct);
        if (orgWide != null) return (orgWide.Value.Events, "maintenance mode " + orgWide.Value.Mode);
        var needs = ids.ToDictionary(id => id, id => (EntityNeed)new VAppNeed(ips: false, maintenance: true), StringComparer.OrdinalIgnoreCase);
        return (LookBackByIds(needs, MaintenanceTypes, start, oldest, null, ct), "maintenance mode by id, " + ids.Count + " vApps");
    }

    private static readonly string[] MaintenanceTypes = { AuditEventTypes.VAppMaintenanceMode };

    /// <summary>
    /// Public IP counts only: a vApp's count at the start is set by its last vapp/modify with a count or vapp/delete before
    /// it (by vApp id, or one org-wide query of those two types when that is fewer pages). Its vapp/create (count 0) tells
    /// something only when no such event is retained and the window changes the count (unchanged, the count held all
    /// along): it is read by id for just those vApps.
    /// </summary>
    private (List<AuditEvent> Events, string Mode) LookBackPublicIps(HistoryRequest request, List<AuditEvent> forward, List<VAppInfo> current,
        DateTime start, DateTime oldest, CancellationToken ct)
    {
        var ids = VAppsBefore(request, forward, current);
        if (ids.Count == 0) return (new List<AuditEvent>(), "none needed");
        var orgWide = OrgWideIfFewerPages("timestamp=lt=" + FormatTime(start) + ";" + TypeFilter(IpSetterTypes), ids.Count, ct);
        if (orgWide == null)
        {
            var needs = ids.ToDictionary(id => id, id => (EntityNeed)new VAppNeed(ips: true, maintenance: false), StringComparer.OrdinalIgnoreCase);
            return (LookBackByIds(needs, IpStateTypes, start, oldest, null, ct), "IP counts by id, " + ids.Count + " vApps");
        }
        var events = orgWide.Value.Events;
        var settled = new HashSet<string>(events.Where(SetsPublicIps).Select(e => e.EntityId), StringComparer.OrdinalIgnoreCase);
        var open = new HashSet<string>(forward.Where(e => SetsPublicIps(e) && ids.Contains(e.EntityId) && !settled.Contains(e.EntityId)).Select(e => e.EntityId),
            StringComparer.OrdinalIgnoreCase);
        var creations = LookBackByIds(open.ToDictionary(id => id, id => (EntityNeed)new VAppNeed(ips: true, maintenance: false), StringComparer.OrdinalIgnoreCase),
            new[] { AuditEventTypes.VAppCreate }, start, oldest, null, ct);
        events.AddRange(creations);
        return (events, "IP counts " + orgWide.Value.Mode + ", vapp/create of " + open.Count + " vApps by id");
    }

    private static readonly string[] IpSetterTypes = { AuditEventTypes.VAppModify, AuditEventTypes.VAppDelete };
    private static readonly string[] IpStateTypes = { AuditEventTypes.VAppCreate, AuditEventTypes.VAppModify, AuditEventTypes.VAppDelete };

    /// <summary>A successful vapp/delete or vapp/modify with a public IP count (what sets a count other than creation).</summary>
    private static bool SetsPublicIps(AuditEvent e) =>
        e.Success && (e.ShortType == AuditEventTypes.VAppDelete || (e.ShortType == AuditEventTypes.VAppModify && e.Property("vapp.publicIpCount") != null));

    /// <summary>The vApps in scope that existed before the read start (current or seen in the window, not created in it).</summary>
    private static HashSet<string> VAppsBefore(HistoryRequest request, List<AuditEvent> forward, List<VAppInfo> current)
    {
        var created = new HashSet<string>(forward.Where(e => e.ShortType == AuditEventTypes.VAppCreate).Select(e => e.EntityId), StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(current.Select(v => v.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var e in forward)
        {
            var t = e.ShortType;
            if (t.StartsWith("vapp/", StringComparison.Ordinal)) ids.Add(e.EntityId);
            else if (t.StartsWith("vm/", StringComparison.Ordinal) && e.Property("vm.vappId") is string vappId) ids.Add(vappId);
        }
        ids.ExceptWith(created);
        if (request.VAppInScope != null) ids.RemoveWhere(id => !request.VAppInScope(id));
        return ids;
    }

    /// <summary>
    /// Every event matching <paramref name="filter"/> (org-wide) when that is no more pages than querying
    /// <paramref name="idCount"/> ids in batches (its first page tells); otherwise null.
    /// </summary>
    private (List<AuditEvent> Events, string Mode)? OrgWideIfFewerPages(string filter, int idCount, CancellationToken ct)
    {
        var byIdRequests = (idCount + Math.Max(1, TargetedBatchSize) - 1) / Math.Max(1, TargetedBatchSize);
        var first = FetchPage(Bounded(filter, false), 1, false, ct).ConfigureAwait(false).GetAwaiter().GetResult();
        var pages = first.ResultTotal.HasValue ? (first.ResultTotal.Value + PageSize - 1) / PageSize : long.MaxValue;
        if (pages > byIdRequests) return null;
        return (Page(filter, ct, first: first).ToList(), "org-wide, " + pages + " pages");
    }

    /// <summary>
    /// A power-off by the platform counts as lease expiry when its vApp's runtime lease expired at most
    /// <see cref="TimelineBuilder.LeaseExpiryTolerance"/> before: for such events read before the start (or just after it),
    /// their vApps' lease expiries before the start are read too.
    /// </summary>
    private List<AuditEvent> LeaseExpiriesNear(List<AuditEvent> lookback, List<AuditEvent> forward, List<CurrentVmState> vms, DateTime start, CancellationToken ct)
    {
        var vappOfVm = vms.ToDictionary(v => v.VmId, v => v.VAppId, StringComparer.OrdinalIgnoreCase);
        var earliest = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in lookback.Concat(forward.TakeWhile(x => x.Timestamp < start + TimelineBuilder.LeaseExpiryTolerance)))
        {
            if (e.ShortType != AuditEventTypes.VmChangeState || !e.Success || !e.IsSystemInitiated) continue;
            var action = e.Property("vm.powerAction");
            if (string.Equals(action, "failure", StringComparison.OrdinalIgnoreCase) || string.Equals(action, "leaseExpiry", StringComparison.OrdinalIgnoreCase) ||
                TimelineBuilder.ParsePowerState(e.Property("vm.state")) == PowerState.On) continue;
            var vappId = e.Property("vm.vappId") ?? (vappOfVm.TryGetValue(e.EntityId, out var v) ? v : null);
            if (vappId == null) continue;
            var from = e.Timestamp - TimelineBuilder.LeaseExpiryTolerance;
            if (!earliest.TryGetValue(vappId, out var t) || from < t) earliest[vappId] = from;
        }
        if (earliest.Count == 0) return new List<AuditEvent>();
        var since = earliest.Values.Min();
        var batches = earliest.Keys.OrderBy(id => id, StringComparer.Ordinal).Select((id, i) => (id, i))
                              .GroupBy(x => x.i / Math.Max(1, TargetedBatchSize), x => x.id).Select(g => g.ToList()).ToList();
        var results = new List<AuditEvent>[batches.Count];
        RunConcurrently(batches.Count, i => results[i] = Page("timestamp=ge=" + FormatTime(since) + ";timestamp=lt=" + FormatTime(start) + ";" +
            IdFilter(batches[i]) + ";eventType==" + AuditEventTypes.Full(AuditEventTypes.VAppLeaseExpiry), ct).ToList(), ct);
        return results.SelectMany(r => r).ToList();
    }

    private sealed class Need { public bool Power; public bool Config; }

    /// <summary>VMs whose state at the window start the window's events do not settle.</summary>
    private static Dictionary<string, Need> OpenAtStart(HistoryRequest request, List<AuditEvent> forward, List<CurrentVmState> current, DateTime start,
        DateTime oldestRetained, Dictionary<string, PowerState> implied)
    {
        var open = new Dictionary<string, Need>(StringComparer.OrdinalIgnoreCase);
        var created = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var powerChanged = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var firstPower = new Dictionary<string, AuditEvent>(StringComparer.OrdinalIgnoreCase);
        var vappOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var currentById = new Dictionary<string, CurrentVmState>(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in current) { vappOf[vm.VmId] = vm.VAppId; currentById[vm.VmId] = vm; }
        foreach (var e in forward)
        {
            var t = e.ShortType;
            if (!t.StartsWith("vm/", StringComparison.Ordinal)) continue;
            var vappId = e.Property("vm.vappId");
            if (vappId != null) vappOf[e.EntityId] = vappId;
            if (t == AuditEventTypes.VmCreate) { created.Add(e.EntityId); continue; }
            if (created.Contains(e.EntityId)) continue;
            var need = open.TryGetValue(e.EntityId, out var n) ? n : null;
            if (t == AuditEventTypes.VmChangeState && e.Success)
            {
                if (powerChanged.Add(e.EntityId)) firstPower[e.EntityId] = e;
                (need ??= open[e.EntityId] = new Need()).Power = true;
            }
            else if (t == AuditEventTypes.VmModify && e.Property("vm.numCpu") != null) (need ??= open[e.EntityId] = new Need()).Config = true;
            else if (t == AuditEventTypes.VmDelete && need == null) open[e.EntityId] = new Need { Power = true, Config = true };
        }
        if (request.NeedDownCause)
            foreach (var vm in current)
                if (vm.Power != PowerState.On && !created.Contains(vm.VmId) && !powerChanged.Contains(vm.VmId))
                    (open.TryGetValue(vm.VmId, out var n) ? n : open[vm.VmId] = new Need()).Power = true;
        // A VM whose whole history is retained and whose first power event in the window can only follow a powered-on
        // state needs no look-back for its power state (its configuration may still need one).
        foreach (var kv in firstPower)
        {
            if (!open.TryGetValue(kv.Key, out var need) || !currentById.TryGetValue(kv.Key, out var cur)) continue;
            if (cur.Created == null || cur.Created.Value < oldestRetained) continue;
            var prior = ImpliedPriorState(kv.Value);
            // A power-on only says the VM was not running (off or suspended): enough for charge-back, where neither
            // accrues; the SLA needs the event that took it down (customer or not), so it keeps looking back.
            if (prior == null && !request.NeedDownCause && IsPowerOn(kv.Value)) prior = PowerState.Off;
            if (prior == null) continue;
            implied[kv.Key] = prior.Value;
            need.Power = false;
            if (!need.Config) open.Remove(kv.Key);
        }
        if (request.VAppInScope != null)
            foreach (var id in open.Keys.ToList())
                if (!vappOf.TryGetValue(id, out var vapp) || !request.VAppInScope(vapp)) open.Remove(id);
        return open;
    }

    /// <summary>
    /// The power state a successful power event must have started from: power-off, shutdown, suspend, reset and
    /// failure act on a powered-on VM. Other actions (power-on, deploy, undeploy) leave it open.
    /// </summary>
    internal static bool IsPowerOn(AuditEvent e)
    {
        var action = (e.Property("vm.powerAction") ?? "").ToLowerInvariant();
        return (action == "poweron" || action == "deploy") && TimelineBuilder.ParsePowerState(e.Property("vm.state")) == PowerState.On;
    }

    internal static PowerState? ImpliedPriorState(AuditEvent e)
    {
        var action = (e.Property("vm.powerAction") ?? "").ToLowerInvariant();
        switch (action)
        {
            case "poweroff": case "shutdown": case "suspend": case "reset": case "failure": case "leaseexpiry":
                return PowerState.On;
            default:
                return null;
        }
    }

    /// <summary>Pages fetched ahead concurrently while earlier pages are being read (1 = strictly sequential).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Every event matching <paramref name="filter"/>, ascending. The filter carries an upper time bound (the probe's
    /// clock), so the result set cannot shift while it is paged; page 1 gives the page count, and the next pages are then
    /// fetched up to <see cref="Concurrency"/> at a time and yielded in order. If the server's totals disagree between
    /// pages, the read starts over sequentially (Link header driven).
    /// </summary>
    private IEnumerable<AuditEvent> Page(string filter, CancellationToken ct, bool descending = false, Func<bool>? stop = null, AuditPage? first = null)
    {
        if ((Concurrency <= 1 || _upperBound == null) && !descending && first == null)
        {
            foreach (var e in Sequential(filter, ct)) yield return e;
            yield break;
        }
        var bounded = Bounded(filter, descending);
        var concurrency = Math.Max(1, Concurrency);
        first ??= FetchPage(bounded, 1, descending, ct).ConfigureAwait(false).GetAwaiter().GetResult();
        var total = first.ResultTotal;
        var size = first.PageSize ?? PageSize;
        var pageCount = first.PageCount ?? (total.HasValue ? (int)((total.Value + size - 1) / size) : (int?)null);
        if (pageCount == null || total == null)
        {
            if (descending) throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "The audit trail page has no resultTotal.");
            foreach (var e in Sequential(bounded, ct)) yield return e;
            yield break;
        }
        var inFlight = new Queue<System.Threading.Tasks.Task<AuditPage>>();
        int next = 2;
        bool consistent = true;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            try
            {
                // A stoppable scan (look-back) starts with one page ahead and widens as it goes on.
                int ahead = stop == null ? concurrency : 1;
                while (next <= pageCount && inFlight.Count < ahead) inFlight.Enqueue(FetchPage(bounded, next++, descending, cts.Token));
                var current = first;
                while (true)
                {
                    foreach (var e in current.Values) yield return e;
                    if (inFlight.Count == 0 || (stop != null && stop())) break;
                    current = inFlight.Dequeue().ConfigureAwait(false).GetAwaiter().GetResult();
                    if (current.ResultTotal != total) { consistent = false; break; }
                    if (ahead < concurrency) ahead++;
                    while (next <= pageCount && inFlight.Count < ahead) inFlight.Enqueue(FetchPage(bounded, next++, descending, cts.Token));
                }
            }
            finally
            {
                cts.Cancel();
                foreach (var t in inFlight) { try { t.Wait(); } catch (AggregateException) { } }
            }
        }
        if (!consistent) throw new VCloudException(VCloudErrorKind.Protocol, "AuditTrailChanged",
            "The audit trail changed while it was paged (its total moved); run the report again.");
    }

    /// <summary>An ascending filter with the probe's upper time bound (the result set cannot shift while it is paged).</summary>
    private string Bounded(string filter, bool descending) =>
        descending || _upperBound == null ? filter : filter + ";timestamp=lt=" + FormatTime(_upperBound.Value);

    /// <summary>One page, streamed and parsed on a pool thread; the request pipeline retries transient failures.</summary>
    private async System.Threading.Tasks.Task<AuditPage> FetchPage(string filter, int page, bool descending, CancellationToken ct)
    {
        var path = AuditTrailPath + "?page=" + page.ToString(CultureInfo.InvariantCulture) + "&pageSize=" + PageSize.ToString(CultureInfo.InvariantCulture) +
                   "&filter=" + Uri.EscapeDataString(filter) + (descending ? "&sortDesc=timestamp" : "&sortAsc=timestamp");
        System.Threading.Interlocked.Increment(ref _requests);
        try
        {
            return await _connection.GetStreamedAsync(path, _connection.JsonAccept, (_, stream) => AuditPageReader.Read(stream), ct).ConfigureAwait(false);
        }
        catch (VCloudException ex) when (ex.StatusCode.HasValue && ex.StatusCode != 429 && ex.StatusCode < 500)
        {
            throw Unavailable(ex, "GET " + AuditTrailPath + " (page " + page + ") answered " + ex.StatusCode + ": " + ex.Message);
        }
    }

    private static VCloudException Unavailable(VCloudException ex, string message) =>
        new VCloudException(ex.StatusCode == 401 || ex.StatusCode == 403 ? VCloudErrorKind.PermissionDenied
            : ex.StatusCode == 400 ? VCloudErrorKind.InvalidArgument : VCloudErrorKind.Protocol, "AuditTrailUnavailable", message, ex)
        { StatusCode = ex.StatusCode, Request = ex.Request };

    private IEnumerable<AuditEvent> Sequential(string filter, CancellationToken ct)
    {
        int n = 0;
        foreach (var o in _connection.GetCloudApiPaged(AuditTrailPath, filter, ct, sortAsc: "timestamp", pageSize: PageSize))
        {
            if (n++ % PageSize == 0) System.Threading.Interlocked.Increment(ref _requests);
            yield return AuditEventJson.Parse(o);
        }
        if (n == 0) System.Threading.Interlocked.Increment(ref _requests);
    }

    /// <summary>The oldest retained event (one small request) and the cloud's clock from the Date header.</summary>
    private (DateTime? Oldest, DateTime? ServerNow) ReadOldestAndClock(CancellationToken ct)
    {
        System.Threading.Interlocked.Increment(ref _requests);
        var path = AuditTrailPath + "?page=1&pageSize=1&sortAsc=timestamp";
        try
        {
            return _connection.GetStreamedAsync(path, _connection.JsonAccept, (response, stream) =>
            {
                JObject page;
                using (var reader = new System.IO.StreamReader(stream))
                using (var json = new Newtonsoft.Json.JsonTextReader(reader))
                    page = JObject.Load(json);
                var first = (page["values"] as JArray)?.OfType<JObject>().FirstOrDefault();
                DateTime? oldest = first != null ? AuditEventJson.Parse(first).Timestamp : (DateTime?)null;
                DateTime? now = response.Headers.Date?.UtcDateTime;
                return (oldest, now.HasValue ? DateTime.SpecifyKind(now.Value, DateTimeKind.Utc) : (DateTime?)null);
            }, ct).ConfigureAwait(false).GetAwaiter().GetResult();
        }
        catch (VCloudException ex) when (ex.StatusCode.HasValue && ex.StatusCode != 429 && ex.StatusCode < 500)
        {
            throw Unavailable(ex, "GET " + AuditTrailPath + " answered " + ex.StatusCode + "; charge-back and SLA need the audit trail.");
        }
    }

    /// <summary>
    /// Records of a typed query, page 1 first (it gives the total), then the other pages fetched up to
    /// <see cref="Concurrency"/> at a time and yielded in page order: the VM inventory is about 200 pages, read while the
    /// audit trail is paged, and must not take longer than it.
    /// </summary>
    private IEnumerable<XElement> QueryRecordsAhead(string type, string filter, CancellationToken ct)
    {
        const int size = VCloudConnection.MaxPageSize;
        if (Concurrency <= 1)
        {
            foreach (var r in _connection.QueryRecords(type, filter, ct)) yield return r;
            yield break;
        }
        // Parsed as it streams in: a page (about 150 KB) read into a buffer and a string first would make two large-object
        // allocations per page, and their collections cost more than the parse.
        System.Threading.Tasks.Task<XElement> Fetch(int page, CancellationToken token) =>
            _connection.GetStreamedAsync(_connection.BuildQueryHref(type, filter, null, size, page), _connection.XmlAccept, (_, stream) =>
            {
                try { return VcdXml.Parse(new System.IO.BufferedStream(stream, 16384)); }
                catch (System.Xml.XmlException ex)
                {
                    throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "The " + type + " query page " + page + " is not valid XML: " + ex.Message, ex);
                }
            }, token);
        static List<XElement> RecordsOf(XElement root) => root.Elements().Where(e => e.Name.LocalName != "Link").ToList();
        var first = Fetch(1, ct).ConfigureAwait(false).GetAwaiter().GetResult();
        var total = first.AttrLong("total");
        var pageSize = first.AttrInt("pageSize") ?? size;
        foreach (var r in RecordsOf(first)) yield return r;
        if (total == null)
        {
            // No total: follow the query's own links from the start.
            foreach (var r in _connection.QueryRecords(type, filter, ct).Skip(RecordsOf(first).Count)) yield return r;
            yield break;
        }
        var pages = (int)Math.Min(int.MaxValue, (total.Value + pageSize - 1) / Math.Max(1, pageSize));
        var inFlight = new Queue<System.Threading.Tasks.Task<XElement>>();
        int next = 2;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            try
            {
                while (next <= pages && inFlight.Count < Concurrency) inFlight.Enqueue(Fetch(next++, cts.Token));
                while (inFlight.Count > 0)
                {
                    var root = inFlight.Dequeue().ConfigureAwait(false).GetAwaiter().GetResult();
                    if (next <= pages) inFlight.Enqueue(Fetch(next++, cts.Token));
                    foreach (var r in RecordsOf(root)) yield return r;
                }
            }
            finally
            {
                cts.Cancel();
                foreach (var t in inFlight) { try { t.Wait(CancellationToken.None); } catch (AggregateException) { } }
            }
        }
    }

    private sealed class VdcRow { public string Href = ""; public VdcInfo Info = null!; }

    private List<VdcRow> ReadVdcs(CancellationToken ct)
    {
        var list = new List<VdcRow>();
        var type = _connection.IsProvider ? "adminOrgVdc" : "orgVdc";
        int n = 0;
        foreach (var r in _connection.QueryRecords(type, null, ct))
        {
            if (n++ % VCloudConnection.MaxPageSize == 0) System.Threading.Interlocked.Increment(ref _requests);
            var v = EntityMapper.ToVdc(r, _connection);
            list.Add(new VdcRow { Href = v.Href, Info = new VdcInfo(v.Id, v.Name, v.OrgName ?? (_connection.IsProvider ? null : _connection.Org), v.AllocationModel) });
        }
        return list;
    }

    private (List<CurrentVmState>, List<VAppInfo>) ReadVms(Dictionary<string, VdcInfo> vdcByHref, CancellationToken ct)
    {
        var vms = new List<CurrentVmState>();
        var vapps = new Dictionary<string, VAppInfo>(StringComparer.OrdinalIgnoreCase);
        var type = _connection.IsProvider ? "adminVM" : "vm";
        int n = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in QueryRecordsAhead(type, "isVAppTemplate==false", ct))
        {
            if (n++ % VCloudConnection.MaxPageSize == 0) System.Threading.Interlocked.Increment(ref _requests);
            var vm = EntityMapper.ToVmFromRecord(r, _connection);
            if (vm.VAppId == null || !seen.Add(vm.Id)) continue;
            PowerState power;
            power = TimelineBuilder.ParsePowerState(vm.Status) ?? PowerState.Unknown;
            // The VM record has no per-disk storage policies: the total is put on the VM's storage policy.
            var disks = vm.StorageMB.HasValue
                ? new[] { new DiskAllocation(vm.StorageProfile ?? "", vm.StorageMB.Value) }
                : Array.Empty<DiskAllocation>();
            var config = vm.CpuCount.HasValue && vm.MemoryMB.HasValue ? new VmConfiguration(vm.CpuCount.Value, vm.MemoryMB.Value, disks) : null;
            var created = r.Attribute("dateCreated")?.Value;
            vms.Add(new CurrentVmState(vm.Id, vm.Name, vm.VAppId, power, config)
            {
                Created = created != null && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c)
                    ? c.UtcDateTime : (DateTime?)null,
            });
            if (!vapps.ContainsKey(vm.VAppId))
            {
                var vdcHref = r.Attribute("vdc")?.Value;
                VdcInfo? vdc = vdcHref != null && vdcByHref.TryGetValue(vdcHref, out var v) ? v : null;
                vapps[vm.VAppId] = new VAppInfo(vm.VAppId, vm.VAppName ?? vm.VAppId, vdc?.OrgName ?? (_connection.IsProvider ? null : _connection.Org),
                    vdc?.Id, vdc?.Name ?? vm.VdcName);
            }
        }
        return (vms, vapps.Values.ToList());
    }
}
