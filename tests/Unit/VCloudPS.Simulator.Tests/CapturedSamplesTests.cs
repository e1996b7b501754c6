namespace VCloudPS.Simulator.Tests;

public class CapturedSamplesTests
{
    [Fact]
    public void MissingSamplesSkipLocallyButRunAndFailUnderCI()
    {
        Assert.NotNull(CapturedSamples.SkipReason(null, null));
        Assert.NotNull(CapturedSamples.SkipReason(null, "false"));
        Assert.Null(CapturedSamples.SkipReason(null, "true"));
        Assert.Null(CapturedSamples.SkipReason(null, "TRUE"));
        Assert.Null(CapturedSamples.SkipReason("/somewhere/vcd-samples", null));
    }

    [Fact]
    public void SamplesAreFoundBesideAnAncestorOfTheTestFolder()
    {
        var root = Directory.CreateTempSubdirectory("samples-");
        try
        {
            var samples = Directory.CreateDirectory(Path.Combine(root.FullName, "shared", "vcd-samples"));
            var deep = Directory.CreateDirectory(Path.Combine(root.FullName, "clone", "tests", "bin"));
            Assert.Equal(samples.FullName, CapturedSamples.Find(null, deep.FullName));
            Assert.Equal(deep.FullName, CapturedSamples.Find(deep.FullName, "/"));
        }
        finally { root.Delete(recursive: true); }
    }
}

public class PollingTests
{
    [Fact]
    public async Task ReturnsAsSoonAsDoneAndNamesWhatNeverFinished()
    {
        var calls = 0;
        Assert.Equal(3, await Polling.UntilAsync(() => Task.FromResult(++calls), n => n == 3, n => $"{n}"));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => Polling.UntilAsync(() => Task.FromResult("queued"), _ => false, s => $"task is {s}", TimeSpan.Zero));
        Assert.Contains("task is queued", ex.Message);
        Assert.True(Polling.DefaultDeadline >= TimeSpan.FromSeconds(60));
    }
}
