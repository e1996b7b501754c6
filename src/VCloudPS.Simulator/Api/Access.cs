using VCloudPS.Simulator.Auth;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// Entity lookup with tenant isolation (call inside the lock). Missing and foreign entities both answer 403
/// ACCESS_TO_RESOURCE_IS_FORBIDDEN (vCD's "not found"); malformed ids answer 400.
/// </summary>
public static class Access
{
    public static bool CanSee(SimSession s, Guid orgId) => s.IsProvider || s.OrgId == orgId;

    /// <summary>False without a session (e.g. a /transfer request that carries no valid token).</summary>
    public static bool CanSee(RequestContext rc, Guid orgId) => rc.Session is { } s && CanSee(s, orgId);

    /// <summary>A bare uuid, or one after <paramref name="prefix"/> ("vapp-"); anything else is a malformed id (400).</summary>
    public static Guid ParseId(string text, string prefix = "")
    {
        if (prefix.Length > 0)
        {
            if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) throw ApiException.MalformedId();
            text = text[prefix.Length..];
        }
        return Guid.TryParseExact(text, "D", out var id) ? id : throw ApiException.MalformedId();
    }

    public static SimOrg Org(Simulation sim, RequestContext rc, string id)
    {
        var g = ParseId(id);
        if (sim.Store.Orgs.TryGetValue(g, out var o) && CanSee(rc.Session!, o.Id)) return o;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.org", g);
    }

    public static SimVdc Vdc(Simulation sim, RequestContext rc, string id)
    {
        var g = ParseId(id);
        if (sim.Store.Vdcs.TryGetValue(g, out var v) && CanSee(rc.Session!, v.OrgId)) return v;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.vdc", g);
    }

    public static SimCatalog Catalog(Simulation sim, RequestContext rc, string id)
    {
        var g = ParseId(id);
        if (sim.Store.Catalogs.TryGetValue(g, out var c) && CanSee(rc.Session!, c.OrgId)) return c;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.catalog", g);
    }

    public static SimCatalogItem CatalogItem(Simulation sim, RequestContext rc, string id)
    {
        var g = ParseId(id);
        if (sim.Store.CatalogItems.TryGetValue(g, out var i) && sim.Store.Catalogs.TryGetValue(i.CatalogId, out var c) && CanSee(rc.Session!, c.OrgId)) return i;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.catalogitem", g);
    }

    public static SimVApp VApp(Simulation sim, RequestContext rc, Guid g)
    {
        if (sim.Store.VApps.TryGetValue(g, out var a) && CanSee(rc.Session!, a.OrgId)) return a;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.vapp", g);
    }

    public static (SimVm Vm, SimVApp VApp) Vm(Simulation sim, RequestContext rc, Guid g)
    {
        if (sim.Store.Vms.TryGetValue(g, out var vm) && !vm.InTemplate && sim.Store.VApps.TryGetValue(vm.VAppId, out var a) && CanSee(rc.Session!, a.OrgId))
            return (vm, a);
        throw ApiException.NoEntity("com.vmware.vcloud.entity.vm", g);
    }

    public static SimVAppTemplate Template(Simulation sim, RequestContext rc, Guid g)
    {
        if (sim.Store.Templates.TryGetValue(g, out var t) && CanSee(rc.Session!, t.OrgId)) return t;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.vapptemplate", g);
    }

    public static SimTask Task(Simulation sim, RequestContext rc, string id)
    {
        var g = ParseId(id);
        if (sim.Store.Tasks.TryGetValue(g, out var t) && (t.Org.IsNone || CanSee(rc.Session!, t.Org.Id)) && t.ExpiryUtc > sim.Clock.UtcNow) return t;
        throw ApiException.NoEntity("com.vmware.vcloud.entity.task", g);
    }

    /// <summary>Parses "vapp-&lt;uuid&gt;" or "vm-&lt;uuid&gt;" (the /api/vApp/{ref} segment).</summary>
    public static (bool IsVm, Guid Id) VAppRef(string segment)
    {
        if (segment.StartsWith("vapp-", StringComparison.OrdinalIgnoreCase)) return (false, ParseId(segment[5..]));
        if (segment.StartsWith("vm-", StringComparison.OrdinalIgnoreCase)) return (true, ParseId(segment[3..]));
        throw ApiException.MalformedId();
    }

    public static void RequireMutate(RequestContext rc, string right = "vApp: Power Operations")
    {
        if (!Roles.CanMutate(rc.Session!.Role)) throw ApiException.NotAllowed(right);
    }

    public static void RequireCreateDelete(RequestContext rc, string right = "vApp: Delete")
    {
        if (!Roles.CanCreateDelete(rc.Session!.Role)) throw ApiException.NotAllowed(right);
    }
}
