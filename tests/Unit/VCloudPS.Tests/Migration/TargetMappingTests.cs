using VCloudPS.Core;
using VCloudPS.Core.Migration;

namespace VCloudPS.Tests.Migration;

/// <summary>What the admin meant: same names map by themselves, explicit mappings win, everything else stops before
/// anything is created with the destination's choices.</summary>
public class TargetMappingTests
{
    private static readonly string[] Dest = { "acme-net", "acme-dmz", "shared" };

    [Fact]
    public void SameNameNetworksMapByThemselvesAndExplicitMappingsWin()
    {
        var notices = new List<string>();
        var r = TargetMapping.ResolveNetworks(new[] { "shared", "ent-app-net", "ent-dmz" }, Dest, new MappingOptions
        {
            NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net", ["ent-dmz"] = null },
        }, "VDC 'acme-payg'", notices.Add);
        Assert.Equal(new Dictionary<string, string?> { ["shared"] = "shared", ["ent-app-net"] = "acme-net", ["ent-dmz"] = null }, r);
        Assert.Contains(notices, n => n.Contains("'ent-dmz' stays disconnected"));
    }

    [Fact]
    public void AnUnmappedNetworkIsAnErrorNamingItAndTheChoicesUnlessDisconnectionIsAllowed()
    {
        var ex = Assert.Throws<VCloudException>(() => TargetMapping.ResolveNetworks(new[] { "ent-app-net", "ent-dmz" }, Dest,
            new MappingOptions { NetworkMapping = new Dictionary<string, string?> { ["ent-app-net"] = "acme-net" } }, "VDC 'acme-payg'"));
        Assert.Equal("NetworkMappingRequired", ex.ErrorId);
        Assert.Contains("'ent-dmz'", ex.Message);
        Assert.DoesNotContain("'ent-app-net'", ex.Message);
        Assert.Contains("'acme-dmz', 'acme-net', 'shared'", ex.Message);

        var notices = new List<string>();
        var r = TargetMapping.ResolveNetworks(new[] { "ent-app-net", "ent-dmz" }, Dest, new MappingOptions { AllowDisconnectedNetworks = true }, "VDC 'acme-payg'", notices.Add);
        Assert.Equal(new string?[] { null, null }, r.Values);
        Assert.Equal(2, notices.Count);

        Assert.Equal("NetworkMappingInvalid", Assert.Throws<VCloudException>(() => TargetMapping.ResolveNetworks(new[] { "a" }, Dest,
            new MappingOptions { NetworkMapping = new Dictionary<string, string?> { ["a"] = "nope" } }, "VDC 'x'")).ErrorId);
        Assert.Equal("NetworkMappingInvalid", Assert.Throws<VCloudException>(() => TargetMapping.ResolveNetworks(new[] { "a" }, Dest,
            new MappingOptions { NetworkMapping = new Dictionary<string, string?> { ["b"] = "shared", ["a"] = "shared" } }, "VDC 'x'")).ErrorId);
    }

    [Fact]
    public void StoragePoliciesAreKeptByNameMappedOrRefused()
    {
        var offered = new[] { "acme-gold", "Standard" };
        var r = TargetMapping.ResolveStorageProfiles(new[] { "Standard", "Gold", "Standard" }, offered,
            new MappingOptions { StorageProfileMapping = new Dictionary<string, string> { ["Gold"] = "acme-gold" } }, "VDC 'acme-payg'");
        Assert.Equal(new Dictionary<string, string> { ["Standard"] = "Standard", ["Gold"] = "acme-gold" }, r);

        var ex = Assert.Throws<VCloudException>(() => TargetMapping.ResolveStorageProfiles(new[] { "Gold" }, offered, new MappingOptions(), "VDC 'acme-payg'"));
        Assert.Equal("StorageProfileMappingRequired", ex.ErrorId);
        Assert.Contains("'Gold'", ex.Message);
        Assert.Contains("'acme-gold', 'Standard'", ex.Message);
        Assert.Equal("StorageProfileMappingInvalid", Assert.Throws<VCloudException>(() => TargetMapping.ResolveStorageProfiles(new[] { "Gold" }, offered,
            new MappingOptions { StorageProfileMapping = new Dictionary<string, string> { ["Gold"] = "platinum" } }, "VDC 'x'")).ErrorId);
    }
}
