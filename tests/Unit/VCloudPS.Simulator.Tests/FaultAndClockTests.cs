using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class FaultAndClockTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync("enterprise", frozen: true,
        now: new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), taskDuration: TimeSpan.FromSeconds(1));
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private async Task Fault(object fault)
    {
        var r = await _sim.Anonymous.PostAsJsonAsync("/sim/faults", fault);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    private async Task Clock(object body) => Assert.True((await _sim.Anonymous.PostAsJsonAsync("/sim/clock", body)).IsSuccessStatusCode);

    [Fact]
    public async Task ClockCanBeReadSetAdvancedAndFrozen()
    {
        using var j = JsonDocument.Parse(await _sim.Anonymous.GetStringAsync("/sim/clock"));
        Assert.True(j.RootElement.GetProperty("frozen").GetBoolean());
        Assert.StartsWith("2026-10-01T00:00:00", j.RootElement.GetProperty("now").GetString());
        await Clock(new { advance = "PT10H" });
        using var j2 = JsonDocument.Parse(await _sim.Anonymous.GetStringAsync("/sim/clock"));
        Assert.StartsWith("2026-10-01T10:00:00", j2.RootElement.GetProperty("now").GetString());
        await Clock(new { now = "2026-10-01T00:00:00Z" });
        Assert.Equal(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), _sim.Sim.Clock.UtcNow);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sim.Anonymous.PostAsJsonAsync("/sim/clock", new { advance = "soon" })).StatusCode);
        // Clients read the cloud's clock from the Date header, on success and on errors.
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), (await _sim.Anonymous.GetAsync("/api/versions")).Headers.Date);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), (await _sim.Anonymous.GetAsync("/api/org/")).Headers.Date);
    }

    [Fact]
    public async Task TasksFollowTheSimulatedClockQueuedRunningSuccess()
    {
        var c = await _sim.LoginAsync();
        var href = await _sim.VAppHrefAsync(c, "legacy-erp");
        var task = await TestSimulator.XmlAsync(await c.PostAsync(href + "/power/action/powerOn", null), HttpStatusCode.Accepted);
        Assert.Equal("queued", task.Attribute("status")!.Value);
        await Task.Delay(100);
        Assert.Equal("queued", (await TestSimulator.GetXmlAsync(c, task.Attribute("href")!.Value)).Attribute("status")!.Value);   // frozen

        await Clock(new { advance = "PT0.5S" });
        var running = await TestSimulator.GetXmlAsync(c, task.Attribute("href")!.Value);
        Assert.Equal("running", running.Attribute("status")!.Value);
        Assert.Equal("50", running.Element(V + "Progress")!.Value);

        await Clock(new { advance = "PT1S" });
        var done = await TestSimulator.GetXmlAsync(c, task.Attribute("href")!.Value);
        Assert.Equal("success", done.Attribute("status")!.Value);
        Assert.Equal("100", done.Element(V + "Progress")!.Value);
        Assert.Equal("2026-10-01T00:00:01.000Z", done.Attribute("endTime")!.Value);   // stamped with the task's simulated end
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All[^1];
            Assert.Equal(new DateTime(2026, 10, 1, 0, 0, 1, DateTimeKind.Utc), e.Timestamp);
            Assert.Equal("POWERED_ON", e.Properties["vm.state"]);
        }
        // reset state for other tests
        var off = await TestSimulator.XmlAsync(await c.PostAsync(href + "/power/action/powerOff", null), HttpStatusCode.Accepted);
        await Clock(new { advance = "PT2S" });
        Assert.Equal("success", (await TestSimulator.GetXmlAsync(c, off.Attribute("href")!.Value)).Attribute("status")!.Value);
    }

    [Fact]
    public async Task TaskFailFaultEndsTheTaskInErrorAndRecordsAFailedPowerOn()
    {
        var c = await _sim.LoginAsync();
        var href = await _sim.VAppHrefAsync(c, "reporting");
        await Fault(new { pathPattern = "/api/vApp/*/power/action/powerOn", method = "POST", kind = "taskFail", message = "Host unavailable." });
        var task = await TestSimulator.XmlAsync(await c.PostAsync(href + "/power/action/powerOn", null), HttpStatusCode.Accepted);
        await Clock(new { advance = "PT2S" });
        var done = await TestSimulator.GetXmlAsync(c, task.Attribute("href")!.Value);
        Assert.Equal("error", done.Attribute("status")!.Value);
        Assert.Contains("Host unavailable.", done.Element(V + "Error")!.Attribute("message")!.Value);
        Assert.Equal("8", (await TestSimulator.GetXmlAsync(c, href)).Attribute("status")!.Value);
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All[^1];
            Assert.False(e.Success);
            Assert.Equal("POWERED_OFF", e.Properties["vm.state"]);
            Assert.Equal("powerOn", e.Properties["vm.powerAction"]);
        }
    }

    [Fact]
    public async Task StatusFaultHitsOnceThenClears()
    {
        var c = await _sim.LoginAsync();
        await Fault(new { pathPattern = "/api/query*", method = "GET", count = 1, kind = "status", status = 503 });
        var faults = await _sim.Anonymous.GetStringAsync("/sim/faults");
        Assert.Contains("/api/query*", faults);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await c.GetAsync("/api/query?type=vApp")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/query?type=vApp")).StatusCode);
        Assert.Equal("[]", await _sim.Anonymous.GetStringAsync("/sim/faults"));
    }

    [Fact]
    public async Task RateLimitFaultLimitsEachSessionWith429AndRetryAfterUntilCleared()
    {
        var a = await _sim.LoginAsync();
        var b = await _sim.LoginAsync();
        await Fault(new { pathPattern = "/api/*", kind = "rateLimit", limit = 2, windowMs = 60_000 });
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/org/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/org/")).StatusCode);
        var refused = await a.GetAsync("/api/org/");
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/org/")).StatusCode);           // another session has its own budget
        Assert.Equal(HttpStatusCode.OK, (await _sim.Anonymous.GetAsync("/api/versions")).StatusCode);   // no session: not limited
        using (var listed = JsonDocument.Parse(await _sim.Anonymous.GetStringAsync("/sim/faults")))
            Assert.Equal(1, listed.RootElement[0].GetProperty("refused").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await _sim.Anonymous.DeleteAsync("/sim/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/org/")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sim.Anonymous.PostAsJsonAsync("/sim/faults", new { kind = "rateLimit", limit = 0 })).StatusCode);
    }

    [Fact]
    public async Task DropFaultAbortsTheConnectionMidBody()
    {
        var c = await _sim.LoginAsync();
        await Fault(new { pathPattern = "/api/query*", kind = "drop", afterBytes = 100 });
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var r = await c.GetAsync("/api/query?type=vm&pageSize=50");
            await r.Content.ReadAsStringAsync();
        });
        await Fault(new { pathPattern = "/api/org*", kind = "drop" });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.GetAsync("/api/org/"));
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/org/")).StatusCode);
    }

    [Fact]
    public async Task ExpireSessionAndBusyFaults()
    {
        var c = await _sim.LoginAsync();
        await Fault(new { pathPattern = "/api/vApp/*", method = "POST", kind = "busy" });
        var href = await _sim.VAppHrefAsync(c, "shop");
        var busy = await TestSimulator.XmlAsync(await c.PostAsync(href + "/power/action/reboot", null), HttpStatusCode.BadRequest);
        Assert.Equal("BUSY_ENTITY", busy.Attribute("minorErrorCode")!.Value);

        await Fault(new { pathPattern = "/api/org*", kind = "expireSession" });
        var r = await c.GetAsync("/api/org/");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Empty(await r.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/query?type=vApp")).StatusCode);
    }

    [Fact]
    public async Task OrgOperationLimitsQueueExcessTasksAndRefuseBeyondTheQueue()
    {
        var c = await _sim.LoginAsync();
        var org = _sim.Sim.Store.Orgs.Values.Single(o => o.Name == "ent");
        org.OperationsPerOrg = 1;
        org.QueuedOperationsPerOrg = 1;
        try
        {
            var first = await TestSimulator.XmlAsync(await c.PostAsync(await _sim.VAppHrefAsync(c, "shop") + "/power/action/reboot", null), HttpStatusCode.Accepted);
            var second = await TestSimulator.XmlAsync(await c.PostAsync(await _sim.VAppHrefAsync(c, "crm") + "/power/action/reboot", null), HttpStatusCode.Accepted);
            var third = await c.PostAsync(await _sim.VAppHrefAsync(c, "build-agents") + "/power/action/reboot", null);
            Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);

            await Clock(new { advance = "PT1.1S" });
            Assert.Equal("success", (await TestSimulator.GetXmlAsync(c, first.Attribute("href")!.Value)).Attribute("status")!.Value);
            Assert.Equal("queued", (await TestSimulator.GetXmlAsync(c, second.Attribute("href")!.Value)).Attribute("status")!.Value);
            await Clock(new { advance = "PT0.5S" });
            Assert.Equal("running", (await TestSimulator.GetXmlAsync(c, second.Attribute("href")!.Value)).Attribute("status")!.Value);
            await Clock(new { advance = "PT1S" });
            Assert.Equal("success", (await TestSimulator.GetXmlAsync(c, second.Attribute("href")!.Value)).Attribute("status")!.Value);
        }
        finally
        {
            org.OperationsPerOrg = 0;
            org.QueuedOperationsPerOrg = 0;
        }
    }

    [Fact]
    public async Task DeleteFaultsClearsEverything()
    {
        await Fault(new { pathPattern = "/never*", kind = "status", status = 500, count = 5 });
        Assert.Equal(HttpStatusCode.NoContent, (await _sim.Anonymous.DeleteAsync("/sim/faults")).StatusCode);
        Assert.Equal("[]", await _sim.Anonymous.GetStringAsync("/sim/faults"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _sim.Anonymous.PostAsJsonAsync("/sim/faults", new { kind = "nope" })).StatusCode);
    }
}
