using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Auth;

public sealed class SimSession
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required Guid UserId { get; init; }
    public required Guid OrgId { get; init; }
    public required string UserName { get; init; }
    public required string OrgName { get; init; }
    public required string Role { get; init; }
    public required bool IsProvider { get; init; }
    /// <summary>Opened by exchanging an API token: cannot manage tokens or users (vcd-api.md §1.6).</summary>
    public bool ViaApiToken { get; init; }
    /// <summary>32 hex chars, sent back as x-vcloud-authorization.</summary>
    public required string LegacyToken { get; init; }
    /// <summary>JWT-looking bearer token (X-VMWARE-VCLOUD-ACCESS-TOKEN / Authorization: Bearer).</summary>
    public required string AccessToken { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime LastActivityUtc { get; set; }
    public bool Ended { get; set; }

    public Actor Actor => new(new EntityRef(EntityKind.User, UserId, UserName), new EntityRef(EntityKind.Org, OrgId, OrgName));
}
