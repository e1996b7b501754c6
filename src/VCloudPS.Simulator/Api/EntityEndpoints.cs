using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>GET of OrgList, Org, Vdc, Catalog, CatalogItem, VAppTemplate, VApp, Vm, their sections, and /api/entity.</summary>
public static class EntityEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/api/org/", (HttpContext ctx) => OrgList(sim, ctx));
        app.MapGet("/api/org/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return Responses.Ok(OrgXml.Org(sim, Access.Org(sim, rc, id), rc), MediaTypes.Org);
        });
        app.MapGet("/api/vdc/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return Responses.Ok(OrgXml.Vdc(sim, Access.Vdc(sim, rc, id), rc), MediaTypes.Vdc);
        });
        app.MapGet("/api/catalog/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return Responses.Ok(OrgXml.Catalog(sim, Access.Catalog(sim, rc, id), rc), MediaTypes.Catalog);
        });
        app.MapGet("/api/catalogItem/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return Responses.Ok(OrgXml.CatalogItem(sim, Access.CatalogItem(sim, rc, id), rc), MediaTypes.CatalogItem);
        });
        app.MapGet("/api/vAppTemplate/{reference}", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync)
            {
                if (reference.StartsWith("vm-", StringComparison.OrdinalIgnoreCase))
                {
                    var g = Access.ParseId(reference[3..]);
                    if (sim.Store.Vms.TryGetValue(g, out var vm) && vm.InTemplate && sim.Store.Templates.TryGetValue(vm.VAppId, out var t) && Access.CanSee(rc.Session!, t.OrgId))
                        return Responses.Ok(VAppXml.Vm(sim, vm, null, rc), MediaTypes.Vm);
                    throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", g);
                }
                var tpl = Access.Template(sim, rc, Access.ParseId(reference, "vappTemplate-"));
                return Responses.Ok(OrgXml.VAppTemplate(sim, tpl, rc), MediaTypes.VAppTemplate);
            }
        });
        app.MapGet("/api/vApp/{reference}", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            var (isVm, id) = Access.VAppRef(reference);
            lock (sim.Store.Sync)
            {
                if (isVm)
                {
                    var (vm, vapp) = Access.Vm(sim, rc, id);
                    return Responses.Ok(VAppXml.Vm(sim, vm, vapp, rc), MediaTypes.Vm);
                }
                return Responses.Ok(VAppXml.VApp(sim, Access.VApp(sim, rc, id), rc), MediaTypes.VApp);
            }
        });
        app.MapGet("/api/vApp/{reference}/owner", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            var (_, id) = Access.VAppRef(reference);
            lock (sim.Store.Sync)
            {
                var vapp = Access.VApp(sim, rc, id);
                var owner = sim.Store.Users.TryGetValue(vapp.OwnerUserId, out var u) ? u.Name : "system";
                var root = new XElement(Ns.V + "Owner", Ns.RootDeclarations(), new XAttribute("href", rc.Href(Ids.Path(EntityKind.VApp, id) + "/owner")),
                    new XAttribute("type", MediaTypes.Owner),
                    Links.Link("up", rc.Href(Ids.Path(EntityKind.VApp, id)), MediaTypes.VApp),
                    Links.Ref("User", rc.Href(Ids.Path(EntityKind.User, vapp.OwnerUserId)), owner, MediaTypes.User));
                return Responses.Ok(root, MediaTypes.Owner);
            }
        });
        app.MapGet("/api/vApp/{reference}/virtualHardwareSection/cpu", (HttpContext ctx, string reference) =>
            HardwareItem(sim, ctx, reference, cpu: true));
        app.MapGet("/api/vApp/{reference}/virtualHardwareSection/memory", (HttpContext ctx, string reference) =>
            HardwareItem(sim, ctx, reference, cpu: false));
        app.MapGet("/api/vApp/{reference}/virtualHardwareSection/disks", (HttpContext ctx, string reference) =>
        {
            var rc = ctx.Sim();
            var (isVm, id) = Access.VAppRef(reference);
            if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
            lock (sim.Store.Sync)
            {
                var (vm, _) = Access.Vm(sim, rc, id);
                return Responses.Ok(VAppXml.DisksList(sim.Store, vm, rc), MediaTypes.RasdItemsList);
            }
        });
        app.MapGet("/api/vApp/{reference}/networkConnectionSection/", (HttpContext ctx, string reference) => NetworkConnections(sim, ctx, reference));

        app.MapGet("/api/vdcStorageProfile/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            var g = Access.ParseId(id);
            lock (sim.Store.Sync)
            {
                if (sim.Store.StorageProfiles.TryGetValue(g, out var p) && sim.Store.Vdcs.TryGetValue(p.VdcId, out var v) && Access.CanSee(rc.Session!, v.OrgId))
                    return Responses.Ok(OrgXml.StorageProfile(sim, p, rc), MediaTypes.StorageProfile);
                throw ApiException.NoEntity("com.vmware.vcloud.entity.vdcstorageprofile", g);
            }
        });
        app.MapGet("/api/network/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            var g = Access.ParseId(id);
            lock (sim.Store.Sync)
            {
                if (sim.Store.Networks.TryGetValue(g, out var n) && Access.CanSee(rc.Session!, n.OrgId))
                    return Responses.Ok(OrgXml.Network(sim, n, rc), MediaTypes.OrgVdcNetwork);
                throw ApiException.NoEntity("com.vmware.vcloud.entity.network", g);
            }
        });
        app.MapGet("/api/admin", (HttpContext ctx) => AdminRoot(sim, ctx));
        app.MapGet("/api/entity/{urn}", (HttpContext ctx, string urn) =>
        {
            var rc = ctx.Sim();
            if (!Ids.TryParseUrn(urn, out var type, out var id)) throw ApiException.MalformedId();
            lock (sim.Store.Sync)
            {
                (string Href, string Media) Resolve() => type.ToLowerInvariant() switch
                {
                    "org" => (rc.Href(Ids.Path(EntityKind.Org, Access.Org(sim, rc, id.ToString()).Id)), MediaTypes.Org),
                    "vdc" => (rc.Href(Ids.Path(EntityKind.Vdc, Access.Vdc(sim, rc, id.ToString()).Id)), MediaTypes.Vdc),
                    "vapp" => (rc.Href(Ids.Path(EntityKind.VApp, Access.VApp(sim, rc, id).Id)), MediaTypes.VApp),
                    "vm" => (rc.Href(Ids.Path(EntityKind.Vm, Access.Vm(sim, rc, id).Vm.Id)), MediaTypes.Vm),
                    "vapptemplate" => (rc.Href(Ids.Path(EntityKind.VAppTemplate, Access.Template(sim, rc, id).Id)), MediaTypes.VAppTemplate),
                    "catalog" => (rc.Href(Ids.Path(EntityKind.Catalog, Access.Catalog(sim, rc, id.ToString()).Id)), MediaTypes.Catalog),
                    "catalogitem" => (rc.Href(Ids.Path(EntityKind.CatalogItem, Access.CatalogItem(sim, rc, id.ToString()).Id)), MediaTypes.CatalogItem),
                    "task" => (rc.Href(Ids.Path(EntityKind.Task, Access.Task(sim, rc, id.ToString()).Id)), MediaTypes.Task),
                    _ => throw ApiException.NoEntity("com.vmware.vcloud.entity." + type.ToLowerInvariant(), id),
                };
                var (href, media) = Resolve();
                return Responses.Ok(OrgXml.Entity(urn, href, media, rc), MediaTypes.Entity);
            }
        });
    }

    /// <summary>GET /api/admin (system administrators): the VCloud root whose Description carries the product version.</summary>
    private static IResult AdminRoot(Simulation sim, HttpContext ctx)
    {
        var rc = ctx.Sim();
        if (!rc.Session!.IsProvider) throw ApiException.NotAllowed("General: Administrator View");
        lock (sim.Store.Sync)
        {
            var root = new XElement(Ns.V + "VCloud", Ns.RootDeclarations(), new XAttribute("name", "vCloud"),
                new XAttribute("href", rc.Href("/api/admin/")), new XAttribute("type", "application/vnd.vmware.admin.vcloud+xml"),
                Links.Link("down", rc.Href("/api/query"), MediaTypes.QueryList),
                new XElement(Ns.V + "Description", "10.5.1.22806523 Thu Nov 12 2026 10:30:00 UTC (VCloudPS simulator)"),
                new XElement(Ns.V + "OrganizationReferences",
                    sim.Store.Orgs.Values.OrderBy(o => o.Seq).Select(o => Links.Ref("OrganizationReference", rc.Href($"/api/admin/org/{o.Id}"), o.Name, "application/vnd.vmware.admin.organization+xml"))));
            return Responses.Ok(root, "application/vnd.vmware.admin.vcloud+xml");
        }
    }

    private static IResult OrgList(Simulation sim, HttpContext ctx)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var orgs = sim.Store.Orgs.Values.Where(o => Access.CanSee(rc.Session!, o.Id)).OrderBy(o => o.Seq);
            return Responses.Ok(OrgXml.OrgList(orgs, rc), MediaTypes.OrgList);
        }
    }

    private static IResult HardwareItem(Simulation sim, HttpContext ctx, string reference, bool cpu)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
        lock (sim.Store.Sync)
        {
            var (vm, _) = Access.Vm(sim, rc, id);
            var href = rc.Href(Ids.Path(EntityKind.Vm, vm.Id));
            return Responses.Ok(cpu ? VAppXml.CpuItem(vm, href, asRoot: true) : VAppXml.MemoryItem(vm, href, asRoot: true), MediaTypes.RasdItem);
        }
    }

    private static IResult NetworkConnections(Simulation sim, HttpContext ctx, string reference)
    {
        var rc = ctx.Sim();
        var (isVm, id) = Access.VAppRef(reference);
        if (!isVm) throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", id);
        lock (sim.Store.Sync)
        {
            var (vm, _) = Access.Vm(sim, rc, id);
            return Responses.Ok(VAppXml.NetworkConnectionSection(vm, rc.Href(Ids.Path(EntityKind.Vm, vm.Id)), asRoot: true),
                MediaTypes.Prefix + "networkConnectionSection+xml");
        }
    }
}
