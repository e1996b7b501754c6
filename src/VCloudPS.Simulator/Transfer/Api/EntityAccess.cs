using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Transfer.Api;

/// <summary>
/// Entity lookups with vCD's access rules (call inside the store lock): missing and foreign entities both answer 403
/// ACCESS_TO_RESOURCE_IS_FORBIDDEN; a malformed id answers 400.
/// </summary>
internal static class EntityAccess
{
    public static Guid ParseId(string text, string prefix = "")
    {
        if (prefix.Length > 0 && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[prefix.Length..];
        }
        return Guid.TryParseExact(text, "D", out var id) ? id : throw ApiException.MalformedId();
    }

    public static SimVApp VApp(SimStore store, RequestContext rc, string idText)
    {
        var id = ParseId(idText, "vapp-");
        return store.VApps.TryGetValue(id, out var vapp) && Visible(rc, vapp.OrgId) ? vapp : throw ApiException.NoEntity(Ids.EntityTypeName(EntityKind.VApp), id);
    }

    public static SimVAppTemplate Template(SimStore store, RequestContext rc, string idText)
    {
        var id = ParseId(idText, "vappTemplate-");
        return store.Templates.TryGetValue(id, out var t) && Visible(rc, t.OrgId) ? t : throw ApiException.NoEntity(Ids.EntityTypeName(EntityKind.VAppTemplate), id);
    }

    public static SimVdc Vdc(SimStore store, RequestContext rc, string idText)
    {
        var id = ParseId(idText);
        return store.Vdcs.TryGetValue(id, out var vdc) && Visible(rc, vdc.OrgId) ? vdc : throw ApiException.NoEntity(Ids.EntityTypeName(EntityKind.Vdc), id);
    }

    public static SimCatalog Catalog(SimStore store, RequestContext rc, string idText)
    {
        var id = ParseId(idText);
        return store.Catalogs.TryGetValue(id, out var c) && Visible(rc, c.OrgId) ? c : throw ApiException.NoEntity(Ids.EntityTypeName(EntityKind.Catalog), id);
    }

    /// <summary>Creating, deleting, exporting: vApp Author and above.</summary>
    public static void RequireAuthor(RequestContext rc, string operation)
    {
        if (rc.Session is null)
        {
            throw ApiException.Unauthorized();
        }
        if (!Roles.CanCreateDelete(rc.Session.Role))
        {
            throw ApiException.NotAllowed(operation);
        }
    }

    public static bool Visible(RequestContext rc, Guid orgId)
        => rc.Session is { } s && (s.IsProvider || s.OrgId == orgId);
}
