namespace VCloudPS.Simulator.Tests;

public class CapturedSamplesTests
{
    [Fact]
    public void Missing_samples_skip_locally_but_run_and_fail_under_CI()
    {
        Assert.NotNull(CapturedSamples.SkipReason(null, null));
        Assert.NotNull(CapturedSamples.SkipReason(null, "false"));
        Assert.Null(CapturedSamples.SkipReason(null, "true"));
        Assert.Null(CapturedSamples.SkipReason(null, "TRUE"));
        Assert.Null(CapturedSamples.SkipReason("/somewhere/vcd-samples", null));
    }

    [Fact]
    public void Samples_are_found_beside_an_ancestor_of_the_test_folder()
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
