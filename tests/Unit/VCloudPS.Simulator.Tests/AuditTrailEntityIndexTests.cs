using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Tests;

/// <summary>An eventEntity.id filter is answered from the per-entity index exactly as a scan of the whole trail would.</summary>
public sealed class AuditTrailEntityIndexTests : IAsyncLifetime, IDisposable
{
    private TestSimulator _sim = null!;
    private HttpClient _ent = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise", frozen: true, generate: 20);
        var xml = await _sim.LoginAsync();
        _ent = new HttpClient { BaseAddress = _sim.BaseUri };
        _ent.DefaultRequestHeaders.TryAddWithoutValidation("x-vcloud-authorization", xml.DefaultRequestHeaders.GetValues("x-vcloud-authorization").Single());
        _ent.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;version=37.0"));
    }

    public void Dispose() => _ent.Dispose();

    public async Task DisposeAsync()
    {
        _ent.Dispose();
        await _sim.DisposeAsync();
    }

    private sealed record Ev(string Id, string Entity, string Type, DateTime At);

    /// <summary>Every page of a query (pages of 7, so results span pages).</summary>
    private async Task<List<Ev>> All(string? filter, bool desc = false)
    {
        var list = new List<Ev>();
        for (var page = 1; ; page++)
        {
            var url = "/cloudapi/1.0.0/auditTrail?page=" + page + "&pageSize=7" + (filter == null ? "" : "&filter=" + Uri.EscapeDataString(filter)) +
                      (desc ? "&sortDesc=timestamp" : "&sortAsc=timestamp");
            var resp = await _ent.GetAsync(url);
            var text = await resp.Content.ReadAsStringAsync();
            Assert.True(resp.StatusCode == HttpStatusCode.OK, text);
            var body = JsonDocument.Parse(text).RootElement;
            list.AddRange(body.GetProperty("values").EnumerateArray().Select(v => new Ev(v.GetProperty("eventId").GetString()!,
                v.GetProperty("eventEntity").GetProperty("id").GetString()!, v.GetProperty("eventType").GetString()!,
                v.GetProperty("timestamp").GetDateTime().ToUniversalTime())));
            if (page >= body.GetProperty("pageCount").GetInt32()) return list;
        }
    }

    [Fact]
    public async Task AnIdFilterAnswersLikeAScanOfTheWholeTrail()
    {
        var everything = await All(null);
        var vms = everything.Where(e => e.Entity.StartsWith("urn:vcloud:vm:", StringComparison.Ordinal)).Select(e => e.Entity).Distinct().Take(6).ToList();
        var vapp = everything.First(e => e.Entity.StartsWith("urn:vcloud:vapp:", StringComparison.Ordinal)).Entity;
        var foreign = _sim.Sim.Store.Vms.Values.First(v => !v.InTemplate && _sim.Sim.Store.VApps.TryGetValue(v.VAppId, out var a) && _sim.Sim.Store.Orgs[a.OrgId].Name != "ent").Urn;
        var ids = vms.Append(vapp).Append("urn:vcloud:vm:00000000-0000-4000-8000-00000000dead").Append(foreign).ToList();
        var cut = everything[everything.Count * 3 / 4].At;
        const string types = "com/vmware/vcloud/event/vm/change_state,com/vmware/vcloud/event/vapp/create";
        var filter = "timestamp=lt=" + cut.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + ";(" + string.Join(",", ids.Select(i => "eventEntity.id==" + i)) + ");(" +
                     string.Join(",", types.Split(',').Select(t => "eventType==" + t)) + ")";

        var expected = everything.Where(e => ids.Contains(e.Entity) && e.At < cut && types.Split(',').Contains(e.Type)).Reverse().ToList();
        Assert.True(expected.Count > 7, "the test needs results over several pages");
        Assert.Equal(expected, await All(filter, desc: true));

        // One id without parentheses, ascending; a wildcard is not an index lookup and still matches like a scan.
        Assert.Equal(everything.Where(e => e.Entity == vms[0]).ToList(), await All("eventEntity.id==" + vms[0]));
        Assert.Equal(everything.Where(e => e.Entity.StartsWith("urn:vcloud:vapp:", StringComparison.Ordinal)).ToList(), await All("eventEntity.id==urn:vcloud:vapp:*"));
        // An OR of ids with something else is no id lookup either.
        Assert.Equal(everything.Where(e => e.Entity == vms[1] || e.Type.EndsWith("vapp/create", StringComparison.Ordinal)).ToList(),
            await All("eventEntity.id==" + vms[1] + ",eventType==com/vmware/vcloud/event/vapp/create"));
        Assert.Empty(await All("eventEntity.id==" + foreign));
    }

    [Fact]
    public async Task AnEventRecordedLaterIsFoundByIdInTimeOrder()
    {
        var vm = _sim.Sim.Store.Vms.Values.First(v => !v.InTemplate && _sim.Sim.Store.VApps.TryGetValue(v.VAppId, out var a) && _sim.Sim.Store.Orgs[a.OrgId].Name == "ent" &&
            _sim.Sim.Store.Events.OfEntity(v.Urn).Count >= 2);
        var before = await All("eventEntity.id==" + vm.Urn);
        Assert.True(before.Count >= 2);
        var at = before[0].At + (before[1].At - before[0].At) / 2;
        SimEvent added;
        lock (_sim.Sim.Store.Sync)
        {
            var vapp = _sim.Sim.Store.VApps[vm.VAppId];
            added = _sim.Sim.Events.VmChangeState(vm, vapp, VAppStatus.POWERED_ON, "powerOn", Actor.System(EntityRef.Of(_sim.Sim.Store.Orgs[vapp.OrgId])), at, null);
        }
        var after = await All("eventEntity.id==" + vm.Urn);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal("urn:vcloud:audit:" + added.EventId, after[1].Id);
        Assert.Equal((await All(null)).Where(e => e.Entity == vm.Urn).ToList(), after);
    }
}
