using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using VCloudPS.Simulator.Transfer.Descriptors;
using static VCloudPS.TestSupport.TestSimulator;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class ExportEndpointTests
{
    [Fact]
    public async Task EnableDownloadIsRefusedWhileTheVAppIsDeployed()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var running = host.VApp("running");
        var (status, body, _) = await host.PostXmlAsync($"/api/vApp/vapp-{running.Id}/action/enableDownload", null, null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", (string?)body!.Attribute("minorErrorCode"));
        Assert.Contains("Stop the vApp and try again", (string?)body.Attribute("message"), StringComparison.Ordinal);
        var vapp = await host.GetXmlAsync($"/api/vApp/vapp-{running.Id}");
        Assert.Null(LinkHref(vapp, "download:default"));
        Assert.Null(LinkHref(vapp, "enable"));
    }

    [Fact]
    public async Task DownloadLinksAppearOnlyAfterTheTaskAndServeTheWholePackage()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var before = await host.GetXmlAsync(href);
        Assert.Null(LinkHref(before, "download:default"));
        Assert.EndsWith("/action/enableDownload", LinkHref(before, "enable"), StringComparison.Ordinal);

        var (status, task, response) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("vdcEnableDownload", (string?)task!.Attribute("operationName"));
        Assert.Equal((string?)task.Attribute("href"), response.Headers.Location?.ToString());
        var finished = await host.WaitForTaskAsync((string)task.Attribute("href")!);
        Assert.Equal("success", (string?)finished.Attribute("status"));

        var vapp = await host.GetXmlAsync(href);
        var descriptorHref = LinkHref(vapp, "download:default", "text/xml")!;
        Assert.EndsWith("/descriptor.ovf", descriptorHref, StringComparison.Ordinal);
        Assert.EndsWith("/descriptor-with-id.ovf", LinkHref(vapp, "download:identity", "text/xml"), StringComparison.Ordinal);
        Assert.EndsWith("/descriptor.ova", LinkHref(vapp, "download:ovaDefault", "text/xml"), StringComparison.Ordinal);
        Assert.EndsWith("/descriptor-with-id.ova", LinkHref(vapp, "download:ovaIdentity", "text/xml"), StringComparison.Ordinal);
        Assert.EndsWith("/action/disableDownload", LinkHref(vapp, "disable"), StringComparison.Ordinal);
        Assert.Single(vapp.Elements(V + "Link"), l => (string?)l.Attribute("rel") == "download:default");

        using var descriptorResponse = await host.Client.GetAsync(descriptorHref);
        Assert.Equal(HttpStatusCode.OK, descriptorResponse.StatusCode);
        Assert.Equal("text/xml", descriptorResponse.Content.Headers.ContentType?.MediaType);
        var package = OvfDescriptorReader.Read(await descriptorResponse.Content.ReadAsStreamAsync());
        Assert.Equal("app", package.Name);
        Assert.Equal(["db1", "web"], package.VirtualMachines.Select(v => v.Name));
        Assert.Equal(2, package.VirtualMachines[0].CpuCount);
        Assert.Equal(2, package.VirtualMachines[0].CoresPerSocket);
        Assert.Equal(4096, package.VirtualMachines[0].MemoryMB);
        Assert.Equal([1024L << 20, 2048L << 20], package.VirtualMachines[0].Disks.Select(d => d.CapacityBytes));
        Assert.Null(package.VirtualMachines[0].Nics[0].MacAddress);
        Assert.Equal(["db1-disk1.vmdk", "db1-disk2.vmdk", "web-disk1.vmdk"], package.Files.Select(f => f.Href));

        // Every referenced file sits beside the descriptor, with its declared size and the backing file's bytes.
        var folder = descriptorHref[..(descriptorHref.LastIndexOf('/') + 1)];
        var backing = host.InStore(s => s.VmsOf(s.VApps[app.Id]).SelectMany(v => v.Disks).Select(d => d.BackingFile!).ToList());
        for (var i = 0; i < package.Files.Count; i++)
        {
            using var fileResponse = await host.Client.GetAsync(folder + package.Files[i].Href);
            Assert.Equal(HttpStatusCode.OK, fileResponse.StatusCode);
            Assert.Equal(package.Files[i].Size, fileResponse.Content.Headers.ContentLength);
            Assert.Contains("bytes", fileResponse.Headers.AcceptRanges);
            Assert.Equal(await File.ReadAllBytesAsync(backing[i]), await fileResponse.Content.ReadAsByteArrayAsync());
        }

        var identity = await host.Client.GetStringAsync(LinkHref(vapp, "download:identity"));
        Assert.Contains("<rasd:Address>", identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangesOvaAndDisable()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        await host.WaitForTaskAsync((string)task!.Attribute("href")!);
        var vapp = await host.GetXmlAsync(href);
        var descriptorHref = LinkHref(vapp, "download:default")!;
        var folder = descriptorHref[..(descriptorHref.LastIndexOf('/') + 1)];
        var whole = await host.Client.GetByteArrayAsync(folder + "db1-disk1.vmdk");

        var ranged = new HttpRequestMessage(HttpMethod.Get, folder + "db1-disk1.vmdk");
        ranged.Headers.Range = new RangeHeaderValue(1000, 1999);
        using (var partial = await host.Client.SendAsync(ranged))
        {
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal($"bytes 1000-1999/{whole.Length}", partial.Content.Headers.ContentRange?.ToString());
            Assert.Equal(whole.AsSpan(1000, 1000).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        }
        var resume = new HttpRequestMessage(HttpMethod.Get, folder + "db1-disk1.vmdk");
        resume.Headers.Range = new RangeHeaderValue(whole.Length - 10, null);
        using (var tail = await host.Client.SendAsync(resume))
        {
            Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
            Assert.Equal(whole[^10..], await tail.Content.ReadAsByteArrayAsync());
        }
        var beyond = new HttpRequestMessage(HttpMethod.Get, folder + "db1-disk1.vmdk");
        beyond.Headers.Range = new RangeHeaderValue(whole.Length, null);
        using (var invalid = await host.Client.SendAsync(beyond))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, invalid.StatusCode);
            Assert.Equal($"bytes */{whole.Length}", invalid.Content.Headers.ContentRange?.ToString());
        }

        // The OVA: a tar with the descriptor first, then the files in References order.
        using var ova = await host.Client.GetAsync(LinkHref(vapp, "download:ovaDefault"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, ova.StatusCode);
        var length = ova.Content.Headers.ContentLength;
        var bytes = await ova.Content.ReadAsByteArrayAsync();
        Assert.Equal(length, bytes.Length);
        using var tar = new TarReader(new MemoryStream(bytes));
        var names = new List<string>();
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            names.Add(entry.Name);
            if (entry.Name == "db1-disk1.vmdk")
            {
                using var data = new MemoryStream();
                entry.DataStream!.CopyTo(data);
                Assert.Equal(whole, data.ToArray());
            }
        }
        Assert.Equal(["descriptor.ovf", "db1-disk1.vmdk", "db1-disk2.vmdk", "web-disk1.vmdk"], names);

        using (var disabled = await host.Client.PostAsync(href + "/action/disableDownload", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }
        var after = await host.GetXmlAsync(href);
        Assert.Null(LinkHref(after, "download:default"));
        using var gone = await host.Client.GetAsync(descriptorHref);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task DownloadLinksExpireAfterAnHourWithoutTransfers()
    {
        await using var host = await TestSimulator.StartTransferAsync(freezeClock: true);
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        await host.WaitForTaskAsync((string)task!.Attribute("href")!);
        var descriptorHref = LinkHref(await host.GetXmlAsync(href), "download:default")!;

        host.Sim.Clock.Advance(TimeSpan.FromMinutes(50));
        host.UseSession();   // the API session idled out (30 min); transfers need a live session
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(descriptorHref)).StatusCode);   // transfer activity resets the idle time
        host.Sim.Clock.Advance(TimeSpan.FromMinutes(50));
        host.UseSession();
        Assert.NotNull(LinkHref(await host.GetXmlAsync(href), "download:default"));
        host.Sim.Clock.Advance(TimeSpan.FromMinutes(61));
        host.UseSession();
        Assert.Null(LinkHref(await host.GetXmlAsync(href), "download:default"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(descriptorHref)).StatusCode);
    }

    [Fact]
    public async Task EntityIsBusyWhileTheEnableTaskRuns()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        host.Service.MinimumTaskTime = TimeSpan.FromSeconds(8);
        // Long enough that the second request still finds the task running on a busy machine (with 2 s, a full parallel
        // run once saw the second request accepted).
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        var (status, error, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BUSY_ENTITY", (string?)error!.Attribute("minorErrorCode"));
        var busy = await host.GetXmlAsync(href);
        Assert.NotNull(busy.Element(V + "Tasks"));
        Assert.Null(LinkHref(busy, "download:default"));
        await host.WaitForTaskAsync((string)task!.Attribute("href")!);
    }

    [Fact]
    public async Task CatalogTemplatesExportToo()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var template = host.InStore(s => s.Templates.Values.Single(t => t.Name == "tpl"));
        var href = $"/api/vAppTemplate/vappTemplate-{template.Id}";
        var before = await host.GetXmlAsync(href);
        Assert.EndsWith("/action/enableDownload", LinkHref(before, "enable"), StringComparison.Ordinal);
        var (status, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("catalogItemEnableDownload", (string?)task!.Attribute("operationName"));
        Assert.Equal("success", (string?)(await host.WaitForTaskAsync((string)task.Attribute("href")!)).Attribute("status"));
        var descriptorHref = LinkHref(await host.GetXmlAsync(href), "download:default")!;
        var package = OvfDescriptorReader.Read(await host.Client.GetStreamAsync(descriptorHref));
        var vm = Assert.Single(package.VirtualMachines);
        Assert.Equal(("base", 2, 2048L), (vm.Name, vm.CpuCount, vm.MemoryMB));
        var disk = await host.Client.GetByteArrayAsync(descriptorHref.Replace("descriptor.ovf", "base-disk1.vmdk", StringComparison.Ordinal));
        Assert.Equal(package.Files.Single().Size, disk.Length);
    }

    [Fact]
    public async Task OtherTenantsAndReadOnlyUsersCannotExport()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        await host.WaitForTaskAsync((string)task!.Attribute("href")!);
        var descriptorHref = LinkHref(await host.GetXmlAsync(href), "download:default")!;

        host.UseSession("other", "admin");
        var (foreign, error, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal("ACCESS_TO_RESOURCE_IS_FORBIDDEN", (string?)error!.Attribute("minorErrorCode"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(descriptorHref)).StatusCode);

        host.UseSession("acme", "auditor");
        var (readOnly, _, _) = await host.PostXmlAsync(href + "/action/disableDownload", null, null);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly);

        host.Client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync(descriptorHref)).StatusCode);
    }

    [Fact]
    public async Task OvfLinkServesTheEnvelopeWithoutADownload()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        using var response = await host.Client.GetAsync($"/api/vApp/vapp-{app.Id}/ovf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var package = OvfDescriptorReader.Read(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["db1", "web"], package.VirtualMachines.Select(v => v.Name));
        Assert.All(package.Files, f => Assert.Null(f.Size));   // no disk file generated yet
        Assert.NotNull(package.VirtualMachines[0].Nics[0].MacAddress);   // identity form
    }

    [Fact]
    public async Task AGrownDiskIsExportedWithItsNewCapacityAndSameContent()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        async Task<byte[]> ExportWebDisk()
        {
            var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
            Assert.Equal("success", (string?)(await host.WaitForTaskAsync((string)task!.Attribute("href")!)).Attribute("status"));
            var descriptor = LinkHref(await host.GetXmlAsync(href), "download:default")!;
            return await host.Client.GetByteArrayAsync(descriptor.Replace("descriptor.ovf", "web-disk1.vmdk", StringComparison.Ordinal));
        }
        var before = await ExportWebDisk();
        host.InStore(s => s.VmsOf(s.VApps[app.Id]).Single(v => v.Name == "web").Disks[0].SizeMB = 4096);   // grown from 512 MB
        var after = await ExportWebDisk();

        var first = Path.Combine(host.Folder, "before.vmdk");
        var second = Path.Combine(host.Folder, "after.vmdk");
        await File.WriteAllBytesAsync(first, before);
        await File.WriteAllBytesAsync(second, after);
        using var old = VCloudPS.Simulator.Transfer.Vmdk.StreamOptimizedVmdkReader.Open(first);
        using var grown = VCloudPS.Simulator.Transfer.Vmdk.StreamOptimizedVmdkReader.Open(second);
        Assert.Equal(512L << 20, old.CapacityBytes);
        Assert.Equal(4096L << 20, grown.CapacityBytes);
        Assert.Equal(old.AllocatedGrains, grown.AllocatedGrains);
        var a = new byte[65536];
        var b = new byte[65536];
        for (var g = 0; g < old.AllocatedGrains; g++)
        {
            old.ReadGrain(g, a);
            grown.ReadGrain(g, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"grain {g} changed");
        }
    }
}
