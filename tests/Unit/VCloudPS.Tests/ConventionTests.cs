using System.Reflection;

namespace VCloudPS.Tests;

/// <summary>This project follows the one test-naming style (<see cref="TestConventions"/>).</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Tests = typeof(ConventionTests).Assembly;

    [Fact]
    public void EveryTestMethodNameIsPascalCaseWithoutUnderscores()
    {
        Assert.Contains(TestConventions.TestMethods(Tests), m => m.Name == nameof(EveryTestMethodNameIsPascalCaseWithoutUnderscores));
        Assert.Empty(TestConventions.MisnamedMethods(Tests));
    }

    [Fact]
    public void EveryTestClassNameEndsInTests()
    {
        Assert.Contains(typeof(ConventionTests), TestConventions.TestClasses(Tests));
        Assert.Empty(TestConventions.MisnamedClasses(Tests));
    }
}
