using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer;

namespace VCloudPS.Simulator.Tests.Transfer;

/// <summary>
/// An in-process simulator with a small transfer seed, a logged-in HttpClient and helpers to follow vCD links.
/// The seed: org "acme" (admin), network "net1", VDC "vdc1" (roomy) and "tiny" (1 VM, 1 GiB), catalog "cat1" with
/// template "tpl" (1 VM), vApps "app" (2 VMs, powered off, undeployed) and "running" (deployed).
/// </summary>
internal sealed class TransferTestHost : IAsyncDisposable
{
    public static readonly XNamespace V = "http://www.vmware.com/vcloud/v1.5";
    public const string Accept = "application/*+xml;version=37.0";

    private const string Seed = """
        {
          "name": "xfer",
          "now": "2026-10-01T00:00:00Z",
          "orgs": [
            { "name": "System", "isSystem": true, "users": [ { "name": "administrator", "password": "pw", "role": "System Administrator" } ] },
            { "name": "acme",
              "users": [ { "name": "admin", "password": "pw", "role": "Organization Administrator" },
                         { "name": "auditor", "password": "pw", "role": "Read Only" } ],
              "networks": [ { "name": "net1", "gateway": "10.0.0.1", "netmask": "255.255.255.0" } ],
              "vdcs": [
                { "name": "vdc1", "allocationModel": "AllocationVApp", "storageLimitMB": 10485760, "vmQuota": 0,
                  "storageProfiles": [ { "name": "Standard", "limitMB": 10485760, "default": true } ] },
                { "name": "tiny", "allocationModel": "AllocationVApp", "storageLimitMB": 1024, "vmQuota": 1,
                  "storageProfiles": [ { "name": "Standard", "limitMB": 1024, "default": true } ] } ],
              "catalogs": [ { "name": "cat1", "items": [ { "name": "tpl", "vdc": "vdc1",
                  "vms": [ { "name": "base", "cpu": 2, "memoryMB": 2048, "disks": [ { "sizeMB": 512, "contentMB": 1 } ], "nics": [ { "network": "net1", "ipMode": "POOL" } ] } ] } ] } ],
              "vapps": [
                { "name": "app", "vdc": "vdc1", "owner": "admin", "created": "-10d", "status": "POWERED_OFF",
                  "vms": [
                    { "name": "db1", "cpu": 2, "coresPerSocket": 2, "memoryMB": 4096, "osType": "rhel9_64Guest",
                      "disks": [ { "sizeMB": 1024, "contentMB": 3 }, { "sizeMB": 2048, "contentMB": 1 } ],
                      "nics": [ { "network": "net1", "ipMode": "MANUAL", "ip": "10.0.0.11" } ] },
                    { "name": "web", "cpu": 1, "memoryMB": 2048, "disks": [ { "sizeMB": 512, "contentMB": 2 } ],
                      "nics": [ { "network": "net1", "ipMode": "POOL" } ] } ] },
                { "name": "running", "vdc": "vdc1", "owner": "admin", "created": "-10d", "status": "POWERED_ON",
                  "vms": [ { "name": "r1", "cpu": 1, "memoryMB": 1024, "disks": [ { "sizeMB": 512 } ], "nics": [ { "network": "net1" } ] } ] } ] },
            { "name": "other",
              "users": [ { "name": "admin", "password": "pw", "role": "Organization Administrator" } ],
              "vdcs": [ { "name": "other-vdc", "allocationModel": "AllocationVApp", "storageProfiles": [ { "name": "Standard", "default": true } ] } ] } ]
        }
        """;

    private readonly TempDirectory _temp;

    private TransferTestHost(SimulatorHost host, TempDirectory temp)
    {
        Host = host;
        _temp = temp;
        Client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Accept.ParseAdd(Accept);
        Service.UploadOptions = Service.UploadOptions with { FileListDelay = TimeSpan.FromMilliseconds(50) };
        Service.MinimumTaskTime = TimeSpan.FromMilliseconds(50);
        Login();
    }

    public SimulatorHost Host { get; }
    public Simulation Sim => Host.Simulation;
    public HttpClient Client { get; }
    public string Folder => _temp.Path;
    internal TransferService Service => Host.Simulation.Transfers;

    public static async Task<TransferTestHost> StartAsync(bool freezeClock = false)
    {
        var temp = new TempDirectory();
        var seed = temp.File("xfer.json");
        await File.WriteAllTextAsync(seed, Seed);
        var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Seed = seed,
            DataDir = temp.File("data"),
            FreezeClock = freezeClock,
            TaskDuration = TimeSpan.FromMilliseconds(50),
        });
        return new TransferTestHost(host, temp);
    }

    /// <summary>Opens a fresh API session for acme/admin (directly in the session store).</summary>
    public void Login(string org = "acme", string user = "admin")
    {
        lock (Sim.Store.Sync)
        {
            var o = Sim.Store.OrgByName(org)!;
            var u = Sim.Store.UserByName(o.Id, user)!;
            var session = Sim.Sessions.Open(u, o, viaApiToken: false);
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        }
    }

    public T InStore<T>(Func<SimStore, T> read)
    {
        lock (Sim.Store.Sync)
        {
            return read(Sim.Store);
        }
    }

    public string Href(string path) => new Uri(Host.BaseUri, path).ToString();

    public SimVApp VApp(string name) => InStore(s => s.VApps.Values.Single(a => a.Name == name));
    public SimVdc Vdc(string name) => InStore(s => s.Vdcs.Values.Single(v => v.Name == name));

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

    /// <summary>Polls a task until it ends; returns its final element.</summary>
    public async Task<XElement> WaitForTaskAsync(string taskHref)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var task = await GetXmlAsync(taskHref);
            var status = (string?)task.Attribute("status");
            if (status is "success" or "error" or "aborted")
            {
                return task;
            }
            Assert.True(DateTime.UtcNow < deadline, $"task {taskHref} still {status}");
            await Task.Delay(20);
        }
    }

    public async Task<XElement> WaitForAsync(string href, Func<XElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var element = await GetXmlAsync(href);
            if (condition(element))
            {
                return element;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{href} never reached the expected state: {element}");
            await Task.Delay(20);
        }
    }

    public static string? LinkHref(XElement entity, string rel, string? type = null)
        => entity.Elements(V + "Link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel && (type is null || (string?)l.Attribute("type") == type))?.Attribute("href")?.Value;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _temp.Dispose();
    }
}
