using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Auth;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>/api/versions, legacy and CloudAPI login/logout, OAuth API-token exchange (vcd-api.md §1).</summary>
public static class SessionEndpoints
{
    public const int IdleTimeoutMinutes = 30;

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/api/versions", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            // vCD lists pre-release versions apart (SupportedVersions/AlphaVersion, after every VersionInfo), so a client
            // that picks the highest VersionInfo never lands on an alpha API.
            XElement Info(ApiVersionInfo v, string element) => new(Ns.Versions + element,
                new XAttribute("deprecated", XmlFormat.Bool(v.Deprecated)),
                new XElement(Ns.Versions + "Version", v.Version),
                v.Number >= 36m
                    ? new object[]
                    {
                        new XElement(Ns.Versions + "LoginUrl", rc.Href("/cloudapi/1.0.0/sessions")),
                        new XElement(Ns.Versions + "ProviderLoginUrl", rc.Href("/cloudapi/1.0.0/sessions/provider")),
                    }
                    : new object[] { new XElement(Ns.Versions + "LoginUrl", rc.Href("/api/sessions")) });
            var root = new XElement(Ns.Versions + "SupportedVersions", new XAttribute("xmlns", Ns.Versions.NamespaceName),
                sim.Versions.Versions.Where(v => !v.IsPreRelease).Select(v => Info(v, "VersionInfo")),
                sim.Versions.Versions.Where(v => v.IsPreRelease).Select(v => Info(v, "AlphaVersion")));
            return XmlResponses.Xml(root, "application/xml;charset=UTF-8");
        });

        app.MapPost("/api/sessions", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            if (rc.ApiVersionNumber >= 38m)
                throw new ApiException(405, "METHOD_NOT_ALLOWED",
                    $"POST /api/sessions is not available in API version {rc.ApiVersion}; log in with POST /cloudapi/1.0.0/sessions (see the LoginUrl in /api/versions).");
            var s = Login(sim, ctx, provider: null);
            rc.Session = s;
            AddTokenHeaders(ctx, s, legacy: true);
            lock (sim.Store.Sync) return XmlResponses.Xml(OrgXml.Session(sim, s, rc), MediaTypes.Session);
        });
        app.MapGet("/api/session", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return XmlResponses.Xml(OrgXml.Session(sim, rc.Session!, rc), MediaTypes.Session);
        });
        app.MapDelete("/api/session", (HttpContext ctx) =>
        {
            sim.Sessions.End(ctx.Sim().Session!);
            return Results.NoContent();
        });

        app.MapPost("/cloudapi/1.0.0/sessions", (HttpContext ctx) => CloudLogin(sim, ctx, provider: false));
        app.MapPost("/cloudapi/1.0.0/sessions/provider", (HttpContext ctx) => CloudLogin(sim, ctx, provider: true));
        app.MapGet("/cloudapi/1.0.0/sessions/current", (HttpContext ctx) => SessionJson(sim, ctx, ctx.Sim().Session!));
        app.MapDelete("/cloudapi/1.0.0/sessions/current", (HttpContext ctx) =>
        {
            sim.Sessions.End(ctx.Sim().Session!);
            return Results.NoContent();
        });
        // GOVCD logs out with DELETE on the login URL.
        app.MapDelete("/cloudapi/1.0.0/sessions", (HttpContext ctx) => { sim.Sessions.End(ctx.Sim().Session!); return Results.NoContent(); });
        app.MapDelete("/cloudapi/1.0.0/sessions/provider", (HttpContext ctx) => { sim.Sessions.End(ctx.Sim().Session!); return Results.NoContent(); });

        app.MapGet("/cloudapi/1.0.0/tokens", (HttpContext ctx) =>
        {
            var s = ctx.Sim().Session!;
            if (s.ViaApiToken)
                throw new ApiException(403, "ACCESS_TO_RESOURCE_IS_FORBIDDEN", "Sessions opened with an API token cannot view or manage API tokens.");
            lock (sim.Store.Sync)
            {
                var user = sim.Store.Users[s.UserId];
                var values = user.ApiTokens.Select(t => new Dictionary<string, object?>
                {
                    ["id"] = $"urn:vcloud:token:{Seeds.StableIds.For("token", t.Token)}", ["name"] = t.Name, ["type"] = "REFRESH",
                    ["owner"] = new { name = user.Name, id = user.Urn }, ["expiryDate"] = t.ExpiresUtc, ["revoked"] = t.Revoked,
                }).ToList();
                return CloudJson(ctx, new { resultTotal = values.Count, pageCount = 1, page = 1, pageSize = 128, associations = (object?)null, values });
            }
        });

        app.MapPost("/oauth/tenant/{org}/token", (HttpContext ctx, string org) => TokenExchange(sim, ctx, org));
        app.MapPost("/oauth/provider/token", (Delegate)((HttpContext ctx) => TokenExchange(sim, ctx, null)));
    }

    public static IResult CloudJson(HttpContext ctx, object body, int status = 200)
    {
        var rc = ctx.Sim();
        return Results.Text(JsonSerializer.Serialize(body, JsonOptions), "application/json;version=" + (rc.ApiVersion ?? "37.0"), Encoding.UTF8, status);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static IResult CloudLogin(Simulation sim, HttpContext ctx, bool provider)
    {
        var rc = ctx.Sim();
        if (rc.ApiVersionNumber < 33m)
            throw new ApiException(404, "NOT_FOUND", "The CloudAPI login requires API version 33.0 or later.");
        var s = Login(sim, ctx, provider);
        rc.Session = s;
        AddTokenHeaders(ctx, s, legacy: false);
        return SessionJson(sim, ctx, s);
    }

    private static void AddTokenHeaders(HttpContext ctx, SimSession s, bool legacy)
    {
        if (legacy) ctx.Response.Headers["x-vcloud-authorization"] = s.LegacyToken;
        ctx.Response.Headers["X-VMWARE-VCLOUD-ACCESS-TOKEN"] = s.AccessToken;
        ctx.Response.Headers["X-VMWARE-VCLOUD-TOKEN-TYPE"] = "Bearer";
    }

    private static IResult SessionJson(Simulation sim, HttpContext ctx, SimSession s)
    {
        var rc = ctx.Sim();
        var site = OrgXml.SiteId(rc);
        var roleId = Seeds.StableIds.For("role", s.Role);
        return CloudJson(ctx, new
        {
            id = $"urn:vcloud:session:{s.Id}",
            site = new { name = new Uri(rc.BaseUrl).Host, id = $"urn:vcloud:site:{site}" },
            user = new { name = s.UserName, id = Ids.Urn(EntityKind.User, s.UserId) },
            org = new { name = s.OrgName, id = Ids.Urn(EntityKind.Org, s.OrgId) },
            operatingOrg = new { name = s.OrgName, id = Ids.Urn(EntityKind.Org, s.OrgId) },
            location = $"{s.OrgId}@{site}",
            roles = new[] { s.Role },
            roleRefs = new[] { new { name = s.Role, id = $"urn:vcloud:role:{roleId}" } },
            sessionIdleTimeoutMinutes = (int)sim.Sessions.IdleTimeout.TotalMinutes,
        });
    }

    /// <summary>Basic user@org:password login. provider: true = must be System, false = must not be, null = either.</summary>
    private static SimSession Login(Simulation sim, HttpContext ctx, bool? provider)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) throw LoginFailed();
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())); }
        catch (FormatException) { throw LoginFailed(); }
        var colon = decoded.IndexOf(':');
        if (colon < 0) throw LoginFailed();
        var userOrg = decoded[..colon];
        var password = decoded[(colon + 1)..];
        var at = userOrg.LastIndexOf('@');
        if (at < 0) throw LoginFailed();
        var userName = userOrg[..at];
        var orgName = userOrg[(at + 1)..];
        lock (sim.Store.Sync)
        {
            var org = sim.Store.OrgByName(orgName);
            if (org is null || !org.IsEnabled) throw LoginFailed();
            if (provider == true && !org.IsSystem || provider == false && org.IsSystem) throw LoginFailed();
            var user = sim.Store.UserByName(org.Id, userName);
            if (user is null || !string.Equals(user.Password, password, StringComparison.Ordinal)) throw LoginFailed();
            return sim.Sessions.Open(user, org, viaApiToken: false);
        }
    }

    private static ApiException LoginFailed() =>
        new(401, "UNAUTHORIZED", "Unauthorized: the user name, organization or password is not valid.");

    private static async Task<IResult> TokenExchange(Simulation sim, HttpContext ctx, string? orgName)
    {
        static IResult OAuthError(int status, string error, string description) =>
            Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

        if (!ctx.Request.HasFormContentType)
            return OAuthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
        var form = await ctx.Request.ReadFormAsync();
        if (form["grant_type"] != "refresh_token")
            return OAuthError(400, "unsupported_grant_type", "Only grant_type=refresh_token is supported.");
        var token = form["refresh_token"].ToString();
        if (token.Length == 0) return OAuthError(400, "invalid_request", "refresh_token is required.");
        SimSession session;
        lock (sim.Store.Sync)
        {
            var org = orgName is null ? sim.Store.SystemOrg : sim.Store.OrgByName(orgName);
            if (org is null) return OAuthError(401, "invalid_client", "Unknown organization.");
            var match = sim.Store.Users.Values.Where(u => u.OrgId == org.Id)
                .SelectMany(u => u.ApiTokens.Select(t => (User: u, Token: t)))
                .FirstOrDefault(x => string.Equals(x.Token.Token, token, StringComparison.Ordinal));
            if (match.User is null) return OAuthError(400, "invalid_grant", "The refresh token is invalid.");
            if (match.Token.Revoked) return OAuthError(400, "invalid_grant", "The refresh token has been revoked.");
            if (match.Token.ExpiresUtc is { } exp && exp <= sim.Clock.UtcNow) return OAuthError(400, "invalid_grant", "The refresh token has expired.");
            session = sim.Sessions.Open(match.User, org, viaApiToken: true);
        }
        return Results.Json(new Dictionary<string, object?>
        {
            ["access_token"] = session.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)sim.Sessions.IdleTimeout.TotalSeconds,
            ["refresh_token"] = null,
            ["updated_by"] = session.UserName,
            ["updated_on"] = XmlFormat.Time(sim.Clock.UtcNow),
        });
    }
}
