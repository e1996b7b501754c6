using System.Text;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

public class ConnectTests
{
    [Fact]
    public async Task PicksHighestCommonNonDeprecatedVersionIgnoringAlpha()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        Assert.Equal("38.0", c.ApiVersion);
        Assert.Equal("/cloudapi/1.0.0/sessions", c.LoginPath);
        Assert.Equal("admin", c.User);
        Assert.Equal("acme", c.Org);
        Assert.False(c.IsProvider);
    }

    [Fact]
    public async Task AlphaVersionsListedApartAreIgnoredUnlessForced()
    {
        // vCD lists pre-release versions as SupportedVersions/AlphaVersion, after the VersionInfo elements.
        var xml = FakeVcd.VersionsXml(("37.0", false, "/cloudapi/1.0.0/sessions"), ("38.0", false, "/cloudapi/1.0.0/sessions"))
            .Replace("</SupportedVersions>", $"<AlphaVersion deprecated=\"false\"><Version>39.0.0-alpha</Version><LoginUrl>{FakeVcd.Base}cloudapi/1.0.0/sessions</LoginUrl></AlphaVersion></SupportedVersions>");
        var vcd = new FakeVcd(xml);
        using (var c = await vcd.ConnectAsync()) Assert.Equal("38.0", c.ApiVersion);
        var o = vcd.Options();
        o.ApiVersion = "39.0.0-alpha";
        using (var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None)) Assert.Equal("39.0.0-alpha", c.ApiVersion);
    }

    [Fact]
    public async Task FallsBackToDeprecatedWhenNothingElseIsCommonAndUsesItsLegacyLogin()
    {
        var vcd = new FakeVcd(FakeVcd.VersionsXml(("20.0", false, "/api/sessions"), ("34.0", true, "/api/sessions"), ("40.0", false, "/cloudapi/1.0.0/sessions")));
        using var c = await vcd.ConnectAsync();
        Assert.Equal("34.0", c.ApiVersion);
        Assert.Equal("/api/sessions", c.LoginPath);
        // legacy token header is sent back on API calls
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Xml("<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>"));
        await c.GetXmlAsync("/api/org/", CancellationToken.None);
        var call = vcd.To("/api/org").Single();
        Assert.Equal("legacy0123456789abcdef0123456789ab", call.Headers["x-vcloud-authorization"]);
        Assert.Equal("application/*+xml;version=34.0", call.Headers["Accept"].Replace(" ", ""));
    }

    [Fact]
    public async Task ForcedVersionIsUsedAndUnsupportedOneIsRefused()
    {
        var vcd = new FakeVcd();
        var o = vcd.Options();
        o.ApiVersion = "37.0";
        using (var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None)) Assert.Equal("37.0", c.ApiVersion);
        o.ApiVersion = "36.3";
        var ex = await Assert.ThrowsAsync<VCloudException>(() => VCloudConnection.ConnectAsync(o, CancellationToken.None));
        Assert.Equal("ApiVersionNotSupported", ex.ErrorId);
        Assert.Contains("38.0", ex.Message);
    }

    [Fact]
    public async Task PasswordLoginSendsBasicUserAtOrgAndThenBearer()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        var login = vcd.To("/cloudapi/1.0.0/sessions").Single();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin@acme:" + FakeVcd.Password));
        Assert.Equal(expected, login.Headers["Authorization"]);
        Assert.StartsWith("application/json;version=38.0", login.Headers["Accept"].Replace(" ", ""));

        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Xml("<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>"));
        await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal("Bearer " + FakeVcd.Jwt, vcd.To("/api/org").Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task ProviderOrgUsesProviderLoginUrl()
    {
        var vcd = new FakeVcd();
        vcd.On("POST", "/cloudapi/1.0.0/sessions/provider", (_, _) => FakeVcd.LoginOk("administrator", "System"));
        using var c = await VCloudConnection.ConnectAsync(vcd.Options("administrator@System"), CancellationToken.None);
        Assert.True(c.IsProvider);
        Assert.Equal("/cloudapi/1.0.0/sessions/provider", c.LoginPath);
    }

    [Fact]
    public async Task ApiTokenLoginPostsARefreshGrantAndUsesTheAccessToken()
    {
        var vcd = new FakeVcd();
        vcd.On("POST", "/oauth/tenant/acme/token", (_, _) => FakeVcd.Json("{\"access_token\":\"access-from-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        vcd.On("GET", "/cloudapi/1.0.0/sessions/current", (_, _) => FakeVcd.Json("{\"user\":{\"name\":\"admin\"},\"org\":{\"name\":\"acme\"}}"));
        using var c = await VCloudConnection.ConnectAsync(vcd.TokenOptions(), CancellationToken.None);
        var token = vcd.To("/oauth/tenant/acme/token").Single();
        Assert.Equal("grant_type=refresh_token&refresh_token=" + FakeVcd.ApiTokenValue, token.Body);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Headers["Content-Type"]);
        Assert.False(token.Headers.ContainsKey("Authorization"));
        Assert.Equal("Bearer access-from-token", vcd.To("/cloudapi/1.0.0/sessions/current").Single().Headers["Authorization"]);
        Assert.Equal("admin", c.User);
        Assert.Equal("ApiToken", c.AuthMethod);
    }

    [Fact]
    public async Task WrongPasswordIsLoginFailedNamingTheCauseWithoutTheSecret()
    {
        var vcd = new FakeVcd();
        vcd.On("POST", "/cloudapi/1.0.0/sessions", (_, _) => FakeVcd.Status(401));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => vcd.ConnectAsync());
        Assert.Equal("LoginFailed", ex.ErrorId);
        Assert.Equal(VCloudErrorKind.Authentication, ex.Kind);
        Assert.Contains("wrong user, password or organization", ex.Message);
        Assert.Contains("admin@acme", ex.Message);
        Assert.DoesNotContain(FakeVcd.Password, ex.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin@acme:" + FakeVcd.Password)), ex.ToString());
    }

    [Fact]
    public async Task RevokedTokenIsApiTokenRejectedWithoutTheToken()
    {
        var vcd = new FakeVcd();
        vcd.On("POST", "/oauth/tenant/acme/token", (_, _) => FakeVcd.Json("{\"error\":\"invalid_grant\",\"error_description\":\"token revoked\"}", 400));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => VCloudConnection.ConnectAsync(vcd.TokenOptions(), CancellationToken.None));
        Assert.Equal("ApiTokenRejected", ex.ErrorId);
        Assert.Contains("expired, revoked", ex.Message);
        Assert.Contains("invalid_grant", ex.Message);
        Assert.DoesNotContain(FakeVcd.ApiTokenValue, ex.ToString());
    }

    [Theory]
    [InlineData("http://vcd.example.test", false)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000/api", true)]
    [InlineData("https://vcd.example.test/api/", true)]
    public void PlainHttpIsRefusedExceptToLoopback(string uri, bool allowed)
    {
        if (allowed)
        {
            var n = VCloudConnection.NormalizeServer(new Uri(uri));
            Assert.EndsWith("/", n.AbsoluteUri);
            Assert.DoesNotContain("/api", n.AbsolutePath);
        }
        else
        {
            var ex = Assert.Throws<VCloudException>(() => VCloudConnection.NormalizeServer(new Uri(uri)));
            Assert.Equal("InsecureServerUri", ex.ErrorId);
        }
    }

    [Fact]
    public async Task UnknownHostIsAConnectionErrorNamingTheServer()
    {
        var ex = await Assert.ThrowsAsync<VCloudException>(() => VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = new Uri("https://no-such-host.invalid"),
            User = "a@b",
            Password = FakeVcd.Secure("x"),
            RetryPolicy = RetryPolicy.Immediate,
        }, CancellationToken.None));
        Assert.Equal(VCloudErrorKind.Connection, ex.Kind);
        Assert.Equal("ServerUnreachable", ex.ErrorId);
        Assert.Contains("no-such-host.invalid", ex.Message);
    }

    [Fact]
    public async Task HrefsOnAnotherAuthorityAreRebasedSoTheTokenNeverLeavesTheServer()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("GET", "/api/vApp/", (_, _) => FakeVcd.Xml("<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"x\"/>"));
        await c.GetXmlAsync("https://evil.example/api/vApp/vapp-1", CancellationToken.None);
        Assert.Equal("vcd.example.test", vcd.To("/api/vApp/").Single().Uri.Host);
    }
}
