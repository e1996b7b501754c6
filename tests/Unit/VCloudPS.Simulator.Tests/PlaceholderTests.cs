namespace VCloudPS.Simulator.Tests;
public class PlaceholderTests { [Fact] public void Builds() => Assert.NotNull(typeof(VCloudPS.Simulator.Program)); }
