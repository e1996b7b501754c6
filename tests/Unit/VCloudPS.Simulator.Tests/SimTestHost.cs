using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Simulator.Tests;

/// <summary>An in-process simulator plus helpers to log in and call it like a vCD client.</summary>
public sealed class SimTestHost : IAsyncDisposable
{
    public static readonly XNamespace V = "http://www.vmware.com/vcloud/v1.5";
    public SimulatorHost Host { get; }
    public Uri BaseUri => Host.BaseUri;
    public Simulation Sim => Host.Simulation;
    private readonly HttpClient _anon;

    private SimTestHost(SimulatorHost host)
    {
        Host = host;
        _anon = new HttpClient { BaseAddress = host.BaseUri };
    }

    public static async Task<SimTestHost> StartAsync(string seed = "enterprise", bool frozen = false, int generate = 0,
        TimeSpan? taskDuration = null, DateTime? now = null, string[]? apiVersions = null)
    {
        var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Seed = seed, FreezeClock = frozen, GenerateVApps = generate, Now = now, ApiVersions = apiVersions,
            TaskDuration = taskDuration ?? TimeSpan.FromMilliseconds(30),
        });
        return new SimTestHost(host);
    }

    public HttpClient Anonymous => _anon;

    /// <summary>Legacy login; returns a client carrying x-vcloud-authorization and the XML Accept header.</summary>
    public async Task<HttpClient> LoginAsync(string user = "admin", string org = "ent", string? password = null, string version = "37.0")
    {
        password ??= org == "ent" ? "Ent-Admin-2026!" : org == "lab" ? "Lab-Admin-2026!" : org == "acme" ? "Acme-Admin-2026!" :
                     org == "System" ? (Sim.SeedName == "provider" ? "Prov-Admin-2026!" : "Ent-Sys-Admin-2026!") : "";
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/sessions");
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}@{org}:{password}")));
        req.Headers.TryAddWithoutValidation("Accept", $"application/*+xml;version={version}");
        var resp = await _anon.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        var token = resp.Headers.GetValues("x-vcloud-authorization").Single();
        var client = new HttpClient { BaseAddress = BaseUri };
        client.DefaultRequestHeaders.TryAddWithoutValidation("x-vcloud-authorization", token);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", $"application/*+xml;version={version}");
        return client;
    }

    public static async Task<XElement> XmlAsync(HttpResponseMessage resp, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == expected, $"Expected {expected} but got {(int)resp.StatusCode}: {body}");
        return XElement.Parse(body);
    }

    public static async Task<XElement> GetXmlAsync(HttpClient c, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await XmlAsync(await c.GetAsync(url), expected);

    public async Task<string> VAppHrefAsync(HttpClient c, string name)
    {
        var rec = await GetXmlAsync(c, $"/api/query?type=vApp&filter=name=={name}");
        return rec.Elements(V + "VAppRecord").Single().Attribute("href")!.Value;
    }

    /// <summary>Polls a task until it leaves queued/running (tasks end on the simulated clock; see <see cref="Polling"/>).</summary>
    public static Task<XElement> WaitTaskAsync(HttpClient c, XElement task)
    {
        var href = task.Attribute("href")!.Value;
        return Polling.UntilAsync(() => GetXmlAsync(c, href),
            t => t.Attribute("status")!.Value is not ("queued" or "running" or "preRunning"),
            t => $"task {href} is {t.Attribute("status")!.Value}");
    }

    public async ValueTask DisposeAsync()
    {
        _anon.Dispose();
        await Host.DisposeAsync();
    }
}
