using Newtonsoft.Json.Linq;
using VCloudPS.Core.History;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.History;

public class TimelineBuilderTests
{
    private static VmTimeline Vm(IReadOnlyList<VAppTimeline> t, string name) => t.SelectMany(v => v.Vms).Single(v => v.VmName == name);
    private static VmSlice At(VmTimeline vm, string t) => vm.Slices.Single(s => s.From <= T(t) && T(t) < s.To);

    [Fact]
    public void StateAtWindowStartIsTheLastEventBeforeIt()
    {
        var h = new TestHistory().VApp("a").Vm("a", "v1", "2024-01-01T00:00:00Z", 2, 2048, "Standard:1024")
            .Off("2024-03-20T00:00:00Z", "a", "v1").On("2024-04-05T00:00:00Z", "a", "v1");
        var vm = Vm(h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z"), "v1");
        Assert.Equal(PowerState.Off, At(vm, "2024-04-01T00:00:00Z").Power);
        Assert.Equal(T("2024-04-01T00:00:00Z"), vm.Slices[0].From);
        Assert.Equal(T("2024-04-05T00:00:00Z"), vm.Slices[0].To);
        Assert.Equal(PowerState.On, At(vm, "2024-04-05T00:00:00Z").Power);
        Assert.Equal(2, At(vm, "2024-04-10T00:00:00Z").Configuration!.Vcpu);
    }

    [Fact]
    public void WithoutARetainedEventBeforeTheFirstChangeTheStateIsUnknownNotGuessedFromCurrentState()
    {
        // The VM existed long before; retention keeps only events from 04-01; it was powered off on 04-10 and is off now.
        var h = new TestHistory().VApp("a").Current("a", "v1", "POWERED_OFF", 2, 2048, "Standard:1024")
            .Off("2024-04-10T00:00:00Z", "a", "v1");
        var vm = Vm(h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z", completeFrom: "2024-04-01T00:00:00Z"), "v1");
        var first = At(vm, "2024-04-01T00:00:00Z");
        Assert.Equal(Existence.Exists, first.Existence);          // it was there: no vm/create since retention began
        Assert.Equal(PowerState.Unknown, first.Power);            // ...but whether it was on is not known
        Assert.Equal(T("2024-04-10T00:00:00Z"), first.To);
        Assert.NotNull(first.Configuration);                      // no vm/modify since 04-01: the configuration did not change
        Assert.Equal(PowerState.Off, At(vm, "2024-04-20T00:00:00Z").Power);
    }

    [Fact]
    public void NoEventSinceTheHistoryIsCompleteMeansTheCurrentStateHeld()
    {
        var h = new TestHistory().VApp("a").Current("a", "v1", "POWERED_ON", 4, 8192, "Gold:2048");
        var other = new TestHistory().VApp("b").Vm("b", "x", "2024-03-01T00:00:00Z", 1, 1024, "Standard:1024");
        var snapshot = h.Snapshot("2024-05-01T00:00:00Z", completeFrom: "2024-03-01T00:00:00Z", extra: other.Snapshot("2024-05-01T00:00:00Z").Events);
        var vm = Vm(TimelineBuilder.Build(snapshot, T("2024-04-01T00:00:00Z")), "v1");
        var s = Assert.Single(vm.Slices);
        Assert.Equal(PowerState.On, s.Power);
        Assert.Equal(4, s.Configuration!.Vcpu);
        Assert.Equal(2048, s.Configuration.DiskMiB("Gold"));
    }

    [Fact]
    public void AnEmptyAuditTrailLeavesEverythingUnknown()
    {
        var h = new TestHistory().VApp("a").Current("a", "v1", "POWERED_ON", 4, 8192, "Gold:2048");
        var t = TimelineBuilder.Build(h.Snapshot("2024-05-01T00:00:00Z", unknownRetention: true), T("2024-04-01T00:00:00Z"));
        Assert.True(t.Single().HasNoHistory);
        var s = Assert.Single(Vm(t, "v1").Slices);
        Assert.Equal(Existence.Unknown, s.Existence);
        Assert.Equal(PowerState.Unknown, s.Power);
    }

    [Fact]
    public void ExistenceIntervalFromCreateToDelete()
    {
        var h = new TestHistory().VApp("a").Vm("a", "v1", "2024-04-10T00:00:00Z", 1, 1024, "Standard:1024", current: false)
            .DeleteVm("2024-04-20T00:00:00Z", "a", "v1");
        var vm = Vm(h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z", completeFrom: "2024-04-01T00:00:00Z"), "v1");
        Assert.Equal(Existence.NotExists, At(vm, "2024-04-05T00:00:00Z").Existence);
        Assert.Equal(Existence.Exists, At(vm, "2024-04-15T00:00:00Z").Existence);
        Assert.Equal(PowerState.On, At(vm, "2024-04-15T00:00:00Z").Power);
        Assert.Equal(Existence.NotExists, At(vm, "2024-04-25T00:00:00Z").Existence);
    }

    [Fact]
    public void DeletingTheVAppEndsItsVmsExistence()
    {
        var h = new TestHistory().VApp("a").Vm("a", "v1", "2024-03-10T00:00:00Z", 1, 1024, "Standard:1024")
            .DeleteVApp("2024-04-20T00:00:00Z", "a");
        var vm = Vm(h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z"), "v1");
        Assert.Equal(Existence.NotExists, At(vm, "2024-04-25T00:00:00Z").Existence);
    }

    [Fact]
    public void FailedPowerOnKeepsTheStateAndIsEvidence()
    {
        var h = new TestHistory().VApp("a").Vm("a", "v1", "2024-03-10T00:00:00Z", 1, 1024, "Standard:1024")
            .Off("2024-04-05T00:00:00Z", "a", "v1").FailedPowerOn("2024-04-06T00:00:00Z", "a", "v1");
        var vm = Vm(h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z"), "v1");
        var before = At(vm, "2024-04-05T12:00:00Z");
        Assert.True(before.Evidence!.IsCustomerInitiated);
        var after = At(vm, "2024-04-06T12:00:00Z");
        Assert.Equal(PowerState.Off, after.Power);
        Assert.NotNull(after.Evidence!.FailedPowerOn);
        Assert.False(after.Evidence.IsCustomerInitiated);
        Assert.Single(vm.FailedPowerOns);
    }

    [Fact]
    public void LeaseExpiryIsCustomerInitiatedAndUnplannedFailureIsNot()
    {
        var h = new TestHistory().VApp("a").Vm("a", "v1", "2024-03-10T00:00:00Z", 1, 1024, "Standard:1024")
            .Vm("a", "v2", "2024-03-10T00:00:00Z", 1, 1024, "Standard:1024")
            .LeaseExpiry("2024-04-05T00:00:00Z", "a", "v1").Crash("2024-04-05T00:00:00Z", "a", "v2");
        var t = h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z");
        var e1 = At(Vm(t, "v1"), "2024-04-06T00:00:00Z").Evidence!;
        Assert.True(e1.LeaseExpiry);
        Assert.True(e1.IsCustomerInitiated);
        var e2 = At(Vm(t, "v2"), "2024-04-06T00:00:00Z").Evidence!;
        Assert.False(e2.IsCustomerInitiated);
        Assert.Equal("failure", e2.PowerAction);
    }

    [Fact]
    public void PublicIpAndMaintenanceModeSlices()
    {
        var h = new TestHistory().VApp("a", created: "2024-03-01T00:00:00Z").Vm("a", "v1", "2024-03-01T00:00:00Z", 1, 1024, "Standard:1024")
            .PublicIps("2024-04-10T00:00:00Z", "a", 2).MaintenanceMode("2024-04-12T00:00:00Z", "a", true).MaintenanceMode("2024-04-12T03:00:00Z", "a", false);
        var v = h.Timelines("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z").Single();
        Assert.Equal(new int?[] { 0, 2 }, v.PublicIps.Select(s => s.Value));
        Assert.Equal(T("2024-04-10T00:00:00Z"), v.PublicIps[1].From);
        var mm = v.MaintenanceMode.Where(s => s.Value == true).ToList();
        Assert.Single(mm);
        Assert.Equal(T("2024-04-12T00:00:00Z"), mm[0].From);
        Assert.Equal(T("2024-04-12T03:00:00Z"), mm[0].To);
    }

    [Fact]
    public void ParsesAuditTrailJsonFromTheHistoryContract()
    {
        var o = JObject.Parse("""
        { "eventId": "e1", "description": "x", "operatingOrg": { "name": "acme", "id": "urn:vcloud:org:1" },
          "user": { "name": "system", "id": null }, "eventEntity": { "name": "web01", "id": "urn:vcloud:vm:42" },
          "taskId": null, "eventType": "com/vmware/vcloud/event/vm/change_state", "serviceNamespace": "com.vmware.vcloud",
          "eventStatus": "SUCCESS", "timestamp": "2024-04-15T08:00:40.000Z",
          "additionalProperties": { "vm.vappId": "urn:vcloud:vapp:7", "vm.state": "POWERED_ON", "vm.powerAction": "powerOn" } }
        """);
        var e = AuditEventJson.Parse(o);
        Assert.Equal(T("2024-04-15T08:00:40Z"), e.Timestamp);
        Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind);
        Assert.Equal("vm/change_state", e.ShortType);
        Assert.True(e.IsSystemInitiated);
        Assert.Null(e.TaskId);
        Assert.True(e.Success);
        Assert.Equal("urn:vcloud:vapp:7", e.Property("vm.vappId"));
        o["eventStatus"] = "FAILURE";
        Assert.False(AuditEventJson.Parse(o).Success);
    }

    [Fact]
    public void ParsesDiskLists()
    {
        var disks = VmConfiguration.ParseDisks("Standard:40960;Gold:51200");
        Assert.Equal(2, disks.Count);
        Assert.Equal("Gold", disks[1].StoragePolicy);
        Assert.Equal(51200, disks[1].SizeMiB);
        Assert.Empty(VmConfiguration.ParseDisks(""));
        Assert.Throws<FormatException>(() => VmConfiguration.ParseDisks("Standard"));
    }

    [Fact]
    public void DefaultWindowIsThePreviousCalendarMonthAndUnspecifiedTimesAreUtc()
    {
        var w = HistoryLoader.DefaultWindow(null, null, T("2024-03-15T10:00:00Z"));
        Assert.Equal(T("2024-02-01T00:00:00Z"), w.Start);
        Assert.Equal(T("2024-03-01T00:00:00Z"), w.End);
        var u = HistoryLoader.DefaultWindow(new DateTime(2024, 4, 1), new DateTime(2024, 5, 1), T("2024-06-01T00:00:00Z"));
        Assert.Equal(DateTimeKind.Utc, u.Start.Kind);
        Assert.Equal(T("2024-04-01T00:00:00Z"), u.Start);
        Assert.Equal(2505600, UtcTime.SecondsInMonth(T("2024-02-10T00:00:00Z")));
        Assert.Equal(2678400, UtcTime.SecondsInMonth(T("2024-03-10T00:00:00Z")));
    }

    [Theory]
    [InlineData("2027-01-01T00:00:30Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 2678400)]
    [InlineData("2028-02-29T12:00:00Z", "2028-01-01T00:00:00Z", "2028-02-01T00:00:00Z", 2678400)]
    [InlineData("2027-03-01T00:00:10Z", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z", 2419200)]
    [InlineData("2028-03-01T00:00:00Z", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 2505600)]
    [InlineData("2027-01-31T23:58:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 2678400)]
    public void DefaultWindowAtCalendarEdges(string now, string start, string end, long seconds)
    {
        var w = HistoryLoader.DefaultWindow(null, null, T(now));
        Assert.Equal((T(start), T(end)), (w.Start, w.End));
        Assert.Equal(seconds, UtcTime.SecondsInMonth(w.Start));
    }
}

public class AuditPageReaderTests
{
    [Fact]
    public void StreamsAPageIntoEventsLikeTheDomParser()
    {
        var json = """
        { "resultTotal": 2, "pageCount": 1, "page": 1, "pageSize": 128, "associations": null, "values": [
          { "eventId": "urn:vcloud:audit:1", "description": "d", "operatingOrg": { "name": "acme", "id": "urn:vcloud:org:1" },
            "user": { "name": "admin", "id": "urn:vcloud:user:2" }, "actor": { "name": "admin", "id": "urn:vcloud:user:2" },
            "eventEntity": { "name": "web01", "id": "urn:vcloud:vm:3" }, "taskId": "urn:vcloud:task:4", "eventType": "com/vmware/vcloud/event/vm/modify",
            "eventStatus": "SUCCESS", "timestamp": "2024-03-05T06:30:00.000Z", "external": false,
            "additionalProperties": { "vm.vappId": "urn:vcloud:vapp:5", "vm.numCpu": "8", "vm.memoryMB": 16384, "nested": { "x": 1 } } },
          { "eventId": "urn:vcloud:audit:2", "operatingOrg": null, "user": { "name": "system", "id": null }, "eventEntity": { "name": "db", "id": "urn:vcloud:vm:6" },
            "taskId": null, "eventType": "com/vmware/vcloud/event/vm/change_state", "eventStatus": "FAILURE", "timestamp": "2024-03-06T00:00:00Z",
            "additionalProperties": null } ] }
        """;
        var page = AuditPageReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(2, page.ResultTotal);
        Assert.Equal(1, page.PageCount);
        Assert.Equal(2, page.Values.Count);
        var a = page.Values[0];
        var dom = AuditEventJson.Parse((Newtonsoft.Json.Linq.JObject)Newtonsoft.Json.Linq.JObject.Parse(json)["values"]![0]!);
        Assert.Equal(dom.Timestamp, a.Timestamp);
        Assert.Equal(DateTimeKind.Utc, a.Timestamp.Kind);
        Assert.Equal(TestHistory.T("2024-03-05T06:30:00Z"), a.Timestamp);
        Assert.Equal("vm/modify", a.ShortType);
        Assert.Equal("urn:vcloud:task:4", a.TaskId);
        Assert.Equal("acme", a.OrgName);
        Assert.Equal("8", a.Property("vm.numCpu"));
        Assert.Equal("16384", a.Property("vm.memoryMB"));
        Assert.Null(a.Property("nested"));
        var b = page.Values[1];
        Assert.False(b.Success);
        Assert.True(b.IsSystemInitiated);
        Assert.Null(b.TaskId);
        Assert.Null(b.OrgName);
        Assert.Empty(b.Properties);
    }
}

public class ImpliedStateTests
{
    [Fact]
    public void APowerOffInTheWindowImpliesTheVmWasOnAtTheStartWhenItsHistoryIsRetained()
    {
        // Only the window's events were read (complete from the start); web01 was powered off on 04-11.
        var h = new TestHistory().VApp("shop").Current("shop", "web01", "POWERED_OFF", 2, 4096, "Standard:40960")
            .Off("2024-04-11T00:00:00Z", "shop", "web01");
        var snapshot = h.Snapshot("2024-05-02T00:00:00Z", completeFrom: "2024-04-01T00:00:00Z");
        var plain = TimelineBuilder.Build(snapshot, TestHistory.T("2024-04-01T00:00:00Z")).Single().Vms.Single();
        Assert.Equal(PowerState.Unknown, plain.Slices[0].Power); // without the implication: unknown until the first event

        snapshot.ImpliedAt = TestHistory.T("2024-04-01T00:00:00Z");
        snapshot.ImpliedPowerAtStart[TestHistory.VmUrn("web01")] = PowerState.On;
        var vm = TimelineBuilder.Build(snapshot, TestHistory.T("2024-03-01T00:00:00Z")).Single().Vms.Single();
        var atStart = vm.Slices.Single(s => s.From <= TestHistory.T("2024-04-01T00:00:00Z") && TestHistory.T("2024-04-01T00:00:00Z") < s.To);
        Assert.Equal(PowerState.On, atStart.Power);
        Assert.Equal(TestHistory.T("2024-04-01T00:00:00Z"), atStart.From);
        Assert.Equal(TestHistory.T("2024-04-11T00:00:00Z"), atStart.To);
        Assert.Equal(PowerState.Off, vm.Slices[^1].Power);
    }

    [Fact]
    public void APowerOnImpliesNotRunningWhichIsEnoughForChargesButNotForTheSla()
    {
        var e = new AuditEvent("1", AuditEventTypes.Full("vm/change_state"), DateTime.UtcNow, true, "admin", null, null, null, "urn:vcloud:vm:1", "v", "t",
            new Dictionary<string, string> { ["vm.powerAction"] = "powerOn", ["vm.state"] = "POWERED_ON" });
        Assert.Null(CloudApiHistorySource.ImpliedPriorState(e));
        Assert.True(CloudApiHistorySource.IsPowerOn(e));
    }

    [Theory]
    [InlineData("powerOff", PowerState.On)]
    [InlineData("shutdown", PowerState.On)]
    [InlineData("failure", PowerState.On)]
    [InlineData("suspend", PowerState.On)]
    [InlineData("powerOn", null)]
    [InlineData("undeploy", null)]
    public void OnlyActionsThatNeedARunningVmImplyIt(string action, PowerState? expected)
    {
        var e = new AuditEvent("1", AuditEventTypes.Full("vm/change_state"), DateTime.UtcNow, true, "admin", null, null, null, "urn:vcloud:vm:1", "v", "t",
            new Dictionary<string, string> { ["vm.powerAction"] = action });
        Assert.Equal(expected, CloudApiHistorySource.ImpliedPriorState(e));
    }
}
