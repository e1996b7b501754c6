using System.Net.Http;
using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

public class ResilienceTests
{
    private const string OrgList = "<OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>";

    [Fact]
    public async Task ExpiredSession401WithEmptyBodyLogsInAgainAndReplays()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.OnSequence("GET", "/api/org", () => FakeVcd.Status(401), () => FakeVcd.Xml(OrgList));
        var root = await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal("OrgList", root.Name.LocalName);
        Assert.Equal(2, vcd.To("/cloudapi/1.0.0/sessions").Count());
        Assert.Equal(1, c.SessionRenewals);
    }

    [Fact]
    public async Task ExpiredTokenSessionExchangesTheApiTokenAgain()
    {
        var vcd = new FakeVcd();
        vcd.On("POST", "/oauth/tenant/acme/token", (_, _) => FakeVcd.Json("{\"access_token\":\"a1\"}"));
        vcd.On("GET", "/cloudapi/1.0.0/sessions/current", (_, _) => FakeVcd.Json("{\"user\":{\"name\":\"admin\"},\"org\":{\"name\":\"acme\"}}"));
        using var c = await VCloudConnection.ConnectAsync(vcd.TokenOptions(), CancellationToken.None);
        vcd.OnSequence("GET", "/api/org", () => FakeVcd.Status(401), () => FakeVcd.Xml(OrgList));
        await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal(2, vcd.To("/oauth/tenant/acme/token").Count());
    }

    [Fact]
    public async Task FailedReloginIsAnAuthenticationErrorNamingTheCause()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("POST", "/cloudapi/1.0.0/sessions", (_, _) => FakeVcd.Status(401));
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Status(401));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal("SessionRenewalFailed", ex.ErrorId);
        Assert.Contains("expired", ex.Message);
        Assert.Contains("wrong user, password or organization", ex.Message);
    }

    [Fact]
    public async Task Transient503AndDroppedConnectionAreRetriedForGET()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.OnSequence("GET", "/api/org",
            () => FakeVcd.Error(503, "SERVICE_UNAVAILABLE", "try later"),
            () => throw new HttpRequestException("connection reset", new IOException("reset by peer")),
            () => FakeVcd.Xml(OrgList));
        var root = await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal("OrgList", root.Name.LocalName);
        Assert.Equal(3, vcd.To("/api/org").Count());
    }

    [Fact]
    public async Task RetryWaitsFollowBackoffAndHonourRetryAfter()
    {
        var waits = new List<TimeSpan>();
        var vcd = new FakeVcd();
        var policy = new RetryPolicy { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(5), Delay = (d, _) => { waits.Add(d); return Task.CompletedTask; } };
        using var c = await VCloudConnection.ConnectAsync(vcd.Options(retry: policy), CancellationToken.None);
        waits.Clear();
        vcd.OnSequence("GET", "/api/org",
            () => FakeVcd.Status(503),
            () => FakeVcd.Status(503),
            () => { var r = FakeVcd.Status(503); r.Headers.TryAddWithoutValidation("Retry-After", "60"); return r; },
            () => FakeVcd.Xml(OrgList));
        await c.GetXmlAsync("/api/org/", CancellationToken.None);
        Assert.Equal(3, waits.Count);
        Assert.InRange(waits[0].TotalMilliseconds, 50, 100);    // equal jitter: between half and all of 100 ms
        Assert.InRange(waits[1].TotalMilliseconds, 100, 200);   // doubled
        Assert.Equal(TimeSpan.FromSeconds(60), waits[2]);         // the server's Retry-After wins over the backoff
    }

    [Fact]
    public async Task RetriesAreBounded()
    {
        var vcd = new FakeVcd();
        var o = vcd.Options(retry: new RetryPolicy { MaxAttempts = 3, Delay = (_, _) => Task.CompletedTask });
        using var c = await VCloudConnection.ConnectAsync(o, CancellationToken.None);
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Status(503));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal("ServerError", ex.ErrorId);
        Assert.Equal(3, vcd.To("/api/org").Count());
    }

    [Fact]
    public async Task POSTIsNotRetriedOn503ButIsOnBUSYENTITY()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("POST", "/api/vApp/vapp-1/power/action/powerOff", (_, _) => FakeVcd.Status(503));
        await Assert.ThrowsAsync<VCloudException>(() => c.PostXmlAsync("/api/vApp/vapp-1/power/action/powerOff", null, null, CancellationToken.None));
        Assert.Single(vcd.To("/api/vApp/vapp-1/power/action/powerOff"));

        vcd.OnSequence("POST", "/api/vApp/vapp-2/power/action/powerOff",
            () => FakeVcd.Error(400, "BUSY_ENTITY", "The entity is busy completing an operation VAPP_UPDATE_VM."),
            () => FakeVcd.Xml("<Task xmlns=\"http://www.vmware.com/vcloud/v1.5\" status=\"success\" href=\"https://vcd.example.test/api/task/1\"/>", 202));
        var task = await c.PostXmlAsync("/api/vApp/vapp-2/power/action/powerOff", null, null, CancellationToken.None);
        Assert.Equal("Task", task!.Name.LocalName);
        Assert.Equal(2, vcd.To("/api/vApp/vapp-2/").Count());
    }

    [Fact]
    public async Task Other4xxAreNotRetriedAndMapToTypedErrors()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("GET", "/api/vApp/vapp-9", (_, _) => FakeVcd.Xml(File.ReadAllText(Samples.PathOf("error-403-access-forbidden.xml") ?? WriteTemp403()), 403, "application/vnd.vmware.vcloud.error+xml"));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/vApp/vapp-9", CancellationToken.None));
        Assert.Equal(VCloudErrorKind.NotFound, ex.Kind);
        Assert.Equal("VAppNotFound", ex.ErrorId);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal("ACCESS_TO_RESOURCE_IS_FORBIDDEN", ex.MinorErrorCode);
        Assert.Contains("does not exist or you have no access", ex.Message);
        Assert.Single(vcd.To("/api/vApp/vapp-9"));

        vcd.On("DELETE", "/api/vApp/vapp-8", (_, _) => FakeVcd.Error(400, "BAD_REQUEST", "The requested operation could not be executed on vApp \"x\". Stop the vApp and try again."));
        var del = await Assert.ThrowsAsync<VCloudException>(() => c.DeleteAsync("/api/vApp/vapp-8", CancellationToken.None));
        Assert.Equal("VAppDeployed", del.ErrorId);
        Assert.Equal(VCloudErrorKind.Conflict, del.Kind);
        Assert.Single(vcd.To("/api/vApp/vapp-8"));
    }

    [Fact]
    public async Task ResponsesWithADTDAreRefusedNotExpanded()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        vcd.On("GET", "/api/org", (_, _) => FakeVcd.Xml("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><OrgList xmlns=\"http://www.vmware.com/vcloud/v1.5\">&e;</OrgList>"));
        var ex = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync("/api/org/", CancellationToken.None));
        Assert.Equal("InvalidResponse", ex.ErrorId);
        Assert.Equal(VCloudErrorKind.Protocol, ex.Kind);
        Assert.DoesNotContain("root:", ex.ToString());
    }

    [Fact]
    public void MediaTypesCompareCaseInsensitivelyAndIgnoreParameters()
    {
        Assert.True(VcdXml.MediaTypeEquals("application/vnd.vmware.vcloud.vapp+xml; version=5.5", "application/vnd.vmware.vcloud.vApp+xml"));
        Assert.False(VcdXml.MediaTypeEquals("application/vnd.vmware.vcloud.vm+xml", "application/vnd.vmware.vcloud.vApp+xml"));
        var x = VcdXml.Parse("<VApp xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Link rel=\"up\" type=\"application/vnd.vmware.vcloud.VDC+xml;version=38.0\" href=\"h\"/></VApp>");
        Assert.Equal("h", x.LinkHref("up", "application/vnd.vmware.vcloud.vdc+xml"));
    }

    private static string WriteTemp403()
    {
        var p = Path.GetTempFileName();
        File.WriteAllText(p, "<Error xmlns=\"http://www.vmware.com/vcloud/v1.5\" minorErrorCode=\"ACCESS_TO_RESOURCE_IS_FORBIDDEN\" message=\"No access to entity\" majorErrorCode=\"403\"/>");
        return p;
    }

    [Fact]
    public async Task TraceLogNeverContainsSecrets()
    {
        var log = new List<string>();
        VCloudTrace.Sink = m => { lock (log) log.Add(m); };
        try
        {
            var vcd = new FakeVcd();
            using var c = await vcd.ConnectAsync();
            vcd.OnSequence("GET", "/api/org", () => FakeVcd.Status(401), () => FakeVcd.Xml(OrgList));
            await c.GetXmlAsync("/api/org/", CancellationToken.None);
            Assert.NotEmpty(log);
            var all = string.Join("\n", log) + c.ToString();
            Assert.DoesNotContain(FakeVcd.Password, all);
            Assert.DoesNotContain(FakeVcd.Jwt, all);
            Assert.DoesNotContain("Basic ", all);
        }
        finally
        {
            VCloudTrace.Sink = null;
        }
    }
}
