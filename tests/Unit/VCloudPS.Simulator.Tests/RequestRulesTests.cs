using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

/// <summary>
/// The transfer endpoints and the other endpoints read ids and request documents by the same rules (issue 13: the twins
/// Access/EntityAccess and RequestBodies/XmlRequest parsed ids, foreign-namespace elements and body sizes differently).
/// </summary>
public sealed class RequestRulesTests
{
    private static readonly XNamespace V = TestSimulator.V;
    private const string CloneParams = "application/vnd.vmware.vcloud.cloneVAppParams+xml";
    private const string InstantiateOvfParams = "application/vnd.vmware.vcloud.instantiateOvfParams+xml";

    [Fact]
    public async Task TransferAndOtherEndpointsParseIdsAlike()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        foreach (var (reference, expected) in new[]
                 {
                     ("vapp-not-a-uuid", HttpStatusCode.BadRequest),
                     ($"vapp-{Guid.NewGuid()}", HttpStatusCode.Forbidden),
                 })
        {
            using var get = await host.Client.GetAsync($"/api/vApp/{reference}");
            var (download, _, _) = await host.PostXmlAsync($"/api/vApp/{reference}/action/enableDownload", null, null);
            Assert.Equal((expected, expected), (get.StatusCode, download));
        }
    }

    [Fact]
    public async Task ElementsOfOtherNamespacesAreToleratedWhereTheSchemaHasNoPlaceForThem()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        XNamespace extension = "urn:example:extension";
        var (status, body, _) = await host.PostXmlAsync(host.Href($"/api/vdc/{host.Vdc("vdc1").Id}/action/cloneVApp"), CloneParams,
            new XElement(V + "CloneVAppParams", new XAttribute("name", "app-copy"),
                new XElement(V + "Source", new XAttribute("href", host.Href($"/api/vApp/vapp-{app.Id}"))),
                new XElement(extension + "Note", "kept by a client we did not write"),
                new XElement(V + "IsSourceDelete", "false")));
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {body}");
    }

    [Fact]
    public async Task RequestDocumentsHaveOneSizeCap()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var huge = new string('x', (int)Api.RequestBodies.MaxDocumentCharacters + 1024);

        var (clone, cloneError, _) = await host.PostXmlAsync(host.Href($"/api/vdc/{host.Vdc("vdc1").Id}/action/cloneVApp"), CloneParams,
            new XElement(V + "CloneVAppParams", new XAttribute("name", "app-copy"), new XElement(V + "Description", huge),
                new XElement(V + "Source", new XAttribute("href", host.Href($"/api/vApp/vapp-{app.Id}")))));
        var (import, importError, _) = await host.PostXmlAsync(host.Href($"/api/vdc/{host.Vdc("vdc1").Id}/action/instantiateOvf"), InstantiateOvfParams,
            new XElement(V + "InstantiateOvfParams", new XAttribute("name", "imported"), new XElement(V + "Description", huge)));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (clone, import));
        Assert.Contains("Unexpected JAXB Exception", (string?)cloneError?.Attribute("message"));
        Assert.Contains("Unexpected JAXB Exception", (string?)importError?.Attribute("message"));
        Assert.Empty(host.InStore(s => s.VApps.Values.Where(a => a.Name is "app-copy" or "imported").ToList()));
    }
}
