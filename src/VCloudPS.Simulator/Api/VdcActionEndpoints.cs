using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// Same-cloud copy and move (vcd-api.md §6): <c>cloneVApp</c> (201 + new VApp, status 0, running task embedded; new UUIDs;
/// <c>IsSourceDelete=true</c> = move by clone + delete, source must be undeployed) and <c>moveVApp</c> (API ≥ 34; 202 Task;
/// UUIDs kept; same org, other VDC; every VM listed as SourcedItem).
/// </summary>
public static class VdcActionEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapPost("/api/vdc/{id}/action/cloneVApp", (HttpContext ctx, string id) => CloneAsync(sim, ctx, id));
        app.MapPost("/api/vdc/{id}/action/moveVApp", (HttpContext ctx, string id) => MoveAsync(sim, ctx, id));
    }

    private static Guid SourceId(XElement body, string prefix)
    {
        var href = body.Element(Ns.V + "Source")?.Attribute("href")?.Value
                   ?? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.2.4.b: The content of element is not complete. One of '{\"http://www.vmware.com/vcloud/v1.5\":Source}' is expected.");
        var i = href.LastIndexOf('/');
        return Access.ParseId(href[(i + 1)..], prefix);
    }

    private static async Task<IResult> CloneAsync(Simulation sim, HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.CloneVAppParams, "CloneVAppParams"))!;
        RequestBodies.ValidateSequence(body, "Description", "VAppParent", "InstantiationParams", "Source", "IsSourceDelete",
            "SourcedVmInstantiationParams", "SourcedItem");
        var name = body.Attribute("name")?.Value;
        if (string.IsNullOrWhiteSpace(name)) throw ApiException.BadRequest("validation error on field 'name': may not be empty");
        var deploy = body.Attribute("deploy")?.Value == "true";
        var powerOn = body.Attribute("powerOn")?.Value == "true";
        var sourceDelete = body.Element(Ns.V + "IsSourceDelete")?.Value.Trim() == "true";
        var sourceId = SourceId(body, "vapp-");
        var profileOverrides = SourcedItemProfiles(body);

        lock (sim.Store.Sync)
        {
            var store = sim.Store;
            var vdc = Access.Vdc(sim, rc, vdcId);
            var source = Access.VApp(sim, rc, sourceId);
            Access.RequireCreateDelete(rc, "vApp: Copy");
            if (source.OrgId != vdc.OrgId) throw ApiException.BadRequest("The source vApp and the target VDC must belong to the same organization.");
            if (store.VApps.Values.Any(a => a.VdcId == vdc.Id && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new ApiException(400, "DUPLICATE_NAME", $"The VMware Cloud Director entity {name} already exists.");
            if (sourceDelete && store.VAppDeployed(source))
                throw ApiException.BadRequest($"The requested operation could not be executed on vApp \"{source.Name}\". Stop the vApp and try again.");
            sim.Tasks.ThrowIfBusy(EntityRef.Of(source));
            var now = sim.Clock.UtcNow;
            var copy = store.Add(new SimVApp
            {
                Name = name, Description = body.Element(Ns.V + "Description")?.Value ?? source.Description, VdcId = vdc.Id, OrgId = vdc.OrgId,
                OwnerUserId = rc.Session!.UserId, CreatedUtc = now, StatusOverride = VAppStatus.UNRESOLVED,
                DeploymentLeaseSeconds = source.DeploymentLeaseSeconds, StorageLeaseSeconds = source.StorageLeaseSeconds,
            });
            copy.NetworkNames.AddRange(source.NetworkNames);
            foreach (var vm in store.VmsOf(source).ToList())
            {
                var clone = CopyVm(store, vm, copy, vdc, now, profileOverrides);
                copy.VmIds.Add(clone.Id);
            }
            var actor = rc.Actor;
            var locks = new List<EntityRef> { EntityRef.Of(source) };
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vdcCopyVapp", Operation = $"Copying Virtual Application {source.Name}({source.Id}) to {name}({copy.Id})",
                Owner = EntityRef.Of(copy), Actor = actor, Locks = locks, FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    copy.StatusOverride = null;
                    sim.Events.VAppCreate(copy, actor, c.At, c.Task.Urn);
                    foreach (var vm in store.VmsOf(copy)) sim.Events.VmCreate(vm, copy, actor, c.At, c.Task.Urn);
                    if (deploy || powerOn)
                        foreach (var vm in store.VmsOf(copy))
                        {
                            vm.Deployed = true;
                            if (powerOn) { vm.Status = VAppStatus.POWERED_ON; sim.Events.VmChangeState(vm, copy, vm.Status, "powerOn", actor, c.At, c.Task.Urn); }
                        }
                    if (sourceDelete && store.VApps.ContainsKey(source.Id))
                    {
                        foreach (var vm in store.VmsOf(source).ToList()) sim.Events.VmDelete(vm, source, actor, c.At, c.Task.Urn);
                        sim.Events.VAppDelete(source, actor, c.At, c.Task.Urn);
                        store.RemoveVApp(source);
                    }
                },
                OnFailure = c => copy.StatusOverride = VAppStatus.FAILED_CREATION,
            });
            var href = rc.Href(Ids.Path(EntityKind.VApp, copy.Id));
            return Responses.Created(VAppXml.VApp(sim, copy, rc), MediaTypes.VApp, href);
        }
    }

    private static async Task<IResult> MoveAsync(Simulation sim, HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        if (rc.ApiVersionNumber < 34m) throw new ApiException(404, "NOT_FOUND", "moveVApp requires API version 34.0 or later.");
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.MoveVAppParams, "MoveVAppParams"))!;
        RequestBodies.ValidateSequence(body, "Description", "Source", "##other", "NetworkConfigSection", "SourcedItem");
        var sourceId = SourceId(body, "vapp-");
        var listed = body.Elements(Ns.V + "SourcedItem")
            .Select(s => s.Element(Ns.V + "Source")?.Attribute("href")?.Value)
            .Where(h => h != null && Ids.TryExtractGuid(h, out _))
            .Select(h => { Ids.TryExtractGuid(h, out var g); return g; }).ToHashSet();
        var profileOverrides = SourcedItemProfiles(body);

        lock (sim.Store.Sync)
        {
            var store = sim.Store;
            var vdc = Access.Vdc(sim, rc, vdcId);
            var vapp = Access.VApp(sim, rc, sourceId);
            Access.RequireCreateDelete(rc, "vApp: Move");
            if (vapp.OrgId != vdc.OrgId) throw ApiException.BadRequest("A vApp can only be moved between VDCs of the same organization.");
            if (vapp.VdcId == vdc.Id) throw ApiException.BadRequest($"vApp \"{vapp.Name}\" is already in VDC \"{vdc.Name}\".");
            var missing = vapp.VmIds.Where(v => !listed.Contains(v)).Select(v => store.Vms[v].Name).ToList();
            if (missing.Count > 0)
                throw ApiException.BadRequest($"Every VM of the vApp must be listed as a SourcedItem; missing: {string.Join(", ", missing)}.");
            if (store.VApps.Values.Any(a => a.VdcId == vdc.Id && string.Equals(a.Name, vapp.Name, StringComparison.OrdinalIgnoreCase)))
                throw new ApiException(400, "DUPLICATE_NAME", $"The VMware Cloud Director entity {vapp.Name} already exists.");
            var actor = rc.Actor;
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vappMove", Operation = $"Moving Virtual Application {vapp.Name}({vapp.Id}) to VDC {vdc.Name}",
                Owner = EntityRef.Of(vapp), Actor = actor, Locks = store.VmsOf(vapp).Select(EntityRef.Of).ToList(),
                FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    vapp.VdcId = vdc.Id;
                    foreach (var vm in store.VmsOf(vapp))
                    {
                        vm.StorageProfileId = MapProfile(store, vdc, vm.StorageProfileId, profileOverrides.GetValueOrDefault(vm.Id));
                        foreach (var d in vm.Disks) d.StorageProfileId = MapProfile(store, vdc, d.StorageProfileId, profileOverrides.GetValueOrDefault(vm.Id));
                    }
                    sim.Events.Record("vapp/modify", EntityRef.Of(vapp), actor, c.At, c.Task.Urn, true, $"vApp {vapp.Name} moved to VDC {vdc.Name}",
                        new[] { new KeyValuePair<string, string>("vapp.vdcId", vdc.Urn), new("vapp.vdcName", vdc.Name) });
                },
            });
            return Responses.Accepted(task, rc);
        }
    }

    /// <summary>SourcedItem: Source = VM href, optional StorageProfile href → VM id → profile id.</summary>
    private static Dictionary<Guid, Guid> SourcedItemProfiles(XElement body)
    {
        var map = new Dictionary<Guid, Guid>();
        foreach (var s in body.Elements(Ns.V + "SourcedItem"))
            if (Ids.TryExtractGuid(s.Element(Ns.V + "Source")?.Attribute("href")?.Value, out var vm) &&
                Ids.TryExtractGuid(s.Element(Ns.V + "StorageProfile")?.Attribute("href")?.Value, out var p))
                map[vm] = p;
        return map;
    }

    private static Guid MapProfile(SimStore store, SimVdc target, Guid current, Guid requested)
    {
        if (requested != Guid.Empty && target.StorageProfileIds.Contains(requested)) return requested;
        if (target.StorageProfileIds.Contains(current)) return current;
        var name = store.StorageProfiles.TryGetValue(current, out var p) ? p.Name : null;
        return (name is null ? null : store.ProfileByName(target, name))?.Id ?? store.DefaultProfile(target).Id;
    }

    private static SimVm CopyVm(SimStore store, SimVm vm, SimVApp copy, SimVdc vdc, DateTime now, Dictionary<Guid, Guid> overrides)
    {
        var requested = overrides.GetValueOrDefault(vm.Id);
        var clone = new SimVm
        {
            Name = vm.Name, VAppId = copy.Id, Description = vm.Description, Status = VAppStatus.POWERED_OFF, Deployed = false,
            Cpu = vm.Cpu, CoresPerSocket = vm.CoresPerSocket, MemoryMB = vm.MemoryMB, GuestOs = vm.GuestOs, OsType = vm.OsType,
            HardwareVersion = vm.HardwareVersion, ComputerName = vm.ComputerName, CreatedUtc = now,
            StorageProfileId = MapProfile(store, vdc, vm.StorageProfileId, requested), PrimaryNicIndex = vm.PrimaryNicIndex,
            MemoryHotAdd = vm.MemoryHotAdd, CpuHotAdd = vm.CpuHotAdd,
        };
        foreach (var d in vm.Disks)
            clone.Disks.Add(new SimDisk
            {
                InstanceId = d.InstanceId, SizeMB = d.SizeMB, BusSubType = d.BusSubType, BackingFile = d.BackingFile, ContentMB = d.ContentMB,
                ContentOrigin = d.ContentOrigin ?? (vm.Id, d.InstanceId),
                StorageProfileId = MapProfile(store, vdc, d.StorageProfileId, requested),
            });
        store.Add(clone);
        foreach (var n in vm.Nics)
        {
            var net = store.NetworksOf(vdc.OrgId).FirstOrDefault(x => x.Name == n.Network);
            clone.Nics.Add(new SimNic
            {
                Index = n.Index, Network = n.Network, IpMode = n.IpMode, AdapterType = n.AdapterType, IsConnected = n.IsConnected,
                Mac = StableIds.Mac(clone.Id, n.Index),
                IpAddress = n.IpMode is "POOL" && net != null ? SeedLoader.NextIp(net) : n.IpAddress,
            });
        }
        return clone;
    }
}
