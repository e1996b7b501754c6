using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
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

        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "vApp: Create / Reconfigure a vApp");
            var vdc = Access.Vdc(_sim, rc, vdcId);
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
            UploaderUserId = rc.Session?.UserId,
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
}
