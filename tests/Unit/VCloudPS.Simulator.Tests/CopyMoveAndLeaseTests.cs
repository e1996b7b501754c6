using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class CopyMoveAndLeaseTests : IAsyncLifetime
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

    private async Task<(string Prod, string Dev)> VdcsAsync()
    {
        var recs = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=orgVdc");
        string Href(string n) => recs.Elements(V + "OrgVdcRecord").Single(r => r.Attribute("name")!.Value == n).Attribute("href")!.Value;
        return (Href("ent-prod"), Href("ent-dev"));
    }

    private static StringContent Body(string xml, string mediaType)
    {
        var c = new StringContent(xml);
        c.Headers.ContentType = new(mediaType);
        return c;
    }

    [Fact]
    public async Task CloneVAppReturns201WithTheNewVAppAndItsRunningTask()
    {
        var (_, dev) = await VdcsAsync();
        var src = await _sim.VAppHrefAsync(_admin, "shop");
        var resp = await _admin.PostAsync(dev + "/action/cloneVApp", Body(
            $"<CloneVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"shop-copy\" deploy=\"false\" powerOn=\"false\">" +
            $"<Description>copy</Description><Source href=\"{src}\"/><IsSourceDelete>false</IsSourceDelete></CloneVAppParams>",
            "application/vnd.vmware.vcloud.cloneVAppParams+xml"));
        var vapp = await TestSimulator.XmlAsync(resp, HttpStatusCode.Created);
        Assert.Equal("0", vapp.Attribute("status")!.Value);
        Assert.Equal(vapp.Attribute("href")!.Value, resp.Headers.Location!.ToString());
        var task = vapp.Element(V + "Tasks")!.Element(V + "Task")!;
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, task)).Attribute("status")!.Value);

        var copy = await TestSimulator.GetXmlAsync(_admin, vapp.Attribute("href")!.Value);
        Assert.Equal("8", copy.Attribute("status")!.Value);
        Assert.Equal("false", copy.Attribute("deployed")!.Value);
        var names = copy.Descendants(V + "Vm").Select(v => v.Attribute("name")!.Value).OrderBy(n => n);
        Assert.Equal(new[] { "db1", "db2", "proxy", "web" }, names);
        var srcXml = await TestSimulator.GetXmlAsync(_admin, src);
        Assert.Empty(copy.Descendants(V + "Vm").Select(v => v.Attribute("id")!.Value)
            .Intersect(srcXml.Descendants(V + "Vm").Select(v => v.Attribute("id")!.Value)));

        var dup = await _admin.PostAsync(dev + "/action/cloneVApp", Body(
            $"<CloneVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"shop-copy\"><Source href=\"{src}\"/></CloneVAppParams>",
            "application/vnd.vmware.vcloud.cloneVAppParams+xml"));
        Assert.Equal("DUPLICATE_NAME", (await TestSimulator.XmlAsync(dup, HttpStatusCode.BadRequest)).Attribute("minorErrorCode")!.Value);

        var order = await _admin.PostAsync(dev + "/action/cloneVApp", Body(
            $"<CloneVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" name=\"x\"><Source href=\"{src}\"/><Description>late</Description></CloneVAppParams>",
            "application/vnd.vmware.vcloud.cloneVAppParams+xml"));
        Assert.Contains("cvc-complex-type.2.4.a", (await TestSimulator.XmlAsync(order, HttpStatusCode.BadRequest)).Attribute("message")!.Value);
    }

    [Fact]
    public async Task MoveVAppKeepsIdsRequiresEveryVmAndChangesTheVdc()
    {
        var (prod, dev) = await VdcsAsync();
        var href = await _sim.VAppHrefAsync(_admin, "intranet");
        var vapp = await TestSimulator.GetXmlAsync(_admin, href);
        var vms = vapp.Descendants(V + "Vm").ToList();

        var partial = await _admin.PostAsync(dev + "/action/moveVApp", Body(
            $"<MoveVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Source href=\"{href}\"/>" +
            $"<SourcedItem><Source href=\"{vms[0].Attribute("href")!.Value}\"/></SourcedItem></MoveVAppParams>",
            "application/vnd.vmware.vcloud.moveVAppParams+xml"));
        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);

        var items = string.Concat(vms.Select(v => $"<SourcedItem><Source href=\"{v.Attribute("href")!.Value}\"/></SourcedItem>"));
        var resp = await _admin.PostAsync(dev + "/action/moveVApp", Body(
            $"<MoveVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"><Source href=\"{href}\"/>{items}</MoveVAppParams>",
            "application/vnd.vmware.vcloud.moveVAppParams+xml"));
        var task = await TestSimulator.XmlAsync(resp, HttpStatusCode.Accepted);
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, task)).Attribute("status")!.Value);
        var moved = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal(dev, moved.Elements(V + "Link").Single(l => l.Attribute("rel")!.Value == "up").Attribute("href")!.Value);
        Assert.Equal(vms.Select(v => v.Attribute("id")!.Value), moved.Descendants(V + "Vm").Select(v => v.Attribute("id")!.Value));

        var old = await _sim.Anonymous.GetAsync("/sim/health");
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var v33 = await _sim.LoginAsync(version: "33.0");
        var refused = await v33.PostAsync(prod + "/action/moveVApp", Body("<MoveVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\"/>", "application/vnd.vmware.vcloud.moveVAppParams+xml"));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var vdcXml = await TestSimulator.GetXmlAsync(v33, prod);
        Assert.DoesNotContain(vdcXml.Elements(V + "Link"), l => l.Attribute("href")!.Value.EndsWith("/action/moveVApp", StringComparison.Ordinal));
        Assert.Contains(vdcXml.Elements(V + "Link"), l => l.Attribute("href")!.Value.EndsWith("/action/uploadVAppTemplate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RuntimeLeaseExpiryUndeploysAndIsRecordedBySystem()
    {
        var href = await _sim.VAppHrefAsync(_admin, "reporting");   // 7-day runtime lease
        var task = await TestSimulator.XmlAsync(await _admin.PostAsync(href + "/power/action/powerOn", null), HttpStatusCode.Accepted);
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, task)).Attribute("status")!.Value);
        Assert.NotNull((await TestSimulator.GetXmlAsync(_admin, href)).Descendants(V + "DeploymentLeaseExpiration").SingleOrDefault());
        _sim.Sim.Clock.Advance(TimeSpan.FromDays(7.1));
        _sim.Sim.Tasks.Tick();
        _admin = await _sim.LoginAsync();   // the old session idled out during the 7 simulated days
        var after = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("false", after.Attribute("deployed")!.Value);
        lock (_sim.Sim.Store.Sync)
        {
            var last = _sim.Sim.Store.Events.All.TakeLast(2).ToList();
            Assert.Equal("vapp/runtime_lease_expiry", last[0].ShortType);
            Assert.Equal("leaseExpiry", last[1].Properties["vm.powerAction"]);
            Assert.Equal("system", last[1].User.Name);
            Assert.Null(last[1].TaskUrn);
        }
    }

    [Fact]
    public async Task DeployWithALeaseExpiresAfterThatManySeconds()
    {
        var href = await _sim.VAppHrefAsync(_admin, "build-agents");
        var body = new StringContent("<DeployVAppParams xmlns=\"http://www.vmware.com/vcloud/v1.5\" powerOn=\"true\" deploymentLeaseSeconds=\"3600\"/>");
        body.Headers.ContentType = new("application/vnd.vmware.vcloud.deployVAppParams+xml");
        var task = await TestSimulator.XmlAsync(await _admin.PostAsync(href + "/action/deploy", body), HttpStatusCode.Accepted);
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, task)).Attribute("status")!.Value);
        Assert.Equal("4", (await TestSimulator.GetXmlAsync(_admin, href)).Attribute("status")!.Value);
        _sim.Sim.Clock.Advance(TimeSpan.FromMinutes(61));
        _sim.Sim.Tasks.Tick();
        _admin = await _sim.LoginAsync();
        var after = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("false", after.Attribute("deployed")!.Value);
        Assert.Equal("8", after.Attribute("status")!.Value);
    }

    [Fact]
    public async Task PublicIpChangesAreRecordedAsVappModify()
    {
        var r = await _sim.Anonymous.PostAsJsonAsync("/sim/vapps/crm/publicIps", new { count = 3, user = "alice" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        lock (_sim.Sim.Store.Sync)
        {
            var e = _sim.Sim.Store.Events.All[^1];
            Assert.Equal("vapp/modify", e.ShortType);
            Assert.Equal("3", e.Properties["vapp.publicIpCount"]);
            Assert.Equal("alice", e.User.Name);
        }
    }
}
