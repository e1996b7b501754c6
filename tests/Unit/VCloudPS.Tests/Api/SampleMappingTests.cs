using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

/// <summary>The mapper against real payloads captured from vCloud Director servers.</summary>
public class SampleMappingTests
{
    [SamplesFact]
    public void VersionsListParsesUnsortedWithDeprecatedFlagsAndLoginUrls()
    {
        var versions = ApiVersionNegotiator.ParseVersions(Samples.Load("versions-list-api20-37.xml"));
        Assert.Contains(versions, v => v.Version.Text == "5.5" && v.Deprecated);
        var v37 = versions.Single(v => v.Version.Text == "37.0");
        Assert.EndsWith("/cloudapi/1.0.0/sessions", v37.LoginUrl);
        Assert.EndsWith("/cloudapi/1.0.0/sessions/provider", v37.ProviderLoginUrl);
        var chosen = ApiVersionNegotiator.Choose(versions, null, "h");
        Assert.Equal("37.0", chosen.Version.Text);
    }

    [SamplesFact]
    public void VmEntityMapsCpuMemoryDisksAndNics()
    {
        var vm = EntityMapper.ToVm(Samples.Load("vm-powered-on.xml"), null);
        Assert.Equal("ubuntu", vm.Name);
        Assert.Equal("urn:vcloud:vm:dea05479-d7c1-4710-ba1a-a1a18cd0d455", vm.Id);
        Assert.Equal("POWERED_ON", vm.Status);
        Assert.True(vm.Deployed);
        Assert.Equal(1, vm.CpuCount);
        Assert.Equal(1024, vm.MemoryMB);
        var disk = Assert.Single(vm.Disks);
        Assert.Equal(8192, disk.SizeMB);
        Assert.Equal("lsilogic", disk.BusSubType);
        Assert.Equal(8192, vm.StorageMB);
        Assert.Equal(2, vm.Nics.Length);
        Assert.Equal("vmx-09", vm.HardwareVersion);
        Assert.Equal("Ubuntu Linux (64-bit)", vm.GuestOs);
        Assert.EndsWith("vapp-6ef7767a-9522-4f8a-aa61-772ea1dc3145", vm.VAppHref);
        Assert.NotNull(vm.NetworkName);
        // The guest customization password vCD shows privileged readers never survives into ExtensionData.
        Assert.Contains("AdminPassword", File.ReadAllText(Samples.PathOf("vm-powered-on.xml")!));
        Assert.DoesNotContain(vm.GetExtensionData()!.DescendantsAndSelf(), x => x.Name.LocalName == "AdminPassword");
    }

    [SamplesFact]
    public void VAppEntityMapsStatusAndSumsItsVms()
    {
        var x = Samples.Load("vapp-powered-on.xml");
        var vapp = EntityMapper.ToVApp(x, null);
        Assert.Equal("vApp_switbeck_18", vapp.Name);
        Assert.Equal("POWERED_ON", vapp.Status);
        Assert.True(vapp.Deployed);
        var vms = EntityMapper.VmsOf(x, null).ToList();
        Assert.Single(vms);
        Assert.Equal(vms.Count, vapp.NumberOfVMs);
        Assert.Equal(vms.Sum(v => v.CpuCount), vapp.CpuCount);
        Assert.Equal(vms.Sum(v => v.MemoryMB), vapp.MemoryMB);
        Assert.All(vms, v => Assert.Equal("vApp_switbeck_18", v.VAppName));
        Assert.All(vms, v => Assert.True(v.MemoryMB > 0));
        Assert.Null(x.FindLink("remove")); // deployed: no remove link, as captured
    }

    [SamplesFact]
    public void VdcEntityMapsAllocationCapacityAndNetworks()
    {
        var vdc = EntityMapper.ToVdc(Samples.Load("vdc.xml"), null);
        Assert.Equal("orgVDC-cloudsoft-Tier1-PAYG", vdc.Name);
        Assert.Equal("AllocationVApp", vdc.AllocationModel);
        Assert.Equal(4519, vdc.StorageUsedMB);
        Assert.Equal(0, vdc.CpuLimitMhz);
        Assert.Equal(3, vdc.Networks.Length);
        Assert.Equal(1, vdc.NumberOfVApps);
        Assert.Equal(10, vdc.VmQuota);
        Assert.EndsWith("c076f90a-397a-49fa-89b8-b294c1599cd0", vdc.OrgHref);
    }

    [SamplesFact]
    public void CatalogRecordsAndOrgListMap()
    {
        var records = Samples.Load("query-records-catalog.xml").Elements().Where(e => e.Name.LocalName == "CatalogRecord").ToList();
        var cats = records.Select(r => EntityMapper.ToCatalog(r, null)).ToList();
        Assert.Equal(3, cats.Count);
        var pub = cats.Single(c => c.Name == "Public");
        Assert.True(pub.IsPublished);
        Assert.Equal("Bluelock", pub.OrgName);
        Assert.Equal("urn:vcloud:catalog:9e08c2f6-077a-42ce-bece-d5332e2ebb5c", pub.Id);

        var org = EntityMapper.ToOrg(Samples.Load("orglist.xml").Elements().Single(), null);
        Assert.Equal("my-org", org.Name);
        Assert.Equal("urn:vcloud:org:c196c6f0-5c31-4929-a626-b29b2c9ff5ab", org.Id);
    }

    [SamplesFact]
    public void TemplateWithStatusMinusOneIsFAILEDCREATION()
    {
        var t = EntityMapper.ToVAppTemplate(Samples.Load("vapptemplate-failed-creation.xml"), null);
        Assert.Equal("FAILED_CREATION", t.Status);
    }

    [SamplesFact]
    public void ErrorSamplesParseToTypedErrors()
    {
        var forbidden = ErrorMapper.Parse(File.ReadAllText(Samples.PathOf("error-403-access-forbidden.xml")!));
        Assert.Equal("ACCESS_TO_RESOURCE_IS_FORBIDDEN", forbidden!.Minor);
        Assert.Equal(403, forbidden.Major);
        var bad = ErrorMapper.Parse(File.ReadAllText(Samples.PathOf("error-400-bad-request.xml")!));
        Assert.Equal("BAD_REQUEST", bad!.Minor);
    }

    [SamplesFact]
    public async Task CapturedFailedAndRunningTasksDriveWaitForTask()
    {
        var vcd = new FakeVcd();
        using var c = await vcd.ConnectAsync();
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(1);
        var running = Samples.Load("task-running-cancelable.xml");
        var success = File.ReadAllText(Samples.PathOf("task-success.xml")!);
        vcd.On("GET", "/api/task/", (_, _) => FakeVcd.Xml(success));
        var done = await c.WaitForTaskAsync(running, TimeSpan.FromSeconds(10), null, CancellationToken.None);
        Assert.Equal("success", done.Attr("status"));
    }

    [Fact]
    public void StatusCodesMapToNames()
    {
        Assert.Equal("POWERED_ON", EntityMapper.StatusName("4"));
        Assert.Equal("POWERED_OFF", EntityMapper.StatusName("8"));
        Assert.Equal("FAILED_CREATION", EntityMapper.StatusName("-1"));
        Assert.Equal("MIXED", EntityMapper.StatusName("MIXED"));
        Assert.Equal("PARTIALLY_POWERED_OFF", EntityMapper.StatusName("20"));
    }
}
