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

/// <summary>OVF import into a VDC (vcd-api.md §5): instantiateOvf, PUT of the descriptor and files to /transfer, and the VMs built when the upload completes.</summary>
internal sealed class ImportEndpoints
{
    private readonly TransferService _transfers;

    public ImportEndpoints(TransferService transfers) => _transfers = transfers;

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var import = sim.Transfers.Import;
        app.MapPost("/api/vdc/{id}/action/instantiateOvf", (string id, HttpContext ctx) => import.InstantiateOvfAsync(ctx, id));
        app.MapPut("/transfer/{session}/{file}", (string session, string file, HttpContext ctx) => import.UploadAsync(ctx, session, file));
    }

    private TransferService Transfers => _transfers;
    private Simulation Sim => _transfers.Sim;
    private SimStore Store => _transfers.Sim.Store;
    private ConcurrentDictionary<Guid, (UploadSession Upload, SimEntity Entity)> Uploads => _transfers.Uploads;
    private DiskFileStore Disks => _transfers.Disks;
    private string TransferFolder => _transfers.TransferFolder;
    private UploadOptions UploadOptions => _transfers.UploadOptions;

    /// <summary>POST /api/vdc/{id}/action/instantiateOvf → 201 VApp (status 0) with a descriptor upload link and a running task.</summary>
    public async Task<IResult> InstantiateOvfAsync(HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.InstantiateOvfParams, "InstantiateOvfParams"))!;
        RequestBodies.ValidateSequence(body, "Description", "VAppParent", "InstantiationParams", "AllEULAsAccepted", "RemoveNonStandardOvfExtensions",
            "NetworkMapping", "InstantiateOvfProperty", "InstantiateVmParams");
        var name = RequiredName(body);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var map in body.Elements(Ns.V + "NetworkMapping"))
        {
            var source = ((string?)map.Element(Ns.V + "Source"))?.Trim();
            var target = ((string?)map.Element(Ns.V + "Target"))?.Trim();
            if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(target))
            {
                throw ApiException.BadRequest("NetworkMapping needs both Source and Target.");
            }
            mapping[source] = target;
        }
        // InstantiateVmParams (5.5+): per OVF VirtualSystem id, the VM's VdcStorageProfile at the destination.
        var vmProfiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var vmParams in body.Elements(Ns.V + "InstantiateVmParams"))
        {
            var vmId = (string?)vmParams.Attribute("id");
            var profileHref = (string?)vmParams.Element(Ns.V + "VdcStorageProfile")?.Attribute("href");
            if (string.IsNullOrEmpty(vmId))
            {
                throw ApiException.BadRequest("InstantiateVmParams needs the id of an OVF VirtualSystem.");
            }
            if (profileHref is not null)
            {
                vmProfiles[vmId] = profileHref;
            }
        }

        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "vApp: Create / Reconfigure a vApp");
            var vdc = Access.Vdc(Sim, rc, vdcId);
            Transfers.RequireUniqueVAppName(vdc, name);
            foreach (var target in mapping.Values.Where(t => !Store.NetworksOf(vdc.OrgId).Any(n => n.Name == t)))
            {
                throw ApiException.BadRequest($"NetworkMapping target \"{target}\" is not a network of VDC \"{vdc.Name}\".");
            }
            VdcCapacity.Enforce(Store, vdc, 0, 0);   // already full VDCs refuse at once; the descriptor is checked later
            var vmProfileIds = vmProfiles.ToDictionary(p => p.Key, p => VdcProfile(vdc, p.Value).Id, StringComparer.Ordinal);

            var vapp = Store.Add(new SimVApp
            {
                Name = name,
                Description = (string?)body.Element(Ns.V + "Description") ?? string.Empty,
                VdcId = vdc.Id,
                OrgId = vdc.OrgId,
                OwnerUserId = rc.Session!.UserId,
                CreatedUtc = Sim.Clock.UtcNow,
                StatusOverride = VAppStatus.UNRESOLVED,
            });
            StartUpload(vapp, vdc, rc, mapping, storageProfileId: null, manifestRequired: false,
                operation: $"Creating Virtual Application {name}({vapp.Id}) from an OVF package", vmProfileIds);
            var xml = VAppXml.VApp(Sim, vapp, rc);
            return XmlResponses.Xml(xml, MediaTypes.VApp, StatusCodes.Status201Created, EntityHref(rc, vapp));
        }
    }

    /// <summary>Creates the upload session and its task for a new vApp or template (call inside the lock).</summary>
    /// <summary>A storage profile of the VDC named by href (call inside the lock); anything else is a 400, as in vCD.</summary>
    private SimStorageProfile VdcProfile(SimVdc vdc, string href)
    {
        if (!Ids.TryExtractGuid(href, out var id) || !Store.StorageProfiles.TryGetValue(id, out var profile) || profile.VdcId != vdc.Id)
        {
            throw ApiException.BadRequest($"The storage policy {href} is not a storage policy of VDC \"{vdc.Name}\".");
        }
        return profile;
    }

    internal void StartUpload(SimEntity entity, SimVdc vdc, RequestContext rc, IReadOnlyDictionary<string, string> mapping, Guid? storageProfileId, bool manifestRequired, string operation,
        IReadOnlyDictionary<string, Guid>? vmStorageProfiles = null)
    {
        var sessionId = Guid.NewGuid();
        var upload = new UploadSession(sessionId, Path.Combine(TransferFolder, sessionId.ToString("N")),
            UploadOptions with { ManifestRequired = manifestRequired }, HandlersFor(entity));
        var task = Sim.Tasks.Start(new TaskRequest
        {
            OperationName = "vdcUploadOvfContents",
            Operation = operation,
            Owner = EntityRef.Of(entity),
            Actor = rc.Actor,
            Manual = true,
            FailWith = rc.TaskFailure,
            // A canceled upload task ends the upload (the entity turns FAILED_CREATION).
            OnFailure = c => upload.Fail(c.Task.ErrorMessage ?? "The upload task was canceled."),
        });
        var state = new ImportState
        {
            Upload = upload,
            Task = task,
            OrgId = vdc.OrgId,
            VdcId = vdc.Id,
            Actor = rc.Actor,
            UploaderUserId = rc.Session?.UserId,
            Hang = rc.TaskHang,
            NetworkMapping = mapping,
            StorageProfileId = storageProfileId,
            VmStorageProfiles = vmStorageProfiles ?? new Dictionary<string, Guid>(),
            LastActivityUtc = Sim.Clock.UtcNow,
        };
        SetTransferState(entity, state);
        Uploads[sessionId] = (upload, entity);
        if (entity is SimVAppTemplate template)
        {
            SyncTemplateFiles(template, upload);
        }
    }

    private UploadHandlers HandlersFor(SimEntity entity) => new()
    {
        ValidateDescriptor = (_, package) =>
        {
            lock (Store.Sync)
            {
                if (TransferStateOf(entity) is not ImportState state || !Store.Vdcs.TryGetValue(state.VdcId, out var vdc))
                {
                    return "The entity being uploaded no longer exists.";
                }
                var storageMB = package.VirtualMachines.SelectMany(v => v.Disks).Sum(d => VdcCapacity.CapacityMB(d.CapacityBytes));
                // Templates take storage but do not count against the VM quota.
                return VdcCapacity.Check(Store, vdc, entity is SimVApp ? package.VirtualMachines.Count : 0, storageMB);
            }
        },
        FilesPublished = upload =>
        {
            lock (Store.Sync)
            {
                if (entity is SimVAppTemplate template)
                {
                    template.OvfDescriptorUploaded = true;
                    SyncTemplateFiles(template, upload);
                }
                if (TransferStateOf(entity) is ImportState state)
                {
                    Sim.Tasks.SetProgress(state.Task, 5);
                }
                Store.Touch();
            }
        },
        Completed = upload => CompleteImportAsync(entity, upload),
        Failed = (upload, message) =>
        {
            lock (Store.Sync)
            {
                var state = TransferStateOf(entity) as ImportState;
                var status = state?.TimedOut == true ? VAppStatus.TRANSFER_TIMEOUT : VAppStatus.FAILED_CREATION;
                switch (entity)
                {
                    case SimVApp vapp:
                        vapp.StatusOverride = status;
                        break;
                    case SimVAppTemplate template:
                        template.Status = status;
                        template.OvfDescriptorUploaded = upload.DescriptorUploaded;
                        SyncTemplateFiles(template, upload);
                        break;
                }
                if (state is not null && !TaskStatus.IsDone(state.Task.Status))
                {
                    state.Task.ErrorMajorCode = 400;
                    state.Task.ErrorMinorCode = "BAD_REQUEST";
                    Sim.Tasks.Fail(state.Task, message);
                }
                Store.Touch();
            }
        },
    };

    /// <summary>Every file arrived and checked: move the disks into the disk store and build the VMs.</summary>
    private Task CompleteImportAsync(SimEntity entity, UploadSession upload)
    {
        var package = upload.Package!;
        var adopted = new Dictionary<string, string>(StringComparer.Ordinal);   // file id → disk store path
        foreach (var reference in package.Files)
        {
            var file = upload.FindFile(reference.Href);
            if (file is not null && File.Exists(file.Path))
            {
                adopted[reference.Id] = Disks.Adopt(file.Path, $"{entity.Id:N}-{reference.Id}");
            }
        }

        lock (Store.Sync)
        {
            if (TransferStateOf(entity) is not ImportState state || TaskStatus.IsDone(state.Task.Status))
            {
                return Task.CompletedTask;
            }
            if (state.Task.PlannedFailure is { } failure)
            {
                throw new InvalidOperationException(failure);
            }
            var at = Sim.Clock.UtcNow;
            var vdc = Store.Vdcs[state.VdcId];
            var profile = state.StorageProfileId is { } pid && Store.StorageProfiles.TryGetValue(pid, out var p) ? p : Store.DefaultProfile(vdc);
            var isTemplate = entity is SimVAppTemplate;
            var vms = package.VirtualMachines.Select(vm => BuildVm(vm, entity.Id, isTemplate, state,
                state.VmStorageProfiles.TryGetValue(vm.Id, out var own) && Store.StorageProfiles.TryGetValue(own, out var chosen) ? chosen : profile, adopted, at)).ToList();

            switch (entity)
            {
                case SimVApp vapp:
                    foreach (var vm in vms)
                    {
                        vapp.VmIds.Add(vm.Id);
                    }
                    foreach (var network in vms.SelectMany(v => v.Nics).Select(n => n.Network).Where(n => n != "none").Distinct())
                    {
                        vapp.NetworkNames.Add(network);
                    }
                    vapp.StatusOverride = null;
                    vapp.TransferState = null;
                    if (!state.Hang)
                    {
                        Sim.Events.VAppCreate(vapp, state.Actor, at, state.Task.Urn);
                        foreach (var vm in vms)
                        {
                            Sim.Events.VmCreate(vm, vapp, state.Actor, at, state.Task.Urn);
                        }
                    }
                    break;
                case SimVAppTemplate template:
                    foreach (var vm in vms)
                    {
                        template.VmIds.Add(vm.Id);
                    }
                    template.Status = VAppStatus.POWERED_OFF;
                    template.OvfDescriptorUploaded = true;
                    template.Files.Clear();
                    template.TransferState = null;
                    break;
            }
            Uploads.TryRemove(upload.Id, out _);
            if (!state.Hang)
            {
                Sim.Tasks.Complete(state.Task);
            }
            Store.Touch();
        }
        TryDeleteFolder(upload.Folder);
        return Task.CompletedTask;
    }

    private SimVm BuildVm(OvfVirtualMachine source, Guid parentId, bool inTemplate, ImportState state, SimStorageProfile profile, IReadOnlyDictionary<string, string> adopted, DateTime at)
    {
        var vm = new SimVm
        {
            Name = source.Name,
            VAppId = parentId,
            InTemplate = inTemplate,
            Description = source.Description ?? string.Empty,
            Cpu = source.CpuCount,
            CoresPerSocket = Math.Max(1, source.CoresPerSocket),
            MemoryMB = source.MemoryMB,
            GuestOs = source.OsDescription ?? source.OsType ?? "Other (64-bit)",
            OsType = source.OsType ?? "other3xLinux64Guest",
            HardwareVersion = source.HardwareVersion ?? "vmx-19",
            ComputerName = source.ComputerName ?? source.Name,
            Status = VAppStatus.POWERED_OFF,
            Deployed = false,
            CreatedUtc = at,
            StorageProfileId = profile.Id,
        };
        var instance = 2000;
        foreach (var disk in source.Disks)
        {
            vm.Disks.Add(new SimDisk
            {
                InstanceId = instance++,
                SizeMB = VdcCapacity.CapacityMB(disk.CapacityBytes),
                StorageProfileId = profile.Id,
                BusSubType = disk.ControllerSubType is { Length: > 0 } bus && bus != "ide" ? bus : "lsilogic",
                BackingFile = disk.FileRef is { } fileId && adopted.TryGetValue(fileId, out var path) ? path : null,
                ContentMB = disk.FileRef is null ? 0 : null,
            });
        }
        foreach (var nic in source.Nics.OrderBy(n => n.Index))
        {
            var network = ResolveNetwork(state.OrgId, nic.Network, state.NetworkMapping, inTemplate);
            var net = Store.NetworksOf(state.OrgId).FirstOrDefault(n => n.Name == network);
            var mode = nic.AddressingMode.ToUpperInvariant() is "DHCP" or "POOL" or "MANUAL" or "NONE" ? nic.AddressingMode.ToUpperInvariant() : "DHCP";
            var ip = mode == "MANUAL" ? nic.IpAddress : mode == "POOL" && net is not null && !inTemplate ? SeedLoader.NextIp(net) : null;
            vm.Nics.Add(new SimNic
            {
                Index = nic.Index,
                Network = network,
                IpMode = network == "none" ? "NONE" : mode,
                IpAddress = network == "none" ? null : ip,
                Mac = nic.MacAddress ?? StableIds.Mac(vm.Id, nic.Index),
                AdapterType = nic.AdapterType,
                IsConnected = nic.IsConnected && network != "none",
            });
            if (nic.IsPrimary)
            {
                vm.PrimaryNicIndex = nic.Index;
            }
        }
        return Store.Add(vm);
    }

    /// <summary>
    /// Where a NIC of an imported VM connects: the NetworkMapping target, else the org network of the same name, else
    /// "none" (disconnected). Templates keep the descriptor's network names.
    /// </summary>
    private string ResolveNetwork(Guid orgId, string? ovfNetwork, IReadOnlyDictionary<string, string> mapping, bool inTemplate)
    {
        if (string.IsNullOrEmpty(ovfNetwork))
        {
            return "none";
        }
        if (mapping.TryGetValue(ovfNetwork, out var target))
        {
            return target;
        }
        if (inTemplate || Store.NetworksOf(orgId).Any(n => n.Name == ovfNetwork))
        {
            return ovfNetwork;
        }
        return "none";
    }

    /// <summary>PUT /transfer/{session}/{file}: the descriptor or a file (chunk) of an upload.</summary>
    public async Task UploadAsync(HttpContext ctx, string sessionText, string file)
    {
        var rc = ctx.Sim();
        if (rc.Session is null)
        {
            throw ApiException.Unauthorized();
        }
        if (!Guid.TryParse(sessionText, out var id) || !Uploads.TryGetValue(id, out var entry))
        {
            throw NotFound();
        }
        ImportState state;
        lock (Store.Sync)
        {
            if (TransferStateOf(entry.Entity) is not ImportState s || !Access.CanSee(rc, s.OrgId))
            {
                throw NotFound();
            }
            if (s.UploaderUserId is { } owner && owner != rc.Session.UserId)
            {
                throw ApiException.Forbidden("This upload URL belongs to another user's session.");
            }
            state = s;
            Transfers.ExpireUploadIfIdle(state);
            if (TaskStatus.IsDone(state.Task.Status) && state.Task.Status != TaskStatus.Success)
            {
                state.Upload.Fail(state.Task.ErrorMessage ?? "The upload task was canceled.");
            }
            state.LastActivityUtc = Sim.Clock.UtcNow;
        }

        var result = await state.Upload.PutAsync(file, ctx.Request.Headers.ContentRange, ctx.Request.ContentLength, ctx.Request.Body, ctx.RequestAborted);

        lock (Store.Sync)
        {
            state.LastActivityUtc = Sim.Clock.UtcNow;
            if (state.Upload.Phase == UploadPhase.ContentsPending && !TaskStatus.IsDone(state.Task.Status))
            {
                var content = state.Upload.Files.Where(f => f.Kind == UploadFileKind.Content).ToList();
                var total = content.Sum(f => f.Size ?? 0);
                var done = content.Sum(f => f.BytesTransferred);
                Sim.Tasks.SetProgress(state.Task, total == 0 ? 99 : (int)Math.Min(99, 5 + done * 94 / total));
            }
            Store.Touch();
        }

        ctx.Response.StatusCode = result.StatusCode;
        if (result.StatusCode == StatusCodes.Status416RangeNotSatisfiable || result.Message is null)
        {
            ctx.Response.ContentLength = 0;   // vCD's transfer server answers 416 with an empty body
            return;
        }
        var body = Encoding.UTF8.GetBytes(result.Message);
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }
}
