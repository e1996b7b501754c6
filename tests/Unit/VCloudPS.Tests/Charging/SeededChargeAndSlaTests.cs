using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;
using VCloudPS.Tests.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Charging;

/// <summary>C1, C2, C4, S1 and S2 from a seeded simulator history through the audit trail and the Core services.</summary>
public class SeededChargeAndSlaTests : IClassFixture<ChargingSlaCloud>
{
    private readonly ChargingSlaCloud _sim;
    public SeededChargeAndSlaTests(ChargingSlaCloud sim) => _sim = sim;

    private ChargeResult Charges(ReportScope scope, string start, string end, string? card = null) =>
        ChargeService.GetCharges(new CloudApiHistorySource(_sim.Connection), scope, RateCard.Load(card ?? ChargingSlaCloud.RateCardPath),
            T(start), T(end), new ChargeOptions(), null, CancellationToken.None);

    private static ReportScope Org(string org) { var s = new ReportScope(); s.Orgs.Add(org); return s; }
    private static ReportScope Vdc(string vdc) { var s = new ReportScope(); s.Vdcs.Add(vdc); return s; }

    [Fact]
    public void C1FromTheAuditTrail()
    {
        var r = Charges(Vdc("vdc1"), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        var shop = r.Records.Where(x => x.x_VAppName == "shop").ToList();
        SpecExpectations.AssertC1Lines(shop);
        Assert.All(shop, x => Assert.StartsWith("urn:vcloud:vm:", x.ResourceId));
        Assert.All(shop, x => Assert.Equal(0L, x.x_UnknownSeconds));
        Assert.DoesNotContain(r.Warnings, w => w.VAppName == "shop");
    }

    [Fact]
    public void C2FromTheAuditTrail()
    {
        var r = Charges(Org("acme"), "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        Assert.Empty(r.Warnings);
        SpecExpectations.AssertC2Lines(r.Records);
        Assert.All(r.Records, x => Assert.Equal("acme", x.BillingAccountName));
    }

    [Fact]
    public async Task C2AsTheTenantOrgAdministrator()
    {
        using var tenant = await _sim.ConnectOrgAsync("acme", "admin", "Acme-Admin-Charge-2024!");
        var r = ChargeService.GetCharges(new CloudApiHistorySource(tenant), new ReportScope(), RateCard.Load(ChargingSlaCloud.RateCardPath),
            T("2024-03-01T00:00:00Z"), T("2024-04-01T00:00:00Z"), new ChargeOptions(), null, CancellationToken.None);
        Assert.Empty(r.Warnings);
        Assert.All(r.Records, x => Assert.Equal("acme", x.BillingAccountName)); // a tenant sees only its own org
        Assert.Equal(47.47m, r.Records.Sum(x => x.ListCost));
        Assert.Equal(42.73m, r.Records.Sum(x => x.BilledCost));
    }

    [Fact]
    public void C4FromTheAuditTrail()
    {
        var r = Charges(Vdc("pool"), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        Assert.Equal(4, r.Records.Count);
        Assert.All(r.Records, x => Assert.Equal("VCD-VDC-AP", x.SkuId));
        var byName = r.Records.ToDictionary(x => x.ResourceName!);
        Assert.Equal(240m, byName["A"].x_AllocationWeight);
        Assert.Equal(240m, byName["B"].x_AllocationWeight);
        Assert.Equal(240m, byName["C"].x_AllocationWeight);
        Assert.Equal(180m, byName["__idle__"].x_AllocationWeight);
        var ordered = new[] { "A", "B", "C" }.OrderBy(n => byName[n].ResourceId, StringComparer.Ordinal).ToList();
        Assert.Equal(26.67m, byName[ordered[0]].BilledCost);
        Assert.Equal(26.67m, byName[ordered[1]].BilledCost);
        Assert.Equal(26.66m, byName[ordered[2]].BilledCost);
        Assert.Equal(20.00m, byName["__idle__"].BilledCost);
        Assert.Equal("Org VDC", byName["__idle__"].ResourceType);
        Assert.Equal(100.00m, r.Records.Sum(x => x.BilledCost));
    }

    private SlaRecord Sla(string vapp, SlaPolicy policy, string start, string end)
    {
        var scope = new ReportScope();
        scope.Orgs.Add("ent");
        var charges = Charges(scope, start, end, ChargingSlaCloud.StorageRateCardPath).Records;
        var result = SlaService.GetSla(new CloudApiHistorySource(_sim.Connection), scope, policy, T(start), T(end), charges, null, CancellationToken.None);
        return result.Records.Single(x => x.VAppName == vapp);
    }

    [Fact]
    public void S1FromTheAuditTrail()
    {
        var r = Sla("erp", SlaWorkedExampleTests_Policy.S1(), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        Assert.Equal(43200m, r.TotalMinutes);
        Assert.Equal(120m, r.MaintenanceMinutes);
        Assert.Equal(43080m, r.EligibleMinutes);
        Assert.Equal(50m, r.DowntimeMinutes);
        Assert.Equal(99.8839m, r.AvailabilityPercent);
        Assert.False(r.SloMet);
        Assert.Equal(43.08m, r.ErrorBudgetMinutes);
        Assert.Equal(-6.92m, r.ErrorBudgetRemainingMinutes);
        Assert.Equal(-16.0631m, r.ErrorBudgetRemainingPercent);
        Assert.Equal(1.1606m, r.BurnRate);
        Assert.Equal(10m, r.CreditPercent);
        Assert.Equal(250.00m, r.x_ChargeBase);
        Assert.Equal(25.00m, r.CreditAmount);
        Assert.Equal(100m, r.DataCoveragePercent);
        Assert.False(r.Incomplete);
    }

    [Theory]
    [InlineData(SlaMode.AllRequired, 240, 99.4444, false, -24, -11.1111, 10, 18.00)]
    [InlineData(SlaMode.AnyUp, 0, 100.0000, true, 216, 100.0000, 0, 0.00)]
    [InlineData(SlaMode.Weighted, 75, 99.8263, true, 141, 65.2778, 0, 0.00)]
    public void S2FromTheAuditTrail(SlaMode mode, int downtime, double availability, bool met, int remaining, double remainingPercent, int credit, double amount)
    {
        var r = Sla("web", SlaWorkedExampleTests_Policy.S2(mode), "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z");
        Assert.Equal(43200m, r.EligibleMinutes);
        Assert.Equal(downtime, r.DowntimeMinutes);
        Assert.Equal((decimal)availability, r.AvailabilityPercent);
        Assert.Equal(met, r.SloMet);
        Assert.Equal(216m, r.ErrorBudgetMinutes);
        Assert.Equal(remaining, r.ErrorBudgetRemainingMinutes);
        Assert.Equal((decimal)remainingPercent, r.ErrorBudgetRemainingPercent);
        Assert.Equal(credit, r.CreditPercent);
        Assert.Equal(180.00m, r.x_ChargeBase);
        Assert.Equal((decimal)amount, r.CreditAmount);
    }

    [Fact]
    public void ALongLookBackUsesTargetedQueriesAndSettlesTheStateAtTheWindowStart()
    {
        // A 2-day window: db01's last power event before it (on, 02-01) lies beyond the org-wide look-back of one window length.
        var source = new CloudApiHistorySource(_sim.Connection);
        var r = ChargeService.GetCharges(source, Org("acme"), RateCard.Load(ChargingSlaCloud.RateCardPath),
            T("2024-03-05T00:00:00Z"), T("2024-03-07T00:00:00Z"), new ChargeOptions(), null, CancellationToken.None);
        Assert.DoesNotContain(r.Warnings, w => w.Code == "ChargeUnknownState");
        var cpu = r.Records.Single(x => x.SkuId == "VCD-VCPU");
        Assert.Equal(4m * 6.5m + 8m * 17.5m, cpu.PricingQuantity);
        Assert.Equal(0L, cpu.x_UnknownSeconds);
    }

    [Fact]
    public void AVmPoweredOffInTheWindowNeedsNoLookBackWhenItsHistoryIsRetained()
    {
        // shop/web01 (C1) was created in March, within retention; its first April event is a power-off, so it was on at the start.
        var scope = new ReportScope();
        var shopId = _sim.Sim.Store.VApps.Values.Single(v => v.Name == "shop").Urn;
        scope.VAppIds.Add(shopId);
        var source = new CloudApiHistorySource(_sim.Connection);
        var r = ChargeService.GetCharges(source, scope, RateCard.Load(ChargingSlaCloud.RateCardPath),
            T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"), new ChargeOptions(), null, CancellationToken.None);
        Assert.Contains("look-back 0 events", source.LastTimings);
        Assert.Equal(28.00m, r.Records.Sum(x => x.BilledCost));
        Assert.Equal(480m, r.Records.Single(x => x.SkuId == "VCD-VCPU").PricingQuantity);
        Assert.All(r.Records, x => Assert.Equal(0L, x.x_UnknownSeconds));
    }

    [Fact]
    public void APowerOnFirstInTheWindowImpliesTheVmWasNotRunningForCharges()
    {
        // erp from 04-10 10:30: app01 is down (crashed at 10:00) and restored at 10:50; db01's next event is a crash on 04-15.
        var scope = new ReportScope();
        scope.VAppIds.Add(_sim.Sim.Store.VApps.Values.Single(v => v.Name == "erp").Urn);
        var source = new CloudApiHistorySource(_sim.Connection);
        var r = ChargeService.GetCharges(source, scope, RateCard.Load(ChargingSlaCloud.RateCardPath),
            T("2024-04-10T10:30:00Z"), T("2024-04-11T00:00:00Z"), new ChargeOptions(), null, CancellationToken.None);
        Assert.Contains("look-back 0 events", source.LastTimings);
        Assert.All(r.Records, x => Assert.Equal(0L, x.x_UnknownSeconds));
        Assert.Equal(Math.Round(2m * (13m * 3600m + 600m) / 3600m, 6), r.Records.Single(x => x.SkuId == "VCD-VCPU" && x.x_VmName == "app01").PricingQuantity);
        Assert.Equal(4m * 13.5m, r.Records.Single(x => x.SkuId == "VCD-VCPU" && x.x_VmName == "db01").PricingQuantity);
        // The SLA of the same window needs to know why app01 was down: it looks back and finds the platform failure.
        var sla = SlaService.GetSla(new CloudApiHistorySource(_sim.Connection), scope, new SlaPolicy { TargetPercent = 99.9m },
            T("2024-04-10T10:30:00Z"), T("2024-04-11T00:00:00Z"), null, null, CancellationToken.None).Records.Single();
        Assert.Equal(20m, sla.DowntimeMinutes);
        Assert.Equal(OutageClassification.Unplanned, sla.Outages.Single().Classification);
        Assert.True(sla.Outages.Single().StartedBeforeWindow);
    }

    [Fact]
    public void PublicIpsAllocatedBeforeTheWindowAreCharged()
    {
        // erp got 2 public IPs on 03-01 (vapp/modify); nothing changed them in April.
        var scope = new ReportScope();
        scope.VAppIds.Add(_sim.Sim.Store.VApps.Values.Single(v => v.Name == "erp").Urn);
        var r = ChargeService.GetCharges(new CloudApiHistorySource(_sim.Connection), scope, RateCard.Load(ChargingSlaCloud.RateCardPath),
            T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"), new ChargeOptions(), null, CancellationToken.None);
        var ip = r.Records.Single(x => x.SkuId == "VCD-PUBIP");
        Assert.Equal(1440m, ip.PricingQuantity);
        Assert.Equal(7.20m, ip.BilledCost);
        Assert.Equal("vApp", ip.ResourceType);
    }

    [Fact]
    public void PublicIpCountSetByVAppCreateBeforeTheWindowIsKnownAndDeletedVAppsGetNoLines()
    {
        var r = Charges(Vdc("vdc1"), "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        // "gone" was deleted in March: before the fix its 2 IPs (vapp/modify read, vapp/delete not) were charged all April.
        Assert.DoesNotContain(r.Records, x => x.x_VAppName == "gone");
        // "late-ip": 0 IPs from its vapp/create in March until 04-16, then 1: 15 days, nothing unknown.
        var ip = r.Records.Single(x => x.x_VAppName == "late-ip" && x.SkuId == "VCD-PUBIP");
        Assert.Equal(360m, ip.PricingQuantity);
        Assert.Equal(0L, ip.x_UnknownSeconds);
        Assert.DoesNotContain(r.Warnings, w => w.VAppName == "late-ip" || w.VAppName == "gone");
    }

    [Fact]
    public void ConcurrentAndSequentialPagingReadTheSameHistory()
    {
        var window = new UtcInterval(T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"));
        var a = new CloudApiHistorySource(_sim.Connection) { PageSize = 7, Concurrency = 4 }.Load(new HistoryRequest(window) { NeedDownCause = true }, null, CancellationToken.None);
        var b = new CloudApiHistorySource(_sim.Connection) { PageSize = 7, Concurrency = 1 }.Load(new HistoryRequest(window) { NeedDownCause = true }, null, CancellationToken.None);
        Assert.Equal(b.Events.Select(e => e.EventId), a.Events.Select(e => e.EventId));
        Assert.Equal(b.CompleteFrom, a.CompleteFrom);
        Assert.Equal(b.CurrentVms.Count, a.CurrentVms.Count);
        Assert.True(a.Events.Zip(a.Events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }

    [Fact]
    public void HistoryIsPagedOnceWithoutPerVAppRequests()
    {
        var source = new CloudApiHistorySource(_sim.Connection) { PageSize = 5 };
        var before = _sim.Connection.RequestCount;
        var snapshot = source.Load(new HistoryRequest(new UtcInterval(T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"))), null, CancellationToken.None);
        var requests = _sim.Connection.RequestCount - before;
        // probe + VDC query + VM query + ceil(events / 5) pages (+ look-back chunks for VMs whose start state is open)
        Assert.True(snapshot.Events.Count > 10);
        Assert.True(requests < 6 + snapshot.Events.Count / 5 + 12, "requests: " + requests);
        Assert.NotNull(snapshot.CompleteFrom);
    }
}

internal static class SlaWorkedExampleTests_Policy
{
    public static SlaPolicy S1() => Sla.SlaWorkedExampleTests.S1Policy();
    public static SlaPolicy S2(SlaMode mode) => Sla.SlaWorkedExampleTests.S2Policy(mode);
}
