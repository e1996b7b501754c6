using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VCloudPS.Core.History;

/// <summary>
/// Builds per-vApp timelines of constant-state slices from retained audit events plus the current state
/// (docs/architecture.md "History contract"; charging-sla.md "Inputs").
/// Rules, per VM attribute (existence, power state, sized configuration):
/// <list type="bullet">
/// <item>the value at t is the one set by the last event at or before t;</item>
/// <item>before the first retained event that sets it: when no event set it at all since the history is complete
/// (<see cref="HistorySnapshot.CompleteFrom"/>, or earlier for a VM a targeted look-back read further back), nothing
/// changed, so the current value holds from then on; otherwise it is Unknown (never guessed from the current state);</item>
/// <item>before a retained vm/create the VM did not exist; without one, a VM seen in the history or the inventory
/// existed since the history is complete, and its existence before that is Unknown.</item>
/// </list>
/// </summary>
public static class TimelineBuilder
{
    /// <summary>A VM powered off by the platform this long after its vApp's runtime lease expired counts as lease expiry.</summary>
    public static readonly TimeSpan LeaseExpiryTolerance = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<VAppTimeline> Build(HistorySnapshot snapshot, DateTime domainStart, Func<string, bool>? includeVApp = null)
    {
        domainStart = UtcTime.Normalize(domainStart);
        var asOf = snapshot.AsOf;
        if (domainStart > asOf) domainStart = asOf;
        var completeFrom = snapshot.CompleteFrom ?? DateTime.MaxValue;

        var vmEvents = new Dictionary<string, List<AuditEvent>>(StringComparer.OrdinalIgnoreCase);
        var vappEvents = new Dictionary<string, List<AuditEvent>>(StringComparer.OrdinalIgnoreCase);
        var vmToVApp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var vmNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var vappNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var vappOrg = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var vappVdc = new Dictionary<string, (string? id, string? name)>(StringComparer.OrdinalIgnoreCase);

        foreach (var e in snapshot.Events)
        {
            var type = e.ShortType;
            if (type.StartsWith("vm/", StringComparison.Ordinal))
            {
                Add(vmEvents, e.EntityId, e);
                if (!string.IsNullOrEmpty(e.EntityName)) vmNames[e.EntityId] = e.EntityName!;
                var vappId = e.Property("vm.vappId");
                if (!string.IsNullOrEmpty(vappId))
                {
                    vmToVApp[e.EntityId] = vappId!;
                    var vappName = e.Property("vm.vappName");
                    if (!string.IsNullOrEmpty(vappName) && !vappNames.ContainsKey(vappId!)) vappNames[vappId!] = vappName!;
                    if (!string.IsNullOrEmpty(e.OrgName) && !vappOrg.ContainsKey(vappId!)) vappOrg[vappId!] = e.OrgName!;
                }
            }
            else if (type.StartsWith("vapp/", StringComparison.Ordinal))
            {
                Add(vappEvents, e.EntityId, e);
                if (!string.IsNullOrEmpty(e.EntityName)) vappNames[e.EntityId] = e.EntityName!;
                if (!string.IsNullOrEmpty(e.OrgName)) vappOrg[e.EntityId] = e.OrgName!;
                var vdcId = e.Property("vapp.vdcId");
                var vdcName = e.Property("vapp.vdcName");
                if (vdcId != null || vdcName != null) vappVdc[e.EntityId] = (vdcId, vdcName);
            }
        }

        var current = new Dictionary<string, CurrentVmState>(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in snapshot.CurrentVms)
        {
            current[vm.VmId] = vm;
            vmToVApp[vm.VmId] = vm.VAppId;
            vmNames[vm.VmId] = vm.VmName;
        }
        var currentVApps = new Dictionary<string, VAppInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in snapshot.CurrentVApps) currentVApps[v.Id] = v;

        var vmsByVApp = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var kv in vmToVApp)
        {
            if (!vmsByVApp.TryGetValue(kv.Value, out var list)) vmsByVApp[kv.Value] = list = new List<string>();
            list.Add(kv.Key);
        }
        var allVApps = new HashSet<string>(vmsByVApp.Keys, StringComparer.OrdinalIgnoreCase);
        allVApps.UnionWith(vappEvents.Keys);
        allVApps.UnionWith(currentVApps.Keys);

        var included = includeVApp == null ? allVApps.ToList() : allVApps.Where(includeVApp).ToList();
        VAppTimeline BuildVApp(string vappId)
        {
            currentVApps.TryGetValue(vappId, out var info);
            vappVdc.TryGetValue(vappId, out var vdc);
            var name = info?.Name ?? (vappNames.TryGetValue(vappId, out var n) ? n : vappId);
            var timeline = new VAppTimeline(vappId, name,
                info?.OrgName ?? (vappOrg.TryGetValue(vappId, out var o) ? o : null),
                info?.VdcId ?? vdc.id, info?.VdcName ?? vdc.name, domainStart, asOf);

            vappEvents.TryGetValue(vappId, out var ve);
            ve ??= new List<AuditEvent>();
            var vappDelete = ve.FirstOrDefault(x => x.ShortType == AuditEventTypes.VAppDelete);
            var leaseExpiries = ve.Where(x => x.ShortType == AuditEventTypes.VAppLeaseExpiry).Select(x => x.Timestamp).ToList();
            bool anyHistory = ve.Count > 0;

            if (vmsByVApp.TryGetValue(vappId, out var vmIds))
            {
                var ordered = vmIds.Select(id => (Id: id, Name: vmNames.TryGetValue(id, out var nm) ? nm : id)).ToArray();
                Array.Sort(ordered, (a, b) =>
                {
                    var c = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
                    return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
                });
                foreach (var (vmId, _) in ordered)
                {
                    vmEvents.TryGetValue(vmId, out var evs);
                    evs ??= new List<AuditEvent>();
                    if (evs.Count > 0) anyHistory = true;
                    if (vappDelete != null && !evs.Any(x => x.ShortType == AuditEventTypes.VmDelete))
                    {
                        evs = new List<AuditEvent>(evs) { vappDelete };
                        evs.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
                    }
                    current.TryGetValue(vmId, out var cur);
                    PowerState? implied = snapshot.ImpliedPowerAtStart.TryGetValue(vmId, out var ip) ? ip : (PowerState?)null;
                    timeline.Vms.Add(BuildVm(vmId, vmNames.TryGetValue(vmId, out var vmName) ? vmName : vmId, evs, cur,
                        snapshot.CompleteFromFor(vmId) ?? DateTime.MaxValue, domainStart, asOf, leaseExpiries, implied, snapshot.ImpliedAt));
                }
            }
            timeline.HasNoHistory = !anyHistory;
            BuildVAppSlices(timeline, ve, info, completeFrom, domainStart, asOf);
            return timeline;
        }
        // Each vApp's timeline reads only the shared lookups above: they are built on all cores.
        var parts = ParallelInOrder.Ranges(included.Count, 200, (from, to) =>
        {
            var part = new List<VAppTimeline>(to - from);
            for (int i = from; i < to; i++) part.Add(BuildVApp(included[i]));
            return part;
        });
        var result = new List<VAppTimeline>(included.Count);
        foreach (var part in parts) result.AddRange(part);
        result.Sort((a, b) =>
        {
            var c = string.Compare(a.OrgName, b.OrgName, StringComparison.OrdinalIgnoreCase);
            if (c == 0) c = string.Compare(a.VAppName, b.VAppName, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(a.VAppId, b.VAppId);
        });
        return result;
    }

    private static void Add(Dictionary<string, List<AuditEvent>> d, string key, AuditEvent e)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = new List<AuditEvent>();
        list.Add(e);
    }

    internal static PowerState? ParsePowerState(string? state)
    {
        if (string.IsNullOrWhiteSpace(state)) return null;
        switch (Model.VAppStatuses.Parse(state))
        {
            case Model.VAppStatus.PoweredOn: return PowerState.On;
            case Model.VAppStatus.PoweredOff: return PowerState.Off;
            case Model.VAppStatus.Suspended: return PowerState.Suspended;
            default: return PowerState.Unknown;
        }
    }

    private static VmConfiguration? ParseConfiguration(AuditEvent e)
    {
        var cpu = e.Property("vm.numCpu");
        var mem = e.Property("vm.memoryMB");
        if (cpu == null || mem == null) return null;
        return new VmConfiguration(int.Parse(cpu, CultureInfo.InvariantCulture), long.Parse(mem, CultureInfo.InvariantCulture),
            VmConfiguration.ParseDisks(e.Property("vm.disks")));
    }

    private static VmTimeline BuildVm(string vmId, string vmName, List<AuditEvent> events, CurrentVmState? current,
        DateTime completeFrom, DateTime domainStart, DateTime asOf, List<DateTime> leaseExpiries, PowerState? impliedAtStart = null, DateTime? impliedAt = null)
    {
        bool hasCreate = false, anyPowerSetter = false, anyConfigSetter = false;
        foreach (var e in events)
        {
            var t = e.ShortType;
            if (t == AuditEventTypes.VmCreate) { hasCreate = true; anyPowerSetter = true; anyConfigSetter = true; }
            else if (t == AuditEventTypes.VmChangeState && e.Success) anyPowerSetter = true;
            else if (t == AuditEventTypes.VmModify && e.Property("vm.numCpu") != null) anyConfigSetter = true;
        }

        var bounds = new List<DateTime> { domainStart };
        if (completeFrom > domainStart && completeFrom < asOf) bounds.Add(completeFrom);
        if (impliedAtStart.HasValue && impliedAt.HasValue && impliedAt.Value > domainStart && impliedAt.Value < asOf) bounds.Add(impliedAt.Value);
        foreach (var e in events) if (e.Timestamp > domainStart && e.Timestamp < asOf) bounds.Add(e.Timestamp);
        bounds.Add(asOf);
        bounds.Sort();
        int distinct = 1;
        for (int k = 1; k < bounds.Count; k++) if (bounds[k] != bounds[distinct - 1]) bounds[distinct++] = bounds[k];
        bounds.RemoveRange(distinct, bounds.Count - distinct);

        var timeline = new List<VmSlice>();
        var vmTimeline = new VmTimeline(vmId, vmName, timeline);
        Existence? exist = null;
        PowerState? power = null;
        VmConfiguration? config = null;
        AuditEvent? cause = null, failed = null;
        bool lease = false, seen = false;
        PowerEvidence? evidence = null;
        int next = 0;
        for (int i = 0; i + 1 < bounds.Count; i++)
        {
            var b = bounds[i];
            bool evidenceChanged = false;
            while (next < events.Count && events[next].Timestamp <= b)
            {
                var e = events[next++];
                seen = true; // an event of the VM at t: it existed at t (until a deletion says otherwise)
                switch (e.ShortType)
                {
                    case AuditEventTypes.VmCreate:
                        exist = Existence.Exists;
                        power = ParsePowerState(e.Property("vm.state")) ?? PowerState.Off;
                        config = ParseConfiguration(e) ?? config;
                        cause = e; failed = null; lease = false; evidenceChanged = true;
                        break;
                    case AuditEventTypes.VmDelete:
                    case AuditEventTypes.VAppDelete:
                        exist = Existence.NotExists;
                        break;
                    case AuditEventTypes.VmModify:
                        var c = ParseConfiguration(e);
                        if (c != null) config = c;
                        break;
                    case AuditEventTypes.VmChangeState:
                        var ps = ParsePowerState(e.Property("vm.state"));
                        if (e.Success)
                        {
                            if (ps != null) power = ps;
                            cause = e; failed = null;
                            var action = e.Property("vm.powerAction");
                            lease = string.Equals(action, "leaseExpiry", StringComparison.OrdinalIgnoreCase) ||
                                    (e.IsSystemInitiated && ps != PowerState.On && !string.Equals(action, "failure", StringComparison.OrdinalIgnoreCase) &&
                                     LeaseExpiredJustBefore(leaseExpiries, e.Timestamp));
                            evidenceChanged = true;
                        }
                        else
                        {
                            vmTimeline.FailedPowerOns.Add(e);
                            if (power != PowerState.On) { failed = e; evidenceChanged = true; }
                        }
                        break;
                }
            }
            if (evidenceChanged || evidence == null) evidence = new PowerEvidence(cause, lease, failed);

            Existence ex = exist ?? (seen ? Existence.Exists : hasCreate ? Existence.NotExists : (b >= completeFrom ? Existence.Exists : Existence.Unknown));
            PowerState pw = power ?? (impliedAtStart.HasValue && impliedAt.HasValue && b >= impliedAt.Value && b >= completeFrom ? impliedAtStart.Value
                : !anyPowerSetter && b >= completeFrom && current != null ? current.Power : PowerState.Unknown);
            VmConfiguration? cf = config ?? (!anyConfigSetter && b >= completeFrom ? current?.Configuration : null);
            var slice = new VmSlice(b, bounds[i + 1], ex, pw, cf, evidence);
            if (timeline.Count > 0 && timeline[timeline.Count - 1].SameStateAs(slice))
            {
                var prev = timeline[timeline.Count - 1];
                timeline[timeline.Count - 1] = new VmSlice(prev.From, slice.To, prev.Existence, prev.Power, prev.Configuration, prev.Evidence);
            }
            else timeline.Add(slice);
        }
        return vmTimeline;
    }

    private static bool LeaseExpiredJustBefore(List<DateTime> leaseExpiries, DateTime t)
    {
        foreach (var x in leaseExpiries)
            if (x <= t && t - x <= LeaseExpiryTolerance) return true;
        return false;
    }

    private static void BuildVAppSlices(VAppTimeline timeline, List<AuditEvent> events, VAppInfo? info, DateTime completeFrom,
        DateTime domainStart, DateTime asOf)
    {
        // Public IPs: set by vapp/create (0 unless stated) and vapp/modify carrying vapp.publicIpCount; 0 after delete.
        var ipSetters = events.Where(e => e.Success && (e.ShortType == AuditEventTypes.VAppCreate || e.ShortType == AuditEventTypes.VAppDelete ||
                                                        (e.ShortType == AuditEventTypes.VAppModify && e.Property("vapp.publicIpCount") != null)))
                              .Select(e => (e.Timestamp, Value: e.ShortType == AuditEventTypes.VAppModify || e.ShortType == AuditEventTypes.VAppCreate
                                  ? ParseInt(e.Property("vapp.publicIpCount")) ?? 0
                                  : 0)).ToList();
        int? ipBefore;
        if (ipSetters.Count == 0) ipBefore = info?.PublicIpCount ?? 0; // no change retained: the current count (0 when the cloud does not report one)
        else if (events.Any(e => e.ShortType == AuditEventTypes.VAppCreate && e.Timestamp <= ipSetters[0].Timestamp)) ipBefore = 0;
        else ipBefore = null;
        timeline.PublicIps.AddRange(Slices(ipSetters, ipBefore, domainStart, asOf));

        // Maintenance mode: before the first retained change it was the opposite of what that change set.
        var mm = events.Where(e => e.Success && e.ShortType == AuditEventTypes.VAppMaintenanceMode)
                       .Select(e => (e.Timestamp, Value: string.Equals(e.Property("vapp.maintenanceMode"), "true", StringComparison.OrdinalIgnoreCase)))
                       .ToList();
        bool? mmBefore = mm.Count == 0 ? false : !mm[0].Value;
        timeline.MaintenanceMode.AddRange(Slices(mm, mmBefore, domainStart, asOf));
    }

    private static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;

    private static IEnumerable<ValueSlice<T>> Slices<T>(List<(DateTime Timestamp, T Value)> setters, T? before, DateTime domainStart, DateTime asOf) where T : struct
    {
        var result = new List<ValueSlice<T>>();
        T? value = before;
        DateTime from = domainStart;
        int i = 0;
        while (i < setters.Count && setters[i].Timestamp <= domainStart) value = setters[i++].Value;
        for (; i < setters.Count && setters[i].Timestamp < asOf; i++)
        {
            var s = setters[i];
            if (Equals(value, (T?)s.Value)) continue;
            if (s.Timestamp > from) result.Add(new ValueSlice<T>(from, s.Timestamp, value));
            from = s.Timestamp;
            value = s.Value;
        }
        if (asOf > from) result.Add(new ValueSlice<T>(from, asOf, value));
        return result;
    }
}
