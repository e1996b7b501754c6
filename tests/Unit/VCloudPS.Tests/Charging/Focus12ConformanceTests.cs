using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Charging;

/// <summary>Every FOCUS 1.2 rule for the columns written, row by row, on each granularity and on a window across two months.</summary>
public class Focus12ConformanceTests
{
    /// <summary>Pay-as-you-go VMs (runs, hot-add, public IPs, a rate factor) and a capacity VDC whose fee is split by largest remainder.</summary>
    private static TestHistory Mixed()
    {
        var h = WorkedExampleTests.C4History();
        h.Vdc("vdc1").VApp("shop", created: "2024-02-01T00:00:00Z")
            .Vm("shop", "web01", "2024-02-01T00:00:00Z", 2, 4096, "Standard:40960", "POWERED_ON")
            .Off("2024-04-11T07:13:00Z", "shop", "web01")
            .PublicIps("2024-03-25T12:00:00Z", "shop", 2);
        h.Org = "acme";
        h.Vdc("acme-vdc").VApp("erp", "acme-vdc", created: "2024-02-01T00:00:00Z")
            .Vm("erp", "db01", "2024-02-01T00:00:00Z", 4, 16384, "Standard:102400", "POWERED_ON")
            .Modify("2024-03-05T06:30:00Z", "erp", "db01", 8, 16384, "Standard:102400")
            .Off("2024-04-06T00:00:00Z", "erp", "db01");
        return h;
    }

    public static IEnumerable<object[]> Cases() => new[]
    {
        new object[] { "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", ChargeGranularity.Month },
        new object[] { "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", ChargeGranularity.Day },
        new object[] { "2024-04-01T00:00:00Z", "2024-04-15T00:00:00Z", ChargeGranularity.Hour },
        new object[] { "2024-03-20T00:00:00Z", "2024-04-20T00:00:00Z", ChargeGranularity.Month },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryRowPassesTheFocus12Rules(string start, string end, ChargeGranularity granularity)
    {
        var r = WorkedExampleTests.Run(Mixed(), start, end, "2024-05-15T00:00:00Z", SpecRateCard.Load(), granularity);
        Assert.Contains(r.Records, x => x.ChargeCategory == "Purchase");
        Assert.Contains(r.Records, x => x.SkuId == "VCD-PUBIP");
        var sw = new StringWriter();
        using (var w = new FocusCsvWriter(sw)) w.WriteAll(r.Records);
        var problems = Focus12Conformance.Check(sw.ToString());
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        if (start.StartsWith("2024-03-20", StringComparison.Ordinal))
            Assert.Equal(2, r.Records.Select(x => x.BillingPeriodStart).Distinct().Count());
    }

    [Fact]
    public void TheCheckerCatchesTheDefectsItIsFor()
    {
        var r = WorkedExampleTests.Run(Mixed(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z", SpecRateCard.Load());
        var bad = r.Records.Select(x => x).ToList();
        bad[0].ServiceSubcategory = null;
        bad[1].ProviderName = "127.0.0.1";
        var fee = bad.First(x => x.ChargeCategory == "Purchase");
        fee.ConsumedQuantity = fee.PricingQuantity; fee.ConsumedUnit = fee.PricingUnit;
        fee.ListCost += 0.01m;
        var sw = new StringWriter();
        using (var w = new FocusCsvWriter(sw)) w.WriteAll(bad);
        var problems = Focus12Conformance.Check(sw.ToString());
        Assert.Contains(problems, p => p.Contains("ServiceSubcategory: must not be null"));
        Assert.Contains(problems, p => p.Contains("ProviderName: is a host address"));
        Assert.Contains(problems, p => p.Contains("ConsumedQuantity: must be null"));
        Assert.Contains(problems, p => p.Contains("ListCost: ListUnitPrice x PricingQuantity"));
    }

    [Fact]
    public void DailyVdcFeeSharesKeepCostEqualToUnitPriceTimesQuantity()
    {
        // The case: 100.00 a month split daily by largest remainder (0.026666 x 100 = 2.6666 against a 2.66 share).
        var r = WorkedExampleTests.Run(WorkedExampleTests.C4History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z",
            SpecRateCard.Load(), ChargeGranularity.Day);
        Assert.All(r.Records, x =>
        {
            Assert.Equal("Purchase", x.ChargeCategory);
            Assert.Null(x.ConsumedQuantity);
            Assert.Null(x.ConsumedUnit);
            Assert.True(Math.Abs(x.ListUnitPrice!.Value * x.PricingQuantity!.Value - x.ListCost) <= 0.005m, x.ToString());
            Assert.True(Math.Abs(x.ContractedUnitPrice!.Value * x.PricingQuantity!.Value - x.ContractedCost) <= 0.005m, x.ToString());
        });
        // Each day's parts still sum exactly to that day's fee.
        foreach (var day in r.Records.GroupBy(x => x.ChargePeriodStart))
            Assert.Equal(3.33m, day.Sum(x => x.BilledCost));
    }

    [Fact]
    public void SubcategoryDefaultsPerMeterAndTheRateCardOverrides()
    {
        var r = WorkedExampleTests.Run(Mixed(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z", SpecRateCard.Load());
        Assert.Equal("Virtual Machines", r.Records.First(x => x.SkuId == "VCD-RAM").ServiceSubcategory);
        Assert.Equal("Block Storage", r.Records.First(x => x.SkuId == "VCD-STO-STD").ServiceSubcategory);
        Assert.Equal("Storage", r.Records.First(x => x.SkuId == "VCD-STO-STD").ServiceCategory);
        Assert.Equal("Network Infrastructure", r.Records.First(x => x.SkuId == "VCD-PUBIP").ServiceSubcategory);
        Assert.Equal("Virtual Machines", r.Records.First(x => x.SkuId == "VCD-VDC-AP").ServiceSubcategory);
        var card = SpecRateCard.With("""{ "skuId": "STO", "meter": "StorageGiB", "unitPrice": 0.1, "serviceCategory": "Storage", "serviceSubcategory": "File Storage" }""");
        var own = WorkedExampleTests.Run(WorkedExampleTests.C1History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z", card);
        Assert.Equal("File Storage", Assert.Single(own.Records).ServiceSubcategory);
    }

    [Fact]
    public void RateCardsWithAServiceClassificationOutsideFocusAreRefused()
    {
        var ex = Assert.Throws<RateCardException>(() => SpecRateCard.With(
            """{ "skuId": "STO", "meter": "StorageGiB", "unitPrice": 0.1, "serviceCategory": "Storage", "serviceSubcategory": "Virtual Machines" }"""));
        Assert.Contains("not a FOCUS ServiceSubcategory of 'Storage'", ex.Message);
        ex = Assert.Throws<RateCardException>(() => SpecRateCard.With("""{ "skuId": "STO", "meter": "StorageGiB", "unitPrice": 0.1, "serviceCategory": "Disks" }"""));
        Assert.Contains("not a FOCUS ServiceCategory", ex.Message);
    }

    [Fact]
    public void ProviderNamesComeFromTheRateCardAndTheirAbsenceIsWarned()
    {
        var named = WorkedExampleTests.Run(WorkedExampleTests.C1History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z");
        Assert.All(named.Records, x =>
        {
            Assert.Equal("Example Cloud Services GmbH", x.ProviderName);
            Assert.Equal("Example Cloud Services GmbH", x.PublisherName);
            Assert.Equal("Example Cloud Services GmbH", x.InvoiceIssuerName);
        });
        var card = RateCard.Parse("""{ "rateCardId": "anon", "currency": "EUR", "rates": [ { "skuId": "CPU", "meter": "Vcpu", "unitPrice": 0.03 } ] }""");
        var h = WorkedExampleTests.C1History();
        var snapshot = h.Snapshot("2024-05-15T00:00:00Z");
        var r = ChargeEngine.Compute(TimelineBuilder.Build(snapshot, T("2024-04-01T00:00:00Z")), h.Vdcs, card, T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"),
            T("2024-05-15T00:00:00Z"), new ChargeOptions { ProviderName = "vcd.example.com" });
        var w = Assert.Single(r.Warnings, x => x.Code == "RateCardNoProvider");
        Assert.Contains("providerName", w.Message);
        Assert.All(r.Records, x => Assert.Equal("vcd.example.com", x.ProviderName));
    }
}
