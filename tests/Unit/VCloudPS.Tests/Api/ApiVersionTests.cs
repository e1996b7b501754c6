using VCloudPS.Core;
using VCloudPS.Core.Api;

namespace VCloudPS.Tests.Api;

public class ApiVersionTests
{
    [Theory]
    [InlineData("5.10", "5.9", 1)]
    [InlineData("5.10", "5.1", 1)]
    [InlineData("37.0", "37.0.0", 0)]
    [InlineData("39.0.0-alpha", "39.0", -1)]
    [InlineData("36.10", "36.3", 1)]
    public void VersionsCompareNumericallyNotAsFloats(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(ApiVersionNumber.Parse(a).CompareTo(ApiVersionNumber.Parse(b))));
    }

    [Fact]
    public void ForcedVersionNotOfferedIsAnErrorNamingTheOffer()
    {
        var offered = new[] { new ServerApiVersion { Version = ApiVersionNumber.Parse("37.0") } };
        var ex = Assert.Throws<VCloudException>(() => ApiVersionNegotiator.Choose(offered, "38.0", "h"));
        Assert.Equal("ApiVersionNotSupported", ex.ErrorId);
        Assert.Contains("37.0", ex.Message);
    }
}
