using VCloudPS.Core;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;
using VCloudPS.Tests.Ovf;

namespace VCloudPS.Tests.Migration;

/// <summary>-StorageProfile of streamed and staged moves and -StorageProfileMapping of Import-VApp: the VMs and
/// their disks land on the asked profile in the destination's store.</summary>
public class StoragePlacementTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    public StoragePlacementTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    /// <summary>Profile names of every VM and disk of the vApp, as the simulator stores them.</summary>
    private static List<string> Profiles(TestSimulator host, string vappName)
    {
        var store = host.Sim.Store;
        lock (store.Sync)
        {
            var vapp = store.VApps.Values.Single(v => v.Name == vappName);
            return store.VmsOf(vapp).SelectMany(vm => vm.Disks.Select(d => d.StorageProfileId).Prepend(vm.StorageProfileId))
                .Select(id => store.StorageProfiles[id].Name).ToList();
        }
    }

    private MoveOptions Copy(string name, string? stagingPath) => new()
    {
        Kind = MoveKind.Copy, Source = _prov.Connection, SourceHref = RoundTripTests.FindVApp(_prov.Connection, "acme-archive").Href,
        Destination = _ent.Connection, DestinationVdcHref = RoundTripTests.FindVdc(_ent.Connection, "ent-prod").Href, Name = name,
        NetworkMapping = new Dictionary<string, string?> { ["acme-net"] = "ent-app-net" }, StorageProfile = "Gold", StagingPath = stagingPath,
        JournalFolder = Path.Combine(Path.GetTempPath(), "vcloudps-journals-" + Guid.NewGuid().ToString("N")[..8]),
        Transfer = new TransferOptions { PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
    };

    [Fact]
    public async Task StreamedCopyPlacesEveryVmAndDiskOnTheRequestedProfile()
    {
        var plan = await MovePreflight.PlanAsync(Copy("archive-gold", null), CancellationToken.None);
        Assert.Equal(MoveMethod.Streamed, plan.Method);
        Assert.DoesNotContain(plan.Findings, f => f.Code == "StorageProfileIgnored");
        await new MoveService().RunAsync(Copy("archive-gold", null), null, CancellationToken.None);
        var profiles = Profiles(_ent, "archive-gold");
        Assert.NotEmpty(profiles);
        Assert.All(profiles, p => Assert.Equal("Gold", p));
    }

    [Fact]
    public async Task StagedCopyPlacesEveryVmAndDiskOnTheRequestedProfile()
    {
        using var s = new Scratch();
        var result = await new MoveService().RunAsync(Copy("archive-gold-staged", s.File("staged")), null, CancellationToken.None);
        Assert.Equal(MoveMethod.Staged, result.Method);
        var profiles = Profiles(_ent, "archive-gold-staged");
        Assert.NotEmpty(profiles);
        Assert.All(profiles, p => Assert.Equal("Gold", p));
    }

    [Fact]
    public async Task ImportMapsThePackagesStoragePolicyAndRefusesAnUnmappedOneBeforeCreatingAnything()
    {
        using var s = new Scratch();
        var export = await new ExportService(_ent.Connection).ExportAsync(RoundTripTests.FindVApp(_ent.Connection, "reporting").Href,
            new ExportOptions { Path = s.File("rep"), Transfer = RoundTripTests.Fast }, null, CancellationToken.None);
        // As vSphere writes it: a vmw:StorageGroupSection in the envelope, which each VirtualSystem's vmw:StorageSection
        // refers to (the manifest is dropped with the edit).
        var ovf = export.Path.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase) ? export.Path : Directory.GetFiles(export.Path, "*.ovf").Single();
        var doc = XDocument.Load(ovf);
        doc.Root!.Descendants(OvfNamespaces.Vmw + "StorageGroupSection").Remove();
        doc.Root.Descendants(OvfNamespaces.Vmw + "StorageSection").Remove();
        doc.Root.Element(OvfNamespaces.Ovf + "VirtualSystemCollection")!.AddBeforeSelf(new XElement(OvfNamespaces.Vmw + "StorageGroupSection",
            new XAttribute(OvfNamespaces.Ovf + "required", "false"), new XAttribute(OvfNamespaces.Vmw + "id", "group1"),
            new XAttribute(OvfNamespaces.Vmw + "name", "vSAN Default Storage Policy"), new XElement(OvfNamespaces.Ovf + "Info", "Storage policy for group of disks")));
        foreach (var vs in doc.Descendants(OvfNamespaces.Ovf + "VirtualSystem"))
            vs.Add(new XElement(OvfNamespaces.Vmw + "StorageSection", new XAttribute(OvfNamespaces.Ovf + "required", "false"),
                new XAttribute(OvfNamespaces.Vmw + "group", "group1"), new XElement(OvfNamespaces.Ovf + "Info", "Storage policy group reference")));
        doc.Save(ovf);
        foreach (var mf in Directory.GetFiles(Path.GetDirectoryName(ovf)!, "*.mf")) File.Delete(mf);
        Assert.All(OvfDescriptorParser.LoadFile(ovf).VirtualSystems, v => Assert.Equal("vSAN Default Storage Policy", v.StoragePolicy));

        ImportOptions Options(string name) => new()
        {
            Path = ovf, VdcHref = RoundTripTests.FindVdc(_prov.Connection, "acme-pool").Href, Name = name,
            NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net" }, Transfer = RoundTripTests.Fast,
        };
        var refused = await Assert.ThrowsAsync<VCloudException>(() => new ImportService(_prov.Connection).ImportAsync(Options("rep-policy-refused"), null, CancellationToken.None));
        Assert.Equal("StorageProfileMappingRequired", refused.ErrorId);
        Assert.Contains("vSAN Default Storage Policy", refused.Message);
        Assert.Contains("'Gold'", refused.Message);
        lock (_prov.Sim.Store.Sync) Assert.DoesNotContain(_prov.Sim.Store.VApps.Values, v => v.Name == "rep-policy-refused");

        var options = Options("rep-policy-gold");
        options.StorageProfileMapping["vSAN Default Storage Policy"] = "Gold";
        await new ImportService(_prov.Connection).ImportAsync(options, null, CancellationToken.None);
        var profiles = Profiles(_prov, "rep-policy-gold");
        Assert.NotEmpty(profiles);
        Assert.All(profiles, p => Assert.Equal("Gold", p));
    }

    [Fact]
    public async Task AnExportedPackageKeepsEachDisksStoragePolicyThroughAnImport()
    {
        // crm-db's second disk is on Gold, its VM and first disk on Standard; vCD's descriptor names no policy.
        using var s = new Scratch();
        var export = await new ExportService(_ent.Connection).ExportAsync(RoundTripTests.FindVApp(_ent.Connection, "crm").Href,
            new ExportOptions { Path = s.File("crm.ova"), StopIfDeployed = true, Transfer = RoundTripTests.Fast }, null, CancellationToken.None);
        // The annotated descriptor is what the manifest covers: the package verifies.
        var verified = OvfPackageVerifier.VerifyFile(export.Path);
        Assert.Contains(verified.Digests, d => d.FileName.EndsWith(".ovf", StringComparison.Ordinal));
        Assert.Empty(verified.UnlistedFiles);
        var db = OvfPackage.Open(export.Path).Descriptor.VirtualSystems.Single(v => v.Name == "crm-db");
        Assert.Equal("Standard", db.StoragePolicy);
        Assert.Equal(new string?[] { null, "Gold" }, db.Disks.Select(d => d.StoragePolicy));

        ImportOptions Options(TestSimulator host, VCloudConnection c, string vdc, string name) => new()
        {
            Path = export.Path, VdcHref = RoundTripTests.FindVdc(c, vdc).Href, Name = name, Transfer = RoundTripTests.Fast,
            NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = host == _prov ? "acme-net" : "ent-app-net" },
        };
        await new ImportService(_prov.Connection).ImportAsync(Options(_prov, _prov.Connection, "acme-payg", "crm-home"), null, CancellationToken.None);
        lock (_prov.Sim.Store.Sync)
        {
            var store = _prov.Sim.Store;
            var vm = store.VmsOf(store.VApps.Values.Single(v => v.Name == "crm-home")).Single(v => v.Name == "crm-db");
            Assert.Equal("Standard", store.StorageProfiles[vm.StorageProfileId].Name);
            Assert.Equal(new[] { "Standard", "Gold" }, vm.Disks.OrderBy(d => d.InstanceId).Select(d => store.StorageProfiles[d.StorageProfileId].Name));
        }

        // ent-dev offers no Gold: refused before anything is created, until Gold is mapped.
        var refused = await Assert.ThrowsAsync<VCloudException>(() => new ImportService(_ent.Connection).ImportAsync(Options(_ent, _ent.Connection, "ent-dev", "crm-dev"), null, CancellationToken.None));
        Assert.Equal("StorageProfileMappingRequired", refused.ErrorId);
        Assert.Contains("'Gold'", refused.Message);
        var mapped = Options(_ent, _ent.Connection, "ent-dev", "crm-dev");
        mapped.StorageProfileMapping["Gold"] = "Standard";
        await new ImportService(_ent.Connection).ImportAsync(mapped, null, CancellationToken.None);
        Assert.All(Profiles(_ent, "crm-dev"), p => Assert.Equal("Standard", p));
    }
}
