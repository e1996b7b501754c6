using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class AuthAndAccessTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync("enterprise", frozen: true);
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static HttpRequestMessage Basic(HttpMethod m, string url, string userOrg, string password, string accept)
    {
        var req = new HttpRequestMessage(m, url);
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userOrg}:{password}")));
        req.Headers.TryAddWithoutValidation("Accept", accept);
        return req;
    }

    [Fact]
    public async Task VersionsAreUnsortedWithDeprecatedAlphaAndLoginUrls()
    {
        var xml = XElement.Parse(await _sim.Anonymous.GetStringAsync("/api/versions"));
        XNamespace vs = "http://www.vmware.com/vcloud/versions";
        var infos = xml.Elements(vs + "VersionInfo").ToList();
        var versions = infos.Select(i => i.Element(vs + "Version")!.Value).ToList();
        // vCD lists pre-release versions apart, after the VersionInfo elements: a client that picks the highest VersionInfo
        // must not land on an alpha API.
        Assert.DoesNotContain(versions, v => v.Contains('-'));
        var alpha = xml.Elements(vs + "AlphaVersion").Single();
        Assert.Equal("39.0.0-alpha", alpha.Element(vs + "Version")!.Value);
        Assert.EndsWith("/cloudapi/1.0.0/sessions", alpha.Element(vs + "LoginUrl")!.Value);
        Assert.Equal("AlphaVersion", xml.Elements().Last().Name.LocalName);
        Assert.Contains(infos, i => i.Attribute("deprecated")!.Value == "true");
        Assert.NotEqual(versions.OrderBy(v => v).ToList(), versions);
        foreach (var i in infos)
        {
            var v = i.Element(vs + "Version")!.Value;
            var major = int.Parse(v.Split('.')[0], CultureInfo.InvariantCulture);
            var login = i.Element(vs + "LoginUrl")!.Value;
            if (major >= 36)
            {
                Assert.EndsWith("/cloudapi/1.0.0/sessions", login);
                Assert.EndsWith("/cloudapi/1.0.0/sessions/provider", i.Element(vs + "ProviderLoginUrl")!.Value);
            }
            else Assert.EndsWith("/api/sessions", login);
        }
    }

    [Theory]
    [InlineData("application/*+xml")]
    [InlineData("application/*+xml;version=30.0")]
    [InlineData("application/*+xml;version=40.0")]
    public async Task MissingOrUnsupportedVersionIs406WithTheSupportedList(string accept)
    {
        var resp = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/api/sessions", "admin@ent", "Ent-Admin-2026!", accept));
        var err = await TestSimulator.XmlAsync(resp, HttpStatusCode.NotAcceptable);
        Assert.Equal("NOT_ACCEPTABLE", err.Attribute("minorErrorCode")!.Value);
        Assert.Contains("Supported API versions are: [", err.Attribute("message")!.Value);
        Assert.Contains("32.0 [D]", err.Attribute("message")!.Value);
        Assert.Contains("39.0.0-alpha", err.Attribute("message")!.Value);
    }

    [Fact]
    public async Task LegacyLoginReturnsTokensAndIsRefusedFrom38()
    {
        var ok = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/api/sessions", "admin@ent", "Ent-Admin-2026!", "application/*+xml;version=37.2"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", ok.Headers.GetValues("x-vcloud-authorization").Single());
        Assert.Equal(3, ok.Headers.GetValues("X-VMWARE-VCLOUD-ACCESS-TOKEN").Single().Split('.').Length);
        Assert.Equal("Bearer", ok.Headers.GetValues("X-VMWARE-VCLOUD-TOKEN-TYPE").Single());
        var session = XElement.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("ent", session.Attribute("org")!.Value);
        Assert.Equal("Organization Administrator", session.Attribute("roles")!.Value);

        var refused = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/api/sessions", "admin@ent", "Ent-Admin-2026!", "application/*+xml;version=38.0"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
    }

    [Fact]
    public async Task BadCredentialsAre401()
    {
        var resp = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/api/sessions", "admin@ent", "wrong", "application/*+xml;version=37.0"));
        Assert.Equal(HttpStatusCode.Unauthorized, resp.StatusCode);
        var cloud = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/cloudapi/1.0.0/sessions", "admin@nosuchorg", "x", "application/json;version=37.0"));
        Assert.Equal(HttpStatusCode.Unauthorized, cloud.StatusCode);
    }

    [Fact]
    public async Task CloudApiLoginGivesABearerUsableOnTheXmlApi()
    {
        var resp = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/cloudapi/1.0.0/sessions/provider", "administrator@System", "Ent-Sys-Admin-2026!", "application/json;version=38.1"));
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        using var json = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
        Assert.Equal("System", json.RootElement.GetProperty("org").GetProperty("name").GetString());
        Assert.Equal(30, json.RootElement.GetProperty("sessionIdleTimeoutMinutes").GetInt32());
        var jwt = resp.Headers.GetValues("X-VMWARE-VCLOUD-ACCESS-TOKEN").Single();
        var c = new HttpClient { BaseAddress = _sim.BaseUri };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        c.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/*+xml;version=38.1");
        var orgs = await TestSimulator.GetXmlAsync(c, "/api/org/");
        Assert.Equal(3, orgs.Elements(V + "Org").Count());   // the provider sees every org

        var tenantViaProviderPath = await _sim.Anonymous.SendAsync(Basic(HttpMethod.Post, "/cloudapi/1.0.0/sessions/provider", "admin@ent", "Ent-Admin-2026!", "application/json;version=37.0"));
        Assert.Equal(HttpStatusCode.Unauthorized, tenantViaProviderPath.StatusCode);
    }

    [Fact]
    public async Task IdleSessionExpiresAfter30SimulatedMinutesWithEmpty401()
    {
        var c = await _sim.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/org/")).StatusCode);
        _sim.Sim.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/org/")).StatusCode);   // activity extends the session
        _sim.Sim.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/org/")).StatusCode);
        _sim.Sim.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await c.GetAsync("/api/org/");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Empty(await expired.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ApiTokenExchangeAndRestrictions()
    {
        async Task<HttpResponseMessage> Exchange(string token) =>
            await _sim.Anonymous.PostAsync("/oauth/tenant/ent/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = token,
            }));

        var ok = await Exchange("EntAdm1nApiT0kenV4lid7Qx2Lp9Rk5Ws");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        var access = json.RootElement.GetProperty("access_token").GetString()!;

        var c = new HttpClient { BaseAddress = _sim.BaseUri };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        c.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json;version=37.0");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/cloudapi/1.0.0/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/cloudapi/1.0.0/sessions/current")).StatusCode);

        var revoked = await Exchange("EntAdm1nApiT0kenRev0ked3Hm8Dn1Zc");
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Contains("invalid_grant", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await Exchange("nonsense")).StatusCode);

        var provider = await _sim.Anonymous.PostAsync("/oauth/provider/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "EntAdm1nApiT0kenV4lid7Qx2Lp9Rk5Ws",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, provider.StatusCode);   // a tenant token is not a provider token
        Assert.Contains("invalid_grant", await provider.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForeignAndMissingEntitiesAre403MalformedIds400UnknownRoutes404()
    {
        var ent = await _sim.LoginAsync();
        var lab = await _sim.LoginAsync("labadmin", "lab");
        var labVApp = await _sim.VAppHrefAsync(lab, "lab-sandbox");

        var foreign = await TestSimulator.XmlAsync(await ent.GetAsync(labVApp), HttpStatusCode.Forbidden);
        Assert.Equal("ACCESS_TO_RESOURCE_IS_FORBIDDEN", foreign.Attribute("minorErrorCode")!.Value);
        Assert.Contains("com.vmware.vcloud.entity.vapp:", foreign.Attribute("message")!.Value);
        var missing = await ent.GetAsync($"/api/vApp/vapp-{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ent.PostAsync(labVApp + "/power/action/powerOff", null)).StatusCode);

        var bad = await TestSimulator.XmlAsync(await ent.GetAsync("/api/vApp/vapp-not-a-uuid"), HttpStatusCode.BadRequest);
        Assert.Equal("BAD_REQUEST", bad.Attribute("minorErrorCode")!.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await ent.GetAsync("/api/no/such/route")).StatusCode);

        var orgs = await TestSimulator.GetXmlAsync(ent, "/api/org/");
        Assert.Equal("ent", orgs.Elements(V + "Org").Single().Attribute("name")!.Value);
        var entity = await TestSimulator.GetXmlAsync(lab, "/api/entity/urn:vcloud:vapp:" + labVApp[^36..]);
        Assert.Equal(labVApp, entity.Element(V + "Link")!.Attribute("href")!.Value);
    }

    [Fact]
    public async Task ResponsesCarryRequestIdAndVaryContentTypeCasing()
    {
        var c = await _sim.LoginAsync();
        var href = await _sim.VAppHrefAsync(c, "shop");
        var types = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            var r = await c.GetAsync(href);
            Assert.Matches("^[0-9a-f-]{36}$", r.Headers.GetValues("X-VMWARE-VCLOUD-REQUEST-ID").Single());
            types.Add(r.Content.Headers.GetValues("Content-Type").Single());
        }
        Assert.Contains(types, t => t.StartsWith("application/vnd.vmware.vcloud.vapp+xml", StringComparison.Ordinal));
        Assert.Contains(types, t => t.StartsWith("application/vnd.vmware.vcloud.vApp+xml", StringComparison.Ordinal));
    }
}
