using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Transfer.Api;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Xml;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

internal sealed partial class TransferService
{
    /// <summary>POST /api/vdc/{id}/action/instantiateOvf → 201 VApp (status 0) with a descriptor upload link and a running task.</summary>
    public async Task<IResult> InstantiateOvfAsync(HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        var body = await XmlRequest.ReadAsync(ctx, MediaTypes.InstantiateOvfParams, "InstantiateOvfParams");
        XmlRequest.RequireOrder(body, "Description", "VAppParent", "InstantiationParams", "AllEULAsAccepted", "RemoveNonStandardOvfExtensions",
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

        lock (Store.Sync)
        {
            EntityAccess.RequireAuthor(rc, "vApp: Create / Reconfigure a vApp");
            var vdc = EntityAccess.Vdc(Store, rc, vdcId);
            RequireUniqueVAppName(vdc, name);
            foreach (var target in mapping.Values.Where(t => !Store.NetworksOf(vdc.OrgId).Any(n => n.Name == t)))
            {
                throw ApiException.BadRequest($"NetworkMapping target \"{target}\" is not a network of VDC \"{vdc.Name}\".");
            }
            VdcCapacity.Enforce(Store, vdc, 0, 0);   // already full VDCs refuse at once; the descriptor is checked later

            var vapp = Store.Add(new SimVApp
            {
                Name = name,
                Description = (string?)body.Element(Ns.V + "Description") ?? string.Empty,
                VdcId = vdc.Id,
                OrgId = vdc.OrgId,
                OwnerUserId = rc.Session!.UserId,
                CreatedUtc = _sim.Clock.UtcNow,
                StatusOverride = VAppStatus.UNRESOLVED,
            });
            StartUpload(vapp, vdc, rc, mapping, storageProfileId: null, manifestRequired: false,
                operation: $"Creating Virtual Application {name}({vapp.Id}) from an OVF package");
            var xml = VAppXml.VApp(_sim, vapp, rc);
            return XmlResponses.Xml(xml, MediaTypes.VApp, StatusCodes.Status201Created, EntityHref(rc, vapp));
        }
    }

    /// <summary>POST /api/catalog/{id}/action/upload → 201 CatalogItem whose Entity is the new (status 0) VAppTemplate.</summary>
    public async Task<IResult> UploadToCatalogAsync(HttpContext ctx, string catalogId)
    {
        var rc = ctx.Sim();
        var (name, description, manifestRequired, profileHref) = await ReadUploadParamsAsync(ctx);
        lock (Store.Sync)
        {
            EntityAccess.RequireAuthor(rc, "Catalog: Add vApp from My Cloud");
            var catalog = EntityAccess.Catalog(Store, rc, catalogId);
            if (catalog.ItemIds.Where(Store.CatalogItems.ContainsKey).Any(id => string.Equals(Store.CatalogItems[id].Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ApiException(400, "DUPLICATE_NAME", $"The catalog \"{catalog.Name}\" already contains an item named \"{name}\".");
            }
            var (vdc, profile) = UploadTarget(rc, catalog.OrgId, profileHref, vdcId: null);
            var template = NewTemplate(rc, name, description, vdc, profile, manifestRequired);
            var item = Store.Add(new SimCatalogItem
            {
                Name = name,
                Description = description,
                CatalogId = catalog.Id,
                EntityId = template.Id,
                CreatedUtc = _sim.Clock.UtcNow,
            });
            catalog.ItemIds.Add(item.Id);
            template.CatalogItemId = item.Id;
            StartUpload(template, vdc, rc, new Dictionary<string, string>(), profile?.Id, manifestRequired,
                operation: $"Uploading OVF package to vApp template {name}({template.Id})");
            var xml = OrgXml.CatalogItem(_sim, item, rc);
            return XmlResponses.Xml(xml, MediaTypes.CatalogItem, StatusCodes.Status201Created, rc.Href(Ids.Path(EntityKind.CatalogItem, item.Id)));
        }
    }

    /// <summary>Legacy POST /api/vdc/{id}/action/uploadVAppTemplate (API ≤ 33; removed from 34.0) → 201 VAppTemplate in no catalog.</summary>
    public async Task<IResult> UploadToVdcAsync(HttpContext ctx, string vdcId)
    {
        var rc = ctx.Sim();
        if (rc.ApiVersionNumber > 33m)
        {
            // The route does not exist for newer API versions.
            throw new ApiException(404, "NOT_FOUND", string.Empty) { EmptyBody = true };
        }
        var (name, description, manifestRequired, profileHref) = await ReadUploadParamsAsync(ctx);
        lock (Store.Sync)
        {
            EntityAccess.RequireAuthor(rc, "Catalog: Add vApp from My Cloud");
            var (vdc, profile) = UploadTarget(rc, null, profileHref, vdcId);
            var template = NewTemplate(rc, name, description, vdc, profile, manifestRequired);
            StartUpload(template, vdc, rc, new Dictionary<string, string>(), profile?.Id, manifestRequired,
                operation: $"Uploading OVF package to vApp template {name}({template.Id})");
            var xml = OrgXml.VAppTemplate(_sim, template, rc);
            return XmlResponses.Xml(xml, MediaTypes.VAppTemplate, StatusCodes.Status201Created, EntityHref(rc, template));
        }
    }

    /// <summary>
    /// POST /api/catalog/{id}/catalogItems: puts a template uploaded through the legacy VDC path into a catalog
    /// (body <c>CatalogItem name=…</c> with <c>Description</c>, <c>Entity href=…vAppTemplate…</c>) → 201 CatalogItem.
    /// </summary>
    public async Task<IResult> AddCatalogItemAsync(HttpContext ctx, string catalogId)
    {
        var rc = ctx.Sim();
        var body = await XmlRequest.ReadAsync(ctx, MediaTypes.CatalogItem, "CatalogItem");
        XmlRequest.RequireOrder(body, "Link", "Description", "Tasks", "Entity", "Properties", "DateCreated", "VersionNumber");
        var name = RequiredName(body);
        var entityHref = (string?)body.Element(Ns.V + "Entity")?.Attribute("href")
            ?? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.2.4.b: The content of element 'CatalogItem' is not complete. One of '{Entity}' is expected.");
        lock (Store.Sync)
        {
            EntityAccess.RequireAuthor(rc, "Catalog: Add vApp from My Cloud");
            var catalog = EntityAccess.Catalog(Store, rc, catalogId);
            if (!Ids.TryExtractGuid(entityHref, out var templateId) || !Store.Templates.TryGetValue(templateId, out var template) || template.OrgId != catalog.OrgId)
            {
                throw ApiException.BadRequest($"The entity {entityHref} is not a vApp template of this organization.");
            }
            if (template.CatalogItemId is not null)
            {
                throw ApiException.BadRequest($"The vApp template \"{template.Name}\" is already in a catalog.");
            }
            if (catalog.ItemIds.Where(Store.CatalogItems.ContainsKey).Any(id => string.Equals(Store.CatalogItems[id].Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ApiException(400, "DUPLICATE_NAME", $"The catalog \"{catalog.Name}\" already contains an item named \"{name}\".");
            }
            var item = Store.Add(new SimCatalogItem
            {
                Name = name,
                Description = (string?)body.Element(Ns.V + "Description") ?? string.Empty,
                CatalogId = catalog.Id,
                EntityId = template.Id,
                CreatedUtc = _sim.Clock.UtcNow,
            });
            catalog.ItemIds.Add(item.Id);
            template.CatalogItemId = item.Id;
            return XmlResponses.Xml(OrgXml.CatalogItem(_sim, item, rc), MediaTypes.CatalogItem, StatusCodes.Status201Created, rc.Href(Ids.Path(EntityKind.CatalogItem, item.Id)));
        }
    }

    private static async Task<(string Name, string Description, bool ManifestRequired, string? ProfileHref)> ReadUploadParamsAsync(HttpContext ctx)
    {
        var body = await XmlRequest.ReadAsync(ctx, MediaTypes.UploadVAppTemplateParams, "UploadVAppTemplateParams");
        XmlRequest.RequireOrder(body, "Description", "VdcStorageProfile");
        if (body.Attribute("sourceHref") is not null)
        {
            throw ApiException.BadRequest("Uploading from a sourceHref is not supported by this simulator; PUT the descriptor and files instead.");
        }
        return (RequiredName(body), (string?)body.Element(Ns.V + "Description") ?? string.Empty,
            XmlRequest.BoolAttribute(body, "manifestRequired"), (string?)body.Element(Ns.V + "VdcStorageProfile")?.Attribute("href"));
    }

    private (SimVdc Vdc, SimStorageProfile? Profile) UploadTarget(RequestContext rc, Guid? orgId, string? profileHref, string? vdcId)
    {
        SimStorageProfile? profile = null;
        if (profileHref is not null)
        {
            if (!Ids.TryExtractGuid(profileHref, out var profileId) || !Store.StorageProfiles.TryGetValue(profileId, out profile)
                || !Store.Vdcs.TryGetValue(profile.VdcId, out var profileVdc) || !EntityAccess.Visible(rc, profileVdc.OrgId))
            {
                throw ApiException.BadRequest($"The storage policy {profileHref} does not exist.");
            }
        }
        SimVdc vdc;
        if (vdcId is not null)
        {
            vdc = EntityAccess.Vdc(Store, rc, vdcId);
        }
        else if (profile is not null)
        {
            vdc = Store.Vdcs[profile.VdcId];
        }
        else
        {
            // A catalog without a storage policy keeps its items in the org's first VDC.
            vdc = Store.VdcsOf(orgId!.Value).FirstOrDefault() ?? throw ApiException.BadRequest("The organization has no VDC to store the vApp template in.");
        }
        if (profile is not null && profile.VdcId != vdc.Id)
        {
            throw ApiException.BadRequest($"The storage policy {profile.Name} does not belong to VDC \"{vdc.Name}\".");
        }
        return (vdc, profile);
    }

    private SimVAppTemplate NewTemplate(RequestContext rc, string name, string description, SimVdc vdc, SimStorageProfile? profile, bool manifestRequired)
        => Store.Add(new SimVAppTemplate
        {
            Name = name,
            Description = description,
            OrgId = vdc.OrgId,
            VdcId = vdc.Id,
            OwnerUserId = rc.Session!.UserId,
            Status = VAppStatus.UNRESOLVED,
            OvfDescriptorUploaded = false,
            ManifestRequired = manifestRequired,
            CreatedUtc = _sim.Clock.UtcNow,
            StorageProfileId = profile?.Id,
        });

    /// <summary>Creates the upload session and its task for a new vApp or template (call inside the lock).</summary>
    private void StartUpload(SimEntity entity, SimVdc vdc, RequestContext rc, IReadOnlyDictionary<string, string> mapping, Guid? storageProfileId, bool manifestRequired, string operation)
    {
        var sessionId = Guid.NewGuid();
        var upload = new UploadSession(sessionId, Path.Combine(TransferFolder, sessionId.ToString("N")),
            UploadOptions with { ManifestRequired = manifestRequired }, HandlersFor(entity));
        var task = _sim.Tasks.Start(new TaskRequest
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
            Hang = rc.TaskHang,
            NetworkMapping = mapping,
            StorageProfileId = storageProfileId,
            LastActivityUtc = _sim.Clock.UtcNow,
        };
        SetTransferState(entity, state);
        _uploads[sessionId] = (upload, entity);
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
                    _sim.Tasks.SetProgress(state.Task, 5);
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
                    _sim.Tasks.Fail(state.Task, message);
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
            var at = _sim.Clock.UtcNow;
            var vdc = Store.Vdcs[state.VdcId];
            var profile = state.StorageProfileId is { } pid && Store.StorageProfiles.TryGetValue(pid, out var p) ? p : Store.DefaultProfile(vdc);
            var isTemplate = entity is SimVAppTemplate;
            var vms = package.VirtualMachines.Select(vm => BuildVm(vm, entity.Id, isTemplate, state, profile, adopted, at)).ToList();

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
                        _sim.Events.VAppCreate(vapp, state.Actor, at, state.Task.Urn);
                        foreach (var vm in vms)
                        {
                            _sim.Events.VmCreate(vm, vapp, state.Actor, at, state.Task.Urn);
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
            _uploads.TryRemove(upload.Id, out _);
            if (!state.Hang)
            {
                _sim.Tasks.Complete(state.Task);
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

    private void RequireUniqueVAppName(SimVdc vdc, string name)
    {
        if (Store.VApps.Values.Any(a => a.VdcId == vdc.Id && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiException(400, "DUPLICATE_NAME", $"The VMware Cloud Director entity {name} already exists in VDC \"{vdc.Name}\".");
        }
    }

    private static string RequiredName(XElement body)
    {
        var name = ((string?)body.Attribute("name"))?.Trim();
        return string.IsNullOrEmpty(name)
            ? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.4: Attribute 'name' must appear on element.")
            : name;
    }

    /// <summary>Mirrors the upload's files into the template's Files (call inside the lock).</summary>
    private static void SyncTemplateFiles(SimVAppTemplate template, UploadSession upload)
    {
        template.Files.Clear();
        foreach (var file in upload.Files)
        {
            template.Files.Add(new SimFile
            {
                Name = file.Name,
                Size = file.Size ?? -1,
                BytesTransferred = file.BytesTransferred,
                LocalPath = file.Path,
                UploadPath = $"/transfer/{upload.Id}/{file.Name}",
            });
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
