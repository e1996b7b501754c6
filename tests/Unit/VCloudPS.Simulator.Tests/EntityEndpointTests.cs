using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class EntityEndpointTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private TestSimulator _sim = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise", frozen: true);
        _admin = await _sim.LoginAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static string LinkHref(XElement e, string rel, string type) =>
        e.Elements(V + "Link").Single(l => l.Attribute("rel")!.Value == rel && l.Attribute("type")?.Value == type).Attribute("href")!.Value;

    [Fact]
    public async Task NavigationFromSessionToOrgVdcCatalogItemAndTemplate()
    {
        var session = await TestSimulator.GetXmlAsync(_admin, "/api/session");
        var org = await TestSimulator.GetXmlAsync(_admin, LinkHref(session, "down", "application/vnd.vmware.vcloud.org+xml"));
        Assert.Equal("Enterprise IT", org.Element(V + "FullName")!.Value);
        // From API 33 VDCs are found through the query link of the Org.
        Assert.DoesNotContain(org.Elements(V + "Link"), l => l.Attribute("type")?.Value == "application/vnd.vmware.vcloud.vdc+xml");
        var vdcs = await TestSimulator.GetXmlAsync(_admin, org.Elements(V + "Link").Single(l => (string?)l.Attribute("name") == "orgVdcs").Attribute("href")!.Value);
        Assert.Equal(new[] { "ent-prod", "ent-dev" }, vdcs.Elements(V + "OrgVdcRecord").Select(r => r.Attribute("name")!.Value));
        var prod = await TestSimulator.GetXmlAsync(_admin, vdcs.Elements(V + "OrgVdcRecord").First().Attribute("href")!.Value);
        Assert.Equal("AllocationPool", prod.Element(V + "AllocationModel")!.Value);
        Assert.Equal("60000", prod.Element(V + "ComputeCapacity")!.Element(V + "Cpu")!.Element(V + "Limit")!.Value);
        Assert.True(long.Parse(prod.Element(V + "ComputeCapacity")!.Element(V + "Cpu")!.Element(V + "Used")!.Value, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(2, prod.Element(V + "VdcStorageProfiles")!.Elements(V + "VdcStorageProfile").Count());
        var profile = await TestSimulator.GetXmlAsync(_admin, prod.Element(V + "VdcStorageProfiles")!.Elements().First().Attribute("href")!.Value);
        Assert.Equal("Standard", profile.Attribute("name")!.Value);
        var net = await TestSimulator.GetXmlAsync(_admin, prod.Element(V + "AvailableNetworks")!.Elements().First().Attribute("href")!.Value);
        Assert.Equal("OrgVdcNetwork", net.Name.LocalName);

        var catalog = await TestSimulator.GetXmlAsync(_admin, LinkHref(org, "down", "application/vnd.vmware.vcloud.catalog+xml"));
        var itemRef = catalog.Element(V + "CatalogItems")!.Elements(V + "CatalogItem").First(i => i.Attribute("name")!.Value == "ubuntu-22.04");
        var item = await TestSimulator.GetXmlAsync(_admin, itemRef.Attribute("href")!.Value);
        var tpl = await TestSimulator.GetXmlAsync(_admin, item.Element(V + "Entity")!.Attribute("href")!.Value);
        Assert.Equal("8", tpl.Attribute("status")!.Value);
        var tplVm = tpl.Element(V + "Children")!.Element(V + "Vm")!;
        Assert.Contains("/api/vAppTemplate/vm-", tplVm.Attribute("href")!.Value);
        Assert.Equal("ubuntu", (await TestSimulator.GetXmlAsync(_admin, tplVm.Attribute("href")!.Value)).Attribute("name")!.Value);
    }

    [Fact]
    public async Task EntityResolverTasksListAndAdminRoot()
    {
        var vm = _sim.Sim.Store.Vms.Values.Single(v => v.Name == "db1");
        var entity = await TestSimulator.GetXmlAsync(_admin, $"/api/entity/{vm.Urn}");
        Assert.EndsWith($"/api/vApp/vm-{vm.Id}", entity.Element(V + "Link")!.Attribute("href")!.Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/entity/urn:vcloud:vm:not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _admin.GetAsync($"/api/entity/urn:vcloud:vm:{Guid.NewGuid()}")).StatusCode);

        var org = _sim.Sim.Store.Orgs.Values.Single(o => o.Name == "ent");
        var tasks = await TestSimulator.GetXmlAsync(_admin, $"/api/tasksList/{org.Id}");
        Assert.NotEmpty(tasks.Elements(V + "Task"));
        Assert.All(tasks.Elements(V + "Task"), t => Assert.Equal("ent", t.Element(V + "Organization")!.Attribute("name")!.Value));

        Assert.Equal(HttpStatusCode.Forbidden, (await _admin.GetAsync("/api/admin")).StatusCode);
        var provider = await _sim.LoginAsync("administrator", "System");
        var admin = await TestSimulator.GetXmlAsync(provider, "/api/admin");
        Assert.StartsWith("10.5.1.", admin.Element(V + "Description")!.Value);
    }

    [Fact]
    public async Task TaskQueryAndHistoryTasksAreVisibleToTheTenant()
    {
        var page = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=task&pageSize=5&sortDesc=startDate&filter=" + Uri.EscapeDataString("name==vappPowerOff"));
        var recs = page.Elements(V + "TaskRecord").ToList();
        Assert.NotEmpty(recs);
        Assert.All(recs, r => Assert.Equal("success", r.Attribute("status")!.Value));
        var task = await TestSimulator.GetXmlAsync(_admin, recs[0].Attribute("href")!.Value);
        Assert.Equal("vappPowerOff", task.Attribute("operationName")!.Value);
        Assert.Null(task.Elements(V + "Link").FirstOrDefault(l => l.Attribute("rel")!.Value == "task:cancel"));
    }
}
