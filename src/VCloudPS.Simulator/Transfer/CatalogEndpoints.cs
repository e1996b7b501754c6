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

/// <summary>Templates in catalogs: upload into a catalog (and the legacy VDC upload), filing a template as a catalog item, deleting a template.</summary>
internal sealed class CatalogEndpoints
{
    private readonly TransferService _transfers;

    public CatalogEndpoints(TransferService transfers) => _transfers = transfers;

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var catalog = sim.Transfers.Catalog;
        app.MapPost("/api/vdc/{id}/action/uploadVAppTemplate", (string id, HttpContext ctx) => catalog.UploadToVdcAsync(ctx, id));
        app.MapPost("/api/catalog/{id}/catalogItems", (string id, HttpContext ctx) => catalog.AddCatalogItemAsync(ctx, id));
        app.MapPost("/api/catalog/{id}/action/upload", (string id, HttpContext ctx) => catalog.UploadToCatalogAsync(ctx, id));
        app.MapDelete("/api/vAppTemplate/vappTemplate-{id}", (string id, HttpContext ctx) => catalog.DeleteTemplate(ctx, id));
    }

    private TransferService Transfers => _transfers;
    private Simulation Sim => _transfers.Sim;
    private SimStore Store => _transfers.Sim.Store;
    private ConcurrentDictionary<Guid, (UploadSession Upload, SimEntity Entity)> Uploads => _transfers.Uploads;
    private UploadOptions UploadOptions => _transfers.UploadOptions;

    /// <summary>POST /api/catalog/{id}/action/upload → 201 CatalogItem whose Entity is the new (status 0) VAppTemplate.</summary>
    public async Task<IResult> UploadToCatalogAsync(HttpContext ctx, string catalogId)
    {
        var rc = ctx.Sim();
        var (name, description, manifestRequired, profileHref) = await ReadUploadParamsAsync(ctx);
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
            var catalog = Access.Catalog(Sim, rc, catalogId);
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
                CreatedUtc = Sim.Clock.UtcNow,
            });
            catalog.ItemIds.Add(item.Id);
            template.CatalogItemId = item.Id;
            Transfers.Import.StartUpload(template, vdc, rc, new Dictionary<string, string>(), profile?.Id, manifestRequired,
                operation: $"Uploading OVF package to vApp template {name}({template.Id})");
            var xml = OrgXml.CatalogItem(Sim, item, rc);
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
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
            var (vdc, profile) = UploadTarget(rc, null, profileHref, vdcId);
            var template = NewTemplate(rc, name, description, vdc, profile, manifestRequired);
            Transfers.Import.StartUpload(template, vdc, rc, new Dictionary<string, string>(), profile?.Id, manifestRequired,
                operation: $"Uploading OVF package to vApp template {name}({template.Id})");
            var xml = OrgXml.VAppTemplate(Sim, template, rc);
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
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.CatalogItem, "CatalogItem"))!;
        RequestBodies.ValidateSequence(body, "Link", "Description", "Tasks", "Entity", "Properties", "DateCreated", "VersionNumber");
        var name = RequiredName(body);
        var entityHref = (string?)body.Element(Ns.V + "Entity")?.Attribute("href")
            ?? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.2.4.b: The content of element 'CatalogItem' is not complete. One of '{Entity}' is expected.");
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
            var catalog = Access.Catalog(Sim, rc, catalogId);
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
                CreatedUtc = Sim.Clock.UtcNow,
            });
            catalog.ItemIds.Add(item.Id);
            template.CatalogItemId = item.Id;
            return XmlResponses.Xml(OrgXml.CatalogItem(Sim, item, rc), MediaTypes.CatalogItem, StatusCodes.Status201Created, rc.Href(Ids.Path(EntityKind.CatalogItem, item.Id)));
        }
    }

    private static async Task<(string Name, string Description, bool ManifestRequired, string? ProfileHref)> ReadUploadParamsAsync(HttpContext ctx)
    {
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.UploadVAppTemplateParams, "UploadVAppTemplateParams"))!;
        RequestBodies.ValidateSequence(body, "Description", "VdcStorageProfile");
        if (body.Attribute("sourceHref") is not null)
        {
            throw ApiException.BadRequest("Uploading from a sourceHref is not supported by this simulator; PUT the descriptor and files instead.");
        }
        return (RequiredName(body), (string?)body.Element(Ns.V + "Description") ?? string.Empty,
            RequestBodies.BoolAttribute(body, "manifestRequired"), (string?)body.Element(Ns.V + "VdcStorageProfile")?.Attribute("href"));
    }

    private (SimVdc Vdc, SimStorageProfile? Profile) UploadTarget(RequestContext rc, Guid? orgId, string? profileHref, string? vdcId)
    {
        SimStorageProfile? profile = null;
        if (profileHref is not null)
        {
            if (!Ids.TryExtractGuid(profileHref, out var profileId) || !Store.StorageProfiles.TryGetValue(profileId, out profile)
                || !Store.Vdcs.TryGetValue(profile.VdcId, out var profileVdc) || !Access.CanSee(rc, profileVdc.OrgId))
            {
                throw ApiException.BadRequest($"The storage policy {profileHref} does not exist.");
            }
        }
        SimVdc vdc;
        if (vdcId is not null)
        {
            vdc = Access.Vdc(Sim, rc, vdcId);
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
            CreatedUtc = Sim.Clock.UtcNow,
            StorageProfileId = profile?.Id,
        });

    /// <summary>DELETE /api/vAppTemplate/vappTemplate-{id} → 202 + vdcDeleteTemplate task; removes the template, its VMs and catalog item.</summary>
    public IResult DeleteTemplate(HttpContext ctx, string idText)
    {
        var rc = ctx.Sim();
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "Catalog: Edit Properties");
            var template = Access.Template(Sim, rc, Access.ParseId(idText));
            var task = Sim.Tasks.Start(new TaskRequest
            {
                OperationName = "vdcDeleteTemplate",
                Operation = $"Deleting Virtual Application Template {template.Name}({template.Id})",
                Owner = EntityRef.Of(template),
                Actor = rc.Actor,
                FailWith = rc.TaskFailure,
                Manual = rc.TaskHang,
                OnSuccess = c =>
                {
                    if (template.TransferState is ImportState import)
                    {
                        import.Upload.Fail("The vApp template was deleted.");
                        Uploads.TryRemove(import.Upload.Id, out _);
                        TryDeleteFolder(import.Upload.Folder);
                    }
                    Transfers.RemoveDownload(template);
                    c.Store.RemoveVms(template.VmIds);
                    c.Store.Templates.Remove(template.Id);
                    if (template.CatalogItemId is { } itemId && c.Store.CatalogItems.Remove(itemId, out var item))
                    {
                        if (c.Store.Catalogs.TryGetValue(item.CatalogId, out var catalog))
                        {
                            catalog.ItemIds.Remove(itemId);
                        }
                    }
                    c.Store.Touch();
                },
            });
            return Accepted(task, rc);
        }
    }
}
