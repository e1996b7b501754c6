namespace VCloudPS.Simulator.Store;

/// <summary>URNs and href paths of entities (vcd-api.md §2.2).</summary>
public static class Ids
{
    public static string UrnType(EntityKind kind) => kind switch
    {
        EntityKind.Org => "org",
        EntityKind.User => "user",
        EntityKind.Vdc => "vdc",
        EntityKind.VApp => "vapp",
        EntityKind.Vm => "vm",
        EntityKind.VAppTemplate => "vapptemplate",
        EntityKind.Catalog => "catalog",
        EntityKind.CatalogItem => "catalogitem",
        EntityKind.Task => "task",
        EntityKind.Network => "network",
        EntityKind.StorageProfile => "vdcstorageProfile",
        EntityKind.Media => "media",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The "com.vmware.vcloud.entity.&lt;type&gt;" name used in error messages.</summary>
    public static string EntityTypeName(EntityKind kind) => "com.vmware.vcloud.entity." + UrnType(kind).ToLowerInvariant();

    public static string Urn(EntityKind kind, Guid id) => $"urn:vcloud:{UrnType(kind)}:{id}";

    public static string Path(EntityKind kind, Guid id, bool vmInTemplate = false) => kind switch
    {
        EntityKind.Org => $"/api/org/{id}",
        EntityKind.User => $"/api/admin/user/{id}",
        EntityKind.Vdc => $"/api/vdc/{id}",
        EntityKind.VApp => $"/api/vApp/vapp-{id}",
        EntityKind.Vm => vmInTemplate ? $"/api/vAppTemplate/vm-{id}" : $"/api/vApp/vm-{id}",
        EntityKind.VAppTemplate => $"/api/vAppTemplate/vappTemplate-{id}",
        EntityKind.Catalog => $"/api/catalog/{id}",
        EntityKind.CatalogItem => $"/api/catalogItem/{id}",
        EntityKind.Task => $"/api/task/{id}",
        EntityKind.Network => $"/api/network/{id}",
        EntityKind.StorageProfile => $"/api/vdcStorageProfile/{id}",
        EntityKind.Media => $"/api/media/{id}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses "urn:vcloud:&lt;type&gt;:&lt;uuid&gt;".</summary>
    public static bool TryParseUrn(string urn, out string type, out Guid id)
    {
        type = ""; id = Guid.Empty;
        var parts = urn.Split(':');
        if (parts.Length != 4 || parts[0] != "urn" || parts[1] != "vcloud") return false;
        type = parts[2];
        return Guid.TryParseExact(parts[3], "D", out id);
    }

    /// <summary>Accepts an href, a urn or a bare uuid and returns the uuid (the last uuid in the string).</summary>
    public static bool TryExtractGuid(string? value, out Guid id)
    {
        id = Guid.Empty;
        if (string.IsNullOrEmpty(value) || value.Length < 36) return false;
        return Guid.TryParseExact(value.AsSpan(value.Length - 36), "D", out id);
    }
}
