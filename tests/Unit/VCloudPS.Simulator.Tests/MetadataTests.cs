using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

/// <summary>vCD's metadata API on vApps: typed values, links and media types, merge, tasks, rules and errors.</summary>
public class MetadataTests : IAsyncLifetime
{
    private static readonly XNamespace V = TestSimulator.V;
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private const string MetadataType = "application/vnd.vmware.vcloud.metadata+xml";
    private const string ValueType = "application/vnd.vmware.vcloud.metadata.value+xml";
    private TestSimulator _sim = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync("enterprise");
        _admin = await _sim.LoginAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static StringContent Body(string xml, string mediaType)
    {
        var c = new StringContent(xml);
        c.Headers.ContentType = new(mediaType);
        return c;
    }

    private static string Value(string type, string value)
        => $"<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><TypedValue xsi:type=\"{type}\"><Value>{value}</Value></TypedValue></MetadataValue>";

    [Fact]
    public async Task PutMergeGetAndDeleteRunAsTasksWithTypedValues()
    {
        var shop = await _sim.VAppHrefAsync(_admin, "shop");
        var vapp = await TestSimulator.GetXmlAsync(_admin, shop);
        Assert.Contains(vapp.Elements(V + "Link"), l => (string?)l.Attribute("rel") == "down" && (string?)l.Attribute("href") == shop + "/metadata");

        var put = await _admin.PutAsync(shop + "/metadata/dr", Body(Value("MetadataStringValue", "daily"), ValueType));
        await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(put, HttpStatusCode.Accepted));
        var merge = await _admin.PostAsync(shop + "/metadata", Body(
            "<Metadata xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
            "<MetadataEntry><Key>tier</Key><TypedValue xsi:type=\"MetadataNumberValue\"><Value>1</Value></TypedValue></MetadataEntry>" +
            "<MetadataEntry><Key>critical</Key><TypedValue xsi:type=\"MetadataBooleanValue\"><Value>true</Value></TypedValue></MetadataEntry></Metadata>", MetadataType));
        await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(merge, HttpStatusCode.Accepted));

        var all = await TestSimulator.GetXmlAsync(_admin, shop + "/metadata");
        Assert.Equal("Metadata", all.Name.LocalName);
        Assert.Equal(MetadataType, (string?)all.Attribute("type"));
        var entries = all.Elements(V + "MetadataEntry").ToDictionary(e => e.Element(V + "Key")!.Value);
        Assert.Equal(new[] { "critical", "dr", "tier" }, entries.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("MetadataNumberValue", (string?)entries["tier"].Element(V + "TypedValue")!.Attribute(Xsi + "type"));
        Assert.Equal(ValueType, (string?)entries["dr"].Attribute("type"));
        Assert.Contains(entries["dr"].Elements(V + "Link"), l => (string?)l.Attribute("rel") == "edit");

        var one = await TestSimulator.GetXmlAsync(_admin, shop + "/metadata/dr");
        Assert.Equal(("MetadataValue", "daily"), (one.Name.LocalName, one.Element(V + "TypedValue")!.Element(V + "Value")!.Value));

        var del = await _admin.DeleteAsync(shop + "/metadata/dr");
        await TestSimulator.WaitTaskAsync(_admin, await TestSimulator.XmlAsync(del, HttpStatusCode.Accepted));
        Assert.Equal(HttpStatusCode.Forbidden, (await _admin.GetAsync(shop + "/metadata/dr")).StatusCode);
    }

    [Fact]
    public async Task BadValuesWrongMediaTypesSystemDomainAndReadOnlyUsersAreRefused()
    {
        var shop = await _sim.VAppHrefAsync(_admin, "shop");
        var notNumber = await _admin.PutAsync(shop + "/metadata/tier", Body(Value("MetadataNumberValue", "one"), ValueType));
        Assert.Equal(HttpStatusCode.BadRequest, notNumber.StatusCode);
        Assert.Contains("not a valid MetadataNumberValue", await notNumber.Content.ReadAsStringAsync());
        var wrongType = await _admin.PutAsync(shop + "/metadata/tier", Body(Value("MetadataStringValue", "x"), "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        var system = await _admin.PutAsync(shop + "/metadata/sys", Body(
            "<MetadataValue xmlns=\"http://www.vmware.com/vcloud/v1.5\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><Domain visibility=\"PRIVATE\">SYSTEM</Domain><TypedValue xsi:type=\"MetadataStringValue\"><Value>x</Value></TypedValue></MetadataValue>", ValueType));
        Assert.Equal(HttpStatusCode.Forbidden, system.StatusCode);
        var auditor = await _sim.LoginAsync("auditor", "ent", "Auditor-RO-2026!");
        var readOnly = await auditor.PutAsync(shop + "/metadata/dr", Body(Value("MetadataStringValue", "daily"), ValueType));
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _admin.DeleteAsync(shop + "/metadata/never-set")).StatusCode);
    }
}
