namespace VCloudPS.Tests;
public class PlaceholderTests { [Fact] public void Builds() => Assert.True(typeof(VCloudPS.Core.Placeholder) != null); }
