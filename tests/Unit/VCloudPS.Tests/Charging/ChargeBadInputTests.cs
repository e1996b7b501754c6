using System.Globalization;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Charging;

public class ChargeBadInputTests
{
    private static RateCardException Fails(string json) => Assert.Throws<RateCardException>(() => RateCard.Parse(json, "card.json"));

    [Fact]
    public void MalformedJsonNamesTheLine()
    {
        var ex = Fails("{\n \"rateCardId\": \"x\",\n \"currency\": \"EUR\"\n \"rates\": []\n}");
        Assert.Equal(4, ex.Issues.Single().Line);
        Assert.Contains("malformed JSON", ex.Message);
        Assert.Equal("RateCardInvalid", ex.ErrorId);
    }

    [Fact]
    public void UnknownMeterNamesLineAndField()
    {
        var ex = Fails("{ \"rateCardId\": \"x\", \"currency\": \"EUR\",\n \"rates\": [\n  { \"skuId\": \"A\", \"meter\": \"Cpu\", \"unitPrice\": 1 } ] }");
        var issue = ex.Issues.Single();
        Assert.Equal(3, issue.Line);
        Assert.Equal("rates[0].meter", issue.Field);
        Assert.Contains("unknown meter 'Cpu'", issue.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void NegativePriceNamesLineAndField()
    {
        var ex = Fails("{ \"rateCardId\": \"x\", \"currency\": \"EUR\", \"rates\": [\n { \"skuId\": \"A\", \"meter\": \"Vcpu\",\n   \"unitPrice\": -0.5 } ] }");
        var issue = ex.Issues.Single();
        Assert.Equal(3, issue.Line);
        Assert.Equal("rates[0].unitPrice", issue.Field);
        Assert.Contains("negative price", issue.Message);
    }

    [Fact]
    public void MissingCurrency()
    {
        var ex = Fails("{ \"rateCardId\": \"x\",\n \"rates\": [ { \"skuId\": \"A\", \"meter\": \"Vcpu\", \"unitPrice\": 1 } ] }");
        Assert.Contains(ex.Issues, i => i.Field == "currency" && i.Message.Contains("missing field 'currency'") && i.Line == 1);
    }

    [Fact]
    public void OverlappingVersions()
    {
        var ex = Fails("""
        { "versions": [
          { "rateCardId": "v1", "currency": "EUR", "effectiveFrom": "2024-01-01T00:00:00Z", "effectiveTo": "2024-07-01T00:00:00Z",
            "rates": [ { "skuId": "A", "meter": "Vcpu", "unitPrice": 1 } ] },
          { "rateCardId": "v2", "currency": "EUR",
            "effectiveFrom": "2024-06-01T00:00:00Z",
            "rates": [ { "skuId": "A", "meter": "Vcpu", "unitPrice": 1 } ] } ] }
        """);
        var issue = ex.Issues.Single();
        Assert.Equal(5, issue.Line);
        Assert.Equal("versions[1].effectiveFrom", issue.Field);
        Assert.Contains("overlaps version 'v1'", issue.Message);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnceIncludingMisspeltFieldsAndBadFactors()
    {
        var ex = Fails("""
        { "rateCardId": "x", "currency": "eur",
          "rates": [ { "skuId": "A", "meter": "Vcpu", "unitprice": 1, "untiPrice": 2 } ],
          "rateFactors": [ { "scope": "Org", "match": "a", "factor": 1000 }, { "scope": "Planet", "match": "b", "factor": 0.123 } ] }
        """);
        Assert.Contains(ex.Issues, i => i.Field == "currency" && i.Message.Contains("ISO 4217"));
        Assert.Contains(ex.Issues, i => i.Field == "rates[0].untiPrice" && i.Message.Contains("unknown field"));
        Assert.Contains(ex.Issues, i => i.Field == "rateFactors[0].factor" && i.Message.Contains("outside 0 to 999.99"));
        Assert.Contains(ex.Issues, i => i.Field == "rateFactors[1].scope");
        Assert.Contains(ex.Issues, i => i.Field == "rateFactors[1].factor" && i.Message.Contains("two decimals"));
    }

    [Fact]
    public void TheSpecificationsRateCardIsValidAndPricesStayDecimal()
    {
        var card = SpecRateCard.Load();
        var v = Assert.Single(card.Versions);
        Assert.Equal(0.0300m, v.Rates[0].UnitPrice);
        Assert.Equal(ChargeBasis.Allocated, v.Rates.Single(r => r.SkuId == "VCD-STO-STD").Basis);
        Assert.Equal("Standard", v.Rates.Single(r => r.SkuId == "VCD-STO-STD").StoragePolicy);
        Assert.Equal(0.90m, v.FactorFor("ACME", null, null, null, null, null, null));
    }

    [Fact]
    public void TheExampleRateCardFileIsValid()
    {
        var path = Path.Combine(RepoRoot(), "examples", "ratecard.json");
        var card = RateCard.Load(path);
        Assert.Equal("EUR", card.Currency);
        Assert.Contains(card.Versions.SelectMany(v => v.Rates), r => r.Meter == Meter.VdcFee);
    }

    internal static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "VCloudPS.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void EndBeforeStartIsRejected()
    {
        var ex = Assert.Throws<ReportWindowException>(() => ChargeEngine.Compute(Array.Empty<VAppTimeline>(), Array.Empty<VdcInfo>(), SpecRateCard.Load(),
            T("2024-05-01T00:00:00Z"), T("2024-04-01T00:00:00Z"), T("2024-06-01T00:00:00Z")));
        Assert.Equal("ReportWindowInvalid", ex.ErrorId);
    }

    [Fact]
    public void AWindowInTheFutureIsRejectedAndOneReachingIntoItIsChargedToDate()
    {
        var ex = Assert.Throws<ReportWindowException>(() => ChargeEngine.Compute(Array.Empty<VAppTimeline>(), Array.Empty<VdcInfo>(), SpecRateCard.Load(),
            T("2024-07-01T00:00:00Z"), T("2024-08-01T00:00:00Z"), T("2024-06-10T00:00:00Z")));
        Assert.Equal("ReportWindowInFuture", ex.ErrorId);
        var r = WorkedExampleTests.Run(WorkedExampleTests.C1History(), "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-05-16T00:00:00Z");
        Assert.Equal(T("2024-05-16T00:00:00Z"), r.EvaluatedEnd);
        Assert.Contains(r.Warnings, w => w.Code == "ChargeWindowPartial");
        Assert.Equal(T("2024-05-16T00:00:00Z"), r.Records.Single().ChargePeriodEnd);
        Assert.Equal(Math.Round(40m * 15m / 31m, 6), r.Records.Single().PricingQuantity);
    }

    [Fact]
    public void AVAppWithNoHistoryIsWarnedAboutReportsUnknownSecondsAndCostsNothing()
    {
        var h = new TestHistory().Vdc("vdc1").VApp("ghost").Current("ghost", "g1", "POWERED_ON", 8, 32768, "Standard:409600");
        var snapshot = h.Snapshot("2024-05-02T00:00:00Z", unknownRetention: true);
        var r = ChargeService.Compute(snapshot, new ReportScope(), SpecRateCard.Load(), new UtcInterval(T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z")), new ChargeOptions());
        Assert.Contains(r.Warnings, w => w.Code == "ChargeNoHistory" && w.VAppName == "ghost");
        Assert.Contains(r.Warnings, w => w.Code == "ChargeUnknownState" && w.UnknownSeconds == 2592000);
        Assert.Equal(3, r.Records.Count); // vCPU, RAM, storage: each with 0 cost and the unknown seconds
        Assert.All(r.Records, x => Assert.Equal(0m, x.BilledCost));
        Assert.All(r.Records, x => Assert.Equal(2592000L, x.x_UnknownSeconds));
    }
}
