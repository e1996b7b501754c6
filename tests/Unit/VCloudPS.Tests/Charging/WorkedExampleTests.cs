using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Charging;

/// <summary>charging-sla.md worked examples C1, C2 and C4, every number.</summary>
public class WorkedExampleTests
{
    public static ChargeResult Run(TestHistory h, string start, string end, string asOf, RateCard? card = null, ChargeGranularity g = ChargeGranularity.Month)
    {
        var snapshot = h.Snapshot(asOf);
        var timelines = TimelineBuilder.Build(snapshot, snapshot.CompleteFrom ?? T(start));
        return ChargeEngine.Compute(timelines, h.Vdcs, card ?? SpecRateCard.Load(), T(start), T(end), T(asOf), new ChargeOptions { Granularity = g });
    }

    public static TestHistory C1History() => new TestHistory { Org = "ent" }
        .Vdc("vdc1").VApp("shop", created: "2024-03-01T00:00:00Z")
        .Vm("shop", "web01", "2024-03-01T00:00:00Z", 2, 4096, "Standard:40960", "POWERED_ON")
        .Off("2024-04-11T00:00:00Z", "shop", "web01");

    [Fact]
    public void C1StoppedVmKeepsPayingStorage()
    {
        var r = Run(C1History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z");
        Assert.Empty(r.Warnings);
        SpecExpectations.AssertC1Lines(r.Records);
        var vcpu = r.Records.Single(x => x.SkuId == "VCD-VCPU");
        // PricingQuantity and prices keep the spec's 6 decimals when displayed.
        Assert.Equal("480.000000", vcpu.PricingQuantity!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.030000", vcpu.ListUnitPrice!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("14.40", vcpu.ListCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var rec in r.Records)
        {
            Assert.Equal(T("2024-04-01T00:00:00Z"), rec.ChargePeriodStart);
            Assert.Equal(T("2024-05-01T00:00:00Z"), rec.ChargePeriodEnd);
            Assert.Equal(VmUrn("web01"), rec.ResourceId);
            Assert.StartsWith("urn:vcloud:vm:", rec.ResourceId);
            Assert.Equal("Virtual Machine", rec.ResourceType);
            Assert.Equal(rec.PricingQuantity, rec.ConsumedQuantity);
            Assert.Equal(1.00m, rec.x_RateFactor);
            Assert.Equal("shop", rec.x_VAppName);
            Assert.Equal("web01", rec.x_VmName);
            Assert.Equal(864000L, rec.x_PowerOnSeconds);
            Assert.Equal(0L, rec.x_UnknownSeconds);
        }
        Assert.Equal("2 vCPU powered-on time, web01", vcpu.ChargeDescription);
    }

    public static TestHistory C2History() => new TestHistory { Org = "acme" }
        .Vdc("acme-vdc").VApp("db", "acme-vdc", created: "2024-02-01T00:00:00Z")
        .Vm("db", "db01", "2024-02-01T00:00:00Z", 4, 16384, "Standard:102400", "POWERED_ON")
        .Modify("2024-03-05T06:30:00Z", "db", "db01", 8, 16384, "Standard:102400")
        .Off("2024-03-06T00:00:00Z", "db", "db01")
        .Modify("2024-03-21T00:00:00Z", "db", "db01", 8, 16384, "Standard:102400;Standard:51200");

    [Fact]
    public void C2HotAddPartialMonthStorageRateFactor()
    {
        var r = Run(C2History(), "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-04-10T00:00:00Z");
        Assert.Empty(r.Warnings);
        SpecExpectations.AssertC2Lines(r.Records); // one row per SKU: the hot-add does not create a second row
        var vcpu = r.Records.Single(x => x.SkuId == "VCD-VCPU");
        Assert.Equal("4-8 vCPU powered-on time, db01", vcpu.ChargeDescription);
    }

    public static TestHistory C4History() => new TestHistory { Org = "ent" }
        .Vdc("pool", "AllocationPool")
        .VApp("A", "pool", created: "2024-03-20T00:00:00Z").VApp("B", "pool", created: "2024-03-20T00:00:00Z").VApp("C", "pool", created: "2024-03-20T00:00:00Z")
        // 240 vCPU-hours each: 1 vCPU allocated for 10 days (power state does not matter for allocation weight).
        .Vm("A", "a01", "2024-04-01T00:00:00Z", 1, 1024, "Standard:1024", "POWERED_ON", current: false)
        .DeleteVm("2024-04-11T00:00:00Z", "A", "a01")
        .Vm("B", "b01", "2024-04-11T00:00:00Z", 1, 1024, "Standard:1024", "POWERED_OFF", current: false)
        .DeleteVm("2024-04-21T00:00:00Z", "B", "b01")
        .Vm("C", "c01", "2024-04-21T00:00:00Z", 1, 1024, "Standard:1024", "POWERED_ON");

    [Fact]
    public void C4LargestRemainderSplitOfAllocationPoolFee()
    {
        var r = Run(C4History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z");
        // Capacity VDC: its VMs are covered by the fee, no per-VM meters.
        Assert.All(r.Records, x => Assert.Equal("VCD-VDC-AP", x.SkuId));
        Assert.Equal(4, r.Records.Count);
        var byName = r.Records.ToDictionary(x => x.ResourceName!);
        // A, B, C ids are hashes; the 2 leftover cents go to the two smallest ResourceIds among the tied vApps.
        var ordered = new[] { "A", "B", "C" }.OrderBy(n => VAppUrn(n), StringComparer.Ordinal).ToList();
        Assert.Equal(26.67m, byName[ordered[0]].BilledCost);
        Assert.Equal(26.67m, byName[ordered[1]].BilledCost);
        Assert.Equal(26.66m, byName[ordered[2]].BilledCost);
        Assert.Equal(20.00m, byName["__idle__"].BilledCost);
        Assert.Equal("Org VDC", byName["__idle__"].ResourceType);
        Assert.Equal(VdcUrn("pool"), byName["__idle__"].ResourceId);
        Assert.Equal(100.00m, r.Records.Sum(x => x.BilledCost));
        Assert.Equal(240m, byName["A"].x_AllocationWeight);
        Assert.Equal(180m, byName["__idle__"].x_AllocationWeight);
    }

    [Fact]
    public void C4SplitItselfMatchesSpecWithResourceIdsInNameOrder()
    {
        var parts = LargestRemainder.Split(100.00m, new[] { 240m, 240m, 240m, 180m }, new[] { "A", "B", "C", "__idle__" }, 2);
        Assert.Equal(new[] { 26.67m, 26.67m, 26.66m, 20.00m }, parts);
    }
}
