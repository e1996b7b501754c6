using System.Globalization;
using Newtonsoft.Json;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Sla;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Tests.Fixtures;
using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Tests.History;

/// <summary>
/// The enterprise seed plus 150 generated vApps (created 31 to 60 days before the frozen clock, each with a month of
/// history), one VM known only from two events inside the last month (no retained event before it), and public IP
/// changes 10 days ago of a generated vApp that had none (<see cref="IpsFromZeroVApp"/>) and of one that had 1
/// (<see cref="IpsFromOneVApp"/>), and a vApp in maintenance mode since 35 days ago (<see cref="MaintenanceVApp"/>);
/// <see cref="ConnectedSimulator.Connection"/> is the System administrator.
/// </summary>
public sealed class GeneratedHistoryCloud() : ConnectedSimulator(_ => new SimulatorOptions { Seed = "enterprise", GenerateVApps = 150, FreezeClock = true },
    "System", "administrator", "Ent-Sys-Admin-2026!")
{
    public const string OrphanVmUrn = "urn:vcloud:vm:0000aaaa-0000-4000-8000-000000000001";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var sim = Sim;
        lock (sim.Store.Sync)
        {
            var vapp = sim.Store.VApps.Values.OrderBy(v => v.Name, StringComparer.Ordinal).First(v => sim.Store.VmsOf(v).Any());
            var org = sim.Store.Orgs[vapp.OrgId];
            var now = sim.Clock.UtcNow;
            foreach (var (at, type, state) in new[] { (now.AddDays(-20), "vm/change_state", "POWERED_OFF"), (now.AddDays(-19), "vm/delete", "") })
            {
                var props = new List<KeyValuePair<string, string>> { new("vm.vappId", vapp.Urn) };
                if (state.Length > 0) { props.Add(new("vm.state", state)); props.Add(new("vm.powerAction", "powerOff")); }
                // Back-dated: inserted into the time-ordered log and the entity index.
                sim.Events.Record(type, new EntityRef(EntityKind.Vm, Guid.Parse(OrphanVmUrn["urn:vcloud:vm:".Length..]), "orphan01"),
                    Actor.System(EntityRef.Of(org)), at, null, true, "orphan", props);
            }
            // In VDCs without a VDC fee (examples/ratecard.json charges AllocationPool VDCs by fee): their IPs get lines.
            var generated = sim.Store.VApps.Values.Where(v => v.Description == "Generated workload" && sim.Store.VmsOf(v).Any() &&
                                                              sim.Store.Vdcs[v.VdcId].AllocationModel != AllocationModel.AllocationPool)
                .OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            foreach (var (from, to) in new[] { (0, 2), (1, 3) })
            {
                var changed = generated.First(v => v.PublicIpCount == from);
                changed.PublicIpCount = to;
                sim.Events.VAppPublicIps(changed, SeedLoader.OwnerActor(sim.Store, changed), now.AddDays(-10), null);
                if (from == 0) IpsFromZeroVApp = changed.Urn; else IpsFromOneVApp = changed.Urn;
            }
            // In maintenance mode since before the last month, with no change in it: only its event before the window tells.
            var maintained = generated.Last(v => v.PublicIpCount == 0);
            maintained.InMaintenanceMode = true;
            sim.Events.VAppMaintenanceMode(maintained, true, SeedLoader.OwnerActor(sim.Store, maintained), now.AddDays(-35), null);
            MaintenanceVApp = maintained.Urn;
        }
    }

    public string IpsFromZeroVApp { get; private set; } = "";
    public string IpsFromOneVApp { get; private set; } = "";
    public string MaintenanceVApp { get; private set; } = "";
}

/// <summary>
/// The targeted look-back (the window's events, then by id only the entities whose start state is open) gives the same
/// timelines, charges and SLA results as reading every retained event.
/// </summary>
public class TargetedLookBackTests : IClassFixture<GeneratedHistoryCloud>
{
    private readonly GeneratedHistoryCloud _sim;
    public TargetedLookBackTests(GeneratedHistoryCloud sim) => _sim = sim;

    private UtcInterval Window()
    {
        var today = _sim.Sim.Clock.UtcNow.Date;
        return new UtcInterval(today.AddDays(-30), today.AddDays(-1));
    }

    /// <summary>Every retained event (a read start before the oldest one needs no look-back).</summary>
    private HistorySnapshot Full() =>
        new CloudApiHistorySource(_sim.Connection).Load(new HistoryRequest(new UtcInterval(HistoryLoader.EarliestStart, Window().End)), null, CancellationToken.None);

    [Theory]
    [InlineData(3, 7, "by id")]        // batches of 7 ids over pages of 3 events: every batch spans several pages
    [InlineData(128, 40, "org-wide")]  // the vApp state in one org-wide query (fewer pages than by id)
    public void ChargesAndTheirTimelinesEqualTheFullHistory(int pageSize, int batchSize, string vappMode)
    {
        var window = Window();
        var card = RateCard.Load(ChargingSlaCloud.RateCardPath);
        var source = new CloudApiHistorySource(_sim.Connection) { PageSize = pageSize, TargetedBatchSize = batchSize };
        var request = new HistoryRequest(window) { NeedVAppState = true };
        var targeted = source.Load(request, null, CancellationToken.None);
        var full = Full();

        Assert.Contains("vApp state", source.LastTimings);
        Assert.Contains(vappMode, source.LastTimings);
        Assert.Equal(window.Start, targeted.CompleteFrom);
        Assert.True(targeted.Events.Count < full.Events.Count * 3 / 4, source.LastTimings);
        AssertCases(targeted, window.Start);
        AssertSameTimelines(full, targeted, window, request.ReadFrom, evidence: false);

        var a = ChargeService.Compute(full, new ReportScope(), card, window, new ChargeOptions());
        var b = ChargeService.Compute(targeted, new ReportScope(), card, window, new ChargeOptions());
        Assert.NotEmpty(b.Records);
        var multi = MultiPolicyVms(full);
        Assert.NotEmpty(multi);
        bool Compared(ChargeRecord r) => !(r.ResourceId != null && multi.Contains(r.ResourceId) && r.SkuId?.StartsWith("VCD-STO", StringComparison.Ordinal) == true);
        Assert.Equal(JsonConvert.SerializeObject(a.Records.Where(Compared)), JsonConvert.SerializeObject(b.Records.Where(Compared)));
        Assert.Equal(JsonConvert.SerializeObject(a.Warnings), JsonConvert.SerializeObject(b.Warnings));
    }

    [Theory]
    [InlineData(2, 40, "IP counts by id")] // pages of 2 events: the org-wide query would take more pages than 40-id batches
    [InlineData(128, 40, "IP counts org-wide")]
    public void ChargesWithOnlyThePublicIpLookBackEqualTheFullHistory(int pageSize, int batchSize, string vappMode)
    {
        var window = Window();
        var card = RateCard.Load(ChargingSlaCloud.RateCardPath);
        var source = new CloudApiHistorySource(_sim.Connection) { PageSize = pageSize, TargetedBatchSize = batchSize };
        var targeted = source.Load(new HistoryRequest(window) { NeedPublicIps = true }, null, CancellationToken.None);
        var full = Full();

        Assert.Contains(vappMode, source.LastTimings);
        var before = targeted.Events.Where(e => e.Timestamp < window.Start).ToList();
        Assert.DoesNotContain(before, e => e.ShortType == AuditEventTypes.VAppMaintenanceMode);
        if (vappMode.EndsWith("org-wide", StringComparison.Ordinal))
        {
            // Creation events only of the vApps whose count the window changes and no earlier event set.
            static bool SetsIps(AuditEvent e) => e.Success && e.ShortType == AuditEventTypes.VAppModify && e.Property("vapp.publicIpCount") != null;
            var changedInWindow = full.Events.Where(e => e.Timestamp >= window.Start && SetsIps(e)).Select(e => e.EntityId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var setBefore = full.Events.Where(e => e.Timestamp < window.Start && (SetsIps(e) || e.ShortType == AuditEventTypes.VAppDelete))
                                .Select(e => e.EntityId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var expected = full.Events.Where(e => e.ShortType == AuditEventTypes.VAppCreate && e.Timestamp < window.Start &&
                                                  changedInWindow.Contains(e.EntityId) && !setBefore.Contains(e.EntityId)).Select(e => e.EntityId);
            Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal),
                before.Where(e => e.ShortType == AuditEventTypes.VAppCreate).Select(e => e.EntityId).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Contains(before, e => e.ShortType == AuditEventTypes.VAppCreate && e.EntityId == _sim.IpsFromZeroVApp);
            Assert.DoesNotContain(before, e => e.ShortType == AuditEventTypes.VAppCreate && e.EntityId == _sim.IpsFromOneVApp);
        }

        var a = ChargeService.Compute(full, new ReportScope(), card, window, new ChargeOptions());
        var b = ChargeService.Compute(targeted, new ReportScope(), card, window, new ChargeOptions());
        // The vApp that had no public IP before the change is charged for its IPs from the change on, with nothing unknown
        // (its vapp/create says 0); the one that had 1 for that IP before it and 3 after.
        var fromZero = b.Records.Where(r => r.x_VAppId == _sim.IpsFromZeroVApp && r.SkuId == "VCD-PUBIP").ToList();
        var fromOne = b.Records.Where(r => r.x_VAppId == _sim.IpsFromOneVApp && r.SkuId == "VCD-PUBIP").ToList();
        Assert.NotEmpty(fromZero);
        Assert.All(fromZero.Concat(fromOne), r => Assert.Equal(0, r.x_UnknownSeconds));
        Assert.Contains(fromZero, r => r.ChargeDescription!.StartsWith("2 public IP", StringComparison.Ordinal));
        Assert.Contains(fromOne, r => r.ChargeDescription!.StartsWith("1-3 public IP", StringComparison.Ordinal));
        var multi = MultiPolicyVms(full);
        bool Compared(ChargeRecord r) => !(r.ResourceId != null && multi.Contains(r.ResourceId) && r.SkuId?.StartsWith("VCD-STO", StringComparison.Ordinal) == true);
        Assert.Equal(JsonConvert.SerializeObject(a.Records.Where(Compared)), JsonConvert.SerializeObject(b.Records.Where(Compared)));
        Assert.Equal(JsonConvert.SerializeObject(a.Warnings), JsonConvert.SerializeObject(b.Warnings));
    }

    [Fact]
    public void TheInventoryReadAheadGivesTheVmsOfTheSequentialQuery()
    {
        var window = Window();
        var ahead = new CloudApiHistorySource(_sim.Connection) { Concurrency = 4 }.Load(new HistoryRequest(window), null, CancellationToken.None);
        var sequential = new CloudApiHistorySource(_sim.Connection) { Concurrency = 1 }.Load(new HistoryRequest(window), null, CancellationToken.None);
        // Several pages of 128 VM records.
        Assert.True(ahead.CurrentVms.Count > 2 * 128, ahead.CurrentVms.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(sequential.CurrentVms.Select(v => v.VmId + " " + v.VAppId + " " + v.Power + " " + v.Configuration),
            ahead.CurrentVms.Select(v => v.VmId + " " + v.VAppId + " " + v.Power + " " + v.Configuration));
        Assert.Equal(sequential.CurrentVApps.Select(v => v.Id + " " + v.VdcId), ahead.CurrentVApps.Select(v => v.Id + " " + v.VdcId));
    }

    [Fact]
    public void SlaResultsAndTheirTimelinesEqualTheFullHistory()
    {
        var window = Window();
        var policy = new SlaPolicy { TargetPercent = 99.9m };
        policy.MaintenanceWindows.Add(MaintenanceWindow.Parse("Sun 02:00-04:00"));
        var source = new CloudApiHistorySource(_sim.Connection) { PageSize = 5, TargetedBatchSize = 9 };
        var request = new HistoryRequest(window) { NeedDownCause = true, NeedMaintenanceMode = true, ContextBefore = SlaEngine.ContextBefore(policy) };
        var targeted = source.Load(request, null, CancellationToken.None);
        var full = Full();

        Assert.Equal(window.Start - TimeSpan.FromHours(1), request.ReadFrom);
        Assert.Equal(request.ReadFrom, targeted.CompleteFrom);
        // Before the read start, of the vApp events only maintenance mode changes are read, the maintained vApp's among them.
        var vappTypesBefore = targeted.Events.Where(e => e.Timestamp < request.ReadFrom && e.ShortType.StartsWith("vapp/", StringComparison.Ordinal)
                                                          && e.ShortType != AuditEventTypes.VAppLeaseExpiry).Select(e => e.ShortType).Distinct().ToList();
        Assert.Equal(new[] { AuditEventTypes.VAppMaintenanceMode }, vappTypesBefore);
        Assert.Contains(targeted.Events, e => e.EntityId == _sim.MaintenanceVApp && e.ShortType == AuditEventTypes.VAppMaintenanceMode && e.Timestamp < window.Start);
        AssertCases(targeted, request.ReadFrom);
        AssertSameTimelines(full, targeted, window, request.ReadFrom, evidence: true, publicIps: false);

        var a = SlaService.Compute(full, new ReportScope(), policy, window, null);
        var b = SlaService.Compute(targeted, new ReportScope(), policy, window, null);
        Assert.True(b.Records.Count > 100);
        Assert.Contains(b.Records, r => r.Outages.Count > 0);
        Assert.Equal(JsonConvert.SerializeObject(a.Records), JsonConvert.SerializeObject(b.Records));
        Assert.Equal(a.Warnings, b.Warnings);
    }

    /// <summary>
    /// VMs with disks on several storage policies. Unless its configuration changed in the window (then it is read back),
    /// such a VM's storage comes from the current VM record, which gives one total on the VM's default policy: its storage
    /// lines may name another policy than the full history's (a limit of the VM query, as before this look-back).
    /// </summary>
    private static HashSet<string> MultiPolicyVms(HistorySnapshot full) =>
        new HashSet<string>(full.Events.Where(e => e.ShortType == AuditEventTypes.VmCreate || e.ShortType == AuditEventTypes.VmModify)
            .Where(e => VmConfiguration.ParseDisks(e.Property("vm.disks")).Select(d => d.StoragePolicy).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
            .Select(e => e.EntityId), StringComparer.OrdinalIgnoreCase);

    /// <summary>The history holds the cases the look-back must get right.</summary>
    private static void AssertCases(HistorySnapshot targeted, DateTime readFrom)
    {
        var before = targeted.Events.Where(e => e.Timestamp < readFrom).ToList();
        // A VM whose last event before the start is weeks older than the start.
        Assert.Contains(before, e => e.ShortType == AuditEventTypes.VmChangeState && readFrom - e.Timestamp > TimeSpan.FromDays(14));
        // The orphan VM changed in the window but has no retained event before it: its events are complete from the
        // oldest retained one, which is all that could be read.
        Assert.DoesNotContain(before, e => e.EntityId == GeneratedHistoryCloud.OrphanVmUrn);
        Assert.True(targeted.EntityCompleteFrom.ContainsKey(GeneratedHistoryCloud.OrphanVmUrn));
        // Only a minority of the VMs needed a look-back.
        Assert.InRange(targeted.EntityCompleteFrom.Count, 1, targeted.CurrentVms.Count / 2);
    }

    /// <param name="publicIps">Compare the vApps' public IP counts too (the SLA reads only maintenance mode before the window).</param>
    private static void AssertSameTimelines(HistorySnapshot full, HistorySnapshot targeted, UtcInterval window, DateTime from, bool evidence, bool publicIps = true)
    {
        var expected = Describe(HistoryLoader.Timelines(full, window), from, evidence, publicIps);
        var actual = Describe(HistoryLoader.Timelines(targeted, window), from, evidence, publicIps);
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var key in expected.Keys)
            Assert.True(expected[key].SequenceEqual(actual[key]), key + "\nfull:\n" + string.Join("\n", expected[key]) + "\ntargeted:\n" + string.Join("\n", actual[key]));
        Assert.Contains(expected.Keys, k => k.EndsWith("/" + GeneratedHistoryCloud.OrphanVmUrn, StringComparison.Ordinal));
        Assert.Contains(expected[expected.Keys.Single(k => k.EndsWith("/" + GeneratedHistoryCloud.OrphanVmUrn, StringComparison.Ordinal))], s => s.Contains("Unknown", StringComparison.Ordinal));
    }

    /// <summary>
    /// Each VM's and vApp's state from <paramref name="from"/> on, as text (VMs that did not exist then are left out). The
    /// evidence of a down state is compared; a running VM's is not (a VM whose first event in the window stops it was
    /// running before, which needs no look-back for the event that started it).
    /// </summary>
    private static Dictionary<string, List<string>> Describe(IReadOnlyList<VAppTimeline> timelines, DateTime from, bool evidence, bool publicIps)
    {
        static string T(DateTime t) => t.ToString("o", CultureInfo.InvariantCulture);
        // The VM query gives a VM's storage as one total on its default policy, events list each disk (see MultiPolicyVms).
        static string Sized(VmConfiguration? c) => c == null ? "?" : c.Vcpu + " vCPU " + c.MemoryMiB + " MiB " + c.DiskMiB(null) + " MiB disk";
        static List<string> Merge(IEnumerable<(DateTime From, DateTime To, string State)> slices, DateTime from)
        {
            var list = new List<(DateTime From, DateTime To, string State)>();
            foreach (var s in slices)
            {
                if (s.To <= from) continue;
                var f = s.From < from ? from : s.From;
                if (list.Count > 0 && list[^1].State == s.State && list[^1].To == f) list[^1] = (list[^1].From, s.To, s.State);
                else list.Add((f, s.To, s.State));
            }
            return list.Select(s => "[" + T(s.From) + ", " + T(s.To) + ") " + s.State).ToList();
        }
        var d = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var v in timelines)
        {
            var vms = v.Vms.Select(vm => (vm, slices: Merge(vm.Slices.Select(s => (s.From, s.To,
                    s.Existence + " " + s.Power + " " + Sized(s.Configuration) + (!evidence || s.Power == PowerState.On ? "" : " cause " + s.Evidence?.Cause?.EventId +
                    " lease " + s.Evidence?.LeaseExpiry + " failed " + s.Evidence?.FailedPowerOn?.EventId))), from)))
                .Where(x => x.slices.Any(s => !s.Contains(") NotExists", StringComparison.Ordinal))).ToList();
            if (vms.Count == 0) continue;
            d[v.VAppId] = new List<string> { v.VAppName + " " + v.OrgName + " " + v.VdcId + " " + v.VdcName }
                .Concat(publicIps ? Merge(v.PublicIps.Select(s => (s.From, s.To, "ips " + s.Value)), from) : new List<string>())
                .Concat(Merge(v.MaintenanceMode.Select(s => (s.From, s.To, "maintenance " + s.Value)), from)).ToList();
            foreach (var (vm, slices) in vms) d[v.VAppId + "/" + vm.VmId] = new List<string> { vm.VmName }.Concat(slices).ToList();
        }
        return d;
    }
}
