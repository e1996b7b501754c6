using VCloudPS.Core.History;
using VCloudPS.Core.Sla;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Sla;

public class MaintenanceWindowTests
{
    private static readonly UtcInterval April = new(T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"));

    [Fact]
    public void ExplicitInterval()
    {
        var w = MaintenanceWindow.Parse("2024-04-20T02:00Z/2024-04-20T04:00Z");
        var o = Assert.Single(w.Occurrences(April));
        Assert.Equal(T("2024-04-20T02:00:00Z"), o.Start);
        Assert.Equal(T("2024-04-20T04:00:00Z"), o.End);
        Assert.False(w.IsRecurring);
    }

    [Fact]
    public void WeeklyOnSundays()
    {
        var o = MaintenanceWindow.Parse("Sun 02:00-04:00").Occurrences(April).ToList();
        Assert.Equal(new[] { 7, 14, 21, 28 }, o.Select(x => x.Start.Day));
        Assert.All(o, x => Assert.Equal(TimeSpan.FromHours(2), x.End - x.Start));
    }

    [Fact]
    public void DailyAndSeveralDaysAndAcrossMidnight()
    {
        Assert.Equal(30, MaintenanceWindow.Parse("daily 01:00-01:30").Occurrences(April).Count());
        var o = MaintenanceWindow.Parse("sat,SUNDAY 23:00-01:00").Occurrences(April).ToList();
        Assert.Contains(o, x => x.Start == T("2024-04-06T23:00:00Z") && x.End == T("2024-04-07T01:00:00Z"));
        Assert.Equal(9, o.Count); // 03-31 (clipped), then every Saturday and Sunday of April
        // An occurrence starting on 03-31 (Sunday) 23:00 reaches into April: clipped to the window.
        Assert.Contains(o, x => x.Start == T("2024-04-01T00:00:00Z") && x.End == T("2024-04-01T01:00:00Z"));
        Assert.Equal(TimeSpan.FromDays(1), MaintenanceWindow.Parse("daily 00:00-24:00").Occurrences(April).First().End - T("2024-04-01T00:00:00Z"));
    }

    [Theory]
    [InlineData("sometimes 02:00-04:00")]
    [InlineData("Sun 25:00-26:00")]
    [InlineData("Sun 02:00")]
    [InlineData("2024-04-20T04:00Z/2024-04-20T02:00Z")]
    [InlineData("Sun 02:00-02:00")]
    public void RejectsWhatItDoesNotUnderstand(string text)
    {
        var ex = Assert.Throws<FormatException>(() => MaintenanceWindow.Parse(text));
        Assert.Contains(text, ex.Message);
    }

    [Fact]
    public void ScopeLimitsTheWindowToMatchingVApps()
    {
        var w = MaintenanceWindow.Parse("Sun 02:00-04:00", "erp*");
        Assert.True(w.AppliesTo("erp-prod", "urn:vcloud:vapp:1"));
        Assert.False(w.AppliesTo("web", "urn:vcloud:vapp:2"));
    }
}
