using VCloudPS.Core.Api;
using VCloudPS.Core.Model;

namespace VCloudPS.Tests.Api;

public class VAppStatusTests
{
    [Theory]
    [InlineData("4", VAppStatus.PoweredOn, "POWERED_ON")]
    [InlineData("POWERED_OFF", VAppStatus.PoweredOff, "POWERED_OFF")]
    [InlineData("-1", VAppStatus.FailedCreation, "FAILED_CREATION")]
    [InlineData("powered_on", VAppStatus.PoweredOn, "POWERED_ON")]
    [InlineData("21", VAppStatus.PartiallySuspended, "PARTIALLY_SUSPENDED")]
    public void CodesAndNamesParseToOneStatus(string attribute, VAppStatus expected, string name)
    {
        Assert.Equal(expected, VAppStatuses.Parse(attribute));
        Assert.Equal(name, expected.Name());
        Assert.Equal(name, EntityMapper.StatusName(attribute));
    }

    [Fact]
    public void UnknownValuesStayReadable()
    {
        Assert.Null(VAppStatuses.Parse("99"));
        Assert.Equal("UNKNOWN", EntityMapper.StatusName("99"));
        Assert.Equal("UNKNOWN", EntityMapper.StatusName(null));
        Assert.Equal("SOMETHING_NEW", EntityMapper.StatusName("something_new"));
        Assert.True(VAppStatus.DescriptorPending.IsBeingCreated());
        Assert.False(VAppStatus.Resolved.IsBeingCreated());
    }
}
