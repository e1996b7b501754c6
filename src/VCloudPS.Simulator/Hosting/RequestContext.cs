using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Auth;
using VCloudPS.Simulator.History;

namespace VCloudPS.Simulator.Hosting;

/// <summary>Per-request facts set by the middleware: request id, base URL, negotiated version, session.</summary>
public sealed class RequestContext
{
    private const string Key = "vcloudps.sim.request";
    public required string RequestId { get; init; }
    /// <summary>scheme://host:port without trailing slash; every href is built from it.</summary>
    public required string BaseUrl { get; init; }
    /// <summary>Version from the Accept header (null for unversioned endpoints).</summary>
    public string? ApiVersion { get; set; }
    public decimal ApiVersionNumber => ApiVersion is null ? 0m : ApiVersionList.NumberOf(ApiVersion);
    public SimSession? Session { get; set; }
    /// <summary>X-VMWARE-VCLOUD-TENANT-CONTEXT (org uuid) sent by a provider session: queries are scoped to that org.</summary>
    public Guid? TenantContext { get; set; }

    /// <summary>Org whose data the caller sees in lists (null = all orgs: a provider without tenant context).</summary>
    public Guid? ListScope => Session is null ? Guid.Empty : Session.IsProvider ? TenantContext : Session.OrgId;
    /// <summary>Set by the fault middleware: the task started by this request must fail (kind taskFail) or hang.</summary>
    public string? TaskFailure { get; set; }
    public bool TaskHang { get; set; }

    public string Href(string path) => BaseUrl + path;
    public Actor Actor => Session?.Actor ?? throw new InvalidOperationException("No session");

    public static RequestContext Of(HttpContext ctx) => (RequestContext)ctx.Items[Key]!;
    internal static void Set(HttpContext ctx, RequestContext rc) => ctx.Items[Key] = rc;
}

public static class HttpContextSimExtensions
{
    public static RequestContext Sim(this HttpContext ctx) => RequestContext.Of(ctx);
}
