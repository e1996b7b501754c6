using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests;

/// <summary>
/// Every link the simulator advertises is served: a walk over every entity of both built-in seeds finds no 404 and no
/// server error. A GET of an action link answers 405 (the route exists for POST); operations the simulator does not
/// simulate answer 501 NOT_IMPLEMENTED.
/// </summary>
public class LinkWalkTests
{
    private static readonly XNamespace V = TestSimulator.V;

    [Theory]
    [InlineData("enterprise")]
    [InlineData("provider")]
    public async Task EveryLinkOfEveryEntityIsServed(string seed)
    {
        await using var sim = await TestSimulator.StartAsync(seed, frozen: true);
        var admin = await sim.LoginAsync("administrator", "System");
        var store = sim.Sim.Store;
        var entities = new List<string> { "/api/session", "/api/org/", "/api/query", "/api/admin" };
        lock (store.Sync)
        {
            entities.AddRange(store.Orgs.Values.Select(o => $"/api/org/{o.Id}"));
            entities.AddRange(store.Vdcs.Values.Select(v => $"/api/vdc/{v.Id}"));
            entities.AddRange(store.Catalogs.Values.Select(c => $"/api/catalog/{c.Id}"));
            entities.AddRange(store.CatalogItems.Values.Select(i => $"/api/catalogItem/{i.Id}"));
            entities.AddRange(store.Templates.Values.Select(t => $"/api/vAppTemplate/vappTemplate-{t.Id}"));
            entities.AddRange(store.VApps.Values.Select(a => $"/api/vApp/vapp-{a.Id}"));
            entities.AddRange(store.Vms.Values.Select(v => v.InTemplate ? $"/api/vAppTemplate/vm-{v.Id}" : $"/api/vApp/vm-{v.Id}"));
            entities.AddRange(store.StorageProfiles.Values.Select(p => $"/api/vdcStorageProfile/{p.Id}"));
            entities.AddRange(store.Networks.Values.Select(n => $"/api/network/{n.Id}"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var entity in entities)
        {
            var xml = await TestSimulator.GetXmlAsync(admin, entity);
            foreach (var link in xml.DescendantsAndSelf(V + "Link"))
            {
                var href = link.Attribute("href")!.Value;
                Assert.StartsWith(sim.BaseUri.GetLeftPart(UriPartial.Authority), href);
                if (!seen.Add(href)) continue;
                using var resp = await admin.GetAsync(href);
                if (resp.StatusCode == HttpStatusCode.NotImplemented)
                    Assert.Contains("NOT_IMPLEMENTED", await resp.Content.ReadAsStringAsync());   // XML on /api, JSON on /cloudapi
                else if (resp.StatusCode == HttpStatusCode.NotFound || (int)resp.StatusCode >= 500)
                    missing.Add($"{(int)resp.StatusCode} {link.Attribute("rel")!.Value} {new Uri(href).PathAndQuery} (from {xml.Name.LocalName})");
            }
        }
        Assert.True(missing.Count == 0, $"{missing.Count} advertised links are not served:\n" + string.Join("\n", missing));
    }
}
