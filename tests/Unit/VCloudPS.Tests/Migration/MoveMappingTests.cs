using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Tests.Migration;

/// <summary>-NetworkMapping, -AllowDisconnectedNetworks and -StorageProfileMapping of Move-VApp and Copy-VApp: the
/// rules of Import-VApp (same name maps by itself, a mapping names the rest, anything else stops the move before
/// it starts), and a disk that had its own policy keeps it.</summary>
public sealed class MoveMappingTests : IClassFixture<EnterpriseCloud>, IClassFixture<ProviderCloud>, IDisposable
{
    private readonly EnterpriseCloud _ent;
    private readonly ProviderCloud _prov;
    private readonly string _journals = Path.Combine(Path.GetTempPath(), "vcloudps-journals-" + Guid.NewGuid().ToString("N")[..8]);

    public MoveMappingTests(EnterpriseCloud ent, ProviderCloud prov) { _ent = ent; _prov = prov; }

    public void Dispose() { try { Directory.Delete(_journals, true); } catch (IOException) { } }

    private MoveOptions Options(MoveKind kind, ConnectedSimulator from, string vapp, ConnectedSimulator to, string vdc, string? name = null) => new()
    {
        Kind = kind, Source = from.Connection, SourceHref = RoundTripTests.FindVApp(from.Connection, vapp).Href, Destination = to.Connection,
        DestinationVdcHref = RoundTripTests.FindVdc(to.Connection, vdc).Href, Name = name, JournalFolder = _journals,
        Transfer = new TransferOptions { PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromMinutes(2) },
    };

    /// <summary>Each VM's disks' policy names in disk order, as the simulator stores them.</summary>
    private static Dictionary<string, List<string>> DiskProfiles(TestSimulator host, string vappName)
    {
        var store = host.Sim.Store;
        lock (store.Sync)
        {
            var vapp = store.VApps.Values.Single(v => v.Name == vappName);
            return store.VmsOf(vapp).ToDictionary(vm => vm.Name, vm => vm.Disks.OrderBy(d => d.InstanceId).Select(d => store.StorageProfiles[d.StorageProfileId].Name).ToList());
        }
    }

    [Fact]
    public async Task AStoragePolicyTheDestinationLacksStopsTheMoveUntilItIsMapped()
    {
        // crm-db's second disk is on Gold; ent-dev offers only Standard.
        var options = Options(MoveKind.Move, _ent, "crm", _ent, "ent-dev");
        var blocked = await MovePreflight.PlanAsync(options, CancellationToken.None);
        var finding = Assert.Single(blocked.Blockers, f => f.Code == "StorageProfileMappingRequired");
        Assert.Contains("'Gold'", finding.Message);
        Assert.Contains("-StorageProfileMapping @{ 'Gold' = 'Standard' }", finding.Message);
        Assert.Contains("-StorageProfile", finding.Fix);

        options.StorageProfileMapping["Gold"] = "Platinum";
        Assert.Contains((await MovePreflight.PlanAsync(options, CancellationToken.None)).Blockers, f => f.Code == "StorageProfileMappingInvalid");

        options.StorageProfileMapping["Gold"] = "Standard";
        var mapped = await MovePreflight.PlanAsync(options, CancellationToken.None);
        Assert.True(mapped.CanProceed, string.Join("; ", mapped.Findings));
    }

    [Fact]
    public async Task AStreamedCopyKeepsADiskOnItsOwnStoragePolicy()
    {
        var before = DiskProfiles(_ent, "crm");
        Assert.Equal(new[] { "Standard", "Gold" }, before["crm-db"]);
        var options = Options(MoveKind.Copy, _ent, "crm", _prov, "acme-pool", "crm-dr");
        options.NetworkMapping["ent-app-net"] = "acme-net";
        var result = await new MoveService().RunAsync(options, null, CancellationToken.None);
        Assert.Equal(MoveMethod.Streamed, result.Method);
        Assert.Equal(before, DiskProfiles(_prov, "crm-dr"));
    }

    [Fact]
    public async Task AllowDisconnectedNetworksAndANullMappingLeaveNetworksDisconnectedOnPurpose()
    {
        var options = Options(MoveKind.Copy, _ent, "reporting", _prov, "acme-payg", "reporting-offline");
        Assert.Contains((await MovePreflight.PlanAsync(options, CancellationToken.None)).Blockers, f => f.Code == "NetworkUnmapped");

        options.NetworkMapping["ent-app-net"] = null;
        var mappedToNothing = await MovePreflight.PlanAsync(options, CancellationToken.None);
        Assert.True(mappedToNothing.CanProceed, string.Join("; ", mappedToNothing.Findings));
        Assert.Contains(mappedToNothing.Findings, f => f.Code == "NetworkDisconnected" && f.Message.Contains("ent-app-net", StringComparison.Ordinal));

        options.NetworkMapping.Clear();
        options.AllowDisconnectedNetworks = true;
        var result = await new MoveService().RunAsync(options, null, CancellationToken.None);
        Assert.Equal(MoveMethod.Streamed, result.Method);
        lock (_prov.Sim.Store.Sync)
        {
            var copy = _prov.Sim.Store.VApps.Values.Single(v => v.Name == "reporting-offline");
            Assert.All(_prov.Sim.Store.VmsOf(copy).SelectMany(vm => vm.Nics), n => Assert.Equal("none", n.Network));
        }
    }
}
