using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Disks;
using VCloudPS.Simulator.Transfer.Http;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Transfer.Vmdk;
using VCloudPS.Simulator.Xml;
using static VCloudPS.Simulator.Transfer.TransferService;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

/// <summary>instantiateVAppTemplate: a new vApp whose VMs are clones of a template's (disk files shared).</summary>
internal sealed class InstantiateEndpoints
{
    private readonly TransferService _transfers;

    public InstantiateEndpoints(TransferService transfers) => _transfers = transfers;

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var instantiate = sim.Transfers.Instantiate;
        app.MapPost("/api/vdc/{id}/action/instantiateVAppTemplate", (string id, HttpContext ctx) => instantiate.InstantiateVAppTemplateAsync(ctx, id));
    }

    private TransferService Transfers => _transfers;
    private Simulation Sim => _transfers.Sim;
    private SimStore Store => _transfers.Sim.Store;
    private DiskFileStore Disks => _transfers.Disks;
    private UploadOptions UploadOptions => _transfers.UploadOptions;
    private TimeSpan MinimumTaskTime => _transfers.MinimumTaskTime;

    /// <summary>
    /// POST /api/vdc/{id}/action/instantiateVAppTemplate → 201 VApp (status 0) with a running vdcInstantiateVapp task;
    /// the template's VMs are cloned (their disk files are shared: disk files are never modified once written).
    /// </summary>
    public async Task<IResult> InstantiateVAppTemplateAsync(HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.InstantiateVAppTemplateParams, "InstantiateVAppTemplateParams"))!;
        RequestBodies.ValidateSequence(body, "Description", "VAppParent", "InstantiationParams", "Source", "IsSourceDelete",
            "SourcedVmInstantiationParams", "SourcedItem", "AllEULAsAccepted");
        var name = RequiredName(body);
        var sourceHref = (string?)body.Element(Xml.Ns.V + "Source")?.Attribute("href");
        if (sourceHref is null)
        {
            throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.2.4.b: The content of element 'InstantiateVAppTemplateParams' is not complete. One of '{Source}' is expected.");
        }
        // vApp network name -> parent org network href, from InstantiationParams/NetworkConfigSection.
        var vappNetworks = body.Element(Xml.Ns.V + "InstantiationParams")?.Element(Xml.Ns.V + "NetworkConfigSection")?.Elements(Xml.Ns.V + "NetworkConfig")
            .Select(n => (Name: (string?)n.Attribute("networkName"), Parent: (string?)n.Element(Xml.Ns.V + "Configuration")?.Element(Xml.Ns.V + "ParentNetwork")?.Attribute("href")))
            .Where(n => n.Name is not null).ToList() ?? [];
        var renames = body.Elements(Xml.Ns.V + "SourcedItem")
            .Select(i => (Source: (string?)i.Element(Xml.Ns.V + "Source")?.Attribute("href"), Name: (string?)i.Element(Xml.Ns.V + "VmGeneralParams")?.Element(Xml.Ns.V + "Name")))
            .Where(i => i.Source is not null && !string.IsNullOrWhiteSpace(i.Name) && Ids.TryExtractGuid(i.Source, out _))
            .ToDictionary(i => { Ids.TryExtractGuid(i.Source, out var id); return id; }, i => i.Name!.Trim());

        SimVApp vapp;
        SimTask task;
        List<(SimVm Vm, SimDisk Disk)> templateDisks;
        IResult response;
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "vApp: Create / Reconfigure a vApp");
            var vdc = Access.Vdc(Sim, rc, vdcId);
            if (!Ids.TryExtractGuid(sourceHref, out var templateId))
            {
                throw ApiException.MalformedId();
            }
            if (!Store.Templates.TryGetValue(templateId, out var template) || !Access.CanSee(rc, template.OrgId))
            {
                throw ApiException.NoEntity(Ids.EntityTypeName(EntityKind.VAppTemplate), templateId);
            }
            if (template.Status != VAppStatus.POWERED_OFF)
            {
                throw ApiException.BadRequest($"The vApp template \"{template.Name}\" cannot be instantiated: it is not resolved (status {(int)template.Status}).");
            }
            Sim.Tasks.ThrowIfBusy(EntityRef.Of(template));
            Transfers.RequireUniqueVAppName(vdc, name);
            var templateVms = Store.VmsOf(template).ToList();
            VdcCapacity.Enforce(Store, vdc, templateVms.Count, templateVms.Sum(v => v.StorageMB));

            var parents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (network, parentHref) in vappNetworks)
            {
                if (parentHref is null)
                {
                    continue;
                }
                if (!Ids.TryExtractGuid(parentHref, out var parentId) || !Store.Networks.TryGetValue(parentId, out var parent) || parent.OrgId != vdc.OrgId)
                {
                    throw ApiException.BadRequest($"The parent network {parentHref} of vApp network \"{network}\" does not exist in this organization.");
                }
                parents[network!] = parent.Name;
            }

            vapp = Store.Add(new SimVApp
            {
                Name = name,
                Description = (string?)body.Element(Xml.Ns.V + "Description") ?? template.Description,
                VdcId = vdc.Id,
                OrgId = vdc.OrgId,
                OwnerUserId = rc.Session!.UserId,
                CreatedUtc = Sim.Clock.UtcNow,
                StatusOverride = VAppStatus.UNRESOLVED,
            });
            task = Sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vdcInstantiateVapp",
                Operation = $"Creating Virtual Application {name}({vapp.Id})",
                Owner = EntityRef.Of(vapp),
                Locks = [EntityRef.Of(template)],
                Actor = rc.Actor,
                Manual = true,
                FailWith = rc.TaskFailure,
            });
            templateDisks = templateVms.SelectMany(vm => vm.Disks.Select(d => (vm, d))).ToList();
            var plan = new InstantiationPlan(vapp, template, templateVms, vdc, parents, renames, rc.Actor, rc.TaskHang);
            _ = Task.Run(() => FinishInstantiationAsync(plan, templateDisks, task));
            response = XmlResponses.Xml(VAppXml.VApp(Sim, vapp, rc), MediaTypes.VApp, StatusCodes.Status201Created, EntityHref(rc, vapp));
        }
        return response;
    }

    private sealed record InstantiationPlan(SimVApp VApp, SimVAppTemplate Template, List<SimVm> TemplateVms, SimVdc Vdc,
        IReadOnlyDictionary<string, string> ParentNetworks, IReadOnlyDictionary<Guid, string> Renames, History.Actor Actor, bool Hang);

    private async Task FinishInstantiationAsync(InstantiationPlan plan, List<(SimVm Vm, SimDisk Disk)> templateDisks, SimTask task)
    {
        var started = DateTime.UtcNow;
        try
        {
            // Seeded templates get their disk files now, so the clone's disks are bit-identical to the template's.
            var prepared = await Task.WhenAll(templateDisks.Select(async pair =>
                (pair.Disk, Path: pair.Disk.BackingFile is { } existing && File.Exists(existing) ? existing : await Disks.EnsureAsync(SpecFor(pair.Vm, pair.Disk)).ConfigureAwait(false))))
                .ConfigureAwait(false);
            var paths = prepared.ToDictionary(p => p.Disk, p => p.Path);
            var remaining = MinimumTaskTime - (DateTime.UtcNow - started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining).ConfigureAwait(false);
            }

            lock (Store.Sync)
            {
                foreach (var (_, disk) in templateDisks)
                {
                    disk.BackingFile ??= paths[disk];
                }
                if (TaskStatus.IsDone(task.Status) || plan.Hang)
                {
                    if (task.Status != TaskStatus.Success && TaskStatus.IsDone(task.Status))
                    {
                        plan.VApp.StatusOverride = VAppStatus.FAILED_CREATION;
                    }
                    return;
                }
                if (task.PlannedFailure is { } failure)
                {
                    plan.VApp.StatusOverride = VAppStatus.FAILED_CREATION;
                    Sim.Tasks.Fail(task, failure);
                    return;
                }
                var at = Sim.Clock.UtcNow;
                foreach (var source in plan.TemplateVms)
                {
                    var vm = CloneVm(source, plan, paths, at);
                    plan.VApp.VmIds.Add(vm.Id);
                }
                foreach (var network in Store.VmsOf(plan.VApp).SelectMany(v => v.Nics).Select(n => n.Network).Where(n => n != "none").Distinct())
                {
                    plan.VApp.NetworkNames.Add(network);
                }
                plan.VApp.StatusOverride = null;
                Sim.Events.VAppCreate(plan.VApp, plan.Actor, at, task.Urn);
                foreach (var vm in Store.VmsOf(plan.VApp))
                {
                    Sim.Events.VmCreate(vm, plan.VApp, plan.Actor, at, task.Urn);
                }
                Sim.Tasks.Complete(task);
                Store.Touch();
            }
        }
        catch (Exception ex)
        {
            lock (Store.Sync)
            {
                plan.VApp.StatusOverride = VAppStatus.FAILED_CREATION;
                Sim.Tasks.Fail(task, "Unable to instantiate the vApp template: " + ex.Message);
            }
        }
    }

    private SimVm CloneVm(SimVm source, InstantiationPlan plan, IReadOnlyDictionary<SimDisk, string> paths, DateTime at)
    {
        var profile = Store.StorageProfiles.TryGetValue(source.StorageProfileId, out var p) && p.VdcId == plan.Vdc.Id ? p : Store.DefaultProfile(plan.Vdc);
        var vm = new SimVm
        {
            Name = plan.Renames.TryGetValue(source.Id, out var rename) ? rename : source.Name,
            VAppId = plan.VApp.Id,
            Description = source.Description,
            Cpu = source.Cpu,
            CoresPerSocket = source.CoresPerSocket,
            MemoryMB = source.MemoryMB,
            GuestOs = source.GuestOs,
            OsType = source.OsType,
            HardwareVersion = source.HardwareVersion,
            ComputerName = source.ComputerName,
            Status = VAppStatus.POWERED_OFF,
            CreatedUtc = at,
            StorageProfileId = profile.Id,
            PrimaryNicIndex = source.PrimaryNicIndex,
            MemoryHotAdd = source.MemoryHotAdd,
            CpuHotAdd = source.CpuHotAdd,
        };
        foreach (var disk in source.Disks)
        {
            var diskProfile = Store.StorageProfiles.TryGetValue(disk.StorageProfileId, out var dp) && dp.VdcId == plan.Vdc.Id ? dp : profile;
            vm.Disks.Add(new SimDisk
            {
                InstanceId = disk.InstanceId,
                SizeMB = disk.SizeMB,
                StorageProfileId = diskProfile.Id,
                BusSubType = disk.BusSubType,
                BackingFile = paths[disk],
                ContentMB = disk.ContentMB,
            });
        }
        foreach (var nic in source.Nics)
        {
            var network = plan.ParentNetworks.TryGetValue(nic.Network, out var parent) ? parent
                : Store.NetworksOf(plan.VApp.OrgId).Any(n => n.Name == nic.Network) ? nic.Network : "none";
            var net = Store.NetworksOf(plan.VApp.OrgId).FirstOrDefault(n => n.Name == network);
            vm.Nics.Add(new SimNic
            {
                Index = nic.Index,
                Network = network,
                IpMode = network == "none" ? "NONE" : nic.IpMode,
                IpAddress = network == "none" ? null : nic.IpMode == "POOL" && net is not null ? SeedLoader.NextIp(net) : nic.IpMode == "MANUAL" ? nic.IpAddress : null,
                Mac = StableIds.Mac(vm.Id, nic.Index),
                AdapterType = nic.AdapterType,
                IsConnected = nic.IsConnected && network != "none",
            });
        }
        return Store.Add(vm);
    }
}
