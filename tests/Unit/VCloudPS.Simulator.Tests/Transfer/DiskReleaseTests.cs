using System.Net;
using System.Xml.Linq;
using VCloudPS.Simulator.Transfer;
using Xunit;

namespace VCloudPS.Simulator.Tests.Transfer;

/// <summary>Deleting vApps gives their disk files back, but never a file another VM still uses or one outside the store.</summary>
public sealed class DiskReleaseTests
{
    private static readonly XNamespace V = TestSimulator.V;

    [Fact]
    public async Task DeletingTheLastVAppThatUsesADiskFileDeletesTheFile()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var store = host.Sim.Transfers.Disks.Folder;
        var app = host.VApp("app");
        var inStore = Path.Combine(store, "imported-disk.vmdk");
        var outside = Path.Combine(host.Folder, "seed-owned.vmdk");
        File.WriteAllBytes(inStore, new byte[4096]);
        File.WriteAllBytes(outside, new byte[4096]);
        host.InStore(s =>
        {
            var vms = s.VmsOf(app).ToList();
            vms[0].Disks[0].BackingFile = inStore;
            vms[1].Disks[0].BackingFile = outside;
            return 0;
        });

        // A copy shares its source's files, so deleting the source must keep them.
        var clone = new XElement(V + "CloneVAppParams", new XAttribute("name", "app-copy"),
            new XElement(V + "Source", new XAttribute("href", host.Href($"/api/vApp/vapp-{app.Id}"))));
        var vdc = host.Vdc("vdc1");
        var (status, copy, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/cloneVApp", "application/vnd.vmware.vcloud.cloneVAppParams+xml", clone);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("success", (string?)(await host.WaitForTaskAsync(TaskHref(copy!))).Attribute("status"));

        await DeleteAsync(host, $"/api/vApp/vapp-{app.Id}");
        Assert.True(File.Exists(inStore), "the copy still uses the file");

        await DeleteAsync(host, (string)copy!.Attribute("href")!);
        Assert.False(File.Exists(inStore), "no VM uses the file any more");
        Assert.True(File.Exists(outside), "files outside the simulator's disk store are never deleted");
    }

    private static string TaskHref(XElement entity) => (string)entity.Element(V + "Tasks")!.Elements(V + "Task").First().Attribute("href")!;

    private static async Task DeleteAsync(TestSimulator host, string href)
    {
        using var response = await host.Client.DeleteAsync(new Uri(new Uri(host.Href("/")), href));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var task = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("success", (string?)(await host.WaitForTaskAsync((string)task.Attribute("href")!)).Attribute("status"));
    }
}
