using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Model;

namespace VCloudPS.Core.Api;

/// <summary>What Get-VApp asks for; every part optional.</summary>
public sealed class VAppQuery
{
    /// <summary>Server-side name filter; '*' is the wildcard (case-insensitive then), otherwise an exact match.</summary>
    public string? Name { get; set; }

    /// <summary>One status name (POWERED_ON, ...), filtered on the server.</summary>
    public string? Status { get; set; }
    public string? VdcHref { get; set; }

    /// <summary>Provider sessions only: restrict to one organization.</summary>
    public string? OrgHref { get; set; }
    public int PageSize { get; set; } = VCloudConnection.MaxPageSize;
}

/// <summary>Read-only inventory: orgs, VDCs, catalogs, vApps and their VMs.</summary>
public static class InventoryClient
{
    /// <summary>Organizations visible to the session (a tenant sees its own).</summary>
    public static async Task<IReadOnlyList<Org>> GetOrgsAsync(VCloudConnection c, CancellationToken ct)
    {
        var list = await c.GetXmlAsync("/api/org/", ct).ConfigureAwait(false);
        var result = new List<Org>();
        foreach (var reference in list.Elements(VcdXml.Vcloud + "Org"))
        {
            string? href = reference.Attr("href");
            if (href == null) continue;
            try
            {
                result.Add(EntityMapper.ToOrg(await c.GetXmlAsync(href, ct).ConfigureAwait(false), c));
            }
            catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound)
            {
                result.Add(EntityMapper.ToOrg(reference, c)); // listed but not readable: keep what the list says
            }
        }
        return result;
    }

    public static IEnumerable<Vdc> GetVdcs(VCloudConnection c, string? nameFilter, CancellationToken ct)
    {
        string? filter = string.IsNullOrEmpty(nameFilter) ? null : QueryFilter.Eq("name", nameFilter!, c.ApiVersion);
        return c.QueryRecords("orgVdc", filter, ct, sortAsc: "name").Select(r => EntityMapper.ToVdc(r, c));
    }

    public static async Task<Vdc> GetVdcAsync(VCloudConnection c, string href, CancellationToken ct) =>
        EntityMapper.ToVdc(await c.GetXmlAsync(href, ct).ConfigureAwait(false), c);

    public static IEnumerable<Catalog> GetCatalogs(VCloudConnection c, string? nameFilter, CancellationToken ct)
    {
        string? filter = string.IsNullOrEmpty(nameFilter) ? null : QueryFilter.Eq("name", nameFilter!, c.ApiVersion);
        return c.QueryRecords("catalog", filter, ct, sortAsc: "name").Select(r => EntityMapper.ToCatalog(r, c));
    }

    /// <summary>The query type that lists vApps for this session: adminVApp for providers (all orgs), else vApp.</summary>
    public static string VAppQueryType(VCloudConnection c) => c.IsProvider ? "adminVApp" : "vApp";

    public static string? BuildVAppFilter(VCloudConnection c, VAppQuery q)
    {
        return QueryFilter.And(
            string.IsNullOrEmpty(q.Name) ? null : QueryFilter.Eq("name", q.Name!, c.ApiVersion),
            string.IsNullOrEmpty(q.Status) ? null : QueryFilter.Eq("status", q.Status!, c.ApiVersion),
            string.IsNullOrEmpty(q.VdcHref) ? null : QueryFilter.Eq("vdc", q.VdcHref!, c.ApiVersion),
            string.IsNullOrEmpty(q.OrgHref) || !c.IsProvider ? null : QueryFilter.Eq("org", q.OrgHref!, c.ApiVersion));
    }

    /// <summary>vApps page by page: the next page is fetched and mapped while the caller writes the current one
    /// (one page ahead at most, see <see cref="PagePrefetch"/>).</summary>
    public static IEnumerable<VAppPage> GetVAppPages(VCloudConnection c, VAppQuery q, CancellationToken ct)
        => PagePrefetch.OneAhead(MapVAppPages(c, q, ct), ct);

    private static IEnumerable<VAppPage> MapVAppPages(VCloudConnection c, VAppQuery q, CancellationToken ct)
    {
        foreach (var page in c.QueryPages(VAppQueryType(c), BuildVAppFilter(c, q), ct, sortAsc: "name", pageSize: q.PageSize))
        {
            var vapps = page.Records.Select(r => EntityMapper.ToVAppFromRecord(r, c)).ToList();
            // Admin records name their org only by href: fill the names from the (cached) org list.
            foreach (var v in vapps)
                if (v.OrgName == null && v.RawPayload?.Attr("org") is string orgHref)
                    v.OrgName = OrgNameAsync(c, orgHref, ct).ConfigureAwait(false).GetAwaiter().GetResult();
            yield return new VAppPage(page, vapps);
        }
    }

    /// <summary>Org name for an org href, from one cached GET of the org list per connection.</summary>
    public static async Task<string?> OrgNameAsync(VCloudConnection c, string orgHref, CancellationToken ct)
    {
        string key = orgHref.TrimEnd('/');
        string id = key.Split('/').Last();
        if (c.OrgNames.TryGetValue(id, out var name)) return name;
        if (!c.OrgNames.ContainsKey("")) // load once; the "" key marks that it was done
        {
            try
            {
                var list = await c.GetXmlAsync("/api/org/", ct).ConfigureAwait(false);
                foreach (var o in list.Elements(VcdXml.Vcloud + "Org"))
                    if (o.Attr("href") is string h && o.Attr("name") is string n) c.OrgNames[h.TrimEnd('/').Split('/').Last()] = n;
            }
            catch (VCloudException) { /* names stay empty rather than failing a listing */ }
            c.OrgNames[""] = "";
        }
        return c.OrgNames.TryGetValue(id, out name) ? name : null;
    }

    public static async Task<VApp> GetVAppAsync(VCloudConnection c, string href, CancellationToken ct)
    {
        var vapp = EntityMapper.ToVApp(await c.GetXmlAsync(href, ct).ConfigureAwait(false), c);
        if (vapp.VdcName == null && vapp.VdcHref != null) vapp.VdcName = await VdcNameAsync(c, vapp.VdcHref, ct).ConfigureAwait(false);
        return vapp;
    }

    /// <summary>The VMs of a vApp with full hardware detail (one GET of the vApp entity).</summary>
    public static async Task<IReadOnlyList<Vm>> GetVmsAsync(VCloudConnection c, string vappHref, CancellationToken ct)
    {
        var vapp = await c.GetXmlAsync(vappHref, ct).ConfigureAwait(false);
        var vms = EntityMapper.VmsOf(vapp, c).ToList();
        string? vdcHref = vapp.FindLink("up", "application/vnd.vmware.vcloud.vdc+xml")?.Attr("href");
        if (vdcHref != null && vms.Any(v => v.VdcName == null))
        {
            string? name = await VdcNameAsync(c, vdcHref, ct).ConfigureAwait(false);
            foreach (var vm in vms) vm.VdcName ??= name;
        }
        foreach (var disk in vms.SelectMany(v => v.Disks).Where(d => d.StorageProfile == null && d.StorageProfileHref != null))
            disk.StorageProfile = await EntityNameAsync(c, disk.StorageProfileHref!, ct).ConfigureAwait(false);
        return vms;
    }

    /// <summary>
    /// Entity links to a VDC carry no name (vCD omits it), so names are looked up once per connection and cached.
    /// </summary>
    public static async Task<string?> VdcNameAsync(VCloudConnection c, string vdcHref, CancellationToken ct)
    {
        if (c.VdcNames.TryGetValue(vdcHref, out var name)) return name;
        try
        {
            name = (await c.GetXmlAsync(vdcHref, ct).ConfigureAwait(false)).Attr("name");
        }
        catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound)
        {
            name = null;
        }
        if (name != null) c.VdcNames[vdcHref] = name;
        return name;
    }

    /// <summary>The name of the entity at an href (e.g. a storage policy), cached per connection; null when it is gone.</summary>
    public static async Task<string?> EntityNameAsync(VCloudConnection c, string href, CancellationToken ct)
    {
        if (c.NamesByHref.TryGetValue(href, out var name)) return name;
        try
        {
            name = (await c.GetXmlAsync(href, ct).ConfigureAwait(false)).Attr("name");
        }
        catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound || ex.Kind == VCloudErrorKind.PermissionDenied)
        {
            name = null;
        }
        if (name != null) c.NamesByHref[href] = name;
        return name;
    }

    /// <summary>Href of the org with this name (case-insensitive), or null.</summary>
    public static async Task<string?> FindOrgHrefAsync(VCloudConnection c, string name, CancellationToken ct)
    {
        var list = await c.GetXmlAsync("/api/org/", ct).ConfigureAwait(false);
        return list.Elements(VcdXml.Vcloud + "Org").FirstOrDefault(o => string.Equals(o.Attr("name"), name, StringComparison.OrdinalIgnoreCase))?.Attr("href");
    }
}

public sealed class VAppPage
{
    public VAppPage(QueryPage page, IReadOnlyList<VApp> vapps)
    {
        Page = page;
        VApps = vapps;
    }

    public QueryPage Page { get; }
    public IReadOnlyList<VApp> VApps { get; }
}
