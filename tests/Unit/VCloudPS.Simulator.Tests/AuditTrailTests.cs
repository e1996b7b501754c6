using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace VCloudPS.Simulator.Tests;

public sealed class AuditTrailTests : IAsyncLifetime, IDisposable
{
    private TestSimulator _sim = null!;
    private HttpClient _ent = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise", frozen: true);
        var xml = await _sim.LoginAsync();
        _ent = new HttpClient { BaseAddress = _sim.BaseUri };
        _ent.DefaultRequestHeaders.TryAddWithoutValidation("x-vcloud-authorization", xml.DefaultRequestHeaders.GetValues("x-vcloud-authorization").Single());
        _ent.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;version=37.0"));
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();
    public void Dispose() => _ent.Dispose();

    private async Task<(JsonElement Body, HttpResponseMessage Resp)> Get(string url)
    {
        var resp = await _ent.GetAsync(url);
        var text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == HttpStatusCode.OK, text);
        return (JsonDocument.Parse(text).RootElement, resp);
    }

    [Fact]
    public async Task PagesFollowTheLinkHeaderAndCoverResultTotal()
    {
        var (first, resp) = await Get("/cloudapi/1.0.0/auditTrail?pageSize=50&sortAsc=timestamp");
        var total = first.GetProperty("resultTotal").GetInt32();
        Assert.Equal((total + 49) / 50, first.GetProperty("pageCount").GetInt32());
        Assert.Contains("rel=\"nextPage\"", resp.Headers.GetValues("Link").Single());
        var seen = 0;
        string? url = "/cloudapi/1.0.0/auditTrail?pageSize=50&sortAsc=timestamp";
        DateTime last = DateTime.MinValue;
        while (url != null)
        {
            var (page, r) = await Get(url);
            foreach (var v in page.GetProperty("values").EnumerateArray())
            {
                var ts = v.GetProperty("timestamp").GetDateTime();
                Assert.True(ts >= last);
                last = ts;
                seen++;
            }
            var link = r.Headers.TryGetValues("Link", out var l) ? l.Single() : "";
            var next = link.Split(", ").FirstOrDefault(x => x.Contains("rel=\"nextPage\""));
            url = next is null ? null : next[1..next.IndexOf('>')];
        }
        Assert.Equal(total, seen);
    }

    [Fact]
    public async Task FilterOnTimeTypeAndEntityAndSortDesc()
    {
        var now = _sim.Sim.Clock.UtcNow;
        var from = now.AddDays(-60).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var to = now.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var filter = Uri.EscapeDataString($"timestamp=ge={from};timestamp=lt={to};eventType==com/vmware/vcloud/event/vm/change_state");
        var (body, _) = await Get($"/cloudapi/1.0.0/auditTrail?pageSize=128&filter={filter}&sortDesc=timestamp");
        var values = body.GetProperty("values").EnumerateArray().ToList();
        Assert.NotEmpty(values);
        var times = values.Select(v => v.GetProperty("timestamp").GetDateTime().ToUniversalTime()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.All(values, v =>
        {
            Assert.Equal("com/vmware/vcloud/event/vm/change_state", v.GetProperty("eventType").GetString());
            var ts = v.GetProperty("timestamp").GetDateTime().ToUniversalTime();
            Assert.InRange(ts, now.AddDays(-60).AddMilliseconds(-1), now.AddDays(-30));
            Assert.Equal("ent", v.GetProperty("operatingOrg").GetProperty("name").GetString());
        });

        var web = _sim.Sim.Store.Vms.Values.Single(v => v.Name == "web" && !v.InTemplate);
        var (byEntity, _) = await Get("/cloudapi/1.0.0/auditTrail?pageSize=128&filter=" + Uri.EscapeDataString($"eventEntity.id=={web.Urn}"));
        var list = byEntity.GetProperty("values").EnumerateArray().ToList();
        Assert.Contains(list, v => v.GetProperty("eventType").GetString()!.EndsWith("vm/modify", StringComparison.Ordinal));
        Assert.Contains(list, v => v.GetProperty("user").GetProperty("name").GetString() == "system" && v.GetProperty("taskId").ValueKind == JsonValueKind.Null);
        Assert.All(list, v => Assert.Equal(web.Urn, v.GetProperty("eventEntity").GetProperty("id").GetString()));
        var outage = list.First(v => v.GetProperty("additionalProperties").TryGetProperty("vm.powerAction", out var a) && a.GetString() == "failure");
        Assert.Equal("POWERED_OFF", outage.GetProperty("additionalProperties").GetProperty("vm.state").GetString());
    }

    [Fact]
    public async Task TenantsSeeOnlyTheirEventsAndRetentionHidesOldOnes()
    {
        var (all, _) = await Get("/cloudapi/1.0.0/auditTrail?pageSize=128&filter=" + Uri.EscapeDataString("operatingOrg.name==lab"));
        Assert.Equal(0, all.GetProperty("resultTotal").GetInt32());
        var cutoff = _sim.Sim.Clock.UtcNow.AddDays(-_sim.Sim.Store.AuditRetentionDays);
        var (old, _) = await Get("/cloudapi/1.0.0/auditTrail?filter=" + Uri.EscapeDataString($"timestamp=lt={cutoff:yyyy-MM-ddTHH:mm:ss.fffZ}"));
        Assert.Equal(0, old.GetProperty("resultTotal").GetInt32());
        Assert.Contains(_sim.Sim.Store.Events.All, e => e.Timestamp < cutoff);   // the seed has older events (old-webshop, -130d)
    }

    [Fact]
    public async Task EventQueryServesTheSameEventsAsRecords()
    {
        var xml = await _sim.LoginAsync();
        var page = await TestSimulator.GetXmlAsync(xml, "/api/query?type=event&pageSize=10&filter=" + Uri.EscapeDataString("eventType==com/vmware/vcloud/event/vapp/maintenance_mode;entityName==shop"));
        var recs = page.Elements(TestSimulator.V + "EventRecord").ToList();
        Assert.Equal(2, recs.Count);
        Assert.All(recs, r => Assert.Equal("shop", r.Attribute("entityName")!.Value));
        var (audit, _) = await Get("/cloudapi/1.0.0/auditTrail?filter=" + Uri.EscapeDataString("eventType==com/vmware/vcloud/event/vapp/maintenance_mode;eventEntity.name==shop"));
        Assert.Equal(int.Parse(page.Attribute("total")!.Value, CultureInfo.InvariantCulture), audit.GetProperty("resultTotal").GetInt32());
    }

    [Fact]
    public async Task VmMetricsFollowThePowerStateAndHistory()
    {
        var xml = await _sim.LoginAsync();
        var db1 = _sim.Sim.Store.Vms.Values.Single(v => v.Name == "db1");
        var rpt = _sim.Sim.Store.Vms.Values.Single(v => v.Name == "rpt01");
        var current = await TestSimulator.GetXmlAsync(xml, $"/api/vApp/vm-{db1.Id}/metrics/current");
        Assert.Contains(current.Elements(TestSimulator.V + "Metric"), m => m.Attribute("name")!.Value == "cpu.usage.average" && m.Attribute("unit")!.Value == "PERCENT");
        Assert.Empty((await TestSimulator.GetXmlAsync(xml, $"/api/vApp/vm-{rpt.Id}/metrics/current")).Elements(TestSimulator.V + "Metric"));

        var historic = await TestSimulator.GetXmlAsync(xml, $"/api/vApp/vm-{db1.Id}/metrics/historic");
        var cpu = historic.Elements(TestSimulator.V + "MetricSeries").Single(s => s.Attribute("name")!.Value == "cpu.usage.average");
        Assert.InRange(cpu.Elements(TestSimulator.V + "Sample").Count(), 287, 288);   // on for the whole last day
        var offHistoric = await TestSimulator.GetXmlAsync(xml, $"/api/vApp/vm-{rpt.Id}/metrics/historic");
        Assert.All(offHistoric.Elements(TestSimulator.V + "MetricSeries"), s => Assert.Empty(s.Elements(TestSimulator.V + "Sample")));
    }

    [Fact]
    public async Task BadFilterIsA400JsonError()
    {
        var r = await _ent.GetAsync("/cloudapi/1.0.0/auditTrail?filter=" + Uri.EscapeDataString("nope==1"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var j = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST", j.RootElement.GetProperty("minorErrorCode").GetString());
    }
}
