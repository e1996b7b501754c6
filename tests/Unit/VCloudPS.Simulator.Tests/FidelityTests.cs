using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

/// <summary>Shapes that differed from vCloud Director when the simulator was driven by VMware's own client (issue 13).</summary>
public class FidelityTests : IAsyncLifetime
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

    private static IEnumerable<XElement> Links(XElement e) => e.Elements(V + "Link");

    [Fact]
    public async Task OrgCarriesARecordsQueryLinkForItsCatalogsFromApi33()
    {
        var org = _sim.Sim.Store.Orgs.Values.Single(o => o.Name == "ent");
        var xml = await TestSimulator.GetXmlAsync(_admin, $"/api/org/{org.Id}");
        var records = Links(xml).Where(l => l.Attribute("rel")!.Value == "down" && l.Attribute("type")!.Value == "application/vnd.vmware.vcloud.query.records+xml").ToList();
        var catalogLink = records.Single(l => l.Attribute("href")!.Value.Contains("type=catalog&"));
        var found = await TestSimulator.GetXmlAsync(_admin, catalogLink.Attribute("href")!.Value);
        var expected = _sim.Sim.Store.Catalogs.Values.Where(c => c.OrgId == org.Id).Select(c => c.Name).OrderBy(n => n);
        Assert.Equal(expected, found.Elements(V + "CatalogRecord").Select(r => r.Attribute("name")!.Value).OrderBy(n => n));
        Assert.NotEmpty(expected);
    }

    private static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    private static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    private static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";

    private string VmHref(string name)
    {
        lock (_sim.Sim.Store.Sync) return $"/api/vApp/vm-{_sim.Sim.Store.Vms.Values.Single(v => v.Name == name && !v.InTemplate).Id}";
    }

    [Fact]
    public async Task VmHasAVmSpecSectionFromApi32AndBootOptions()
    {
        var vm = await TestSimulator.GetXmlAsync(_admin, VmHref("proxy"));
        var spec = vm.Element(V + "VmSpecSection")!;
        Assert.NotNull(spec);
        var names = vm.Elements().Select(e => e.Name.LocalName).ToList();
        Assert.True(names.IndexOf("VmSpecSection") < names.IndexOf("VirtualHardwareSection"), string.Join(",", names));
        int cpu, cores; long mem; int disks;
        lock (_sim.Sim.Store.Sync)
        {
            var simVm = _sim.Sim.Store.Vms.Values.Single(v => v.Name == "proxy" && !v.InTemplate);
            (cpu, cores, mem, disks) = (simVm.Cpu, simVm.CoresPerSocket, simVm.MemoryMB, simVm.Disks.Count);
        }
        Assert.Equal(cpu.ToString(CultureInfo.InvariantCulture), spec.Element(V + "NumCpus")!.Value);
        Assert.Equal(cores.ToString(CultureInfo.InvariantCulture), spec.Element(V + "NumCoresPerSocket")!.Value);
        Assert.Equal(mem.ToString(CultureInfo.InvariantCulture), spec.Element(V + "MemoryResourceMb")!.Element(V + "Configured")!.Value);
        Assert.Equal(disks, spec.Element(V + "DiskSection")!.Elements(V + "DiskSettings").Count());
        var boot = vm.Element(V + "BootOptions")!;
        Assert.Equal("0", boot.Element(V + "BootDelay")!.Value);
        Assert.Equal("BootOptions", names.Last());

        var old = await _sim.LoginAsync(version: "31.0");
        var vm31 = await TestSimulator.GetXmlAsync(old, VmHref("proxy"));
        Assert.Null(vm31.Element(V + "VmSpecSection"));
        Assert.NotNull(vm31.Element(V + "BootOptions"));
    }

    [Fact]
    public async Task DisksPutAcceptsVcloudAndOvfItems()
    {
        var href = VmHref("db2") + "/virtualHardwareSection/disks";
        foreach (var itemName in new[] { V + "Item", Ovf + "Item" })   // vCD's own form first, then the OVF form older clients send
        {
            var list = await TestSimulator.GetXmlAsync(_admin, href);
            Assert.Empty(list.Elements(Ovf + "Item"));
            var disks = list.Elements(V + "Item").Count(i => i.Element(Rasd + "ResourceType")!.Value == "17");
            Assert.True(disks >= 2, "db2 has a system and a data disk");
            foreach (var item in list.Elements(V + "Item").ToList()) item.Name = itemName;
            var disk = list.Elements(itemName).Last(i => i.Element(Rasd + "ResourceType")!.Value == "17");
            var capacity = disk.Element(Rasd + "HostResource")!.Attributes().Single(a => a.Name.LocalName == "capacity");
            capacity.Value = (long.Parse(capacity.Value, CultureInfo.InvariantCulture) + 1024).ToString(CultureInfo.InvariantCulture);
            var content = new StringContent(list.ToString());
            content.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItemsList+xml");
            var task = await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(await _admin.PutAsync(href, content), HttpStatusCode.Accepted));
            Assert.Equal("success", task.Attribute("status")!.Value);
            var after = (await TestSimulator.GetXmlAsync(_admin, href)).Elements(V + "Item").Where(i => i.Element(Rasd + "ResourceType")!.Value == "17").ToList();
            Assert.Equal(disks, after.Count);
            Assert.Equal(capacity.Value, after[^1].Element(Rasd + "HostResource")!.Attributes().Single(a => a.Name.LocalName == "capacity").Value);
        }
    }

    [Fact]
    public async Task PoweredOnVmHasDownAndMetricsLinksForCurrentAndHistoricUsage()
    {
        var vm = await TestSimulator.GetXmlAsync(_admin, VmHref("proxy"));
        Assert.Equal("4", vm.Attribute("status")!.Value);
        foreach (var (path, spec) in new[] { ("/metrics/current", "currentUsageSpec"), ("/metrics/historic", "historicUsageSpec") })
            foreach (var rel in new[] { "down", "metrics" })
            {
                var link = Links(vm).Single(l => l.Attribute("rel")!.Value == rel && l.Attribute("href")!.Value.EndsWith(path, StringComparison.Ordinal));
                Assert.Equal($"application/vnd.vmware.vcloud.metrics.{spec}+xml", link.Attribute("type")!.Value);
            }
    }

    [Fact]
    public async Task CpuPutAppliesCoresPerSocket()
    {
        var href = VmHref("erp01") + "/virtualHardwareSection/cpu";   // powered off, 4 vCPU, 1 core per socket
        var item = await TestSimulator.GetXmlAsync(_admin, href);
        item.Element(Rasd + "VirtualQuantity")!.Value = "4";
        item.Element(Vmw + "CoresPerSocket")!.Value = "2";
        var content = new StringContent(item.ToString());
        content.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItem+xml");
        var power = await TestSimulator.XmlAsync(await _admin.PutAsync(href, content), HttpStatusCode.Accepted);
        Assert.Equal("success", (await TestSimulator.WaitTaskAsync(_admin, power)).Attribute("status")!.Value);
        var after = await TestSimulator.GetXmlAsync(_admin, href);
        Assert.Equal("4", after.Element(Rasd + "VirtualQuantity")!.Value);
        Assert.Equal("2", after.Element(Vmw + "CoresPerSocket")!.Value);

        item.Element(Rasd + "VirtualQuantity")!.Value = "5";
        var odd = new StringContent(item.ToString());
        odd.Headers.ContentType = new("application/vnd.vmware.vcloud.rasdItem+xml");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsync(href, odd)).StatusCode);
    }

    [Fact]
    public async Task HardwareListsAndSectionsAnswerAsEmbeddedInTheVm()
    {
        var href = VmHref("web");
        var vm = await TestSimulator.GetXmlAsync(_admin, href);
        var nics = await TestSimulator.GetXmlAsync(_admin, href + "/virtualHardwareSection/networkCards");
        Assert.Equal("RasdItemsList", nics.Name.LocalName);
        Assert.Equal(2, nics.Elements(V + "Item").Count(i => i.Element(Rasd + "ResourceType")!.Value == "10"));
        var media = await TestSimulator.GetXmlAsync(_admin, href + "/virtualHardwareSection/media");
        Assert.Equal("15", media.Elements(V + "Item").Single().Element(Rasd + "ResourceType")!.Value);
        var os = await TestSimulator.GetXmlAsync(_admin, href + "/operatingSystemSection/");
        Assert.Equal(vm.Element(Ovf + "OperatingSystemSection")!.Element(Ovf + "Description")!.Value, os.Element(Ovf + "Description")!.Value);
        var hw = await TestSimulator.GetXmlAsync(_admin, href + "/virtualHardwareSection/");
        Assert.Equal(vm.Element(Ovf + "VirtualHardwareSection")!.Elements(Ovf + "Item").Count(), hw.Elements(Ovf + "Item").Count());
        var resp = await _admin.PostAsync(href + "/action/createSnapshot", null);
        Assert.Equal(HttpStatusCode.NotImplemented, resp.StatusCode);
    }
}
