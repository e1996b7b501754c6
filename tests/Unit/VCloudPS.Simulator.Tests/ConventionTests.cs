using System.Reflection;
using System.Text.RegularExpressions;

namespace VCloudPS.Simulator.Tests;

/// <summary>One test-naming style in this project: test methods are PascalCase sentences without underscores,
/// test classes end in Tests.</summary>
public sealed class ConventionTests
{
    private static readonly Regex PascalCase = new("^[A-Z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

    private static List<MethodInfo> TestMethods() => typeof(ConventionTests).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.IsDefined(typeof(FactAttribute), inherit: true))   // [Theory] derives from [Fact]
        .ToList();

    [Fact]
    public void EveryTestMethodNameIsPascalCaseWithoutUnderscores()
    {
        var methods = TestMethods();
        Assert.Contains(methods, m => m.Name == nameof(EveryTestMethodNameIsPascalCaseWithoutUnderscores));
        Assert.Empty(methods.Where(m => !PascalCase.IsMatch(m.Name)).Select(m => m.DeclaringType!.Name + "." + m.Name));
    }

    [Fact]
    public void EveryTestClassNameEndsInTests()
    {
        var classes = TestMethods().Select(m => m.DeclaringType!).Distinct().ToList();
        Assert.Contains(typeof(ConventionTests), classes);
        Assert.Empty(classes.Where(t => !t.Name.EndsWith("Tests", StringComparison.Ordinal)).Select(t => t.FullName));
    }
}
