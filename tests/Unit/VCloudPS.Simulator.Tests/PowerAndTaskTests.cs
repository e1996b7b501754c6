using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class PowerAndTaskTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private TestSimulator _sim = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise");
        _admin = await _sim.LoginAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static IEnumerable<XElement> OwnLinks(XElement e) => e.Elements(V + "Link");
    private static string Rels(XElement e) => string.Join(",", OwnLinks(e).Select(l => l.Attribute("rel")!.Value));

    private async Task<XElement> PostTaskAsync(string url, HttpContent? body = null)
    {
        var resp = await _admin.PostAsync(url, body);
        var task = await TestSimulator.XmlAsync(resp, HttpStatusCode.Accepted);
        Assert.Equal(task.Attribute("href")!.Value, resp.Headers.Location!.ToString());
        Assert.Contains(task.Attribute("status")!.Value, new[] { "queued", "running" });
        return await TestSimulator.WaitTaskAsync(_admin, task);
    }

    [Fact]
    public async Task PowerOffKeepsTheVAppDeployedAndDeleteNeedsUndeploy()
    {
        var href = await _sim.VAppHrefAsync(_admin, "crm");
        var on = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("4", on.Attribute("status")!.Value);
        Assert.DoesNotContain("power:powerOn", Rels(on).Split(','));
        Assert.DoesNotContain("remove", Rels(on).Split(','));

        Assert.Equal("success", (await PostTaskAsync(href + "/power/action/powerOff")).Attribute("status")!.Value);
        var off = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("8", off.Attribute("status")!.Value);
        Assert.Equal("true", off.Attribute("deployed")!.Value);
        Assert.Contains("power:powerOn", Rels(off).Split(','));
        Assert.DoesNotContain("remove", Rels(off).Split(','));

        var del = await _admin.DeleteAsync(href);
        var err = await TestSimulator.XmlAsync(del, HttpStatusCode.BadRequest);
        Assert.Equal("BAD_REQUEST", err.Attribute("minorErrorCode")!.Value);
        Assert.EndsWith("The requested operation could not be executed on vApp \"crm\". Stop the vApp and try again.", err.Attribute("message")!.Value);
        Assert.StartsWith("[ ", err.Attribute("message")!.Value);

        var undeploy = new StringContent(
            "<UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>");
        undeploy.Headers.ContentType = new("application/vnd.vmware.vcloud.undeployVAppParams+xml");
        Assert.Equal("success", (await PostTaskAsync(href + "/action/undeploy", undeploy)).Attribute("status")!.Value);
        var undeployed = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("false", undeployed.Attribute("deployed")!.Value);
        var remove = OwnLinks(undeployed).Single(l => l.Attribute("rel")!.Value == "remove");
        Assert.Null(remove.Attribute("type"));

        var delResp = await _admin.DeleteAsync(href);
        var delTask = await TestSimulator.XmlAsync(delResp, HttpStatusCode.Accepted);
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, delTask)).Attribute("status")!.Value);
        var gone = await TestSimulator.XmlAsync(await _admin.GetAsync(href), HttpStatusCode.Forbidden);
        Assert.Equal("ACCESS_TO_RESOURCE_IS_FORBIDDEN", gone.Attribute("minorErrorCode")!.Value);
    }

    [Fact]
    public async Task LinkSetsHaveOneLinkPerRelAndTypeAndNoTypeOnPowerLinks()
    {
        var shop = await TestSimulator.GetXmlAsync(_admin, await _sim.VAppHrefAsync(_admin, "shop"));
        foreach (var e in new[] { shop }.Concat(shop.Descendants(V + "Vm")))
        {
            var dupes = OwnLinks(e).GroupBy(l => (l.Attribute("rel")!.Value, l.Attribute("type")?.Value, l.Attribute("href")!.Value)).Where(g => g.Count() > 1);
            Assert.Empty(dupes);
            Assert.All(OwnLinks(e).Where(l => l.Attribute("rel")!.Value.StartsWith("power:", StringComparison.Ordinal)), l => Assert.Null(l.Attribute("type")));
            var powerRels = OwnLinks(e).Select(l => l.Attribute("rel")!.Value).Where(r => r.StartsWith("power:", StringComparison.Ordinal)).ToList();
            Assert.Equal(powerRels.Distinct().Count(), powerRels.Count);
        }
        Assert.Equal(4, shop.Descendants(V + "Vm").Count());
    }

    [Fact]
    public async Task MixedVmStatesGivePartiallyPoweredOff()
    {
        var agents = await TestSimulator.GetXmlAsync(_admin, await _sim.VAppHrefAsync(_admin, "build-agents"));
        Assert.Equal("20", agents.Attribute("status")!.Value);
        var rels = Rels(agents).Split(',');
        Assert.Contains("power:powerOn", rels);
        Assert.Contains("power:powerOff", rels);
    }

    [Fact]
    public async Task RunningTaskMakesEntityBusyAndConflictingOperationsGetBUSYENTITY()
    {
        _sim.Sim.Tasks.FixedDuration = TimeSpan.FromSeconds(30);
        try
        {
            var href = await _sim.VAppHrefAsync(_admin, "intranet");
            var resp = await _admin.PostAsync(href + "/power/action/powerOn", null);
            var task = await TestSimulator.XmlAsync(resp, HttpStatusCode.Accepted);
            Assert.Contains(OwnLinks(task), l => l.Attribute("rel")!.Value == "task:cancel");

            var vapp = await TestSimulator.GetXmlAsync(_admin, href);
            Assert.Equal(task.Attribute("id")!.Value, vapp.Element(V + "Tasks")!.Element(V + "Task")!.Attribute("id")!.Value);
            var rec = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&filter=name==intranet")).Element(V + "VAppRecord")!;
            Assert.Equal("true", rec.Attribute("isBusy")!.Value);

            var busy = await TestSimulator.XmlAsync(await _admin.PostAsync(href + "/power/action/powerOff", null), HttpStatusCode.BadRequest);
            Assert.Equal("BUSY_ENTITY", busy.Attribute("minorErrorCode")!.Value);
            Assert.Matches(@"The entity Ref: com\.vmware\.vcloud\.entity\.\w+:[0-9a-f-]{36} is busy completing an operation VAPP_DEPLOY\. VAPP_DEPLOY\(com\.vmware\.vcloud\.entity\.task:[0-9a-f-]{36}\)",
                busy.Attribute("message")!.Value);

            var cancel = await _admin.PostAsync(task.Attribute("href")!.Value + "/action/cancel", null);
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
            var after = await TestSimulator.GetXmlAsync(_admin, task.Attribute("href")!.Value);
            Assert.Equal("aborted", after.Attribute("status")!.Value);
            Assert.DoesNotContain(OwnLinks(after), l => l.Attribute("rel")!.Value == "task:cancel");
            Assert.Null((await TestSimulator.GetXmlAsync(_admin, href)).Element(V + "Tasks"));
            Assert.Equal("3", (await TestSimulator.GetXmlAsync(_admin, href)).Attribute("status")!.Value);   // still suspended
        }
        finally { _sim.Sim.Tasks.FixedDuration = TimeSpan.FromMilliseconds(30); }
    }

    [Fact]
    public async Task VmPowerOffRecordsAnEventWithUserAndTask()
    {
        var shop = await TestSimulator.GetXmlAsync(_admin, await _sim.VAppHrefAsync(_admin, "shop"));
        var web = shop.Descendants(V + "Vm").Single(v => v.Attribute("name")!.Value == "web");
        var task = await PostTaskAsync(web.Attribute("href")!.Value + "/power/action/shutdown");
        var vapp = await TestSimulator.GetXmlAsync(_admin, shop.Attribute("href")!.Value);
        Assert.Equal("20", vapp.Attribute("status")!.Value);   // PARTIALLY_POWERED_OFF
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All.Last(x => x.Entity.Urn == web.Attribute("id")!.Value);
            Assert.Equal("com/vmware/vcloud/event/vm/change_state", e.EventType);
            Assert.Equal("POWERED_OFF", e.Properties["vm.state"]);
            Assert.Equal("shutdown", e.Properties["vm.powerAction"]);
            Assert.Equal("admin", e.User.Name);
            Assert.Equal(task.Attribute("id")!.Value, e.TaskUrn);
            Assert.Equal(shop.Attribute("id")!.Value, e.Properties["vm.vappId"]);
        }
        Assert.Equal("success", (await PostTaskAsync(web.Attribute("href")!.Value + "/power/action/powerOn")).Attribute("status")!.Value);
    }

    [Fact]
    public async Task CpuHotAddRecordsVmModify()
    {
        var shop = await TestSimulator.GetXmlAsync(_admin, await _sim.VAppHrefAsync(_admin, "shop"));
        var proxy = shop.Descendants(V + "Vm").Single(v => v.Attribute("name")!.Value == "proxy");
        var cpuHref = proxy.Attribute("href")!.Value + "/virtualHardwareSection/cpu";
        var item = await TestSimulator.GetXmlAsync(_admin, cpuHref);
        XNamespace rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
        item.Element(rasd + "VirtualQuantity")!.Value = "2";
        var content = new StringContent(item.ToString());
        content.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItem+xml");
        var resp = await _admin.PutAsync(cpuHref, content);
        var task = await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(resp, HttpStatusCode.Accepted));
        Assert.Equal("success", task.Attribute("status")!.Value);
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All.Last(x => x.Entity.Urn == proxy.Attribute("id")!.Value);
            Assert.Equal("com/vmware/vcloud/event/vm/modify", e.EventType);
            Assert.Equal("2", e.Properties["vm.numCpu"]);
            Assert.Equal("2048", e.Properties["vm.memoryMB"]);
            Assert.Equal("Standard:16384", e.Properties["vm.disks"]);
        }
        // Hot remove is refused while powered on.
        item.Element(rasd + "VirtualQuantity")!.Value = "1";
        var shrink = new StringContent(item.ToString());
        shrink.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItem+xml");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsync(cpuHref, shrink)).StatusCode);
    }

    [Fact]
    public async Task AddingADiskRecordsTheFullNewConfiguration()
    {
        var shop = await TestSimulator.GetXmlAsync(_admin, await _sim.VAppHrefAsync(_admin, "shop"));
        var db2 = shop.Descendants(V + "Vm").Single(v => v.Attribute("name")!.Value == "db2");
        var disksHref = db2.Attribute("href")!.Value + "/virtualHardwareSection/disks";
        var list = await TestSimulator.GetXmlAsync(_admin, disksHref);
        XNamespace ovf = "http://schemas.dmtf.org/ovf/envelope/1";
        XNamespace rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
        // vCD's RasdItemsList holds vCloud-namespace Items (Programming Guide's disk example), not ovf:Item.
        Assert.Empty(list.Elements(ovf + "Item"));
        var disks = list.Elements(V + "Item").Where(i => i.Element(rasd + "ResourceType")!.Value == "17").ToList();
        Assert.Equal(2, disks.Count);
        var gold = disks[1].Element(rasd + "HostResource")!.Attributes().Single(a => a.Name.LocalName == "storageProfileHref").Value;
        var added = new XElement(disks[1]);
        added.Element(rasd + "InstanceID")!.Remove();
        added.Element(rasd + "HostResource")!.Attributes().Single(a => a.Name.LocalName == "capacity").Value = "51200";
        list.Add(added);
        var content = new StringContent(list.ToString());
        content.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItemsList+xml");
        var task = await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(await _admin.PutAsync(disksHref, content), HttpStatusCode.Accepted));
        Assert.Equal("success", task.Attribute("status")!.Value);
        Assert.EndsWith(gold[^36..], gold);
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All.Last(x => x.Entity.Urn == db2.Attribute("id")!.Value);
            Assert.Equal("com/vmware/vcloud/event/vm/modify", e.EventType);
            Assert.Equal("Standard:40960;Gold:81920;Gold:51200", e.Properties["vm.disks"]);
        }
        var after = await TestSimulator.GetXmlAsync(_admin, disksHref);
        Assert.Equal(3, after.Elements(V + "Item").Count(i => i.Element(rasd + "ResourceType")!.Value == "17"));
    }

    [Fact]
    public async Task RequestBodiesAreValidated415And400()
    {
        var href = await _sim.VAppHrefAsync(_admin, "legacy-erp");
        var wrongType = new StringContent("<UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>");
        wrongType.Headers.ContentType = new("application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _admin.PostAsync(href + "/action/undeploy", wrongType)).StatusCode);

        var badOrder = new StringContent("<UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Bogus/><UndeployPowerAction>powerOff</UndeployPowerAction></UndeployVAppParams>");
        badOrder.Headers.ContentType = new("application/vnd.vmware.vcloud.undeployVAppParams+xml");
        var err = await TestSimulator.XmlAsync(await _admin.PostAsync(href + "/action/undeploy", badOrder), HttpStatusCode.BadRequest);
        Assert.Contains("cvc-complex-type.2.4.a", err.Attribute("message")!.Value);

        var dtd = new StringContent("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><UndeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>");
        dtd.Headers.ContentType = new("application/vnd.vmware.vcloud.undeployVAppParams+xml");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsync(href + "/action/undeploy", dtd)).StatusCode);
    }

    [Fact]
    public async Task ProviderOperationsOnATenantVAppBelongToTheTenantOrg()
    {
        var provider = await _sim.LoginAsync("administrator", "System");
        var href = await _sim.VAppHrefAsync(provider, "legacy-erp");
        var task = await TestSimulator.WaitTaskAsync(provider,
            await TestSimulator.XmlAsync(await provider.PostAsync(href + "/power/action/powerOn", null), HttpStatusCode.Accepted));
        Assert.Equal("ent", task.Element(V + "Organization")!.Attribute("name")!.Value);
        Assert.Equal("administrator", task.Element(V + "User")!.Attribute("name")!.Value);
        Assert.Equal("success", (await TestSimulator.GetXmlAsync(_admin, task.Attribute("href")!.Value)).Attribute("status")!.Value);   // tenant sees it
        var events = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=event&sortDesc=timeStamp&pageSize=5&filter=" + Uri.EscapeDataString("entityName==erp01"));
        var last = events.Elements(V + "EventRecord").First();
        Assert.Equal("administrator", last.Attribute("userName")!.Value);
        Assert.Equal("ent", last.Attribute("orgName")!.Value);
    }

    [Fact]
    public async Task ReadOnlyUserCannotPowerVApps()
    {
        var ro = await _sim.LoginAsync("auditor", "ent", "Auditor-RO-2026!");
        var href = await _sim.VAppHrefAsync(ro, "shop");
        var resp = await ro.PostAsync(href + "/power/action/powerOff", null);
        Assert.Equal(HttpStatusCode.Forbidden, resp.StatusCode);
    }
}
