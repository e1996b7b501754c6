using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer;

namespace VCloudPS.TestSupport;

/// <summary>
/// The one in-process simulator of the tests: start it from a seed or <see cref="SimulatorOptions"/>, talk to
/// <see cref="BaseUri"/>, assert on <see cref="Sim"/> (store, clock, tasks, faults), dispose it. A test owns one with
/// <c>await using var sim = await TestSimulator.StartAsync("enterprise");</c>; a test class shares one as
/// <c>IClassFixture&lt;TestSimulator&gt;</c> (the enterprise seed) or as a subclass naming other options; two clouds are two.
/// Every wait goes through <see cref="Polling"/>.
/// </summary>
public class TestSimulator : IAsyncLifetime, IAsyncDisposable
{
    public static readonly XNamespace V = "http://www.vmware.com/vcloud/v1.5";
    public const string Accept = "application/*+xml;version=37.0";

    private readonly TempDirectory _scratch = new();
    private readonly SimulatorOptions _options;
    private SimulatorHost? _host;
    private HttpClient? _anonymous;
    private HttpClient? _client;

    /// <summary>The class fixture: the enterprise seed with 50 ms tasks.</summary>
    public TestSimulator() : this(_ => new SimulatorOptions { Seed = "enterprise", TaskDuration = TimeSpan.FromMilliseconds(50) }) { }

    /// <summary>A fixture of other options; the argument is this simulator's scratch <see cref="Folder"/> (for a data dir or seed file).</summary>
    protected TestSimulator(Func<string, SimulatorOptions> options) => _options = options(_scratch.Path);

    /// <summary>Starts a simulator of a built-in seed (or seed file) with fast (30 ms) tasks.</summary>
    public static Task<TestSimulator> StartAsync(string seed = "enterprise", bool frozen = false, int generate = 0,
        TimeSpan? taskDuration = null, DateTime? now = null, string[]? apiVersions = null) =>
        StartAsync(_ => new SimulatorOptions
        {
            Seed = seed, FreezeClock = frozen, GenerateVApps = generate, Now = now, ApiVersions = apiVersions,
            TaskDuration = taskDuration ?? TimeSpan.FromMilliseconds(30),
        });

    public static async Task<TestSimulator> StartAsync(Func<string, SimulatorOptions> options)
    {
        var sim = new TestSimulator(options);
        try
        {
            await sim.InitializeAsync();
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
        return sim;
    }

    /// <summary>
    /// Starts <see cref="TestSeeds.Transfer"/> with its data under <see cref="Folder"/>, fast upload bookkeeping, and
    /// <see cref="Client"/> logged in as acme/admin.
    /// </summary>
    public static async Task<TestSimulator> StartTransferAsync(bool freezeClock = false)
    {
        var sim = await StartAsync(folder =>
        {
            var seed = Path.Combine(folder, "xfer.json");
            File.WriteAllText(seed, TestSeeds.Transfer);
            return new SimulatorOptions
            {
                Seed = seed, DataDir = Path.Combine(folder, "data"), FreezeClock = freezeClock, TaskDuration = TimeSpan.FromMilliseconds(50),
            };
        });
        sim.Service.UploadOptions = sim.Service.UploadOptions with { FileListDelay = TimeSpan.FromMilliseconds(50) };
        sim.Service.MinimumTaskTime = TimeSpan.FromMilliseconds(50);
        sim.UseSession();
        return sim;
    }

    public virtual async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(_options);
        _anonymous = new HttpClient { BaseAddress = _host.BaseUri };
        _client = new HttpClient { BaseAddress = _host.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Accept.ParseAdd(Accept);
    }

    public SimulatorHost Host => _host ?? throw new InvalidOperationException("The simulator is not started.");
    public Uri BaseUri => Host.BaseUri;
    public Simulation Sim => Host.Simulation;
    internal TransferService Service => Sim.Transfers;

    /// <summary>A scratch folder of this simulator, removed with it.</summary>
    public string Folder => _scratch.Path;

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous => _anonymous ?? throw new InvalidOperationException("The simulator is not started.");

    /// <summary>A client with the XML Accept header; <see cref="UseSession"/> gives it a session.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The simulator is not started.");

    public string Href(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>Opens an API session for a user directly in the session store and makes <see cref="Client"/> use it.</summary>
    public void UseSession(string org = "acme", string user = "admin")
    {
        lock (Sim.Store.Sync)
        {
            var o = Sim.Store.OrgByName(org)!;
            var u = Sim.Store.UserByName(o.Id, user)!;
            var session = Sim.Sessions.Open(u, o, viaApiToken: false);
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        }
    }

    /// <summary>Legacy login over HTTP; returns a client carrying x-vcloud-authorization and the XML Accept header.</summary>
    public async Task<HttpClient> LoginAsync(string user = "admin", string org = "ent", string? password = null, string version = "37.0")
    {
        password ??= org == "ent" ? "Ent-Admin-2026!" : org == "lab" ? "Lab-Admin-2026!" : org == "acme" ? "Acme-Admin-2026!" :
                     org == "System" ? (Sim.SeedName == "provider" ? "Prov-Admin-2026!" : "Ent-Sys-Admin-2026!") : "";
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/sessions");
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}@{org}:{password}")));
        req.Headers.TryAddWithoutValidation("Accept", $"application/*+xml;version={version}");
        var resp = await Anonymous.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        var token = resp.Headers.GetValues("x-vcloud-authorization").Single();
        var client = new HttpClient { BaseAddress = BaseUri };
        client.DefaultRequestHeaders.TryAddWithoutValidation("x-vcloud-authorization", token);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", $"application/*+xml;version={version}");
        return client;
    }

    public void Inject(string kind, string pathPattern, string? method = null, int? status = null) =>
        Sim.Faults.Add(new Fault { Kind = kind, PathPattern = pathPattern, Method = method, Status = status, Count = 1 });

    public T InStore<T>(Func<SimStore, T> read)
    {
        lock (Sim.Store.Sync)
        {
            return read(Sim.Store);
        }
    }

    public SimVApp VApp(string name) => InStore(s => s.VApps.Values.Single(a => a.Name == name));
    public SimVdc Vdc(string name) => InStore(s => s.Vdcs.Values.Single(v => v.Name == name));

    public static async Task<XElement> XmlAsync(HttpResponseMessage resp, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == expected, $"Expected {expected} but got {(int)resp.StatusCode}: {body}");
        return XElement.Parse(body);
    }

    public static async Task<XElement> GetXmlAsync(HttpClient c, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        await XmlAsync(await c.GetAsync(url), expected);

    /// <summary>GET with <see cref="Client"/>; any success status.</summary>
    public async Task<XElement> GetXmlAsync(string href)
    {
        using var response = await Client.GetAsync(href);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {href} → {(int)response.StatusCode}: {text}");
        return XElement.Parse(text);
    }

    public async Task<(HttpStatusCode Status, XElement? Body, HttpResponseMessage Response)> PostXmlAsync(string href, string? contentType, XElement? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, href);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToString(SaveOptions.DisableFormatting), Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : XElement.Parse(text), response);
    }

    public async Task<HttpResponseMessage> PutAsync(string href, byte[] data, int offset, int count, string? contentRange)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, href) { Content = new ByteArrayContent(data, offset, count) };
        if (contentRange is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }
        return await Client.SendAsync(request);
    }

    public async Task<string> VAppHrefAsync(HttpClient c, string name)
    {
        var rec = await GetXmlAsync(c, $"/api/query?type=vApp&filter=name=={name}");
        return rec.Elements(V + "VAppRecord").Single().Attribute("href")!.Value;
    }

    /// <summary>Polls a task with client <paramref name="c"/> until it leaves queued/running.</summary>
    public static Task<XElement> WaitTaskAsync(HttpClient c, XElement task)
    {
        var href = task.Attribute("href")!.Value;
        return Polling.UntilAsync(() => GetXmlAsync(c, href),
            t => t.Attribute("status")!.Value is not ("queued" or "running" or "preRunning"),
            t => $"task {href} is {t.Attribute("status")!.Value}");
    }

    /// <summary>Polls a task with <see cref="Client"/> until it ends; returns its final element.</summary>
    public Task<XElement> WaitForTaskAsync(string taskHref)
        => Polling.UntilAsync(() => GetXmlAsync(taskHref),
            t => (string?)t.Attribute("status") is "success" or "error" or "aborted",
            t => $"task {taskHref} still {(string?)t.Attribute("status")}");

    public Task<XElement> WaitForAsync(string href, Func<XElement, bool> condition)
        => Polling.UntilAsync(() => GetXmlAsync(href), condition, e => $"{href} never reached the expected state: {e}");

    public static string? LinkHref(XElement entity, string rel, string? type = null)
        => entity.Elements(V + "Link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel && (type is null || (string?)l.Attribute("type") == type))?.Attribute("href")?.Value;

    public virtual async Task DisposeAsync()
    {
        _client?.Dispose();
        _anonymous?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        _scratch.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
