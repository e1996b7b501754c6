using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Vmdk;
using static VCloudPS.TestSupport.TestSimulator;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class ImportEndpointTests
{
    private const string InstantiateOvfType = "application/vnd.vmware.vcloud.instantiateOvfParams+xml";
    private const string UploadParamsType = "application/vnd.vmware.vcloud.uploadVAppTemplateParams+xml";
    private const string InstantiateTemplateType = "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml";

    private static XElement InstantiateOvfParams(string name, params (string Source, string Target)[] mappings)
        => new(V + "InstantiateOvfParams", new XAttribute("name", name),
            new XElement(V + "Description", "imported"),
            new XElement(V + "AllEULAsAccepted", "true"),
            mappings.Select(m => new XElement(V + "NetworkMapping", new XElement(V + "Source", m.Source), new XElement(V + "Target", m.Target))));

    /// <summary>A two-VM package whose disks are real VMDKs; the OVF network "src-net" is to be mapped.</summary>
    private static (byte[] Descriptor, List<(string Href, byte[] Data)> Files) Package(string folder, long capacityMB = 64)
    {
        var files = new List<(string, byte[])>();
        var vms = new List<OvfVmDescription>();
        foreach (var (name, seed) in new[] { ("alpha", 11UL), ("beta", 12UL) })
        {
            var path = Path.Combine(folder, name + ".vmdk");
            StreamOptimizedVmdkWriter.WriteFile(path, capacityMB << 20, new PseudoRandomDiskContent(seed, 2_500_000));
            var data = File.ReadAllBytes(path);
            var href = OvfDescriptorWriter.DiskFileName(name, 1);
            files.Add((href, data));
            vms.Add(new OvfVmDescription
            {
                Name = name,
                Id = Guid.NewGuid(),
                CpuCount = 2,
                CoresPerSocket = 1,
                MemoryMB = 3072,
                OsType = "debian12_64Guest",
                Disks = [new OvfDiskDescription { FileHref = href, CapacityMB = capacityMB, FileSize = data.Length, PopulatedSize = 2_500_000 }],
                Nics = [new OvfNicDescription { Index = 0, Network = "src-net", IsPrimary = true, MacAddress = "00:50:56:aa:bb:0" + seed % 10 }],
            });
        }
        var descriptor = OvfDescriptorWriter.WriteBytes(new OvfVAppDescription { Name = "pkg", Vms = vms, Networks = [new OvfNetworkDescription { Name = "src-net" }] }, OvfDescriptorForm.Identity);
        return (descriptor, files);
    }

    private static string UploadHref(XElement entity, string file)
        => entity.Element(V + "Files")!.Elements(V + "File").Single(f => (string?)f.Attribute("name") == file)
            .Elements(V + "Link").Single(l => (string?)l.Attribute("rel") == "upload:default").Attribute("href")!.Value;

    private static string TaskHref(XElement entity) => (string)entity.Element(V + "Tasks")!.Elements(V + "Task").First().Attribute("href")!;

    [Fact]
    public async Task UploadUrlsBelongToTheUserWhoseSessionCreatedThem()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var (descriptor, _) = Package(host.Folder);
        var vdc = host.Vdc("vdc1");
        var (_, created, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("owned", ("src-net", "net1")));
        var upload = UploadHref(created!, "descriptor.ovf");
        host.UseSession(user: "auditor");   // a Read Only user of the same org
        using (var put = await host.PutAsync(upload, descriptor, 0, descriptor.Length, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        host.UseSession();                  // a new session of the creating user (a renewed login) may continue
        using (var put = await host.PutAsync(upload, descriptor, 0, descriptor.Length, null))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    [Fact]
    public async Task InstantiateOvfUploadSequenceCreatesTheVApp()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var (descriptor, files) = Package(host.Folder);
        var vdc = host.Vdc("vdc1");
        var (status, created, response) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("imported", ("src-net", "net1")));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("0", (string?)created!.Attribute("status"));
        Assert.Equal("false", (string?)created.Attribute("ovfDescriptorUploaded"));
        var vappHref = (string)created.Attribute("href")!;
        Assert.Equal(vappHref, response.Headers.Location?.ToString());
        var taskHref = TaskHref(created);
        Assert.Equal(["descriptor.ovf"], created.Element(V + "Files")!.Elements(V + "File").Select(f => (string)f.Attribute("name")!));

        using (var put = await host.PutAsync(UploadHref(created, "descriptor.ovf"), descriptor, 0, descriptor.Length, null))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        // The file list appears asynchronously: poll like GOVCD/PYVCD until Files holds more than the descriptor.
        var listed = await host.WaitForAsync(vappHref, v => v.Element(V + "Files")?.Elements(V + "File").Count() > 1);
        Assert.Equal("true", (string?)listed.Attribute("ovfDescriptorUploaded"));
        var fileElements = listed.Element(V + "Files")!.Elements(V + "File").ToList();
        Assert.Equal(["descriptor.ovf", .. files.Select(f => f.Href)], fileElements.Select(f => (string)f.Attribute("name")!));
        Assert.Equal(descriptor.Length.ToString(CultureInfo.InvariantCulture), (string?)fileElements[0].Attribute("bytesTransferred"));
        Assert.Equal(files[0].Data.Length.ToString(CultureInfo.InvariantCulture), (string?)fileElements[1].Attribute("size"));
        Assert.Equal("0", (string?)fileElements[1].Attribute("bytesTransferred"));

        // First file in 1 MiB chunks; an out-of-order chunk is refused with 416 and an empty body.
        var (href0, data0) = files[0];
        var upload0 = UploadHref(listed, href0);
        const int chunk = 1 << 20;
        using (var first = await host.PutAsync(upload0, data0, 0, chunk, $"bytes 0-{chunk - 1}/{data0.Length}"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var skipped = await host.PutAsync(upload0, data0, 2 * chunk, 100, $"bytes {2 * chunk}-{2 * chunk + 99}/{data0.Length}"))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, skipped.StatusCode);
            Assert.Empty(await skipped.Content.ReadAsByteArrayAsync());
        }
        var progress = await host.GetXmlAsync(vappHref);
        Assert.Equal(chunk.ToString(CultureInfo.InvariantCulture), progress.Element(V + "Files")!.Elements(V + "File").Single(f => (string?)f.Attribute("name") == href0).Attribute("bytesTransferred")!.Value);
        for (var offset = chunk; offset < data0.Length; offset += chunk)
        {
            var count = Math.Min(chunk, data0.Length - offset);
            using var put = await host.PutAsync(upload0, data0, offset, count, $"bytes {offset}-{offset + count - 1}/{data0.Length}");
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal("0", (string?)(await host.GetXmlAsync(vappHref)).Attribute("status"));   // not complete before every file arrived

        var (href1, data1) = files[1];
        using (var whole = await host.PutAsync(UploadHref(listed, href1), data1, 0, data1.Length, null))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        }
        var task = await host.WaitForTaskAsync(taskHref);
        Assert.Equal("success", (string?)task.Attribute("status"));
        Assert.Equal("vdcUploadOvfContents", (string?)task.Attribute("operationName"));

        var vapp = await host.GetXmlAsync(vappHref);
        Assert.Equal("8", (string?)vapp.Attribute("status"));
        Assert.Null(vapp.Element(V + "Files"));
        var vmNames = vapp.Element(V + "Children")!.Elements(V + "Vm").Select(v => (string)v.Attribute("name")!).ToList();
        Assert.Equal(["alpha", "beta"], vmNames);

        var vappId = Guid.Parse(vappHref[^36..]);
        host.InStore(s =>
        {
            var vms = s.VmsOf(s.VApps[vappId]).ToList();
            Assert.All(vms, vm => Assert.Equal(3072, vm.MemoryMB));
            Assert.All(vms, vm => Assert.Equal(64, vm.Disks.Single().SizeMB));
            Assert.All(vms, vm => Assert.Equal("net1", vm.Nics.Single().Network));      // NetworkMapping applied
            Assert.Equal(data0, File.ReadAllBytes(vms[0].Disks[0].BackingFile!));        // the uploaded disk backs the VM
            Assert.Equal("00:50:56:aa:bb:01", vms[0].Nics[0].Mac);
            var events = s.Events.All.Where(e => e.TaskUrn == (string)task.Attribute("id")!).Select(e => e.EventType).ToList();
            Assert.Contains("com/vmware/vcloud/event/vapp/create", events);
            Assert.Equal(2, events.Count(e => e == "com/vmware/vcloud/event/vm/create"));
            return 0;
        });
    }

    [Theory]
    [InlineData("<ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"><ovf:References>", "not well-formed")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ovf:Envelope xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\">&e;</ovf:Envelope>", "DTD")]
    public async Task BadDescriptorTurnsTheVAppToFailedCreationWithATaskError(string descriptor, string expected)
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var vdc = host.Vdc("vdc1");
        var (_, created, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("bad"));
        var bytes = Encoding.UTF8.GetBytes(descriptor);
        using (var put = await host.PutAsync(UploadHref(created!, "descriptor.ovf"), bytes, 0, bytes.Length, null))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var failed = await host.WaitForAsync((string)created!.Attribute("href")!, v => (string?)v.Attribute("status") == "-1");
        var task = failed.Element(V + "Tasks")!.Element(V + "Task")!;
        Assert.Equal("error", (string?)task.Attribute("status"));
        Assert.Contains(expected, (string?)task.Element(V + "Error")!.Attribute("message"), StringComparison.Ordinal);
        var finished = await host.WaitForTaskAsync((string)task.Attribute("href")!);
        Assert.Equal("error", (string?)finished.Attribute("status"));
    }

    [Fact]
    public async Task DeclaredCapacityBeyondTheVdcLimitFailsTheUpload()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var (descriptor, _) = Package(host.Folder, capacityMB: 800);   // 2 × 800 MB > "tiny" (1024 MB)
        var tiny = host.Vdc("tiny");
        var (status, created, _) = await host.PostXmlAsync($"/api/vdc/{tiny.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("big"));
        Assert.Equal(HttpStatusCode.Created, status);
        await host.PutAsync(UploadHref(created!, "descriptor.ovf"), descriptor, 0, descriptor.Length, null);
        var failed = await host.WaitForAsync((string)created!.Attribute("href")!, v => (string?)v.Attribute("status") == "-1");
        var message = (string?)failed.Element(V + "Tasks")!.Element(V + "Task")!.Element(V + "Error")!.Attribute("message");
        Assert.Contains("VDC \"tiny\"", message, StringComparison.Ordinal);
        Assert.Contains("quota", message, StringComparison.OrdinalIgnoreCase);   // 2 VMs > VM quota 1 is checked first
    }

    [Fact]
    public async Task RequestBodiesAreValidatedLikeVcd()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var vdc = host.Vdc("vdc1");
        var href = $"/api/vdc/{vdc.Id}/action/instantiateOvf";
        var (wrongType, _, _) = await host.PostXmlAsync(href, "application/xml", InstantiateOvfParams("x"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType);
        var misordered = new XElement(V + "InstantiateOvfParams", new XAttribute("name", "x"),
            new XElement(V + "AllEULAsAccepted", "true"), new XElement(V + "Description", "late"));
        var (badOrder, error, _) = await host.PostXmlAsync(href, InstantiateOvfType, misordered);
        Assert.Equal(HttpStatusCode.BadRequest, badOrder);
        Assert.Contains("cvc-complex-type.2.4.a", (string?)error!.Attribute("message"), StringComparison.Ordinal);
        var (duplicate, dupError, _) = await host.PostXmlAsync(href, InstantiateOvfType, InstantiateOvfParams("app"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.Equal("DUPLICATE_NAME", (string?)dupError!.Attribute("minorErrorCode"));
    }

    [Fact]
    public async Task CatalogUploadThenInstantiateVAppTemplate()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var (descriptor, files) = Package(host.Folder);
        var catalog = host.InStore(s => s.Catalogs.Values.Single(c => c.Name == "cat1"));
        var uploadParams = new XElement(V + "UploadVAppTemplateParams", new XAttribute("name", "pkg-template"), new XAttribute("manifestRequired", "false"),
            new XElement(V + "Description", "uploaded"));
        var (status, item, _) = await host.PostXmlAsync($"/api/catalog/{catalog.Id}/action/upload", UploadParamsType, uploadParams);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("CatalogItem", item!.Name.LocalName);
        var templateHref = (string)item.Element(V + "Entity")!.Attribute("href")!;

        var (duplicate, error, _) = await host.PostXmlAsync($"/api/catalog/{catalog.Id}/action/upload", UploadParamsType, uploadParams);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.Equal("DUPLICATE_NAME", (string?)error!.Attribute("minorErrorCode"));

        var template = await host.GetXmlAsync(templateHref);
        Assert.Equal("0", (string?)template.Attribute("status"));
        Assert.Equal("false", (string?)template.Attribute("ovfDescriptorUploaded"));
        var uploadTask = TaskHref(template);
        await host.PutAsync(UploadHref(template, "descriptor.ovf"), descriptor, 0, descriptor.Length, null);
        template = await host.WaitForAsync(templateHref, t => t.Element(V + "Files")?.Elements(V + "File").Count() > 1);
        foreach (var (href, data) in files)
        {
            using var put = await host.PutAsync(UploadHref(template, href), data, 0, data.Length, $"bytes 0-{data.Length - 1}/{data.Length}");
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal("success", (string?)(await host.WaitForTaskAsync(uploadTask)).Attribute("status"));
        template = await host.GetXmlAsync(templateHref);
        Assert.Equal("8", (string?)template.Attribute("status"));
        Assert.Equal(["alpha", "beta"], template.Element(V + "Children")!.Elements(V + "Vm").Select(v => (string)v.Attribute("name")!));

        var vdc = host.Vdc("vdc1");
        var instantiate = new XElement(V + "InstantiateVAppTemplateParams", new XAttribute("name", "from-template"), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", "copy"),
            new XElement(V + "InstantiationParams"),
            new XElement(V + "Source", new XAttribute("href", templateHref)),
            new XElement(V + "AllEULAsAccepted", "true"));
        var (created, vapp, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateVAppTemplate", InstantiateTemplateType, instantiate);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("0", (string?)vapp!.Attribute("status"));
        var task = await host.WaitForTaskAsync(TaskHref(vapp));
        Assert.Equal("success", (string?)task.Attribute("status"));
        Assert.Equal("vdcInstantiateVapp", (string?)task.Attribute("operationName"));
        var result = await host.GetXmlAsync((string)vapp.Attribute("href")!);
        Assert.Equal("8", (string?)result.Attribute("status"));
        Assert.Equal(["alpha", "beta"], result.Element(V + "Children")!.Elements(V + "Vm").Select(v => (string)v.Attribute("name")!));
        var vappId = Guid.Parse(((string)vapp.Attribute("href")!)[^36..]);
        host.InStore(s =>
        {
            var disk = s.VmsOf(s.VApps[vappId]).First().Disks.Single();
            Assert.Equal(files[0].Data, File.ReadAllBytes(disk.BackingFile!));
            return 0;
        });

        // Element order is checked (pyvcloud#41) and the target VDC's VM quota is enforced.
        var misordered = new XElement(V + "InstantiateVAppTemplateParams", new XAttribute("name", "x"),
            new XElement(V + "Source", new XAttribute("href", templateHref)), new XElement(V + "InstantiationParams"));
        var (badOrder, orderError, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateVAppTemplate", InstantiateTemplateType, misordered);
        Assert.Equal(HttpStatusCode.BadRequest, badOrder);
        Assert.Contains("InstantiationParams", (string?)orderError!.Attribute("message"), StringComparison.Ordinal);
        var tiny = host.Vdc("tiny");
        instantiate.SetAttributeValue("name", "too-big");
        var (quota, quotaError, _) = await host.PostXmlAsync($"/api/vdc/{tiny.Id}/action/instantiateVAppTemplate", InstantiateTemplateType, instantiate);
        Assert.Equal(HttpStatusCode.BadRequest, quota);
        Assert.Contains("VM quota of VDC \"tiny\"", (string?)quotaError!.Attribute("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeededTemplateInstantiatesWithItsGeneratedDisk()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var template = host.InStore(s => s.Templates.Values.Single(t => t.Name == "tpl"));
        var vdc = host.Vdc("vdc1");
        var instantiate = new XElement(V + "InstantiateVAppTemplateParams", new XAttribute("name", "seeded-copy"),
            new XElement(V + "Source", new XAttribute("href", host.Href($"/api/vAppTemplate/vappTemplate-{template.Id}"))));
        var (created, vapp, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateVAppTemplate", InstantiateTemplateType, instantiate);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("success", (string?)(await host.WaitForTaskAsync(TaskHref(vapp!))).Attribute("status"));
        var vappId = Guid.Parse(((string)vapp!.Attribute("href")!)[^36..]);
        host.InStore(s =>
        {
            var templateDisk = s.VmsOf(s.Templates[template.Id]).Single().Disks.Single();
            var cloneDisk = s.VmsOf(s.VApps[vappId]).Single().Disks.Single();
            Assert.NotNull(templateDisk.BackingFile);
            Assert.Equal(templateDisk.BackingFile, cloneDisk.BackingFile);
            using var reader = StreamOptimizedVmdkReader.Open(cloneDisk.BackingFile!);
            Assert.Equal(512L << 20, reader.CapacityBytes);
            Assert.Equal(16, reader.AllocatedGrains);   // contentMB 1 = 16 grains of 64 KiB
            return 0;
        });
    }

    [Fact]
    public async Task LegacyVdcUploadExistsOnlyUpToApi33()
    {
        await using var host = await TestSimulator.StartTransferAsync();
        var vdc = host.Vdc("vdc1");
        var uploadParams = new XElement(V + "UploadVAppTemplateParams", new XAttribute("name", "legacy"), new XElement(V + "Description", "old style"));
        var (modern, _, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/uploadVAppTemplate", UploadParamsType, uploadParams);
        Assert.Equal(HttpStatusCode.NotFound, modern);

        host.Client.DefaultRequestHeaders.Accept.Clear();
        host.Client.DefaultRequestHeaders.Accept.ParseAdd("application/*+xml;version=33.0");
        var (status, template, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/uploadVAppTemplate", UploadParamsType, uploadParams);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("VAppTemplate", template!.Name.LocalName);
        Assert.Equal("0", (string?)template.Attribute("status"));
        Assert.NotNull(UploadHref(template, "descriptor.ovf"));

        // The legacy flow then files the template into a catalog.
        var catalog = host.InStore(s => s.Catalogs.Values.Single(c => c.Name == "cat1"));
        var item = new XElement(V + "CatalogItem", new XAttribute("name", "legacy-item"), new XElement(V + "Description", "filed"),
            new XElement(V + "Entity", new XAttribute("href", (string)template.Attribute("href")!)));
        var (added, itemXml, _) = await host.PostXmlAsync($"/api/catalog/{catalog.Id}/catalogItems", "application/vnd.vmware.vcloud.catalogItem+xml", item);
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal((string?)template.Attribute("href"), (string?)itemXml!.Element(V + "Entity")!.Attribute("href"));
        var (again, _, _) = await host.PostXmlAsync($"/api/catalog/{catalog.Id}/catalogItems", "application/vnd.vmware.vcloud.catalogItem+xml", item);
        Assert.Equal(HttpStatusCode.BadRequest, again);
    }

    [Fact]
    public async Task TransferPutsDoNotKeepTheApiSessionAlive()
    {
        await using var host = await TestSimulator.StartTransferAsync(freezeClock: true);
        var (descriptor, files) = Package(host.Folder);
        var vdc = host.Vdc("vdc1");
        var (_, created, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("slow"));
        var vappHref = (string)created!.Attribute("href")!;
        await host.PutAsync(UploadHref(created, "descriptor.ovf"), descriptor, 0, descriptor.Length, null);
        var listed = await host.WaitForAsync(vappHref, v => v.Element(V + "Files")?.Elements(V + "File").Count() > 1);
        var (href, data) = files[0];
        var upload = UploadHref(listed, href);

        host.Sim.Clock.Advance(TimeSpan.FromMinutes(20));
        using (var put = await host.PutAsync(upload, data, 0, 1000, $"bytes 0-999/{data.Length}"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        host.Sim.Clock.Advance(TimeSpan.FromMinutes(15));   // 35 min after the last API call, 15 after the PUT
        using (var expired = await host.Client.GetAsync(vappHref))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Empty(await expired.Content.ReadAsByteArrayAsync());
        }
        using (var rejected = await host.PutAsync(upload, data, 1000, 1000, $"bytes 1000-1999/{data.Length}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        host.UseSession();   // a renewed session resumes the upload where it stopped
        var state = await host.GetXmlAsync(vappHref);
        Assert.Equal("1000", state.Element(V + "Files")!.Elements(V + "File").Single(f => (string?)f.Attribute("name") == href).Attribute("bytesTransferred")!.Value);
        using var resumed = await host.PutAsync(upload, data, 1000, data.Length - 1000, $"bytes 1000-{data.Length - 1}/{data.Length}");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
    }

    [Fact]
    public async Task AnUploadIdleForAnHourTimesOut()
    {
        await using var host = await TestSimulator.StartTransferAsync(freezeClock: true);
        var vdc = host.Vdc("vdc1");
        var (_, created, _) = await host.PostXmlAsync($"/api/vdc/{vdc.Id}/action/instantiateOvf", InstantiateOvfType, InstantiateOvfParams("idle"));
        var vappHref = (string)created!.Attribute("href")!;
        host.Sim.Clock.Advance(TimeSpan.FromMinutes(61));
        host.UseSession();
        var vapp = await host.GetXmlAsync(vappHref);
        Assert.Equal("17", (string?)vapp.Attribute("status"));   // TRANSFER_TIMEOUT
        Assert.Contains("timed out", (string?)vapp.Element(V + "Tasks")!.Element(V + "Task")!.Element(V + "Error")!.Attribute("message"), StringComparison.Ordinal);
        var descriptor = "<x/>"u8.ToArray();
        using var late = await host.PutAsync(UploadHref(vapp, "descriptor.ovf"), descriptor, 0, descriptor.Length, null);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }
}
