using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace VCloudPS.TestSupport;

/// <summary>The one test-naming style of both xunit projects: test methods are PascalCase sentences without
/// underscores, test classes end in Tests.</summary>
public static class TestConventions
{
    private static readonly Regex PascalCase = new("^[A-Z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

    public static List<MethodInfo> TestMethods(Assembly tests) => tests.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(m => m.IsDefined(typeof(FactAttribute), inherit: true))   // [Theory] derives from [Fact]
        .ToList();

    public static IEnumerable<string> MisnamedMethods(Assembly tests) =>
        TestMethods(tests).Where(m => !PascalCase.IsMatch(m.Name)).Select(m => m.DeclaringType!.Name + "." + m.Name);

    public static List<Type> TestClasses(Assembly tests) => TestMethods(tests).Select(m => m.DeclaringType!).Distinct().ToList();

    public static IEnumerable<string> MisnamedClasses(Assembly tests) =>
        TestClasses(tests).Where(t => !t.Name.EndsWith("Tests", StringComparison.Ordinal)).Select(t => t.FullName!);
}
