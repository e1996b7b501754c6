using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

public class QueryServiceTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private TestSimulator _sim = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise", generate: 300);
        _admin = await _sim.LoginAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static string? Link(XElement root, string rel) =>
        root.Elements(V + "Link").SingleOrDefault(l => l.Attribute("rel")!.Value == rel)?.Attribute("href")!.Value;

    [Fact]
    public async Task DefaultPageSizeIs25AndPageArithmeticIsConsistent()
    {
        var first = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp");
        var total = int.Parse(first.Attribute("total")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal("25", first.Attribute("pageSize")!.Value);
        Assert.Equal("1", first.Attribute("page")!.Value);
        Assert.Equal("vApp", first.Attribute("name")!.Value);
        Assert.Equal(25, first.Elements(V + "VAppRecord").Count());
        var pages = (total + 24) / 25;
        Assert.Contains($"page={pages}&", Link(first, "lastPage"));
        Assert.Null(Link(first, "previousPage"));

        var seen = new HashSet<string>();
        var url = "/api/query?type=vApp";
        var count = 0;
        while (url != null)
        {
            var page = await TestSimulator.GetXmlAsync(_admin, url);
            foreach (var r in page.Elements(V + "VAppRecord")) Assert.True(seen.Add(r.Attribute("href")!.Value));
            count++;
            url = Link(page, "nextPage");
        }
        Assert.Equal(pages, count);
        Assert.Equal(total, seen.Count);
    }

    [Fact]
    public async Task PageSizeIsCappedAt128AndLastPageHoldsTheRemainder()
    {
        var p1 = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&pageSize=500");
        Assert.Equal("128", p1.Attribute("pageSize")!.Value);
        var total = int.Parse(p1.Attribute("total")!.Value, CultureInfo.InvariantCulture);
        var last = (total + 127) / 128;
        var lp = await TestSimulator.GetXmlAsync(_admin, $"/api/query?type=vApp&pageSize=128&page={last}");
        Assert.Equal(total - (last - 1) * 128, lp.Elements(V + "VAppRecord").Count());
        Assert.Null(Link(lp, "nextPage"));
        Assert.Contains($"page={last - 1}&", Link(lp, "previousPage"));
        Assert.Contains("page=1&", Link(lp, "firstPage"));
    }

    [Fact]
    public async Task RecordsUseStatusNamesAndVcdAttributeSpelling()
    {
        var r = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&filter=name==shop")).Element(V + "VAppRecord")!;
        Assert.Equal("POWERED_ON", r.Attribute("status")!.Value);
        Assert.Equal("11", r.Attribute("numberOfCpus")!.Value);
        Assert.Equal("34816", r.Attribute("memoryAllocationMB")!.Value);
        Assert.Equal("313344", r.Attribute("totalStorageAllocatedMb")!.Value);
        var vm = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vm&filter=name==db1;containerName==shop")).Element(V + "VMRecord")!;
        Assert.Equal("16384", vm.Attribute("memoryMB")!.Value);
        Assert.Equal("4", vm.Attribute("numberOfCpus")!.Value);
        Assert.Equal("false", vm.Attribute("isVAppTemplate")!.Value);
        Assert.Null(vm.Attribute("numberOfCPUs"));
    }

    [Fact]
    public async Task FiltersSupportWildcardsOrAndComparisons()
    {
        async Task<string[]> Names(string filter) =>
            (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&pageSize=128&filter=" + Uri.EscapeDataString(filter)))
                .Elements(V + "VAppRecord").Select(e => e.Attribute("name")!.Value).OrderBy(n => n).ToArray();

        Assert.Equal(new[] { "shop" }, await Names("name==S*P"));          // wildcard: case-insensitive
        Assert.Empty(await Names("name==SHOP"));                           // plain ==: case-sensitive
        Assert.Equal(new[] { "crm", "shop" }, await Names("name==shop,name==crm"));
        Assert.Equal(new[] { "shop" }, await Names("(name==shop,name==crm);numberOfCpus=gt=6"));
        Assert.DoesNotContain("shop", await Names("name!=shop"));
        Assert.Equal(new[] { "intranet" }, await Names("status==SUSPENDED;description==Intranet*"));
    }

    [Fact]
    public async Task FilterEncodedBeforeApi35AcceptsEncodedValuesAndWholeExpressions()
    {
        var v33 = await _sim.LoginAsync(version: "33.0");
        // value encoded once more (the query string is decoded once by the server)
        var byValue = await TestSimulator.GetXmlAsync(v33, "/api/query?type=vApp&filterEncoded=true&filter=" + Uri.EscapeDataString("name==" + Uri.EscapeDataString("legacy-erp")));
        Assert.Equal("1", byValue.Attribute("total")!.Value);
        var whole = Uri.EscapeDataString(Uri.EscapeDataString("name==shop;numberOfVMs==4"));
        var byWhole = await TestSimulator.GetXmlAsync(v33, "/api/query?type=vApp&filterEncoded=true&filter=" + whole);
        Assert.Equal("shop", byWhole.Element(V + "VAppRecord")!.Attribute("name")!.Value);
    }

    [Fact]
    public async Task ReferenceAttributesFilterByHrefOrId()
    {
        var shop = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&filter=name==shop")).Element(V + "VAppRecord")!;
        var vdcHref = shop.Attribute("vdc")!.Value;
        var vdcUuid = vdcHref[^36..];
        var byHref = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&pageSize=128&filter=" + Uri.EscapeDataString("vdc==" + vdcHref));
        var byUrn = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&pageSize=128&filter=" + Uri.EscapeDataString("vdc==urn:vcloud:vdc:" + vdcUuid));
        Assert.Equal(byHref.Attribute("total")!.Value, byUrn.Attribute("total")!.Value);
        Assert.All(byHref.Elements(V + "VAppRecord"), r => Assert.Equal("ent-prod", r.Attribute("vdcName")!.Value));
    }

    [Fact]
    public async Task SortAscAndSortDescOrderRecords()
    {
        var asc = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vm&pageSize=50&sortAsc=memoryMB"))
            .Elements(V + "VMRecord").Select(r => long.Parse(r.Attribute("memoryMB")!.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(asc.OrderBy(x => x), asc);
        var desc = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vm&pageSize=50&sortDesc=name"))
            .Elements(V + "VMRecord").Select(r => r.Attribute("name")!.Value).ToList();
        Assert.Equal(desc.OrderByDescending(x => x, StringComparer.Ordinal), desc);
    }

    [Fact]
    public async Task ReferencesAndIdrecordsFormats()
    {
        var refs = await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&format=references&filter=name==shop");
        Assert.Equal("References", refs.Name.LocalName);
        var r = refs.Element(V + "VAppReference")!;
        Assert.StartsWith("urn:vcloud:vapp:", r.Attribute("id")!.Value);
        var ids = (await TestSimulator.GetXmlAsync(_admin, "/api/query?type=vApp&format=idrecords&filter=name==shop")).Element(V + "VAppRecord")!;
        Assert.StartsWith("urn:vcloud:vdc:", ids.Attribute("vdc")!.Value);
    }

    [Fact]
    public async Task TenantsGetNoAdminTypes()
    {
        var list = await TestSimulator.GetXmlAsync(_admin, "/api/query");
        var names = list.Elements(V + "Link").Select(l => l.Attribute("name")!.Value).Distinct().ToList();
        Assert.Contains("vApp", names);
        Assert.Contains("vm", names);
        Assert.DoesNotContain("adminVApp", names);
        var resp = await _admin.GetAsync("/api/query?type=adminVApp");
        Assert.Equal(HttpStatusCode.Forbidden, resp.StatusCode);

        var provider = await _sim.LoginAsync("administrator", "System");
        var plist = await TestSimulator.GetXmlAsync(provider, "/api/query");
        Assert.Contains(plist.Elements(V + "Link"), l => l.Attribute("name")!.Value == "adminVApp");
        var admin = (await TestSimulator.GetXmlAsync(provider, "/api/query?type=adminVApp&filter=name==shop")).Element(V + "AdminVAppRecord")!;
        Assert.Equal("4", admin.Attribute("numberOfVMs")!.Value);
        Assert.Equal((313344L * 1024).ToString(CultureInfo.InvariantCulture), admin.Attribute("storageKB")!.Value);
        Assert.NotNull(admin.Attribute("org"));
        Assert.Equal((11 * 2400).ToString(CultureInfo.InvariantCulture), admin.Attribute("cpuAllocationMhz")!.Value);
    }

    [Fact]
    public async Task TenantSeesOnlyItsOrg()
    {
        var lab = await _sim.LoginAsync("labadmin", "lab");
        var recs = await TestSimulator.GetXmlAsync(lab, "/api/query?type=vApp&pageSize=128");
        var total = int.Parse(recs.Attribute("total")!.Value, CultureInfo.InvariantCulture);
        Assert.All(recs.Elements(V + "VAppRecord"), r => Assert.Equal("lab-vdc", r.Attribute("vdcName")!.Value));
        Assert.True(total >= 1);
    }

    [Fact]
    public async Task UnknownAttributeAndTypeAre400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/query?type=vApp&filter=bogus==1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/query?type=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/query?type=vApp&filter=numberOfCpus=gt=abc")).StatusCode);
    }
}
