using System.Net;
using System.Xml.Linq;

namespace VCloudPS.Simulator.Tests.Transfer;

/// <summary>A copy of a vApp carries its source's disks bit for bit, whether or not the source's files exist yet.</summary>
public sealed class CloneContentTests
{
    private static readonly XNamespace V = TestSimulator.V;

    [Fact]
    public async Task ACloneOfAVAppWhoseDiskFilesWereNotGeneratedYetHasTheSourcesContent()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var copy = await CloneAsync(host, app);

        var copyDigests = await host.Sim.Transfers.DiskDigestsAsync(copy.Id);   // the copy's files first: nothing to share yet
        var sourceDigests = await host.Sim.Transfers.DiskDigestsAsync(app.Id);
        Assert.Equal(3, sourceDigests.Count);
        Assert.Equal(sourceDigests, copyDigests);
    }

    [Fact]
    public async Task DeletingACloneKeepsTheDiskFilesItsSourceWouldGenerate()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var copy = await CloneAsync(host, app);
        await host.Sim.Transfers.DiskDigestsAsync(copy.Id);   // the copy generates the files it shares with its source
        var files = host.InStore(s => s.VmsOf(copy).SelectMany(vm => vm.Disks).Select(d => d.BackingFile!).ToList());
        Assert.All(files, f => Assert.True(File.Exists(f)));

        using var response = await host.Client.DeleteAsync($"/api/vApp/vapp-{copy.Id}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var task = await host.WaitForTaskAsync(response.Headers.Location!.ToString());
        Assert.Equal("success", (string?)task.Attribute("status"));

        Assert.All(files, f => Assert.True(File.Exists(f), $"{f} was deleted although the source vApp's disk generates into it"));
    }

    private static async Task<Store.SimVApp> CloneAsync(TestSimulator host, Store.SimVApp source)
    {
        Assert.True(host.InStore(s => s.VmsOf(source).SelectMany(vm => vm.Disks).All(d => d.BackingFile is null)), "the source's disk files exist already");
        var vdc = host.Vdc("vdc1");
        var (status, body, _) = await host.PostXmlAsync(host.Href($"/api/vdc/{vdc.Id}/action/cloneVApp"), "application/vnd.vmware.vcloud.cloneVAppParams+xml",
            new XElement(V + "CloneVAppParams", new XAttribute("name", source.Name + "-copy"),
                new XElement(V + "Source", new XAttribute("href", host.Href($"/api/vApp/vapp-{source.Id}")))));
        Assert.Equal(HttpStatusCode.Created, status);
        var task = await host.WaitForTaskAsync(body!.Element(V + "Tasks")!.Element(V + "Task")!.Attribute("href")!.Value);
        Assert.Equal("success", (string?)task.Attribute("status"));
        return host.VApp(source.Name + "-copy");
    }
}
