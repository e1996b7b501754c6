using System.Globalization;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.History;

/// <summary>Who performed an operation: a user of an org, or the platform (<see cref="System"/>).</summary>
public sealed record Actor(EntityRef User, EntityRef Org)
{
    /// <summary>The platform itself (unplanned outages, lease expiry). Stable id so filters can use it.</summary>
    public static readonly Guid SystemUserId = new("00000000-0000-0000-0000-00000000005e");
    public static Actor System(EntityRef org) => new(new EntityRef(EntityKind.User, SystemUserId, "system"), org);
    public bool IsSystem => User.Id == SystemUserId;
}

/// <summary>
/// Writes audit events exactly per the history contract in docs/architecture.md. Call inside <see cref="SimStore.Sync"/>.
/// Every method takes the simulated instant explicitly so task completions are stamped with the task's end time.
/// </summary>
public sealed class EventRecorder
{
    private readonly SimStore _store;
    public EventRecorder(SimStore store) => _store = store;

    public static string Disks(SimStore store, SimVm vm) =>
        string.Join(";", vm.Disks.Select(d =>
            (store.StorageProfiles.TryGetValue(d.StorageProfileId, out var p) ? p.Name : "*") + ":" + d.SizeMB.ToString(CultureInfo.InvariantCulture)));

    public static string StateName(VAppStatus s) => s switch
    {
        VAppStatus.POWERED_ON => "POWERED_ON",
        VAppStatus.SUSPENDED => "SUSPENDED",
        _ => "POWERED_OFF",
    };

    public SimEvent Record(string shortType, EntityRef entity, Actor actor, DateTime at, string? taskUrn, bool success,
        string description, IEnumerable<KeyValuePair<string, string>>? props = null)
    {
        var e = new SimEvent
        {
            Timestamp = at,
            EventType = SimEvent.TypePrefix + shortType,
            Entity = entity,
            // Events belong to the entity's org (a provider acting on a tenant vApp shows in the tenant's audit trail).
            Org = _store.OrgOf(entity) is { } owner ? EntityRef.Of(owner) : actor.Org,
            User = actor.User,
            TaskUrn = taskUrn,
            Success = success,
            Description = description,
        };
        if (props != null) foreach (var kv in props) e.Properties[kv.Key] = kv.Value;
        _store.Events.Add(e);
        return e;
    }

    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    public SimEvent VAppCreate(SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vapp/create", EntityRef.Of(vapp), actor, at, taskUrn, true, $"vApp {vapp.Name} created",
            new[] { P("vapp.vdcId", Ids.Urn(EntityKind.Vdc, vapp.VdcId)), P("vapp.vdcName", VdcName(vapp)) });

    public SimEvent VAppDelete(SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vapp/delete", EntityRef.Of(vapp), actor, at, taskUrn, true, $"vApp {vapp.Name} deleted",
            new[] { P("vapp.vdcId", Ids.Urn(EntityKind.Vdc, vapp.VdcId)), P("vapp.vdcName", VdcName(vapp)) });

    public SimEvent VAppPublicIps(SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vapp/modify", EntityRef.Of(vapp), actor, at, taskUrn, true,
            $"vApp {vapp.Name} public IP count set to {vapp.PublicIpCount}",
            new[] { P("vapp.publicIpCount", vapp.PublicIpCount.ToString(CultureInfo.InvariantCulture)) });

    public SimEvent VAppMaintenanceMode(SimVApp vapp, bool on, Actor actor, DateTime at, string? taskUrn) =>
        Record("vapp/maintenance_mode", EntityRef.Of(vapp), actor, at, taskUrn, true,
            $"vApp {vapp.Name} {(on ? "entered" : "exited")} maintenance mode",
            new[] { P("vapp.maintenanceMode", on ? "true" : "false") });

    public SimEvent VAppRuntimeLeaseExpiry(SimVApp vapp, DateTime at) =>
        Record("vapp/runtime_lease_expiry", EntityRef.Of(vapp), Actor.System(OrgRef(vapp.OrgId)), at, null, true,
            $"Runtime lease of vApp {vapp.Name} expired");

    public SimEvent VmCreate(SimVm vm, SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vm/create", EntityRef.Of(vm), actor, at, taskUrn, true, $"VM {vm.Name} created in vApp {vapp.Name}",
            new[]
            {
                P("vm.vappId", vapp.Urn), P("vm.vappName", vapp.Name),
                P("vm.numCpu", vm.Cpu.ToString(CultureInfo.InvariantCulture)),
                P("vm.memoryMB", vm.MemoryMB.ToString(CultureInfo.InvariantCulture)),
                P("vm.disks", Disks(_store, vm)), P("vm.state", StateName(vm.Status)),
            });

    public SimEvent VmModify(SimVm vm, SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vm/modify", EntityRef.Of(vm), actor, at, taskUrn, true,
            $"VM {vm.Name} reconfigured: {vm.Cpu} vCPU, {vm.MemoryMB} MB",
            new[]
            {
                P("vm.vappId", vapp.Urn),
                P("vm.numCpu", vm.Cpu.ToString(CultureInfo.InvariantCulture)),
                P("vm.memoryMB", vm.MemoryMB.ToString(CultureInfo.InvariantCulture)),
                P("vm.disks", Disks(_store, vm)),
            });

    /// <summary>A power change. For a failure pass success=false and the unchanged state.</summary>
    public SimEvent VmChangeState(SimVm vm, SimVApp vapp, VAppStatus state, string powerAction, Actor actor, DateTime at,
        string? taskUrn, bool success = true) =>
        Record("vm/change_state", EntityRef.Of(vm), actor, at, taskUrn, success,
            success ? $"VM {vm.Name} is now {StateName(state)} ({powerAction} by {actor.User.Name})"
                    : $"VM {vm.Name} {powerAction} by {actor.User.Name} failed",
            new[] { P("vm.vappId", vapp.Urn), P("vm.state", StateName(state)), P("vm.powerAction", powerAction) });

    public SimEvent VmDelete(SimVm vm, SimVApp vapp, Actor actor, DateTime at, string? taskUrn) =>
        Record("vm/delete", EntityRef.Of(vm), actor, at, taskUrn, true, $"VM {vm.Name} deleted",
            new[] { P("vm.vappId", vapp.Urn) });

    private string VdcName(SimVApp vapp) => _store.Vdcs.TryGetValue(vapp.VdcId, out var v) ? v.Name : "";
    private EntityRef OrgRef(Guid orgId) => _store.Orgs.TryGetValue(orgId, out var o) ? EntityRef.Of(o) : EntityRef.None;
}
