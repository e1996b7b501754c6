using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>Power actions, deploy/undeploy, delete, maintenance mode and CPU/memory reconfiguration on vApps and VMs.</summary>
public static class VAppOperationEndpoints
{
    private static readonly string[] PowerActions = { "powerOn", "powerOff", "shutdown", "suspend", "reset", "reboot" };

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapPost("/api/vApp/{reference}/power/action/{action}", (HttpContext ctx, string reference, string action) =>
        {
            var canonical = PowerActions.FirstOrDefault(a => a.Equals(action, StringComparison.OrdinalIgnoreCase))
                            ?? throw new ApiException(404, "NOT_FOUND", $"Unknown power action {action}.");
            return Power(sim, ctx, reference, canonical, null, true);
        });
        app.MapPost("/api/vApp/{reference}/action/deploy", async (HttpContext ctx, string reference) =>
        {
            var body = await RequestBodies.ReadXmlAsync(ctx, MediaTypes.DeployParams, "DeployVAppParams", optional: true);
            var powerOn = body?.Attribute("powerOn")?.Value is not { } p || p == "true";
            long? lease = long.TryParse(body?.Attribute("deploymentLeaseSeconds")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
            return Power(sim, ctx, reference, "deploy", null, powerOn, lease);
        });
        app.MapPost("/api/vApp/{reference}/action/undeploy", async (HttpContext ctx, string reference) =>
        {
            var body = await RequestBodies.ReadXmlAsync(ctx, MediaTypes.UndeployParams, "UndeployVAppParams");
            RequestBodies.ValidateSequence(body!, "UndeployPowerAction");
            var action = body!.Element(Ns.V + "UndeployPowerAction")?.Value.Trim() ?? "default";
            if (action is not ("powerOff" or "suspend" or "shutdown" or "force" or "default"))
                throw ApiException.BadRequest($"Unexpected JAXB Exception - cvc-enumeration-valid: Value '{action}' is not facet-valid with respect to enumeration '[powerOff, suspend, shutdown, force, default]'.");
            return Power(sim, ctx, reference, "undeploy", action, true);
        });
        app.MapPost("/api/vApp/{reference}/action/discardSuspendedState", (HttpContext ctx, string reference) =>
            Power(sim, ctx, reference, "discardSuspendedState", null, true));
        app.MapDelete("/api/vApp/{reference}", (HttpContext ctx, string reference) => Delete(sim, ctx, reference));
        app.MapPost("/api/vApp/{reference}/action/enterMaintenanceMode", (HttpContext ctx, string reference) => Maintenance(sim, ctx, reference, true));
        app.MapPost("/api/vApp/{reference}/action/exitMaintenanceMode", (HttpContext ctx, string reference) => Maintenance(sim, ctx, reference, false));
        app.MapPut("/api/vApp/{reference}/virtualHardwareSection/cpu", (HttpContext ctx, string reference) => Reconfigure(sim, ctx, reference, cpu: true));
        app.MapPut("/api/vApp/{reference}/virtualHardwareSection/memory", (HttpContext ctx, string reference) => Reconfigure(sim, ctx, reference, cpu: false));
        app.MapPut("/api/vApp/{reference}/virtualHardwareSection/disks", (HttpContext ctx, string reference) => ReconfigureDisks(sim, ctx, reference));
    }

    private static string Kind(bool isVm) => isVm ? "VM" : "vApp";

    private static IResult Power(Simulation sim, HttpContext ctx, string reference, string action, string? undeployAction, bool deployPowerOn,
        long? deploymentLeaseSeconds = null)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        lock (sim.Store.Sync)
        {
            SimVApp vapp;
            List<SimVm> vms;
            SimEntity owner;
            if (isVm) { var (vm, a) = Access.Vm(sim, rc, id); vapp = a; vms = new() { vm }; owner = vm; }
            else { vapp = Access.VApp(sim, rc, id); vms = sim.Store.VmsOf(vapp).ToList(); owner = vapp; }
            Access.RequireMutate(rc);
            if (vapp.InMaintenanceMode && !rc.Session!.IsProvider)
                throw ApiException.BadRequest($"The requested operation could not be executed since vApp \"{vapp.Name}\" is in maintenance mode.");
            if (vapp.StatusOverride is VAppStatus.UNRESOLVED)
                throw ApiException.BadRequest($"The requested operation could not be executed on vApp \"{vapp.Name}\". The vApp is not resolved.");
            var locks = vms.Select(EntityRef.Of).Append(EntityRef.Of(vapp)).ToList();
            foreach (var l in locks) sim.Tasks.ThrowIfBusy(l);
            var (changes, error, label) = PowerRules.Plan(action, vms, undeployAction, deployPowerOn);
            if (error != null)
                throw ApiException.BadRequest($"The requested operation could not be executed on {Kind(isVm)} \"{owner.Name}\". The {Kind(isVm)} {error}.");

            var actor = rc.Actor;
            var targetState = changes.FirstOrDefault()?.State ?? VAppStatus.POWERED_OFF;
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = HistoryWriter.PowerOperationName(label, targetState),
                Operation = $"{HistoryWriter.Verb(label)} Virtual {(isVm ? "Machine" : "Application")} {owner.Name}({owner.Id})",
                Owner = EntityRef.Of(owner),
                Actor = actor,
                Locks = locks,
                FailWith = rc.TaskFailure,
                Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    foreach (var ch in changes)
                    {
                        ch.Vm.Status = ch.State;
                        ch.Vm.Deployed = ch.Deployed;
                        if (ch.Record) sim.Events.VmChangeState(ch.Vm, vapp, ch.State, label, actor, c.At, c.Task.Urn);
                    }
                    if (deploymentLeaseSeconds is { } ls) vapp.DeploymentLeaseSeconds = ls;   // DeployVAppParams@deploymentLeaseSeconds
                    if (label is "powerOn" or "deploy" && vapp.DeploymentLeaseSeconds > 0)
                        vapp.RuntimeLeaseExpiryUtc = c.At.AddSeconds(vapp.DeploymentLeaseSeconds);
                    if (!sim.Store.VAppDeployed(vapp)) vapp.RuntimeLeaseExpiryUtc = null;
                },
                OnFailure = c =>
                {
                    if (c.Task.Status != Store.TaskStatus.Error) return;
                    foreach (var ch in changes.Where(x => x.Record))
                        sim.Events.VmChangeState(ch.Vm, vapp, ch.Vm.Status, label, actor, c.At, c.Task.Urn, success: false);
                },
            });
            return Responses.Accepted(task, rc);
        }
    }

    private static IResult Delete(Simulation sim, HttpContext ctx, string reference)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        lock (sim.Store.Sync)
        {
            Access.RequireCreateDelete(rc);
            var actor = rc.Actor;
            if (isVm)
            {
                var (vm, vapp) = Access.Vm(sim, rc, id);
                if (vm.Deployed)
                    throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Stop the VM and try again.");
                var t = sim.Tasks.Start(new TaskRequest
                {
                    OperationName = "vdcRecomposeVapp", Operation = $"Deleting Virtual Machine {vm.Name}({vm.Id})",
                    Owner = EntityRef.Of(vm), Actor = actor, Locks = new[] { EntityRef.Of(vapp) }, FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                    OnSuccess = c =>
                    {
                        sim.Events.VmDelete(vm, vapp, actor, c.At, c.Task.Urn);
                        vapp.VmIds.Remove(vm.Id);
                        sim.Store.RemoveVms([vm.Id]);
                    },
                });
                return Responses.Accepted(t, rc);
            }
            var a = Access.VApp(sim, rc, id);
            sim.Tasks.ThrowIfBusy(EntityRef.Of(a));
            if (sim.Store.VAppDeployed(a))
                throw ApiException.BadRequest($"The requested operation could not be executed on vApp \"{a.Name}\". Stop the vApp and try again.");
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vdcDeleteVapp", Operation = $"Deleting Virtual Application {a.Name}({a.Id})",
                Owner = EntityRef.Of(a), Actor = actor, Locks = sim.Store.VmsOf(a).Select(EntityRef.Of).ToList(),
                FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    foreach (var vm in sim.Store.VmsOf(a).ToList()) sim.Events.VmDelete(vm, a, actor, c.At, c.Task.Urn);
                    sim.Events.VAppDelete(a, actor, c.At, c.Task.Urn);
                    sim.Store.RemoveVApp(a);
                },
            });
            return Responses.Accepted(task, rc);
        }
    }

    private static IResult Maintenance(Simulation sim, HttpContext ctx, string reference, bool enter)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        if (isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vapp", id);
        lock (sim.Store.Sync)
        {
            var vapp = Access.VApp(sim, rc, id);
            if (!Store.Roles.CanManageUsers(rc.Session!.Role)) throw ApiException.NotAllowed("vApp: Maintenance Mode");
            sim.Tasks.ThrowIfBusy(EntityRef.Of(vapp));
            if (vapp.InMaintenanceMode == enter)
                throw ApiException.BadRequest($"vApp \"{vapp.Name}\" is {(enter ? "already" : "not")} in maintenance mode.");
            vapp.InMaintenanceMode = enter;
            sim.Events.VAppMaintenanceMode(vapp, enter, rc.Actor, sim.Clock.UtcNow, null);
            sim.Store.Touch();
            return Results.NoContent();
        }
    }

    private static async Task<IResult> Reconfigure(Simulation sim, HttpContext ctx, string reference, bool cpu)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
        var item = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.RasdItem, Ns.Ovf + "Item"))!;
        var qtyText = item.Element(Ns.Rasd + "VirtualQuantity")?.Value;
        if (!long.TryParse(qtyText, NumberStyles.None, CultureInfo.InvariantCulture, out var qty) || qty <= 0)
            throw ApiException.BadRequest("validation error on field 'VirtualQuantity': must be a positive integer");
        int? cores = null;
        if (cpu && item.Element(Ns.Vmw + "CoresPerSocket") is { } coresElement)
        {
            if (!int.TryParse(coresElement.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c <= 0)
                throw ApiException.BadRequest("validation error on field 'CoresPerSocket': must be a positive integer");
            cores = c;
        }
        lock (sim.Store.Sync)
        {
            var (vm, vapp) = Access.Vm(sim, rc, id);
            Access.RequireMutate(rc, "vApp: Edit VM Properties");
            if (cores is { } perSocket)
            {
                if (qty % perSocket != 0)
                    throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". The number of virtual CPUs ({qty}) must be a multiple of the cores per socket ({perSocket}).");
                if (vm.IsOn && perSocket != vm.CoresPerSocket)
                    throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Cores per socket cannot change while the VM is powered on; power off the VM and try again.");
            }
            var current = cpu ? vm.Cpu : vm.MemoryMB;
            if (vm.IsOn && qty < current)
                throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Hot remove of {(cpu ? "CPUs" : "memory")} is not supported; power off the VM and try again.");
            if (vm.IsOn && qty > current && !(cpu ? vm.CpuHotAdd : vm.MemoryHotAdd))
                throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Hot add is disabled; power off the VM and try again.");
            var actor = rc.Actor;
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vappUpdateVm", Operation = $"Updating Virtual Machine {vm.Name}({vm.Id})",
                Owner = EntityRef.Of(vm), Actor = actor, Locks = new[] { EntityRef.Of(vapp) }, FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    if (cpu) vm.Cpu = (int)qty; else vm.MemoryMB = qty;
                    if (cores is { } perSocket) vm.CoresPerSocket = perSocket;
                    sim.Events.VmModify(vm, vapp, actor, c.At, c.Task.Urn);
                },
            });
            return Responses.Accepted(task, rc);
        }
    }

    /// <summary>
    /// PUT …/virtualHardwareSection/disks (RasdItemsList): the disk items become the VM's disks. Disks may be added or grown at
    /// any time; shrinking is refused and removing needs the VM powered off (vCD rules). Recorded as vm/modify.
    /// </summary>
    private static async Task<IResult> ReconfigureDisks(Simulation sim, HttpContext ctx, string reference)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.RasdItemsList, "RasdItemsList"))!;
        var requested = new List<(int? InstanceId, long SizeMB, Guid? Profile)>();
        // vCD's RasdItemsList holds vCloud-namespace Items; ovf:Item (what older clients send) is read too.
        foreach (var item in body.Elements().Where(e => e.Name == Ns.V + "Item" || e.Name == Ns.Ovf + "Item"))
        {
            if (item.Element(Ns.Rasd + "ResourceType")?.Value.Trim() != "17") continue;
            var host = item.Element(Ns.Rasd + "HostResource");
            var capText = host?.Attributes().FirstOrDefault(a => a.Name.LocalName == "capacity")?.Value;
            if (!long.TryParse(capText, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) || cap <= 0)
                throw ApiException.BadRequest("validation error on field 'capacity': a disk needs a positive capacity in MB");
            int? instance = int.TryParse(item.Element(Ns.Rasd + "InstanceID")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var iid) ? iid : null;
            Guid? profile = Store.Ids.TryExtractGuid(host!.Attributes().FirstOrDefault(a => a.Name.LocalName == "storageProfileHref")?.Value, out var pg) ? pg : null;
            requested.Add((instance, cap, profile));
        }
        lock (sim.Store.Sync)
        {
            var (vm, vapp) = Access.Vm(sim, rc, id);
            Access.RequireMutate(rc, "vApp: Edit VM Hard Disk");
            var vdc = sim.Store.Vdcs[vapp.VdcId];
            var next = vm.Disks.Count == 0 ? 2000 : vm.Disks.Max(d => d.InstanceId) + 1;
            var newDisks = new List<SimDisk>();
            foreach (var (instance, size, profile) in requested)
            {
                var existing = instance is { } i ? vm.Disks.FirstOrDefault(d => d.InstanceId == i) : null;
                if (existing != null && size < existing.SizeMB)
                    throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Disk {existing.InstanceId} cannot shrink from {existing.SizeMB} MB to {size} MB.");
                var profileId = profile is { } p && vdc.StorageProfileIds.Contains(p) ? p : existing?.StorageProfileId ?? vm.StorageProfileId;
                newDisks.Add(new SimDisk
                {
                    InstanceId = existing?.InstanceId ?? next++, SizeMB = size, StorageProfileId = profileId,
                    BusSubType = existing?.BusSubType ?? "lsilogic", BackingFile = existing?.BackingFile, ContentMB = existing?.ContentMB,
                    ContentOrigin = existing?.ContentOrigin,
                });
            }
            if (vm.IsOn && vm.Disks.Any(d => newDisks.All(n => n.InstanceId != d.InstanceId)))
                throw ApiException.BadRequest($"The requested operation could not be executed on VM \"{vm.Name}\". Power off the VM to remove a disk.");
            var actor = rc.Actor;
            var task = sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vappUpdateVm", Operation = $"Updating Virtual Machine {vm.Name}({vm.Id})",
                Owner = EntityRef.Of(vm), Actor = actor, Locks = new[] { EntityRef.Of(vapp) }, FailWith = rc.TaskFailure, Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    vm.Disks.Clear();
                    vm.Disks.AddRange(newDisks);
                    sim.Events.VmModify(vm, vapp, actor, c.At, c.Task.Urn);
                },
            });
            return Responses.Accepted(task, rc);
        }
    }
}
