using System.Globalization;
using VCloudPS.Core.History;

namespace VCloudPS.Tests.History;

/// <summary>Builds audit-event histories the way the simulator records them (docs/architecture.md "History contract").</summary>
public sealed class TestHistory
{
    private readonly List<AuditEvent> _events = new();
    private readonly List<CurrentVmState> _current = new();
    private readonly List<VAppInfo> _vapps = new();
    private readonly List<VdcInfo> _vdcs = new();
    private int _n;

    public static DateTime T(string iso) => DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string VAppUrn(string name) => "urn:vcloud:vapp:" + Guid(name);
    public static string VmUrn(string name) => "urn:vcloud:vm:" + Guid(name);
    public static string VdcUrn(string name) => "urn:vcloud:vdc:" + Guid(name);
    private static string Guid(string name)
    {
        var h = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return new Guid(h.AsSpan(0, 16)).ToString();
    }

    public string Org { get; set; } = "ent";

    public TestHistory Vdc(string name, string allocationModel = "AllocationVApp")
    {
        _vdcs.Add(new VdcInfo(VdcUrn(name), name, Org, allocationModel));
        return this;
    }

    public TestHistory VApp(string name, string vdc = "vdc1", string? created = null)
    {
        _vapps.Add(new VAppInfo(VAppUrn(name), name, Org, VdcUrn(vdc), vdc));
        if (created != null)
            Add(created, "vapp/create", VAppUrn(name), name, "admin", true, ("vapp.vdcId", VdcUrn(vdc)), ("vapp.vdcName", vdc));
        return this;
    }

    public TestHistory DeleteVApp(string at, string vapp)
    {
        _vapps.RemoveAll(v => v.Name == vapp);
        _current.RemoveAll(c => c.VAppId == VAppUrn(vapp));
        return Add(at, "vapp/delete", VAppUrn(vapp), vapp, "admin", true);
    }

    public TestHistory Vm(string vapp, string vm, string created, int cpu, long memoryMiB, string disks, string state = "POWERED_ON",
        bool current = true, string currentState = "")
    {
        Add(created, "vm/create", VmUrn(vm), vm, "admin", true, ("vm.vappId", VAppUrn(vapp)), ("vm.vappName", vapp),
            ("vm.numCpu", cpu.ToString(CultureInfo.InvariantCulture)), ("vm.memoryMB", memoryMiB.ToString(CultureInfo.InvariantCulture)),
            ("vm.disks", disks), ("vm.state", state));
        if (current) Current(vapp, vm, currentState.Length > 0 ? currentState : state, cpu, memoryMiB, disks);
        return this;
    }

    /// <summary>A VM known only from the current inventory (no create event retained).</summary>
    public TestHistory Current(string vapp, string vm, string state, int cpu, long memoryMiB, string disks)
    {
        _current.RemoveAll(c => c.VmId == VmUrn(vm));
        _current.Add(new CurrentVmState(VmUrn(vm), vm, VAppUrn(vapp), TimelineBuilderAccess.Parse(state),
            new VmConfiguration(cpu, memoryMiB, VmConfiguration.ParseDisks(disks))));
        return this;
    }

    public TestHistory SetCurrentState(string vm, string state)
    {
        var c = _current.Single(x => x.VmId == VmUrn(vm));
        _current.Remove(c);
        _current.Add(new CurrentVmState(c.VmId, c.VmName, c.VAppId, TimelineBuilderAccess.Parse(state), c.Configuration));
        return this;
    }

    public TestHistory Modify(string at, string vapp, string vm, int cpu, long memoryMiB, string disks)
    {
        var c = _current.SingleOrDefault(x => x.VmId == VmUrn(vm));
        if (c != null) { _current.Remove(c); _current.Add(new CurrentVmState(c.VmId, c.VmName, c.VAppId, c.Power, new VmConfiguration(cpu, memoryMiB, VmConfiguration.ParseDisks(disks)))); }
        return Add(at, "vm/modify", VmUrn(vm), vm, "admin", true, ("vm.vappId", VAppUrn(vapp)),
            ("vm.numCpu", cpu.ToString(CultureInfo.InvariantCulture)), ("vm.memoryMB", memoryMiB.ToString(CultureInfo.InvariantCulture)), ("vm.disks", disks));
    }

    /// <summary>A tenant power action with a task.</summary>
    public TestHistory Power(string at, string vapp, string vm, string state, string action, string user = "admin", bool task = true, bool success = true)
    {
        var e = MakeEvent(at, "vm/change_state", VmUrn(vm), vm, user, success, task,
            ("vm.vappId", VAppUrn(vapp)), ("vm.state", state), ("vm.powerAction", action));
        _events.Add(e);
        var c = _current.SingleOrDefault(x => x.VmId == VmUrn(vm));
        if (c != null && success) { _current.Remove(c); _current.Add(new CurrentVmState(c.VmId, c.VmName, c.VAppId, TimelineBuilderAccess.Parse(state), c.Configuration)); }
        return this;
    }

    public TestHistory On(string at, string vapp, string vm) => Power(at, vapp, vm, "POWERED_ON", "powerOn");
    public TestHistory Off(string at, string vapp, string vm) => Power(at, vapp, vm, "POWERED_OFF", "powerOff");
    /// <summary>An unplanned outage: powered off by the platform, no task.</summary>
    public TestHistory Crash(string at, string vapp, string vm) => Power(at, vapp, vm, "POWERED_OFF", "failure", "system", task: false);
    /// <summary>The platform restores the VM (HA restart), no task.</summary>
    public TestHistory Restore(string at, string vapp, string vm) => Power(at, vapp, vm, "POWERED_ON", "powerOn", "system", task: false);
    public TestHistory FailedPowerOn(string at, string vapp, string vm, string stateNow = "POWERED_OFF") =>
        Power(at, vapp, vm, stateNow, "powerOn", "admin", task: true, success: false);

    public TestHistory LeaseExpiry(string at, string vapp, params string[] vms)
    {
        Add(at, "vapp/runtime_lease_expiry", VAppUrn(vapp), vapp, "system", true);
        foreach (var vm in vms) Power(at, vapp, vm, "POWERED_OFF", "leaseExpiry", "system", task: false);
        return this;
    }

    public TestHistory MaintenanceMode(string at, string vapp, bool on) =>
        Add(at, "vapp/maintenance_mode", VAppUrn(vapp), vapp, "admin", true, ("vapp.maintenanceMode", on ? "true" : "false"));

    public TestHistory PublicIps(string at, string vapp, int count) =>
        Add(at, "vapp/modify", VAppUrn(vapp), vapp, "admin", true, ("vapp.publicIpCount", count.ToString(CultureInfo.InvariantCulture)));

    public TestHistory DeleteVm(string at, string vapp, string vm)
    {
        _current.RemoveAll(c => c.VmId == VmUrn(vm));
        return Add(at, "vm/delete", VmUrn(vm), vm, "admin", true, ("vm.vappId", VAppUrn(vapp)));
    }

    private TestHistory Add(string at, string type, string entityId, string entityName, string user, bool task, params (string, string)[] props)
    {
        _events.Add(MakeEvent(at, type, entityId, entityName, user, true, task, props));
        return this;
    }

    private AuditEvent MakeEvent(string at, string type, string entityId, string entityName, string user, bool success, bool task, params (string, string)[] props) =>
        new AuditEvent("ev-" + (++_n).ToString(CultureInfo.InvariantCulture), AuditEventTypes.Full(type), T(at), success,
            user, user == "system" ? null : "urn:vcloud:user:" + user, Org, "urn:vcloud:org:" + Org, entityId, entityName,
            task ? "urn:vcloud:task:" + _n : null, props.ToDictionary(p => p.Item1, p => p.Item2));

    public IReadOnlyList<VdcInfo> Vdcs => _vdcs;

    /// <summary>completeFrom: from when the history is complete (null = default: the oldest event; "none" semantics via <paramref name="unknownRetention"/>).</summary>
    public HistorySnapshot Snapshot(string asOf, string? completeFrom = null, bool unknownRetention = false, IEnumerable<AuditEvent>? extra = null)
    {
        var events = _events.Concat(extra ?? Enumerable.Empty<AuditEvent>()).OrderBy(e => e.Timestamp).ToList();
        DateTime? cf = unknownRetention ? null : completeFrom != null ? T(completeFrom) : events.Count > 0 ? events[0].Timestamp : (DateTime?)null;
        if (cf != null) events = events.Where(e => e.Timestamp >= cf.Value).ToList();
        return new HistorySnapshot(events, _current.ToList(), _vapps.ToList(), _vdcs.ToList(), T(asOf), cf);
    }

    public IReadOnlyList<VAppTimeline> Timelines(string asOf, string domainStart, string? completeFrom = null) =>
        TimelineBuilder.Build(Snapshot(asOf, completeFrom), T(domainStart));
}

internal static class TimelineBuilderAccess
{
    public static PowerState Parse(string state) => state switch
    {
        "POWERED_ON" => PowerState.On,
        "POWERED_OFF" => PowerState.Off,
        "SUSPENDED" => PowerState.Suspended,
        _ => PowerState.Unknown,
    };
}
