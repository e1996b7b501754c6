using Xunit.Abstractions;

namespace VCloudPS.Tests.Soak;

/// <summary>The fault soak of issue 16, 50 seeded operations (bench/soak.ps1 runs more). Replay a failure with the seed
/// it prints: VCLOUDPS_SOAK_SEED=&lt;seed&gt;.</summary>
public class FaultSoakTests
{
    private readonly ITestOutputHelper _output;
    public FaultSoakTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public async Task RandomOperationsUnderRandomFaultsLoseNothingAndLeaveNothingHalfMade()
    {
        var log = Environment.GetEnvironmentVariable("VCLOUDPS_SOAK_LOG");
        void Write(string line)
        {
            _output.WriteLine(line);
            if (!string.IsNullOrEmpty(log)) File.AppendAllText(log, line + Environment.NewLine);
        }
        await using var soak = new FaultSoak(FaultSoak.SeedFromEnvironment(), Write);
        await soak.StartAsync();
        soak.ArmRateLimits();
        await soak.RunAsync(FaultSoak.OperationsFromEnvironment(50));
        await soak.CheckInvariantsAsync();
        Write(soak.Summary());
        foreach (var v in soak.Violations) Write("VIOLATION " + v);
        Assert.True(soak.Operations.Values.Sum() > 0);
        Assert.True(soak.InvariantChecks > 0);
        Assert.True(soak.Violations.Count == 0, $"seed {soak.Seed}: {string.Join(Environment.NewLine, soak.Violations)}");
    }
}
