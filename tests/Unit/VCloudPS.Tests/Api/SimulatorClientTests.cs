using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Tests.Api;

/// <summary>The client and its mapping against the simulator's payloads (in-process, enterprise seed).</summary>
public class SimulatorClientTests : IClassFixture<TestSimulator>
{
    private readonly TestSimulator _sim;
    public SimulatorClientTests(TestSimulator sim) => _sim = sim;

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task PasswordAndTokenLoginsWorkAndLegacyLoginIsUsedForOldVersions()
    {
        using var c = await _sim.ConnectAsync();
        Assert.Equal("ent", c.Org);
        Assert.StartsWith("/cloudapi/", c.LoginPath);

        using var t = await VCloudConnection.ConnectAsync(new ConnectOptions { Server = _sim.BaseUri, Org = "ent", ApiToken = SimulatorConnections.Secure(SimulatorConnections.AdminToken), RetryPolicy = RetryPolicy.Immediate }, None);
        Assert.Equal("admin", t.User);

        using var legacy = await _sim.ConnectAsync(apiVersion: "35.0");
        Assert.Equal("35.0", legacy.ApiVersion);
        Assert.Equal("/api/sessions", legacy.LoginPath);
        Assert.NotEmpty(legacy.QueryRecords("vApp", null, None).Take(1));
    }

    [Fact]
    public async Task ShopEntityMapsToFourVmsWithTheSeededHardware()
    {
        using var c = await _sim.ConnectAsync();
        var record = c.QueryRecords("vApp", QueryFilter.Eq("name", "shop", c.ApiVersion), None).Single();
        var fromRecord = EntityMapper.ToVAppFromRecord(record, c);
        var vapp = await InventoryClient.GetVAppAsync(c, fromRecord.Href, None);
        var vms = (await InventoryClient.GetVmsAsync(c, vapp.Href, None)).OrderBy(v => v.Name).ToList();

        Assert.Equal(new[] { "db1", "db2", "proxy", "web" }, vms.Select(v => v.Name));
        Assert.Equal(new int?[] { 4, 4, 1, 2 }, vms.Select(v => v.CpuCount));
        Assert.Equal(new long?[] { 16384, 12288, 2048, 4096 }, vms.Select(v => v.MemoryMB));
        Assert.Equal(new long?[] { 143360, 122880, 16384, 30720 }, vms.Select(v => v.StorageMB));
        Assert.Equal(new long[] { 40960, 102400 }, vms[0].Disks.Select(d => d.SizeMB));
        Assert.Equal(2, vms.Single(v => v.Name == "web").Nics.Length);
        Assert.Equal("10.10.10.11", vms[0].IpAddress);
        Assert.All(vms, v => Assert.Equal("shop", v.VAppName));
        Assert.All(vms, v => Assert.StartsWith("urn:vcloud:vm:", v.Id));

        Assert.Equal("POWERED_ON", vapp.Status);
        Assert.Equal(4, vapp.NumberOfVMs);
        Assert.Equal(11, vapp.CpuCount);
        Assert.Equal(34816, vapp.MemoryMB);
        Assert.Equal(313344, vapp.StorageMB);
        Assert.Equal("ent-prod", vapp.VdcName);

        // The query record agrees with the entity.
        Assert.Equal(vapp.Id, fromRecord.Id);
        Assert.Equal("POWERED_ON", fromRecord.Status);
        Assert.Equal("ent-prod", fromRecord.VdcName);
        Assert.Equal("ent", fromRecord.OrgName);
        if (fromRecord.CpuCount.HasValue) Assert.Equal(11, fromRecord.CpuCount);
        if (fromRecord.MemoryMB.HasValue) Assert.Equal(34816, fromRecord.MemoryMB);
    }

    [Fact]
    public async Task VmRecordsVdcsOrgsAndCatalogsMap()
    {
        using var c = await _sim.ConnectAsync();
        var shopHref = c.QueryRecords("vApp", "name==shop", None).Single().Attr("href")!;
        var vmRecords = c.QueryRecords("vm", QueryFilter.And(QueryFilter.Eq("container", shopHref, c.ApiVersion), "isVAppTemplate==false"), None)
            .Select(r => EntityMapper.ToVmFromRecord(r, c)).ToList();
        Assert.Equal(4, vmRecords.Count);
        Assert.Equal(16384, vmRecords.Single(v => v.Name == "db1").MemoryMB);
        Assert.Equal(4, vmRecords.Single(v => v.Name == "db1").CpuCount);
        Assert.All(vmRecords, v => Assert.Equal("shop", v.VAppName));

        var vdcs = InventoryClient.GetVdcs(c, null, None).ToList();
        var prod = vdcs.Single(v => v.Name == "ent-prod");
        Assert.False(string.IsNullOrEmpty(prod.AllocationModel));
        var entity = await InventoryClient.GetVdcAsync(c, prod.Href, None);
        Assert.Equal(prod.Name, entity.Name);
        Assert.Equal(prod.AllocationModel, entity.AllocationModel);
        Assert.Equal(prod.Id, entity.Id);

        var orgs = await InventoryClient.GetOrgsAsync(c, None);
        Assert.Equal("ent", Assert.Single(orgs).Name);
        Assert.NotEmpty(InventoryClient.GetCatalogs(c, null, None));
    }

    [Fact]
    public async Task PowerCycleWaitsForTasksAndFollowsTheStateDependentLinks()
    {
        using var c = await _sim.ConnectAsync();
        var href = c.QueryRecords("vApp", "name==web-tier*", None).Select(r => r.Attr("href")).FirstOrDefault()
                   ?? c.QueryRecords("vApp", "status==POWERED_ON", None).Select(r => r.Attr("href")).First(h => h != null && !h.Contains("shop"))!;
        var percent = new List<int>();
        var off = await VAppOperations.PowerAsync(c, href!, VAppPowerAction.PowerOff, TimeSpan.FromSeconds(30), new Progress(percent), None);
        Assert.True(off.Changed);
        Assert.Equal("POWERED_OFF", off.VApp.Status);
        Assert.True(off.VApp.Deployed);
        Assert.Contains(100, percent);

        var again = await VAppOperations.PowerAsync(c, href!, VAppPowerAction.PowerOff, TimeSpan.FromSeconds(30), null, None);
        Assert.False(again.Changed);

        var deleteDeployed = await Assert.ThrowsAsync<VCloudException>(() => VAppOperations.RemoveAsync(c, href!, undeployFirst: false, TimeSpan.FromSeconds(30), null, None));
        Assert.Equal("VAppDeployed", deleteDeployed.ErrorId);

        var undeployed = await VAppOperations.UndeployAsync(c, href!, "powerOff", TimeSpan.FromSeconds(30), null, None);
        Assert.False(undeployed.VApp.Deployed);
        var on = await VAppOperations.PowerAsync(c, href!, VAppPowerAction.PowerOn, TimeSpan.FromSeconds(30), null, None);
        Assert.Equal("POWERED_ON", on.VApp.Status);
    }

    [Fact]
    public async Task ALostAnswerIsLookedUpInTheEntitysTasks()
    {
        using var c = await _sim.ConnectAsync();
        var href = c.QueryRecords("vApp", "status==POWERED_ON", None).Select(r => r.Attr("href")).First(h => h != null && !h.Contains("shop"))!;
        Assert.Empty(await c.FindTasksAsync(href, DateTime.MaxValue.AddDays(-1), null, None));
        await VAppOperations.PowerAsync(c, href, VAppPowerAction.PowerOff, TimeSpan.FromSeconds(30), null, None);
        var tasks = await c.FindTasksAsync(href, DateTime.MinValue, null, None);
        Assert.NotEmpty(tasks);
        var done = await c.WaitForLostTaskAsync(href, DateTime.MinValue, tasks[0].Attr("name"), TimeSpan.FromSeconds(30), None);
        Assert.Equal("success", done!.Attr("status"));
        await VAppOperations.PowerAsync(c, href, VAppPowerAction.PowerOn, TimeSpan.FromSeconds(30), null, None);
    }

    [Fact]
    public async Task BusyEntityAndTransientFaultsAreRetriedAgainstTheSimulator()
    {
        using var c = await _sim.ConnectAsync();
        _sim.Inject("status", "/api/query", "GET", 503);
        _sim.Inject("drop", "/api/query", "GET");
        _sim.Inject("expireSession", "/api/query", "GET");
        Assert.Single(c.QueryRecords("vApp", "name==shop", None));
        Assert.Equal(1, c.SessionRenewals);

        var vapp = c.QueryRecords("vApp", "name==shop", None).Single().Attr("href")!;
        _sim.Inject("busy", "/api/vApp/*/power/action/*", "POST");
        var r = await VAppOperations.PowerAsync(c, vapp, VAppPowerAction.PowerOff, TimeSpan.FromSeconds(30), null, None);
        Assert.True(r.Changed);
        await VAppOperations.PowerAsync(c, vapp, VAppPowerAction.PowerOn, TimeSpan.FromSeconds(30), null, None);
        Assert.Empty(_sim.Host.Simulation.Faults.List());
    }

    [Fact]
    public async Task FailingTaskSurfacesTheServerMessage()
    {
        using var c = await _sim.ConnectAsync();
        var href = c.QueryRecords("vApp", "status==POWERED_ON", None).Select(x => x.Attr("href")!).Last();
        _sim.Inject("taskFail", "/api/vApp/*/power/action/powerOff", "POST");
        var ex = await Assert.ThrowsAsync<VCloudTaskFailedException>(() => VAppOperations.PowerAsync(c, href, VAppPowerAction.PowerOff, TimeSpan.FromSeconds(30), null, None));
        Assert.Equal("error", ex.TaskStatus);
        Assert.False(string.IsNullOrWhiteSpace(ex.ServerMessage));
    }

    [Fact]
    public async Task ForeignAndMissingEntitiesAreNotFound()
    {
        using var lab = await _sim.ConnectAsync("labadmin@lab", "Lab-Admin-2026!");
        using var ent = await _sim.ConnectAsync();
        var shop = ent.QueryRecords("vApp", "name==shop", None).Single().Attr("href")!;
        var ex = await Assert.ThrowsAsync<VCloudException>(() => lab.GetXmlAsync(shop, None));
        Assert.Equal(VCloudErrorKind.NotFound, ex.Kind);
        Assert.Equal("VAppNotFound", ex.ErrorId);
        Assert.Equal(403, ex.StatusCode);
        Assert.Empty(lab.QueryRecords("vApp", "name==shop", None));
    }

    [Fact]
    public async Task AuditTrailPagesThroughTheCloudapi()
    {
        using var c = await _sim.ConnectAsync();
        var first = (await c.GetCloudApiAsync("/cloudapi/1.0.0/auditTrail?page=1&pageSize=1", None))!;
        long total = (long)first["resultTotal"]!;
        Assert.True(total > 0);
        var all = c.GetCloudApiPaged("/cloudapi/1.0.0/auditTrail", null, None, "timestamp", 128).Count();
        Assert.Equal(total, all);
    }

    [Fact]
    public async Task ProviderListsAdminRecordsOfEveryOrgWithOrgNames()
    {
        using var p = await _sim.ConnectAsync("administrator@System", "Ent-Sys-Admin-2026!");
        Assert.True(p.IsProvider);
        Assert.Equal("/cloudapi/1.0.0/sessions/provider", p.LoginPath);
        var vapps = InventoryClient.GetVAppPages(p, new VAppQuery { PageSize = 3 }, None).SelectMany(pg => pg.VApps).ToList();
        Assert.Contains(vapps, v => v.Name == "shop" && v.OrgName == "ent");
        Assert.All(vapps, v => Assert.False(string.IsNullOrEmpty(v.OrgName)));
        Assert.True(vapps.Select(v => v.OrgName).Distinct().Count() >= 2);
        Assert.Equal(vapps.Count, vapps.Select(v => v.Href).Distinct().Count());
    }

    [Fact]
    public async Task RemoveWithUndeployFirstDeletesARunningVApp()
    {
        using var c = await _sim.ConnectAsync();
        var href = c.QueryRecords("vApp", "name==legacy-erp", None).Single().Attr("href")!;
        await VAppOperations.PowerAsync(c, href, VAppPowerAction.PowerOn, TimeSpan.FromSeconds(30), null, None);
        Assert.True((await InventoryClient.GetVAppAsync(c, href, None)).Deployed);
        await VAppOperations.RemoveAsync(c, href, undeployFirst: true, TimeSpan.FromSeconds(30), null, None);
        Assert.Empty(c.QueryRecords("vApp", "name==legacy-erp", None));
        var gone = await Assert.ThrowsAsync<VCloudException>(() => c.GetXmlAsync(href, None));
        Assert.Equal("VAppNotFound", gone.ErrorId);
    }

    [Fact]
    public async Task ARequestThatExceedsTheTimeoutIsRetried()
    {
        using var c = await VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = _sim.BaseUri, User = "admin@ent", Password = SimulatorConnections.Secure(SimulatorConnections.AdminPassword),
            Timeout = TimeSpan.FromMilliseconds(500), RetryPolicy = RetryPolicy.Immediate,
        }, None);
        _sim.Host.Simulation.Faults.Add(new VCloudPS.Simulator.Faults.Fault { Kind = "slow", PathPattern = "/api/org/", Method = "GET", DelayMs = 10000 });
        var log = new List<string>();
        VCloudTrace.Sink = m => { lock (log) log.Add(m); };
        try
        {
            var orgs = await InventoryClient.GetOrgsAsync(c, None);
            Assert.Equal("ent", Assert.Single(orgs).Name);
        }
        finally { VCloudTrace.Sink = null; }
        Assert.Contains(log, m => m.Contains("timed out") && m.Contains("retry"));
    }

    private sealed class Progress(List<int> into) : IProgress<int>
    {
        public void Report(int value) { lock (into) into.Add(value); }
    }
}
