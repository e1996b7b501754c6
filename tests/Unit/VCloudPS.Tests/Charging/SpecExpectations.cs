using VCloudPS.Core.Charging;

namespace VCloudPS.Tests.Charging;

/// <summary>The rows of charging-sla.md's worked examples C1 and C2, asserted the same way whichever path produced them
/// (hand-built timelines, a seeded simulator through the audit trail, the cmdlets).</summary>
public static class SpecExpectations
{
    /// <summary>C1: web01, 2 vCPU / 4 GiB on for 240 h, 40 GiB Standard all April, no rate factor.</summary>
    public static void AssertC1Lines(IReadOnlyCollection<ChargeRecord> records)
    {
        Assert.Equal(3, records.Count);
        AssertLine(records, "VCD-VCPU", 480m, "vCPU-Hours", 0.030000m, 14.40m, 0.030000m, 14.40m);
        AssertLine(records, "VCD-RAM", 960m, "GiB-Hours", 0.010000m, 9.60m, 0.010000m, 9.60m);
        AssertLine(records, "VCD-STO-STD", 40m, "GiB-Months", 0.100000m, 4.00m, 0.100000m, 4.00m);
        Assert.Equal(28.00m, records.Sum(x => x.ListCost));
        Assert.Equal(28.00m, records.Sum(x => x.BilledCost));
    }

    /// <summary>C2: db01 hot-added from 4 to 8 vCPU, a second disk from 03-21, org factor 0.90 (one row per SKU).</summary>
    public static void AssertC2Lines(IReadOnlyCollection<ChargeRecord> records)
    {
        Assert.Equal(3, records.Count);
        AssertLine(records, "VCD-VCPU", 550m, "vCPU-Hours", 0.030000m, 16.50m, 0.027000m, 14.85m);
        AssertLine(records, "VCD-RAM", 1920m, "GiB-Hours", 0.010000m, 19.20m, 0.009000m, 17.28m);
        AssertLine(records, "VCD-STO-STD", 117.741935m, "GiB-Months", 0.100000m, 11.77m, 0.090000m, 10.60m);
        Assert.All(records, x => Assert.Equal(0.90m, x.x_RateFactor));
        Assert.Equal(47.47m, records.Sum(x => x.ListCost));
        Assert.Equal(42.73m, records.Sum(x => x.BilledCost));
        Assert.Equal(42.73m, records.Sum(x => x.EffectiveCost));
    }

    private static void AssertLine(IEnumerable<ChargeRecord> records, string sku, decimal quantity, string unit,
        decimal listUnitPrice, decimal listCost, decimal contractedUnitPrice, decimal contractedCost)
    {
        var line = records.Single(x => x.SkuId == sku);
        Assert.Equal(quantity, line.PricingQuantity);
        Assert.Equal(unit, line.PricingUnit);
        Assert.Equal(listUnitPrice, line.ListUnitPrice);
        Assert.Equal(listCost, line.ListCost);
        Assert.Equal(contractedUnitPrice, line.ContractedUnitPrice);
        Assert.Equal(contractedCost, line.ContractedCost);
        Assert.Equal(contractedCost, line.BilledCost);
    }
}
