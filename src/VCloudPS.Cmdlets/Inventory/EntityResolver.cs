using System.Collections.Generic;
using System.Linq;
using System.Threading;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>Turns name-only stubs (from -VApp 'shop' / -Vdc 'vdc1') into real objects on a connection.</summary>
internal static class EntityResolver
{
    public static IReadOnlyList<VApp> VApps(VCloudConnection c, VApp input, bool requireUnique, CancellationToken ct)
    {
        ForeignObjects.Refuse(input);
        if (!string.IsNullOrEmpty(input.Href)) return new[] { input };
        var filter = QueryFilter.Eq("name", input.Name, c.ApiVersion);
        var hits = c.QueryRecords(InventoryClient.VAppQueryType(c), filter, ct).Select(r => EntityMapper.ToVAppFromRecord(r, c)).ToList();
        if (hits.Count == 0)
            throw new VCloudException(VCloudErrorKind.NotFound, "VAppNotFound", $"vApp '{input.Name}' does not exist on {c.Server.Authority} or you have no access to it.");
        if (requireUnique && hits.Count > 1)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "VAppNameAmbiguous",
                $"{hits.Count} vApps are named '{input.Name}' (in VDCs {string.Join(", ", hits.Select(h => h.VdcName).Distinct())}); pass the object from Get-VApp -Vdc ... instead.");
        return hits;
    }

    public static IReadOnlyList<Vdc> Vdcs(VCloudConnection c, Vdc input, CancellationToken ct)
    {
        ForeignObjects.Refuse(input);
        if (!string.IsNullOrEmpty(input.Href)) return new[] { input };
        var hits = InventoryClient.GetVdcs(c, input.Name, ct).ToList();
        if (hits.Count == 0)
            throw new VCloudException(VCloudErrorKind.NotFound, "VdcNotFound", $"VDC '{input.Name}' does not exist on {c.Server.Authority} or you have no access to it.");
        return hits;
    }

    /// <summary>The one VDC a name stands for; several VDCs of that name is an error asking for the object.</summary>
    public static Vdc SingleVdc(VCloudConnection c, Vdc input, CancellationToken ct)
    {
        var hits = Vdcs(c, input, ct);
        if (hits.Count > 1)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "VdcNameAmbiguous", $"{hits.Count} VDCs are named '{input.Name}'; pass the object from Get-VCloudVdc instead.");
        return hits[0];
    }

    /// <summary>The one catalog a name stands for (exact name), or the object itself when it already has an href.</summary>
    public static Catalog SingleCatalog(VCloudConnection c, Catalog input, CancellationToken ct)
    {
        ForeignObjects.Refuse(input);
        if (!string.IsNullOrEmpty(input.Href)) return input;
        var hits = InventoryClient.GetCatalogs(c, input.Name, ct).Where(x => x.Name == input.Name).ToList();
        if (hits.Count == 0)
            throw new VCloudException(VCloudErrorKind.NotFound, "CatalogNotFound", $"Catalog '{input.Name}' does not exist on {c.Server.Authority} or you have no access to it.");
        if (hits.Count > 1)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "CatalogNameAmbiguous", $"{hits.Count} catalogs are named '{input.Name}'; pass the object from Get-VCloudCatalog.");
        return hits[0];
    }
}
