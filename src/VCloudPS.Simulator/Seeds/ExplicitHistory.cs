using System.Globalization;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Seeds;

/// <summary>Turns the seed's explicit "history" entries into events (and completed tasks) as given.</summary>
internal static class ExplicitHistory
{
    public static void Record(Hosting.Simulation sim, HistoryWriter writer, string seedName, List<SeedEvent> events)
    {
        var store = sim.Store;
        // Entries sharing (time, vApp, type, user) share one task, like a vApp-level operation on several VMs.
        var taskByKey = new Dictionary<string, string?>();
        foreach (var e in events.OrderBy(e => e.At))
        {
            var type = SeedLoader.Short(e.Type);
            var org = (e.Org is null ? null : store.OrgByName(e.Org))
                      ?? store.VApps.Values.Where(v => string.Equals(v.Name, e.VApp, StringComparison.OrdinalIgnoreCase)).Select(v => store.Orgs[v.OrgId]).FirstOrDefault()
                      ?? store.Orgs.Values.Where(o => !o.IsSystem).OrderBy(o => o.Seq).First();
            var vapp = store.VApps.Values.FirstOrDefault(v => v.OrgId == org.Id && string.Equals(v.Name, e.VApp, StringComparison.OrdinalIgnoreCase))
                       ?? Phantom(store, seedName, org, e.VApp);
            var isSystem = e.User is null ? type is "vapp/runtime_lease_expiry" || e.PowerAction is "failure" or "leaseExpiry"
                                          : e.User.Equals("system", StringComparison.OrdinalIgnoreCase);
            Actor actor;
            if (isSystem) actor = Actor.System(EntityRef.Of(org));
            else
            {
                var user = store.UserByName(org.Id, e.User ?? "") ?? (store.Users.TryGetValue(vapp.OwnerUserId, out var o) ? o : null);
                actor = new Actor(user is null ? new EntityRef(EntityKind.User, StableIds.For(seedName, "user", org.Name, e.User ?? "?"), e.User ?? "?") : EntityRef.Of(user),
                    EntityRef.Of(org));
            }
            var success = !string.Equals(e.Status, "FAILURE", StringComparison.OrdinalIgnoreCase);
            var withTask = e.Task ?? !isSystem;
            var key = $"{e.At:O}|{vapp.Id}|{type}|{actor.User.Name}";
            if (!taskByKey.TryGetValue(key, out var taskUrn))
            {
                taskUrn = withTask
                    ? writer.PastTask(OperationName(type, e), $"{type} {vapp.Name}({vapp.Id})", EntityRef.Of(vapp), actor, e.At, success).Urn
                    : null;
                taskByKey[key] = taskUrn;
            }

            IEnumerable<SimVm?> vms = e.Vm switch
            {
                null => new SimVm?[] { null },
                "*" => store.VmsOf(vapp).ToList(),
                _ => new[] { store.VmsOf(vapp).FirstOrDefault(v => string.Equals(v.Name, e.Vm, StringComparison.OrdinalIgnoreCase)) ?? PhantomVm(seedName, org, vapp, e.Vm) },
            };
            foreach (var vm in vms)
            {
                var entity = vm is null ? EntityRef.Of(vapp) : EntityRef.Of(vm);
                var props = new List<KeyValuePair<string, string>>();
                void P(string k, string? v) { if (v != null) props.Add(new(k, v)); }
                string I(long? v) => v?.ToString(CultureInfo.InvariantCulture)!;
                switch (type)
                {
                    case "vapp/create":
                    case "vapp/delete":
                        P("vapp.vdcId", Ids.Urn(EntityKind.Vdc, vapp.VdcId));
                        P("vapp.vdcName", store.Vdcs.TryGetValue(vapp.VdcId, out var vdc) ? vdc.Name : "");
                        break;
                    case "vapp/modify":
                        P("vapp.publicIpCount", I(e.PublicIpCount));
                        break;
                    case "vapp/maintenance_mode":
                        P("vapp.maintenanceMode", e.MaintenanceMode is { } mm ? (mm ? "true" : "false") : null);
                        break;
                    case "vm/create":
                        P("vm.vappId", vapp.Urn); P("vm.vappName", vapp.Name);
                        P("vm.numCpu", I(e.NumCpu ?? vm?.Cpu)); P("vm.memoryMB", I(e.MemoryMB ?? vm?.MemoryMB));
                        P("vm.disks", e.Disks ?? (vm is null ? null : EventRecorder.Disks(store, vm))); P("vm.state", e.State ?? "POWERED_OFF");
                        break;
                    case "vm/modify":
                        P("vm.vappId", vapp.Urn);
                        P("vm.numCpu", I(e.NumCpu ?? vm?.Cpu)); P("vm.memoryMB", I(e.MemoryMB ?? vm?.MemoryMB));
                        P("vm.disks", e.Disks ?? (vm is null ? null : EventRecorder.Disks(store, vm)));
                        break;
                    case "vm/change_state":
                        P("vm.vappId", vapp.Urn); P("vm.state", e.State ?? "POWERED_OFF"); P("vm.powerAction", e.PowerAction ?? (isSystem ? "failure" : "powerOff"));
                        break;
                    case "vm/delete":
                        P("vm.vappId", vapp.Urn);
                        break;
                }
                if (e.Properties != null) foreach (var kv in e.Properties) { props.RemoveAll(p => p.Key == kv.Key); props.Add(kv); }
                sim.Events.Record(type, entity, actor, e.At, taskUrn, success,
                    e.Description ?? $"{type} {(vm is null ? vapp.Name : vapp.Name + "/" + vm.Name)} by {actor.User.Name}", props);
            }
        }
    }

    private static string OperationName(string type, SeedEvent e) => type switch
    {
        "vm/change_state" => HistoryWriter.PowerOperationName(e.PowerAction ?? "powerOff",
            string.Equals(e.State, "POWERED_ON", StringComparison.OrdinalIgnoreCase) ? VAppStatus.POWERED_ON : VAppStatus.POWERED_OFF),
        "vm/modify" => "vappUpdateVm",
        "vm/create" => "vdcRecomposeVapp",
        "vm/delete" => "vdcRecomposeVapp",
        "vapp/create" => "vdcInstantiateVapp",
        "vapp/delete" => "vdcDeleteVapp",
        "vapp/modify" => "vdcUpdateVappNetworkSection",
        "vapp/maintenance_mode" => e.MaintenanceMode == false ? "vappExitMaintenanceMode" : "vappEnterMaintenanceMode",
        _ => "vappUpdate",
    };

    /// <summary>A vApp that no longer exists (deleted before now): not stored, only referenced by events.</summary>
    private static SimVApp Phantom(SimStore store, string seedName, SimOrg org, string name) => new()
    {
        Id = StableIds.For(seedName, "vapp", org.Name, name), Name = name, OrgId = org.Id,
        VdcId = store.VdcsOf(org.Id).FirstOrDefault()?.Id ?? Guid.Empty,
    };

    private static SimVm PhantomVm(string seedName, SimOrg org, SimVApp vapp, string name) => new()
    {
        Id = StableIds.For(seedName, "vm", $"{org.Name}/{vapp.Name}", name), Name = name, VAppId = vapp.Id,
    };
}
