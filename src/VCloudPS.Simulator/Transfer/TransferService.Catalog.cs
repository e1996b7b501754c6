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
    /// <summary>POST /api/catalog/{id}/action/upload → 201 CatalogItem whose Entity is the new (status 0) VAppTemplate.</summary>
    public async Task<IResult> UploadToCatalogAsync(HttpContext ctx, string catalogId)
    {
        var rc = ctx.Sim();
        var (name, description, manifestRequired, profileHref) = await ReadUploadParamsAsync(ctx);
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
            var catalog = Access.Catalog(_sim, rc, catalogId);
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
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
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
        var body = (await RequestBodies.ReadXmlAsync(ctx, MediaTypes.CatalogItem, "CatalogItem"))!;
        RequestBodies.ValidateSequence(body, "Link", "Description", "Tasks", "Entity", "Properties", "DateCreated", "VersionNumber");
        var name = RequiredName(body);
        var entityHref = (string?)body.Element(Ns.V + "Entity")?.Attribute("href")
            ?? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.2.4.b: The content of element 'CatalogItem' is not complete. One of '{Entity}' is expected.");
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "Catalog: Add vApp from My Cloud");
            var catalog = Access.Catalog(_sim, rc, catalogId);
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
            vdc = Access.Vdc(_sim, rc, vdcId);
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
}
