using System.Xml.Linq;
using VCloudPS.Simulator.Auth;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using static VCloudPS.Simulator.Xml.Links;

namespace VCloudPS.Simulator.Xml;

/// <summary>Session, OrgList, Org, Vdc, Catalog, CatalogItem, VAppTemplate, QueryList, Entity (call inside the lock).</summary>
public static class OrgXml
{
    private static XElement E(string name, params object?[] content) => new(Ns.V + name, content);

    public static XElement Session(Simulation sim, SimSession s, RequestContext rc)
    {
        var org = sim.Store.Orgs[s.OrgId];
        var locationId = $"{org.Id}@{SiteId(rc)}";
        var root = E("Session", Ns.RootDeclarations(),
            new XAttribute("locationId", locationId), new XAttribute("org", s.OrgName), new XAttribute("roles", s.Role),
            new XAttribute("user", s.UserName), new XAttribute("userId", Ids.Urn(EntityKind.User, s.UserId)),
            new XAttribute("href", rc.Href("/api/session")), new XAttribute("type", MediaTypes.Session),
            Link("down", rc.Href("/api/org/"), MediaTypes.OrgList),
            Link("remove", rc.Href("/api/session")));
        if (s.IsProvider) root.Add(Link("down", rc.Href("/api/admin/"), "application/vnd.vmware.admin.vcloud+xml"),
            Link("down", rc.Href("/api/admin/extension"), "application/vnd.vmware.admin.vmwExtension+xml"));
        root.Add(Link("down", rc.Href($"/api/org/{org.Id}"), MediaTypes.Org, org.Name),
            Link("down", rc.Href("/api/query"), MediaTypes.QueryList),
            Link("entityResolver", rc.Href("/api/entity/"), MediaTypes.Entity),
            Link("down:extensibility", rc.Href("/api/extensibility"), MediaTypes.Prefix + "apiextensibility+xml"),
            Link("nsx", rc.Href("/network"), "application/xml"),
            Link("openapi", rc.Href("/cloudapi"), "application/json"),
            E("AuthorizedLocations", E("Location",
                E("LocationId", locationId), E("SiteName", new Uri(rc.BaseUrl).Host), E("OrgName", org.Name),
                E("RestApiEndpoint", rc.BaseUrl), E("UIEndpoint", rc.BaseUrl), E("AuthContext", org.Name))));
        return root;
    }

    public static Guid SiteId(RequestContext rc) => Seeds.StableIds.For("site", rc.BaseUrl);

    public static XElement OrgList(IEnumerable<SimOrg> orgs, RequestContext rc) =>
        E("OrgList", Ns.RootDeclarations(), new XAttribute("href", rc.Href("/api/org/")), new XAttribute("type", MediaTypes.OrgList),
            orgs.Select(o => Ref("Org", rc.Href($"/api/org/{o.Id}"), o.Name, MediaTypes.Org)));

    public static XElement Org(Simulation sim, SimOrg org, RequestContext rc)
    {
        var store = sim.Store;
        var href = rc.Href($"/api/org/{org.Id}");
        var root = E("Org", Ns.RootDeclarations(),
            new XAttribute("name", org.Name), new XAttribute("id", org.Urn), new XAttribute("href", href), new XAttribute("type", MediaTypes.Org));
        // Up to API 32 the Org carries one down link per VDC and catalog; from 33 clients use the query service (vcd-api.md §2.5).
        if (rc.ApiVersionNumber < 33m)
            foreach (var v in store.VdcsOf(org.Id)) root.Add(Link("down", rc.Href($"/api/vdc/{v.Id}"), MediaTypes.Vdc, v.Name));
        root.Add(Link("down", rc.Href($"/api/query?type=orgVdc&format=records&filter=org=={org.Id}"), MediaTypes.Records, "orgVdcs"));
        // From API 33 clients find catalogs through this records query (the tenant catalog record has orgName, no org).
        if (rc.ApiVersionNumber >= 33m)
            root.Add(Link("down", rc.Href($"/api/query?type=catalog&format=records&filter=orgName=={Uri.EscapeDataString(org.Name)}"), MediaTypes.Records, "catalogs"));
        foreach (var c in store.CatalogsOf(org.Id)) root.Add(Link("down", rc.Href($"/api/catalog/{c.Id}"), MediaTypes.Catalog, c.Name));
        foreach (var n in store.NetworksOf(org.Id)) root.Add(Link("down", rc.Href($"/api/network/{n.Id}"), MediaTypes.OrgVdcNetwork, n.Name));
        root.Add(Link("down", rc.Href($"/api/tasksList/{org.Id}"), MediaTypes.TasksList),
            Link("down", href + "/metadata", MediaTypes.Metadata),
            E("Description", org.Description), E("FullName", org.FullName), E("IsEnabled", XmlFormat.Bool(org.IsEnabled)));
        return root;
    }

    public static (long cpuUsedMhz, long memUsedMB, long storageUsedMB) Usage(SimStore store, SimVdc vdc)
    {
        long cpu = 0, mem = 0, sto = 0;
        foreach (var a in store.VApps.Values)
        {
            if (a.VdcId != vdc.Id) continue;
            foreach (var id in a.VmIds)
            {
                var vm = store.Vms[id];
                if (vm.Deployed && vm.Status == VAppStatus.POWERED_ON) { cpu += (long)vm.Cpu * vdc.VCpuSpeedMhz; mem += vm.MemoryMB; }
                sto += vm.StorageMB;
            }
        }
        return (cpu, mem, sto);
    }

    private static readonly string[] HardwareVersions = new[] { "vmx-14", "vmx-15", "vmx-17", "vmx-18", "vmx-19" };

    public static XElement Vdc(Simulation sim, SimVdc vdc, RequestContext rc)
    {
        var store = sim.Store;
        var href = rc.Href($"/api/vdc/{vdc.Id}");
        var (cpuUsed, memUsed, stoUsed) = Usage(store, vdc);
        var root = E("Vdc", Ns.RootDeclarations(),
            new XAttribute("status", 1), new XAttribute("name", vdc.Name), new XAttribute("id", vdc.Urn),
            new XAttribute("href", href), new XAttribute("type", MediaTypes.Vdc),
            Link("up", rc.Href($"/api/org/{vdc.OrgId}"), MediaTypes.Org, store.OrgName(vdc.OrgId)),
            Link("down", href + "/metadata", MediaTypes.Metadata));
        if (rc.ApiVersionNumber <= 33m)
            root.Add(Link("add", href + "/action/uploadVAppTemplate", MediaTypes.UploadVAppTemplateParams));
        root.Add(Link("add", href + "/media", MediaTypes.Media),
            Link("add", href + "/action/instantiateOvf", MediaTypes.InstantiateOvfParams),
            Link("add", href + "/action/instantiateVAppTemplate", MediaTypes.InstantiateVAppTemplateParams),
            Link("add", href + "/action/cloneVApp", MediaTypes.CloneVAppParams),
            Link("add", href + "/action/cloneVAppTemplate", MediaTypes.CloneVAppTemplateParams),
            Link("add", href + "/action/cloneMedia", MediaTypes.CloneMediaParams),
            Link("add", href + "/action/captureVApp", MediaTypes.CaptureVAppParams),
            Link("add", href + "/action/composeVApp", MediaTypes.ComposeVAppParams));
        if (rc.ApiVersionNumber >= 34m) root.Add(Link("add", href + "/action/moveVApp", MediaTypes.MoveVAppParams));
        root.Add(E("Description", vdc.Description),
            E("AllocationModel", vdc.AllocationModel.ToString()),
            E("StorageCapacity", E("Units", "MB"), E("Allocated", vdc.StorageLimitMB), E("Limit", vdc.StorageLimitMB), E("Used", stoUsed), E("Overhead", 0)),
            E("ComputeCapacity",
                E("Cpu", E("Units", "MHz"), E("Allocated", vdc.CpuAllocatedMhz), E("Limit", vdc.CpuLimitMhz), E("Reserved", 0), E("Used", cpuUsed), E("Overhead", 0)),
                E("Memory", E("Units", "MB"), E("Allocated", vdc.MemoryAllocatedMB), E("Limit", vdc.MemoryLimitMB), E("Reserved", 0), E("Used", memUsed), E("Overhead", 0))),
            E("ResourceEntities",
                store.VApps.Values.Where(a => a.VdcId == vdc.Id).OrderBy(a => a.Seq)
                    .Select(a => Ref("ResourceEntity", rc.Href(Ids.Path(EntityKind.VApp, a.Id)), a.Name, MediaTypes.VApp)),
                store.Templates.Values.Where(t => t.VdcId == vdc.Id).OrderBy(t => t.Seq)
                    .Select(t => Ref("ResourceEntity", rc.Href(Ids.Path(EntityKind.VAppTemplate, t.Id)), t.Name, MediaTypes.VAppTemplate))),
            E("AvailableNetworks", vdc.NetworkIds.Select(id => store.Networks[id])
                .Select(n => Ref("Network", rc.Href($"/api/network/{n.Id}"), n.Name, MediaTypes.Network))),
            E("Capabilities", E("SupportedHardwareVersions",
                HardwareVersions.Select(v => E("SupportedHardwareVersion", v)))),
            E("NicQuota", vdc.NicQuota), E("NetworkQuota", vdc.NetworkQuota),
            E("UsedNetworkCount", vdc.NetworkIds.Count),
            E("VmQuota", vdc.VmQuota), E("IsEnabled", XmlFormat.Bool(vdc.IsEnabled)),
            E("VdcStorageProfiles", vdc.StorageProfileIds.Select(id => store.StorageProfiles[id])
                .Select(p => Ref("VdcStorageProfile", rc.Href(Ids.Path(EntityKind.StorageProfile, p.Id)), p.Name, MediaTypes.StorageProfile))),
            E("VCpuInMhz2", vdc.VCpuSpeedMhz));
        sim.Transfers?.Decorate(root, vdc, rc);
        return root;
    }

    public static XElement Catalog(Simulation sim, SimCatalog cat, RequestContext rc)
    {
        var store = sim.Store;
        var href = rc.Href($"/api/catalog/{cat.Id}");
        var root = E("Catalog", Ns.RootDeclarations(),
            new XAttribute("name", cat.Name), new XAttribute("id", cat.Urn), new XAttribute("href", href), new XAttribute("type", MediaTypes.Catalog),
            Link("up", rc.Href($"/api/org/{cat.OrgId}"), MediaTypes.Org, store.OrgName(cat.OrgId)),
            Link("down", href + "/metadata", MediaTypes.Metadata),
            Link("add", href + "/catalogItems", MediaTypes.CatalogItem),
            Link("add", href + "/action/upload", MediaTypes.UploadVAppTemplateParams),
            Link("add", href + "/action/upload", MediaTypes.Media),
            Link("copy", href + "/action/copy", MediaTypes.Prefix + "copyOrMoveCatalogItemParams+xml"),
            Link("move", href + "/action/move", MediaTypes.Prefix + "copyOrMoveCatalogItemParams+xml"),
            Link("add", href + "/action/captureVApp", MediaTypes.CaptureVAppParams),
            E("Description", cat.Description));
        root.Add(TaskXml.TasksOf(sim, cat.Id, rc));
        root.Add(E("CatalogItems", cat.ItemIds.Where(store.CatalogItems.ContainsKey).Select(id => store.CatalogItems[id])
            .Select(i => Ref("CatalogItem", rc.Href($"/api/catalogItem/{i.Id}"), i.Name, MediaTypes.CatalogItem, i.Urn))));
        root.Add(E("IsPublished", XmlFormat.Bool(cat.IsPublished)), E("DateCreated", XmlFormat.Time(cat.CreatedUtc)), E("VersionNumber", 1));
        sim.Transfers?.Decorate(root, cat, rc);
        return root;
    }

    public static XElement CatalogItem(Simulation sim, SimCatalogItem item, RequestContext rc)
    {
        var href = rc.Href($"/api/catalogItem/{item.Id}");
        var tpl = sim.Store.Templates.TryGetValue(item.EntityId, out var t) ? t : null;
        return E("CatalogItem", Ns.RootDeclarations(),
            new XAttribute("name", item.Name), new XAttribute("id", item.Urn), new XAttribute("href", href), new XAttribute("type", MediaTypes.CatalogItem),
            Link("up", rc.Href($"/api/catalog/{item.CatalogId}"), MediaTypes.Catalog),
            Link("down", href + "/metadata", MediaTypes.Metadata),
            Link("edit", href, MediaTypes.CatalogItem),
            Link("remove", href),
            E("Description", item.Description),
            tpl is null ? null : Ref("Entity", rc.Href(Ids.Path(EntityKind.VAppTemplate, tpl.Id)), tpl.Name, MediaTypes.VAppTemplate),
            E("DateCreated", XmlFormat.Time(item.CreatedUtc)), E("VersionNumber", 1));
    }

    public static XElement VAppTemplate(Simulation sim, SimVAppTemplate tpl, RequestContext rc)
    {
        var store = sim.Store;
        var href = rc.Href(Ids.Path(EntityKind.VAppTemplate, tpl.Id));
        var root = E("VAppTemplate", Ns.RootDeclarations(),
            new XAttribute("goldMaster", "false"), new XAttribute("ovfDescriptorUploaded", XmlFormat.Bool(tpl.OvfDescriptorUploaded)),
            new XAttribute("status", (int)tpl.Status), new XAttribute("name", tpl.Name), new XAttribute("id", tpl.Urn),
            new XAttribute("href", href), new XAttribute("type", MediaTypes.VAppTemplate));
        if (tpl.CatalogItemId is { } ci) root.Add(Link("catalogItem", rc.Href($"/api/catalogItem/{ci}"), MediaTypes.CatalogItem));
        root.Add(Link("remove", href),
            Link("edit", href, MediaTypes.VAppTemplate),
            Link("up", rc.Href($"/api/vdc/{tpl.VdcId}"), MediaTypes.Vdc, store.Vdcs.TryGetValue(tpl.VdcId, out var tv) ? tv.Name : null),
            Link("down", href + "/owner", MediaTypes.Owner),
            Link("down", href + "/metadata", MediaTypes.Metadata),
            Link("ovf", href + "/ovf", "text/xml"),
            E("Description", tpl.Description));
        root.Add(TaskXml.TasksOf(sim, tpl.Id, rc));
        if (tpl.Files.Count > 0)
            root.Add(E("Files", tpl.Files.Select(f => E("File",
                new XAttribute("size", f.Size), new XAttribute("bytesTransferred", f.BytesTransferred),
                f.Checksum is null ? null : new XAttribute("checksum", f.Checksum),
                new XAttribute("name", f.Name),
                f.UploadPath is null ? null : Link("upload:default", rc.Href(f.UploadPath))))));
        var owner = store.Users.TryGetValue(tpl.OwnerUserId, out var u) ? u : null;
        root.Add(E("Owner", new XAttribute("type", MediaTypes.Owner),
            Ref("User", rc.Href(Ids.Path(EntityKind.User, tpl.OwnerUserId)), owner?.Name ?? "system", MediaTypes.User)));
        root.Add(E("Children", store.VmsOf(tpl).Select(vm => VAppXml.Vm(sim, vm, null, rc, asRoot: false))));
        root.Add(E("LeaseSettingsSection",
            new XAttribute("href", href + "/leaseSettingsSection/"),
            new XAttribute("type", MediaTypes.Prefix + "leaseSettingsSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "Lease settings section"),
            E("StorageLeaseInSeconds", 0)));
        root.Add(E("CustomizationSection",
            new XAttribute("goldMaster", "false"),
            new XAttribute("href", href + "/customizationSection/"),
            new XAttribute("type", MediaTypes.Prefix + "customizationSection+xml"),
            new XAttribute(Ns.Ovf + "required", "false"),
            new XElement(Ns.Ovf + "Info", "VApp template customization section"),
            E("CustomizeOnInstantiate", "true")));
        root.Add(E("DateCreated", XmlFormat.Time(tpl.CreatedUtc)));
        sim.Transfers?.Decorate(root, tpl, rc);
        return root;
    }

    public static XElement StorageProfile(Simulation sim, SimStorageProfile p, RequestContext rc)
    {
        var store = sim.Store;
        var used = store.Vms.Values.Where(v => !v.InTemplate).SelectMany(v => v.Disks).Where(d => d.StorageProfileId == p.Id).Sum(d => d.SizeMB);
        return E("VdcStorageProfile", Ns.RootDeclarations(),
            new XAttribute("name", p.Name), new XAttribute("id", p.Urn), new XAttribute("href", rc.Href(Ids.Path(EntityKind.StorageProfile, p.Id))),
            new XAttribute("type", MediaTypes.StorageProfile),
            Link("up", rc.Href($"/api/vdc/{p.VdcId}"), MediaTypes.Vdc, store.Vdcs.TryGetValue(p.VdcId, out var v) ? v.Name : null),
            E("Enabled", "true"), E("Units", "MB"), E("Limit", p.LimitMB), E("Default", XmlFormat.Bool(p.IsDefault)),
            E("StorageUsedMB", used));
    }

    public static XElement Network(Simulation sim, SimNetwork n, RequestContext rc) =>
        E("OrgVdcNetwork", Ns.RootDeclarations(),
            new XAttribute("name", n.Name), new XAttribute("id", n.Urn), new XAttribute("href", rc.Href($"/api/network/{n.Id}")),
            new XAttribute("type", MediaTypes.OrgVdcNetwork),
            Link("up", rc.Href($"/api/org/{n.OrgId}"), MediaTypes.Org, sim.Store.OrgName(n.OrgId)),
            E("Description"),
            E("Configuration",
                E("IpScopes", E("IpScope",
                    E("IsInherited", "false"), E("Gateway", n.Gateway), E("Netmask", n.Netmask), E("Dns1", n.Dns1), E("IsEnabled", "true"),
                    E("IpRanges", E("IpRange", E("StartAddress", n.IpRangeStart), E("EndAddress", n.IpRangeEnd))))),
                E("FenceMode", n.FenceMode)),
            E("IsShared", "false"));

    public static XElement Entity(string urn, string href, string mediaType, RequestContext rc) =>
        E("Entity", Ns.RootDeclarations(), new XAttribute("id", urn), new XAttribute("href", rc.Href("/api/entity/" + urn)),
            new XAttribute("type", MediaTypes.Entity), Link("alternate", href, mediaType));
}
