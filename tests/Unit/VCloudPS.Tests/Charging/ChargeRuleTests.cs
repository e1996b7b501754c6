using System.Globalization;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.Charging.WorkedExampleTests;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Charging;

/// <summary>One or more tests per rule R1-R10 of charging-sla.md.</summary>
public class ChargeRuleTests
{
    private const string Vcpu1PerHour = """{ "skuId": "CPU", "meter": "Vcpu", "basis": "PoweredOn", "unitPrice": 1.00, "period": "Hour" }""";

    private static TestHistory OneVm(string state = "POWERED_ON", int cpu = 1, string created = "2024-01-01T00:00:00Z") => new TestHistory()
        .Vdc("vdc1").VApp("a").Vm("a", "v1", created, cpu, 1024, "Standard:1024", state);

    // ---- R1 slicing ----

    [Fact]
    public void R1SlicesAreCutAtMonthBoundaries()
    {
        var r = Run(OneVm(), "2024-03-15T00:00:00Z", "2024-04-15T00:00:00Z", "2024-05-01T00:00:00Z");
        var sto = r.Records.Where(x => x.SkuId == "VCD-STO-STD").OrderBy(x => x.ChargePeriodStart).ToList();
        Assert.Equal(2, sto.Count);
        Assert.Equal(T("2024-04-01T00:00:00Z"), sto[0].ChargePeriodEnd);
        Assert.Equal(T("2024-03-01T00:00:00Z"), sto[0].BillingPeriodStart);
        Assert.Equal(T("2024-05-01T00:00:00Z"), sto[1].BillingPeriodEnd);
        // 1 GiB for 17 of 31 March days, then 14 of 30 April days: each month prorated by its own length.
        Assert.Equal(Math.Round(17m / 31m, 6), sto[0].PricingQuantity);
        Assert.Equal(Math.Round(14m / 30m, 6), sto[1].PricingQuantity);
    }

    [Fact]
    public void R1SlicesAreCutAtRateCardVersionBoundaries()
    {
        var card = RateCard.Parse("""
        { "versions": [
          { "rateCardId": "v1", "currency": "EUR", "effectiveFrom": "2024-01-01T00:00:00Z", "effectiveTo": "2024-04-16T00:00:00Z",
            "rates": [ { "skuId": "CPU", "skuPriceId": "CPU-1", "meter": "Vcpu", "unitPrice": 1.00, "period": "Hour" } ] },
          { "rateCardId": "v2", "currency": "EUR", "effectiveFrom": "2024-04-16T00:00:00Z",
            "rates": [ { "skuId": "CPU", "skuPriceId": "CPU-2", "meter": "Vcpu", "unitPrice": 2.00, "period": "Hour" } ] } ] }
        """);
        var r = Run(OneVm(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", card);
        Assert.Equal(2, r.Records.Count);
        var a = r.Records.Single(x => x.SkuPriceId == "CPU-1");
        var b = r.Records.Single(x => x.SkuPriceId == "CPU-2");
        Assert.Equal(360m, a.PricingQuantity);
        Assert.Equal(360.00m, a.BilledCost);
        Assert.Equal("v1", a.x_RateCardId);
        Assert.Equal(360m, b.PricingQuantity);
        Assert.Equal(720.00m, b.BilledCost);
        Assert.Equal(T("2024-04-16T00:00:00Z"), b.ChargePeriodStart);
    }

    [Fact]
    public void R1TimeOutsideTheExistenceIntervalIsNeverCharged()
    {
        var h = new TestHistory().Vdc("vdc1").VApp("a").Vm("a", "v1", "2024-04-21T00:00:00Z", 1, 1024, "Standard:1024", current: false)
            .DeleteVm("2024-04-26T00:00:00Z", "a", "v1");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", SpecRateCard.With(Vcpu1PerHour));
        Assert.Equal(120m, Assert.Single(r.Records).PricingQuantity);
        Assert.Empty(r.Warnings);
    }

    // ---- R2 basis ----

    [Fact]
    public void R2PoweredOnMetersAccrueOnlyWhileOnAndAllocatedAlways()
    {
        var h = OneVm().Off("2024-04-16T00:00:00Z", "a", "v1").Power("2024-04-20T00:00:00Z", "a", "v1", "SUSPENDED", "suspend");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z");
        Assert.Equal(360m, r.Records.Single(x => x.SkuId == "VCD-VCPU").PricingQuantity);
        Assert.Equal(1m, r.Records.Single(x => x.SkuId == "VCD-STO-STD").PricingQuantity);
    }

    [Fact]
    public void R2UnknownStateAccruesNothingAndIsReported()
    {
        var h = new TestHistory().Vdc("vdc1").VApp("a").Current("a", "v1", "POWERED_OFF", 2, 2048, "Standard:1024")
            .Off("2024-04-11T00:00:00Z", "a", "v1");
        var snapshot = h.Snapshot("2024-05-02T00:00:00Z", completeFrom: "2024-04-01T00:00:00Z");
        var r = ChargeEngine.Compute(TimelineBuilder.Build(snapshot, T("2024-04-01T00:00:00Z")), h.Vdcs, SpecRateCard.Load(),
            T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"), T("2024-05-02T00:00:00Z"));
        var cpu = r.Records.Single(x => x.SkuId == "VCD-VCPU");
        Assert.Equal(0m, cpu.PricingQuantity);
        Assert.Equal(0m, cpu.BilledCost);
        Assert.Equal(864000L, cpu.x_UnknownSeconds);
        var w = Assert.Single(r.Warnings);
        Assert.Equal("ChargeUnknownState", w.Code);
        Assert.Equal(864000L, w.UnknownSeconds);
        Assert.Contains("state unknown for 10 days of the window", w.Message); // people read days, not 864000 s
        // Storage is Allocated: the configuration is known (no vm/modify since the history is complete), so it accrues.
        Assert.Equal(1m, r.Records.Single(x => x.SkuId == "VCD-STO-STD").PricingQuantity);
    }

    // ---- R3 quantity ----

    [Fact]
    public void R3MonthMetersUseTheSecondsOfThatUtcMonthSoAFullMonthCostsTheMonthlyPrice()
    {
        var card = SpecRateCard.With("""{ "skuId": "S", "meter": "StorageGiB", "unitPrice": 3.00, "period": "Month" }""");
        var h = new TestHistory().Vdc("vdc1").VApp("a").Vm("a", "v1", "2024-01-01T00:00:00Z", 1, 1024, "Standard:10240");
        var feb = Run(h, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-05-01T00:00:00Z", card).Records.Single();
        Assert.Equal(10m, feb.PricingQuantity);
        Assert.Equal(30.00m, feb.BilledCost);
        var half = Run(h, "2024-02-01T00:00:00Z", "2024-02-15T12:00:00Z", "2024-05-01T00:00:00Z", card).Records.Single();
        Assert.Equal(Math.Round(10m * 1252800m / 2505600m, 6), half.PricingQuantity); // 14.5 days of 29
        Assert.Equal(5m, half.PricingQuantity);
    }

    [Fact]
    public void R3QuantitiesAreRoundedToSixDecimalsHalfAwayFromZero()
    {
        // 1 vCPU for 1 second = 1/3600 h = 0.000277777... -> 0.000278
        var h = OneVm("POWERED_OFF").On("2024-04-10T00:00:00Z", "a", "v1").Off("2024-04-10T00:00:01Z", "a", "v1");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", SpecRateCard.With(Vcpu1PerHour));
        Assert.Equal("0.000278", r.Records.Single().PricingQuantity!.Value.ToString(CultureInfo.InvariantCulture));
    }

    // ---- R4 runs, increments, minimums ----

    private static RateCard HourlyIncrement(long increment, long minimum) => SpecRateCard.With(
        "{ \"skuId\": \"CPU\", \"meter\": \"Vcpu\", \"unitPrice\": 1.00, \"period\": \"Hour\", \"billingIncrementSeconds\": " + increment + ", \"minimumSecondsPerRun\": " + minimum + " }");

    [Fact]
    public void R4RunsAreRoundedUpToTheIncrementAndConsumedQuantityKeepsActualSeconds()
    {
        var h = OneVm("POWERED_OFF", cpu: 2).On("2024-04-10T00:00:00Z", "a", "v1").Off("2024-04-10T01:30:00Z", "a", "v1");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", HourlyIncrement(3600, 0)).Records.Single();
        Assert.Equal(4m, r.PricingQuantity);   // 2 vCPU x 2 billable hours
        Assert.Equal(3m, r.ConsumedQuantity);  // 2 vCPU x 1.5 actual hours
        Assert.Equal(4.00m, r.BilledCost);
    }

    [Fact]
    public void R4MinimumPerRun()
    {
        var h = OneVm("POWERED_OFF").On("2024-04-10T00:00:00Z", "a", "v1").Off("2024-04-10T00:10:00Z", "a", "v1")
            .On("2024-04-11T00:00:00Z", "a", "v1").Off("2024-04-11T00:10:00Z", "a", "v1");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", HourlyIncrement(1, 3600)).Records.Single();
        Assert.Equal(2m, r.PricingQuantity);
        Assert.Equal(Math.Round(1200m / 3600m, 6), r.ConsumedQuantity);
    }

    [Fact]
    public void R4ASizeChangeEndsARun()
    {
        var h = OneVm("POWERED_OFF").On("2024-04-10T00:00:00Z", "a", "v1").Modify("2024-04-10T00:30:00Z", "a", "v1", 2, 1024, "Standard:1024")
            .Off("2024-04-10T01:00:00Z", "a", "v1");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", HourlyIncrement(3600, 0)).Records.Single();
        Assert.Equal(3m, r.PricingQuantity); // run 1: 1 vCPU x 1 h; run 2: 2 vCPU x 1 h
    }

    [Fact]
    public void R4SurplusIsBookedInTheWindowOfTheRunEndAndAnOpenRunIsChargedActualSoWindowsAreAdditive()
    {
        // On from 04-30T23:30 to 05-01T00:15: 45 min, billed as 1 h with hourly increments.
        var h = OneVm("POWERED_OFF").On("2024-04-30T23:30:00Z", "a", "v1").Off("2024-05-01T00:15:00Z", "a", "v1");
        var card = HourlyIncrement(3600, 0);
        var april = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z", card).Records.Single();
        var may = Run(h, "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z", card).Records.Single();
        Assert.Equal(0.5m, april.PricingQuantity);            // open at the April end: actual seconds only
        Assert.Equal(0.5m, may.PricingQuantity);              // 0.25 h actual + 0.25 h surplus of the whole run
        Assert.Equal(0.25m, may.ConsumedQuantity);
        var both = Run(h, "2024-04-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z", card).Records.Sum(x => x.PricingQuantity);
        Assert.Equal(1m, both);
        Assert.Equal(both, april.PricingQuantity + may.PricingQuantity);
    }

    // ---- R5 prices and rate factors ----

    [Fact]
    public void R5TheMostSpecificRateFactorWins()
    {
        var factors = "\"rateFactors\": [ { \"scope\": \"Org\", \"match\": \"ent\", \"factor\": 0.90 }, { \"scope\": \"Vdc\", \"match\": \"vdc1\", \"factor\": 0.80 }, " +
                      "{ \"scope\": \"VApp\", \"match\": \"a\", \"factor\": 0.70 }, { \"scope\": \"Vm\", \"match\": \"v2\", \"factor\": 1.50 } ],";
        var card = SpecRateCard.With(Vcpu1PerHour, factors);
        var h = OneVm().Vm("a", "v2", "2024-01-01T00:00:00Z", 1, 1024, "Standard:1024").VApp("b").Vm("b", "v3", "2024-01-01T00:00:00Z", 1, 1024, "");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-04-02T00:00:00Z", "2024-05-01T00:00:00Z", card).Records;
        Assert.Equal(0.70m, r.Single(x => x.x_VmName == "v1").x_RateFactor);
        Assert.Equal(1.50m, r.Single(x => x.x_VmName == "v2").x_RateFactor);
        Assert.Equal(0.80m, r.Single(x => x.x_VmName == "v3").x_RateFactor);
        Assert.Equal(36.00m, r.Single(x => x.x_VmName == "v2").BilledCost);
        Assert.Equal(24.00m, r.Single(x => x.x_VmName == "v2").ListCost);
    }

    [Fact]
    public void R5ContractedUnitPriceIsRoundedToSixDecimalsAndTheDefaultFactorIsOne()
    {
        var card = SpecRateCard.With("""{ "skuId": "CPU", "meter": "Vcpu", "unitPrice": 0.0123456, "period": "Hour" }""",
            "\"rateFactors\": [ { \"scope\": \"Org\", \"match\": \"ent\", \"factor\": 0.33 } ],");
        var rec = Run(OneVm(), "2024-04-01T00:00:00Z", "2024-04-02T00:00:00Z", "2024-05-01T00:00:00Z", card).Records.Single();
        Assert.Equal(0.004074m, rec.ContractedUnitPrice); // 0.004074048 -> 6 dp
        var noFactor = Run(OneVm(), "2024-04-01T00:00:00Z", "2024-04-02T00:00:00Z", "2024-05-01T00:00:00Z", SpecRateCard.With(Vcpu1PerHour)).Records.Single();
        Assert.Equal(1.00m, noFactor.x_RateFactor);
        Assert.Equal(noFactor.ListCost, noFactor.ContractedCost);
    }

    // ---- R6 costs and rounding ----

    [Theory]
    [InlineData("HalfAwayFromZero", "0.13")]
    [InlineData("HalfEven", "0.12")]
    public void R6CostRoundingMode(string mode, string expected)
    {
        // 0.125 vCPU-hours... rather: 1 vCPU for 450 s = 0.125 h at 1.00 -> 0.125
        var card = SpecRateCard.With(Vcpu1PerHour, "\"rounding\": { \"mode\": \"" + mode + "\" },");
        var h = OneVm("POWERED_OFF").On("2024-04-10T00:00:00Z", "a", "v1").Off("2024-04-10T00:07:30Z", "a", "v1");
        var rec = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", card).Records.Single();
        Assert.Equal(0.125m, rec.PricingQuantity);
        Assert.Equal(expected, rec.BilledCost.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("JPY", "13")]
    [InlineData("KWD", "12.500")]
    [InlineData("USD", "12.50")]
    public void R6CostsUseTheCurrencyMinorUnit(string currency, string expected)
    {
        var card = RateCard.Parse("{ \"rateCardId\": \"c\", \"currency\": \"" + currency + "\", \"rates\": [ { \"skuId\": \"CPU\", \"meter\": \"Vcpu\", \"unitPrice\": 0.5, \"period\": \"Hour\" } ] }");
        var rec = Run(OneVm(), "2024-04-01T00:00:00Z", "2024-04-02T01:00:00Z", "2024-05-01T00:00:00Z", card).Records.Single();
        Assert.Equal(expected, rec.BilledCost.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void R6AnyConsumerCanReVerifyCostsFromDisplayedValues()
    {
        foreach (var rec in Run(C2History(), "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-04-10T00:00:00Z").Records)
        {
            Assert.Equal(rec.ListCost, Math.Round(rec.ListUnitPrice!.Value * rec.PricingQuantity!.Value, 2, MidpointRounding.AwayFromZero));
            Assert.Equal(rec.ContractedCost, Math.Round(rec.ContractedUnitPrice!.Value * rec.PricingQuantity!.Value, 2, MidpointRounding.AwayFromZero));
            Assert.Equal(rec.ContractedCost, rec.BilledCost);
            Assert.Equal(rec.ContractedCost, rec.EffectiveCost);
        }
    }

    // ---- R7 totals / R8 granularity ----

    [Fact]
    public void R7R8DayLinesAreRoundedPerLineAndTotalsDifferByAtMostHalfAMinorUnitPerLine()
    {
        // 3 vCPU at 0.0137/h: a day costs 0.9864, rounded 0.99 per day line.
        var card = SpecRateCard.With("""{ "skuId": "CPU", "meter": "Vcpu", "unitPrice": 0.0137, "period": "Hour" }""");
        var h = OneVm(cpu: 3);
        var month = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", card).Records;
        var days = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", card, ChargeGranularity.Day).Records;
        Assert.Single(month);
        Assert.Equal(30, days.Count);
        Assert.All(days, d => Assert.Equal(0.99m, d.BilledCost));
        Assert.All(days, d => Assert.Equal(d.ChargePeriodStart.AddDays(1), d.ChargePeriodEnd));
        Assert.Equal(29.59m, month.Single().BilledCost);          // 2160 h x 0.0137 = 29.592
        Assert.Equal(29.70m, days.Sum(d => d.BilledCost));        // sum of rounded lines, never re-rounded
        Assert.True(Math.Abs(days.Sum(d => d.BilledCost) - month.Single().BilledCost) <= 0.005m * days.Count);
        var hours = Run(h, "2024-04-01T00:00:00Z", "2024-04-02T00:00:00Z", "2024-05-02T00:00:00Z", card, ChargeGranularity.Hour).Records;
        Assert.Equal(24, hours.Count);
        Assert.All(hours, x => Assert.Equal(0.04m, x.BilledCost)); // 0.0411 per hour line
    }

    // ---- R9 FOCUS row ----

    [Fact]
    public void R9FocusColumnsAreFilledAsSpecified()
    {
        var rec = Run(C1History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z").Records.Single(x => x.SkuId == "VCD-VCPU");
        Assert.Equal("Usage", rec.ChargeCategory);
        Assert.Equal("Usage-Based", rec.ChargeFrequency);
        Assert.Null(rec.ChargeClass);
        Assert.Equal("Standard", rec.PricingCategory);
        Assert.Equal("EUR", rec.BillingCurrency);
        Assert.Equal(T("2024-04-01T00:00:00Z"), rec.BillingPeriodStart);
        Assert.Equal(T("2024-05-01T00:00:00Z"), rec.BillingPeriodEnd);
        Assert.Equal("vCPU-Hours", rec.ConsumedUnit);
        Assert.Equal("VCD-VCPU-2024", rec.SkuPriceId);
        Assert.Equal("vCD Compute", rec.ServiceName);
        Assert.Equal("Compute", rec.ServiceCategory);
        Assert.Equal("Virtual Machines", rec.ServiceSubcategory);
        Assert.Equal("ent", rec.BillingAccountName);
        Assert.Equal("vdc1", rec.SubAccountName);
        Assert.Equal("rc-2024", rec.x_RateCardId);
        Assert.Equal(VAppUrn("shop"), rec.x_VAppId);
        Assert.Equal(FocusColumns.All.Length, FocusColumns.All.Distinct().Count());
        Assert.All(FocusColumns.All, c => Assert.NotNull(typeof(ChargeRecord).GetProperty(c)));
    }

    // ---- R10 capacity VDCs ----

    [Fact]
    public void R10EvenWeightWithoutCapacityHasNoIdleLineAndSumsExactly()
    {
        var card = SpecRateCard.With("""{ "skuId": "FEE", "meter": "VdcFee", "allocationModel": "ReservationPool", "unitPrice": 100.00, "period": "Month", "weight": "Even" }""");
        var h = new TestHistory().Vdc("rp", "ReservationPool");
        foreach (var n in new[] { "x", "y", "z" }) h.VApp(n, "rp").Vm(n, n + "1", "2024-01-01T00:00:00Z", 1, 1024, "Standard:1024");
        var r = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", card).Records;
        Assert.Equal(3, r.Count);
        Assert.Equal(100.00m, r.Sum(x => x.BilledCost));
        Assert.Equal(new[] { 33.33m, 33.33m, 33.34m }, r.Select(x => x.BilledCost).OrderBy(x => x));
        Assert.All(r, x => Assert.Equal("Purchase", x.ChargeCategory));
    }

    [Fact]
    public void R10PayAsYouGoVdcsAreMeteredPerVm()
    {
        var r = Run(C1History(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z").Records;
        Assert.DoesNotContain(r, x => x.SkuId == "VCD-VDC-AP");
    }

    [Fact]
    public void R10LargestRemainderTiesGoToTheSmallestResourceId()
    {
        var parts = LargestRemainder.Split(0.02m, new[] { 1m, 1m, 1m }, new[] { "urn:c", "urn:a", "urn:b" }, 2);
        Assert.Equal(new[] { 0.00m, 0.01m, 0.01m }, parts);
        Assert.Equal(0.02m, parts.Sum());
    }

    // ---- Public IPs ----

    [Fact]
    public void PublicIpsAreChargedPerVAppWhileAllocated()
    {
        var h = C1History().PublicIps("2024-04-16T00:00:00Z", "shop", 2);
        var ip = Run(h, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-15T00:00:00Z").Records.Single(x => x.SkuId == "VCD-PUBIP");
        Assert.Equal(720m, ip.PricingQuantity); // 2 IPs x 15 days
        Assert.Equal(3.60m, ip.BilledCost);
        Assert.Equal("vApp", ip.ResourceType);
        Assert.Null(ip.x_VmName);
    }
}
