using VCloudPS.Core.Sla;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Sla;

public class OpenSloAndPolicyTests
{
    [Fact]
    public void OpenSloUsesCapitalMForAMonthAndLowercaseMForTheTimeslice()
    {
        var yaml = OpenSloWriter.Write("erp", 99.9m, T("2024-04-01T00:00:00Z"), T("2024-05-01T00:00:00Z"));
        Assert.Contains("apiVersion: openslo/v1", yaml);
        Assert.Contains("kind: SLO", yaml);
        Assert.Contains("kind: SLI", yaml);
        Assert.Contains("  service: erp\n", yaml);
        Assert.Contains("  indicatorRef: vapp-erp-up-minutes\n", yaml);
        Assert.Contains("    - duration: 1M\n", yaml);
        Assert.DoesNotContain("duration: 1m", yaml);
        Assert.Contains("startTime: \"2024-04-01 00:00:00\"", yaml);
        Assert.Contains("timeZone: Etc/UTC", yaml);
        Assert.Contains("budgetingMethod: Timeslices", yaml);
        Assert.Contains("      target: 0.999\n", yaml);
        Assert.Contains("      timeSliceTarget: 1.0\n", yaml);
        Assert.Contains("      timeSliceWindow: 1m\n", yaml);
        Assert.Equal("2w", OpenSloWriter.Duration(T("2024-04-01T00:00:00Z"), T("2024-04-15T00:00:00Z")));
        Assert.Equal("3M", OpenSloWriter.Duration(T("2024-01-01T00:00:00Z"), T("2024-04-01T00:00:00Z")));
    }

    [Fact]
    public void ReadsAPolicyFile()
    {
        var p = SlaPolicyReader.Read(new StringReader("""
        { "targetPercent": 99.5, "mode": "weighted", "minimumOutageSeconds": 30, "gapPolicy": "Down", "countCustomerInitiated": true,
          "maintenanceWindows": [ "Sun 02:00-04:00", { "window": "2024-04-20T02:00Z/2024-04-20T04:00Z", "scope": "erp" } ],
          "creditTiers": [ { "below": 99.5, "creditPercent": 10 }, { "below": 99.0, "creditPercent": 30 } ],
          "vms": { "lb01": { "weight": 2 }, "batch": { "required": false } } }
        """), "p.json");
        Assert.Equal(99.5m, p.TargetPercent);
        Assert.Equal(SlaMode.Weighted, p.Mode);
        Assert.Equal(30, p.MinimumOutageSeconds);
        Assert.Equal(GapPolicy.Down, p.GapPolicy);
        Assert.True(p.CountCustomerInitiated);
        Assert.Equal(2, p.MaintenanceWindows.Count);
        Assert.Equal("erp", p.MaintenanceWindows[1].Scope);
        Assert.Equal(new[] { 99.0m, 99.5m }, p.EffectiveCreditTiers.Select(t => t.Below));
        Assert.Equal(2m, p.WeightOf("LB01", "x"));
        Assert.False(p.IsRequired("batch", "y"));
    }

    [Fact]
    public void PolicyErrorsNameTheLineAndField()
    {
        var ex = Assert.Throws<FormatException>(() => SlaPolicyReader.Read(new StringReader("{\n \"targetPercent\": 99.9,\n \"mode\": \"Sometimes\" }"), "p.json"));
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("'mode'", ex.Message);
    }

    [Fact]
    public void TheExamplePolicyFileIsValid()
    {
        var p = SlaPolicyReader.ReadFile(Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "examples", "sla-policy.json"));
        Assert.Equal(99.9m, p.TargetPercent);
    }
}
