using System.Globalization;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Sla;

/// <summary>charging-sla.md worked examples S1 and S2 (all three modes), every number.</summary>
public class SlaWorkedExampleTests
{
    public static SlaRecord Run(TestHistory h, SlaPolicy policy, string start, string end, string asOf, decimal? chargeBase = null, string? completeFrom = null)
    {
        var snapshot = h.Snapshot(asOf, completeFrom);
        var timelines = TimelineBuilder.Build(snapshot, snapshot.CompleteFrom is { } cf && cf < T(start) ? cf : T(start));
        var vapp = timelines.Single();
        var bases = chargeBase == null ? null : new Dictionary<string, ChargeBase> { [vapp.VAppId] = new ChargeBase(chargeBase.Value, "EUR") };
        return SlaEngine.Compute(timelines, policy, T(start), T(end), T(asOf), bases).Single();
    }

    public static TestHistory S1History() => new TestHistory { Org = "ent" }
        .Vdc("vdc1").VApp("erp", created: "2024-03-01T00:00:00Z")
        .Vm("erp", "app01", "2024-03-01T00:00:00Z", 2, 4096, "Standard:40960")
        .Vm("erp", "db01", "2024-03-01T00:00:00Z", 4, 8192, "Standard:102400")
        .Crash("2024-04-10T10:00:00Z", "erp", "app01").Restore("2024-04-10T10:50:00Z", "erp", "app01")
        .Crash("2024-04-15T08:00:00Z", "erp", "db01").Restore("2024-04-15T08:00:40Z", "erp", "db01")
        .Off("2024-04-20T02:00:00Z", "erp", "app01").Off("2024-04-20T02:00:00Z", "erp", "db01")
        .On("2024-04-20T04:00:00Z", "erp", "app01").On("2024-04-20T04:00:00Z", "erp", "db01");

    public static SlaPolicy S1Policy()
    {
        var p = new SlaPolicy { TargetPercent = 99.9m };
        p.MaintenanceWindows.Add(MaintenanceWindow.Parse("2024-04-20T02:00Z/2024-04-20T04:00Z"));
        return p;
    }

    [Fact]
    public void S1MaintenanceExcludedBlipIgnoredCredit()
    {
        var r = Run(S1History(), S1Policy(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-10T00:00:00Z", 250.00m);
        Assert.Equal(SlaMode.AllRequired, r.Mode);
        Assert.Equal(43200m, r.TotalMinutes);
        Assert.Equal(120m, r.MaintenanceMinutes);
        Assert.Equal(0m, r.CustomerMinutes);
        Assert.Equal(0m, r.UnknownMinutes);
        Assert.Equal(43080m, r.EligibleMinutes);
        Assert.Equal(50m, r.DowntimeMinutes);
        Assert.Equal(1, r.OutageCount);
        Assert.Equal(50m, r.LongestOutageMinutes);
        Assert.Equal(43030m / 43080m, r.x_Availability);
        Assert.Equal("99.8839", Inv(r.AvailabilityPercent));
        Assert.False(r.SloMet);
        Assert.Equal(43.08m, r.ErrorBudgetMinutes);
        Assert.Equal(-6.92m, r.ErrorBudgetRemainingMinutes);
        Assert.Equal("-16.0631", Inv(r.ErrorBudgetRemainingPercent));
        Assert.Equal("1.1606", Inv(r.BurnRate));
        Assert.Equal(10m, r.CreditPercent);
        Assert.Equal("25.00", Inv(r.CreditAmount));
        Assert.Equal("EUR", r.Currency);
        Assert.Equal(100m, r.DataCoveragePercent);
        Assert.False(r.Incomplete);
        var outage = Assert.Single(r.Outages);
        Assert.Equal(T("2024-04-10T10:00:00Z"), outage.Start);
        Assert.Equal(OutageClassification.Unplanned, outage.Classification);
        Assert.Equal(new[] { VmUrn("app01") }, outage.VmIds);
        Assert.Contains(outage.Evidence, e => e.Contains("by system") && e.Contains("(no task)"));
    }

    public static TestHistory S2History() => new TestHistory { Org = "ent" }
        .Vdc("vdc1").VApp("web", created: "2024-05-01T00:00:00Z")
        .Vm("web", "lb01", "2024-05-01T00:00:00Z", 1, 2048, "Standard:10240")
        .Vm("web", "app01", "2024-05-01T00:00:00Z", 2, 4096, "Standard:20480")
        .Vm("web", "app02", "2024-05-01T00:00:00Z", 2, 4096, "Standard:20480")
        .Crash("2024-06-03T00:00:00Z", "web", "app01").Restore("2024-06-03T03:00:00Z", "web", "app01")
        .Crash("2024-06-03T02:00:00Z", "web", "app02").Restore("2024-06-03T04:00:00Z", "web", "app02");

    public static SlaPolicy S2Policy(SlaMode mode)
    {
        var p = new SlaPolicy { TargetPercent = 99.5m, Mode = mode, CreditTiers = SlaPolicy.AwsCreditTiers(99.5m) };
        p.Weights["lb01"] = 2m;
        return p;
    }

    [Theory]
    [InlineData(SlaMode.AllRequired, "240", "99.4444", false, "-24", "-11.1111", "10", "18.00")]
    [InlineData(SlaMode.AnyUp, "0", "100.0000", true, "216", "100.0000", "0", "0.00")]
    [InlineData(SlaMode.Weighted, "75", "99.8263", true, "141", "65.2778", "0", "0.00")]
    public void S2PartialOutageUnderThreeSemantics(SlaMode mode, string downtime, string availability, bool met, string remaining, string remainingPercent,
        string creditPercent, string credit)
    {
        var r = Run(S2History(), S2Policy(mode), "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", "2024-07-05T00:00:00Z", 180.00m);
        Assert.Equal(mode, r.Mode);
        Assert.Equal(43200m, r.TotalMinutes);
        Assert.Equal(43200m, r.EligibleMinutes);
        Assert.Equal(decimal.Parse(downtime, CultureInfo.InvariantCulture), r.DowntimeMinutes);
        Assert.Equal(availability, Inv(r.AvailabilityPercent));
        Assert.Equal(met, r.SloMet);
        Assert.Equal(216m, r.ErrorBudgetMinutes);
        Assert.Equal(decimal.Parse(remaining, CultureInfo.InvariantCulture), r.ErrorBudgetRemainingMinutes);
        Assert.Equal(remainingPercent, Inv(r.ErrorBudgetRemainingPercent));
        Assert.Equal(decimal.Parse(creditPercent, CultureInfo.InvariantCulture), r.CreditPercent);
        Assert.Equal(credit, Inv(r.CreditAmount));
    }

    [Fact]
    public void S2AllRequiredDowntimeIsTheUnionAsOneOutage()
    {
        var r = Run(S2History(), S2Policy(SlaMode.AllRequired), "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", "2024-07-05T00:00:00Z", 180.00m);
        var o = Assert.Single(r.Outages);
        Assert.Equal(T("2024-06-03T00:00:00Z"), o.Start);
        Assert.Equal(T("2024-06-03T04:00:00Z"), o.End);
        Assert.Equal(240m, o.Minutes);
        Assert.Equal(new[] { "app01", "app02" }, o.VmNames.OrderBy(x => x));
    }

    [Fact]
    public void S2WeightedRawAvailabilityIsTruncatedNotRounded()
    {
        var r = Run(S2History(), S2Policy(SlaMode.Weighted), "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", "2024-07-05T00:00:00Z", 180.00m);
        Assert.Equal((43200m - 75m) / 43200m, r.x_Availability); // 0.99826388...: rounds to 99.8264, displays 99.8263
        Assert.Equal(2, r.OutageCount);
        Assert.Equal(180m, r.LongestOutageMinutes);
    }

    internal static string Inv(decimal? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
