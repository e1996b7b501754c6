using VCloudPS.Core.History;

namespace VCloudPS.Tests.History;

public class DurationTextTests
{
    [Theory]
    [InlineData(2678400L, "31 days")]
    [InlineData(86400L, "1 day")]
    [InlineData(97200L, "1 day 3 hours")]
    [InlineData(5400L, "1 hour 30 minutes")]
    [InlineData(2700L, "45 minutes")]
    [InlineData(61L, "1 minute 1 second")]
    [InlineData(20L, "20 seconds")]
    [InlineData(0L, "0 seconds")]
    public void SaysDurationsInTheTwoLargestUnits(long seconds, string text) => Assert.Equal(text, DurationText.Format(seconds));
}
