using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Vmdk;
using static VCloudPS.TestSupport.TestSimulator;

namespace VCloudPS.Simulator.Tests.Transfer;

/// <summary>The simulator's fault injection applies to /transfer: dropped connections and 5xx answers, then resume.</summary>
public sealed class TransferFaultTests
{
    [Fact]
    public async Task DroppedDownloadResumesWithRange()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var app = host.VApp("app");
        var href = $"/api/vApp/vapp-{app.Id}";
        var (_, task, _) = await host.PostXmlAsync(href + "/action/enableDownload", null, null);
        await host.WaitForTaskAsync((string)task!.Attribute("href")!);
        var descriptor = LinkHref(await host.GetXmlAsync(href), "download:default")!;
        var disk = descriptor.Replace("descriptor.ovf", "db1-disk1.vmdk", StringComparison.Ordinal);
        var whole = await host.Client.GetByteArrayAsync(disk);

        host.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/db1-disk1.vmdk", Method = "GET", Kind = FaultKinds.Drop, AfterBytes = 1_500_000 });
        var received = new MemoryStream();
        using (var response = await host.Client.GetAsync(disk, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(whole.Length, response.Content.Headers.ContentLength);
            await Assert.ThrowsAnyAsync<Exception>(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(received));
        }
        Assert.InRange(received.Length, 1, 1_500_000);

        var resume = new HttpRequestMessage(HttpMethod.Get, disk);
        resume.Headers.Range = new RangeHeaderValue(received.Length, null);
        using var rest = await host.Client.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        await (await rest.Content.ReadAsStreamAsync()).CopyToAsync(received);
        Assert.Equal(whole, received.ToArray());
    }

    [Fact]
    public async Task DroppedOrFailedUploadChunkKeepsWhatArrivedAndResumes()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var path = Path.Combine(host.Folder, "solo.vmdk");
        StreamOptimizedVmdkWriter.WriteFile(path, 64L << 20, new PseudoRandomDiskContent(5, 3_000_000));
        var data = await File.ReadAllBytesAsync(path);
        var descriptor = OvfDescriptorWriter.WriteBytes(new OvfVAppDescription
        {
            Name = "solo",
            Vms = [new OvfVmDescription { Name = "solo", Id = Guid.NewGuid(), Disks = [new OvfDiskDescription { FileHref = "solo-disk1.vmdk", CapacityMB = 64, FileSize = data.Length }] }],
        }, OvfDescriptorForm.Default);
        var vdc = host.Vdc("vdc1");
        var body = new XElement(V + "InstantiateOvfParams", new XAttribute("name", "solo"), new XElement(V + "AllEULAsAccepted", "true"));
        var (_, created, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", "application/vnd.vmware.vcloud.instantiateOvfParams+xml", body);
        var vappHref = (string)created!.Attribute("href")!;
        string Upload(XElement e, string name) => (string)e.Element(V + "Files")!.Elements(V + "File").Single(f => (string?)f.Attribute("name") == name)
            .Elements(V + "Link").Single().Attribute("href")!;
        long Transferred(XElement e) => (long)e.Element(V + "Files")!.Elements(V + "File").Single(f => (string?)f.Attribute("name") == "solo-disk1.vmdk").Attribute("bytesTransferred")!;

        await host.PutAsync(Upload(created, "descriptor.ovf"), descriptor, 0, descriptor.Length, null);
        var listed = await host.WaitForAsync(vappHref, v => v.Element(V + "Files")?.Elements(V + "File").Count() > 1);
        var upload = Upload(listed, "solo-disk1.vmdk");

        // A 500 with an empty body on a chunk stores nothing; the same chunk is simply sent again.
        host.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/solo-disk1.vmdk", Method = "PUT", Kind = FaultKinds.Status, Status = 500 });
        using (var failed = await host.PutAsync(upload, data, 0, 1_000_000, $"bytes 0-999999/{data.Length}"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Empty(await failed.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(0, Transferred(await host.GetXmlAsync(vappHref)));
        using (var retried = await host.PutAsync(upload, data, 0, 1_000_000, $"bytes 0-999999/{data.Length}"))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        // A connection dropped mid-chunk keeps the bytes that arrived; the client continues from bytesTransferred.
        host.Sim.Faults.Add(new Fault { PathPattern = "/transfer/*/solo-disk1.vmdk", Method = "PUT", Kind = FaultKinds.Drop, AfterBytes = 700_000 });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.PutAsync(upload, data, 1_000_000, data.Length - 1_000_000, $"bytes 1000000-{data.Length - 1}/{data.Length}"));
        // The client sees the reset at once; the server finishes writing what it received a moment later, possibly in
        // several writes, so wait for all of it rather than for the first change.
        var stored = 1_000_000L;
        for (var i = 0; i < 500 && stored < 1_700_000; i++)
        {
            await Task.Delay(10);
            stored = Transferred(await host.GetXmlAsync(vappHref));
        }
        Assert.Equal(1_700_000, stored);
        using (var resumed = await host.PutAsync(upload, data, (int)stored, data.Length - (int)stored, $"bytes {stored}-{data.Length - 1}/{data.Length}"))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }
        var vapp = await host.WaitForAsync(vappHref, v => (string?)v.Attribute("status") == "8");
        var id = Guid.Parse(vappHref[^36..]);
        Assert.Equal(data, await File.ReadAllBytesAsync(host.InStore(s => s.VmsOf(s.VApps[id]).Single().Disks.Single().BackingFile!)));
    }
}
