using System.Globalization;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Tests;

/// <summary>Month-anchored seed times, and the built-in seeds' previous month at calendar edges.</summary>
public class SeedCalendarTests
{
    private static DateTime T(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2027-01-01T00:00:30Z", "month-1+3d4h", "2026-12-04T04:00:00Z")]
    [InlineData("2027-01-01T00:00:30Z", "month", "2027-01-01T00:00:00Z")]
    [InlineData("2027-01-01T00:00:30Z", "month-2", "2026-11-01T00:00:00Z")]
    [InlineData("2027-01-01T00:00:30Z", "month-1-2h", "2026-11-30T22:00:00Z")]
    [InlineData("2027-01-01T00:00:30Z", "month-13d", "2026-12-19T00:00:00Z")]
    [InlineData("2028-02-29T12:00:00Z", "month+27d23h59m59s", "2028-02-28T23:59:59Z")]
    [InlineData("2028-03-01T00:00:10Z", "month-1+27d23h", "2028-02-28T23:00:00Z")]
    [InlineData("2027-03-31T23:58:00Z", "Month-1+1d", "2027-02-02T00:00:00Z")]
    [InlineData("2027-01-31T23:58:00Z", "month+1", "2027-02-01T00:00:00Z")]
    [InlineData("2027-01-31T23:58:00Z", "-2d6h", "2027-01-29T17:58:00Z")]
    [InlineData("2027-01-31T23:58:00Z", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z")]
    public void SeedTimesAnchorOnCalendarMonths(string now, string text, string expected)
    {
        var at = SeedTime.Parse(text, T(now), DateTime.MinValue);
        Assert.Equal(T(expected), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
    }

    [Theory]
    [InlineData("month-1+28d")]
    [InlineData("month-1-30d")]
    [InlineData("month-1+3x")]
    [InlineData("last month")]
    public void MonthOffsetsThatCouldLeaveTheMonthAndUnknownFormsAreSeedErrors(string text)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SeedTime.Parse(text, T("2027-01-01T00:00:30Z"), DateTime.MinValue));
        Assert.Contains(text, ex.Message);
    }

    public static IEnumerable<object[]> Edges() =>
        from seed in new[] { "enterprise", "provider" }
        from now in new[] { "2027-01-01T00:00:30Z", "2028-02-29T12:00:00Z", "2027-03-01T00:00:10Z", "2027-01-31T23:58:00Z", "2026-12-06T17:00:00Z" }
        select new object[] { seed, now };

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task ThePreviousMonthHoldsTheDemoStoryWhateverTheDate(string seed, string nowText)
    {
        var now = T(nowText);
        await using var sim = await TestSimulator.StartAsync(seed, frozen: true, now: now);
        var store = sim.Sim.Store;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var (from, to) = (monthStart.AddMonths(-1), monthStart);
        var events = store.Events.All;
        var inMonth = events.Where(e => e.Timestamp >= from && e.Timestamp < to).ToList();
        bool Is(SimEvent e, string type, string key, string value) => e.ShortType == type && e.Properties.TryGetValue(key, out var v) && v == value;

        Assert.All(events, e => Assert.True(e.Timestamp < now, $"{e.ShortType} {e.Entity.Name} at {e.Timestamp:O} is after {now:O}"));
        // An unplanned outage long enough to miss 99.9 % even in a 31-day month (44.6 min of budget).
        var failures = inMonth.Where(e => Is(e, "vm/change_state", "vm.powerAction", "failure") && e.User.Name == "system").ToList();
        Assert.Contains(failures, f => events.First(e => e.Entity.Id == f.Entity.Id && e.Timestamp > f.Timestamp && Is(e, "vm/change_state", "vm.state", "POWERED_ON"))
            .Timestamp - f.Timestamp >= TimeSpan.FromMinutes(45));
        Assert.Contains(inMonth, e => Is(e, "vm/change_state", "vm.powerAction", "shutdown") && e.User.Name != "system" && e.TaskUrn != null);
        var maintenance = inMonth.First(e => Is(e, "vapp/maintenance_mode", "vapp.maintenanceMode", "true"));
        var maintenanceEnd = inMonth.First(e => e.Entity.Id == maintenance.Entity.Id && Is(e, "vapp/maintenance_mode", "vapp.maintenanceMode", "false"));
        Assert.Contains(inMonth, e => Is(e, "vm/change_state", "vm.state", "POWERED_OFF") && e.Timestamp > maintenance.Timestamp && e.Timestamp < maintenanceEnd.Timestamp);
        var created = store.VApps.Values.Where(v => v.CreatedUtc > from.AddDays(7) && v.CreatedUtc < to.AddDays(-7)).ToList();
        Assert.NotEmpty(created);
        // The month before holds history too (the look-back), and nothing was created out of the audit retention.
        Assert.Contains(events, e => e.Timestamp >= from.AddMonths(-1) && e.Timestamp < from && e.ShortType == "vm/change_state");
        Assert.All(store.VApps.Values, v => Assert.True(v.CreatedUtc > now.AddDays(-store.AuditRetentionDays), $"{v.Name} created {v.CreatedUtc:O}"));

        // Every VM's last power event matches its current state.
        foreach (var vm in store.Vms.Values.Where(v => !v.InTemplate))
        {
            var last = events.LastOrDefault(e => e.Entity.Id == vm.Id && e.ShortType == "vm/change_state" && e.Success);
            var expected = vm.Status == VAppStatus.POWERED_ON ? "POWERED_ON" : vm.Status == VAppStatus.SUSPENDED ? "SUSPENDED" : "POWERED_OFF";
            Assert.True((last?.Properties["vm.state"] ?? "POWERED_OFF") == expected, $"{vm.Name}: last {last?.Properties["vm.state"]} vs {expected}");
        }
    }

    [Fact]
    public async Task AHistoryEntryAfterTheClockIsASeedError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
        { "now": "2027-03-01T00:00:10Z",
          "orgs": [ { "name": "o", "users": [ { "name": "admin", "password": "pw" } ], "vdcs": [ { "name": "vdc1" } ],
                      "vapps": [ { "name": "a", "vdc": "vdc1", "created": "month-1", "vms": [ { "name": "v" } ] } ] } ],
          "history": [ { "timestamp": "month+1h", "type": "vm/change_state", "vApp": "a", "vm": "v", "user": "admin", "state": "POWERED_ON", "powerAction": "powerOn" } ] }
        """);
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidDataException>(() => TestSimulator.StartAsync(path));
            Assert.Contains("month+1h", ex.Message);
            Assert.Contains("after the simulator clock", ex.Message);
        }
        finally { File.Delete(path); }
    }
}
