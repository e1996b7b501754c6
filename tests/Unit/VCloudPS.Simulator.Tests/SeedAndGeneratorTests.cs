using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Tests;

public class SeedAndGeneratorTests
{
    private static readonly XNamespace V = TestSimulator.V;
    private static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";

    [Fact]
    public async Task EnterpriseShopHasTheDocumentedFourVms()
    {
        await using var sim = await TestSimulator.StartAsync("enterprise", frozen: true);
        var c = await sim.LoginAsync();
        var shop = await TestSimulator.GetXmlAsync(c, await sim.VAppHrefAsync(c, "shop"));
        var expected = new Dictionary<string, (int Cpu, long Mem, long[] Disks)>
        {
            ["db1"] = (4, 16384, new long[] { 40960, 102400 }),
            ["db2"] = (4, 12288, new long[] { 40960, 81920 }),
            ["web"] = (2, 4096, new long[] { 30720 }),
            ["proxy"] = (1, 2048, new long[] { 16384 }),
        };
        var vms = shop.Element(V + "Children")!.Elements(V + "Vm").ToList();
        Assert.Equal(expected.Keys.OrderBy(k => k), vms.Select(v => v.Attribute("name")!.Value).OrderBy(k => k));
        foreach (var vm in vms)
        {
            var (cpu, mem, disks) = expected[vm.Attribute("name")!.Value];
            var items = vm.Descendants().Where(e => e.Name.LocalName == "Item").ToList();
            Assert.Equal(cpu.ToString(CultureInfo.InvariantCulture), items.Single(i => i.Element(Rasd + "ResourceType")!.Value == "3").Element(Rasd + "VirtualQuantity")!.Value);
            Assert.Equal(mem.ToString(CultureInfo.InvariantCulture), items.Single(i => i.Element(Rasd + "ResourceType")!.Value == "4").Element(Rasd + "VirtualQuantity")!.Value);
            var capacities = items.Where(i => i.Element(Rasd + "ResourceType")!.Value == "17")
                .Select(i => long.Parse(i.Element(Rasd + "HostResource")!.Attributes().Single(a => a.Name.LocalName == "capacity").Value, CultureInfo.InvariantCulture));
            Assert.Equal(disks, capacities);
            Assert.Equal("4", vm.Attribute("status")!.Value);
        }
    }

    [Fact]
    public async Task SimUsersListsEverySeededUserWithCredentials()
    {
        await using var sim = await TestSimulator.StartAsync("provider", frozen: true);
        using var j = JsonDocument.Parse(await sim.Anonymous.GetStringAsync("/sim/users"));
        var users = j.RootElement.EnumerateArray().ToList();
        var acmeAdmin = users.Single(u => u.GetProperty("org").GetString() == "acme" && u.GetProperty("name").GetString() == "admin");
        Assert.Equal("Organization Administrator", acmeAdmin.GetProperty("role").GetString());
        Assert.Equal("Acme-Admin-2026!", acmeAdmin.GetProperty("password").GetString());
        Assert.Equal("AcmeAdm1nApiT0kenV4lid5Jd8Kq2Mv7P", acmeAdmin.GetProperty("apiToken").GetString());
        Assert.False(acmeAdmin.GetProperty("isSystem").GetBoolean());
        Assert.Contains(users, u => u.GetProperty("org").GetString() == "System" && u.GetProperty("isSystem").GetBoolean());
        var vdcs = sim.Sim.Store.Vdcs.Values.Where(v => sim.Sim.Store.Orgs[v.OrgId].Name == "acme").Select(v => v.AllocationModel).ToList();
        Assert.Contains(AllocationModel.AllocationVApp, vdcs);
        Assert.Contains(AllocationModel.AllocationPool, vdcs);

        var exchange = await sim.Anonymous.PostAsync("/oauth/provider/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "Pr0vAdm1nApiT0kenV4lid8Bn3Gt6Hy2K",
        }));
        Assert.Equal(System.Net.HttpStatusCode.OK, exchange.StatusCode);
        Assert.Contains("access_token", await exchange.Content.ReadAsStringAsync());
        var expired = await sim.Anonymous.PostAsync("/oauth/tenant/acme/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "AcmeAdm1nApiT0kenExp1red6Cv2Np8Lq",
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, expired.StatusCode);
    }

    [Fact]
    public async Task SeedHistoryCoversThreeMonthsWithOutagesLeaseExpiryMaintenanceAndHotAdd()
    {
        await using var sim = await TestSimulator.StartAsync("enterprise", frozen: true);
        var store = sim.Sim.Store;
        var now = sim.Sim.Clock.UtcNow;
        var events = store.Events.All;
        Assert.True(events[0].Timestamp < now.AddDays(-90));
        Assert.All(events, e => Assert.True(e.Timestamp < now));
        Assert.Contains(events, e => e.ShortType == "vm/change_state" && e.User.Name == "system" && e.Properties["vm.powerAction"] == "failure" && e.TaskUrn is null);
        Assert.Contains(events, e => e.ShortType == "vm/change_state" && e.User.Name != "system" && e.Properties["vm.state"] == "POWERED_OFF" && e.TaskUrn != null);
        Assert.Contains(events, e => e.ShortType == "vapp/runtime_lease_expiry");
        Assert.Contains(events, e => e.ShortType == "vapp/maintenance_mode" && e.Properties["vapp.maintenanceMode"] == "true");
        Assert.Contains(events, e => e.ShortType == "vm/modify" && e.Entity.Name == "web" && e.Properties["vm.numCpu"] == "2");
        Assert.Contains(events, e => e.ShortType == "vapp/modify" && e.Properties.ContainsKey("vapp.publicIpCount"));
        var monthBeforeLast = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-2);
        Assert.Contains(events, e => e.ShortType == "vm/create" && e.Entity.Name == "proxy" && e.Timestamp == monthBeforeLast.AddDays(14));
        Assert.Contains(events, e => e.ShortType == "vapp/delete");

        // The last power event of every VM matches its current state.
        foreach (var vm in store.Vms.Values.Where(v => !v.InTemplate))
        {
            var last = events.LastOrDefault(e => e.Entity.Id == vm.Id && e.ShortType == "vm/change_state" && e.Success);
            var expected = vm.Status == VAppStatus.POWERED_ON ? "POWERED_ON" : vm.Status == VAppStatus.SUSPENDED ? "SUSPENDED" : "POWERED_OFF";
            Assert.True(last is null ? expected == "POWERED_OFF" : last.Properties["vm.state"] == expected, $"{vm.Name}: last {last?.Properties["vm.state"]} vs {expected}");
        }
    }

    [Theory]
    [InlineData("provider", 0)]
    [InlineData("enterprise", 300)]
    public async Task GeneratedHistoriesEndInEachVmsCurrentState(string seed, int generate)
    {
        await using var sim = await TestSimulator.StartAsync(seed, frozen: true, generate: generate);
        var store = sim.Sim.Store;
        var last = new Dictionary<Guid, string>();
        foreach (var e in store.Events.All)
            if (e.ShortType == "vm/change_state" && e.Success) last[e.Entity.Id] = e.Properties["vm.state"];
        foreach (var vm in store.Vms.Values.Where(v => !v.InTemplate))
        {
            var expected = vm.Status == VAppStatus.POWERED_ON ? "POWERED_ON" : vm.Status == VAppStatus.SUSPENDED ? "SUSPENDED" : "POWERED_OFF";
            Assert.True(last.GetValueOrDefault(vm.Id, "POWERED_OFF") == expected, $"{vm.Name}: history ends {last.GetValueOrDefault(vm.Id)} but the VM is {expected}");
        }
        Assert.All(store.Events.All, e => Assert.True(e.Timestamp < sim.Sim.Clock.UtcNow));
    }

    [Fact]
    public async Task JsonSeedFileWithExplicitHistoryLoads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
        {
          "name": "c1", "now": "2024-05-02T00:00:00Z", "auditRetentionDays": 0,
          "apiVersions": ["36.0", "37.0", "33.0:deprecated"],
          "orgs": [ { "name": "acme", "users": [ { "name": "admin", "password": "pw" } ],
                      "vdcs": [ { "name": "vdc1", "storageProfiles": [ { "name": "Standard", "default": true } ] } ],
                      "vapps": [ { "name": "shop", "vdc": "vdc1", "created": "2024-03-01T00:00:00Z", "status": "POWERED_OFF",
                                   "vms": [ { "name": "web01", "cpu": 2, "memoryMB": 4096, "disks": [ { "sizeMB": 40960 } ] } ] } ] } ],
          "history": [
            { "timestamp": "2024-04-01T00:00:00Z", "type": "vm/change_state", "vApp": "shop", "vm": "web01", "user": "admin", "state": "POWERED_ON", "powerAction": "powerOn" },
            { "timestamp": "2024-04-11T00:00:00Z", "type": "vm/change_state", "vApp": "shop", "vm": "*", "user": "admin", "state": "POWERED_OFF", "powerAction": "powerOff" }
          ]
        }
        """);
        try
        {
            await using var sim = await TestSimulator.StartAsync(path, frozen: true);
            Assert.Equal(new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc), sim.Sim.Clock.UtcNow);
            Assert.Equal(new[] { "36.0", "37.0", "33.0" }, sim.Sim.Versions.Versions.Select(v => v.Version));
            var ev = sim.Sim.Store.Events.All;
            Assert.Equal(new[] { "vapp/create", "vm/create", "vm/change_state", "vm/change_state" }, ev.Select(e => e.ShortType));
            Assert.Equal("Standard:40960", ev[1].Properties["vm.disks"]);
            Assert.Equal(new DateTime(2024, 4, 11, 0, 0, 0, DateTimeKind.Utc), ev[3].Timestamp);
            Assert.Equal("admin", ev[3].User.Name);
            Assert.NotNull(ev[3].TaskUrn);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("\"vdc\": \"nope\"", "no VDC 'nope'")]
    [InlineData("\"vdc\": \"vdc1\", \"owner\": \"ghost\"", "no user 'ghost'")]
    [InlineData("\"vdc\": \"vdc1\", \"vms\": [ { \"name\": \"v\", \"storageProfile\": \"Platinum\" } ]", "no storage profile 'Platinum'")]
    public async Task SeedErrorsNameTheBadReference(string vappJson, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"orgs\": [ { \"name\": \"o\", \"users\": [ { \"name\": \"admin\", \"password\": \"pw\" } ], " +
            "\"vdcs\": [ { \"name\": \"vdc1\" } ], \"vapps\": [ { \"name\": \"a\", " + vappJson + " } ] } ] }");
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidDataException>(() => TestSimulator.StartAsync(path));
            Assert.Contains(expected, ex.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task GeneratorAddsTheRequestedVappsWithAMonthOfHistoryAndPagesCompletely()
    {
        await using var sim = await TestSimulator.StartAsync("provider", frozen: true, generate: 10000);
        var store = sim.Sim.Store;
        var generated = store.VApps.Values.Where(a => a.Description == "Generated workload").ToList();
        Assert.Equal(10000, generated.Count);
        Assert.All(generated, a => Assert.InRange(a.VmIds.Count, 1, 4));
        Assert.True(generated.Select(a => a.VdcId).Distinct().Count() >= 4);
        var sample = generated[1234];
        Assert.Contains(store.Events.All, e => e.Entity.Id == sample.Id && e.ShortType == "vapp/create");

        var c = await sim.LoginAsync("administrator", "System");
        var url = "/api/query?type=adminVApp&pageSize=128&format=records";
        var seen = 0;
        var pages = 0;
        while (url != null)
        {
            var page = await TestSimulator.GetXmlAsync(c, url);
            seen += page.Elements(V + "AdminVAppRecord").Count();
            pages++;
            url = page.Elements(V + "Link").SingleOrDefault(l => l.Attribute("rel")!.Value == "nextPage")?.Attribute("href")!.Value;
        }
        Assert.Equal(store.VApps.Count, seen);
        Assert.Equal((store.VApps.Count + 127) / 128, pages);
    }
}
