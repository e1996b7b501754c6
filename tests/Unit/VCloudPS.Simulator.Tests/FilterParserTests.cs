using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Query;

namespace VCloudPS.Simulator.Tests;

public class FilterParserTests
{
    [Fact]
    public void ParsesAndOrWithParenthesesAndPrecedence()
    {
        var f = FilterParser.Parse("(numberOfVMs!=0;isDeployed==true),name==a*");
        var or = Assert.IsType<OrNode>(f);
        Assert.Equal(2, or.Items.Count);
        var and = Assert.IsType<AndNode>(or.Items[0]);
        Assert.Equal(new CompareNode("numberOfVMs", "!=", "0"), and.Items[0]);
        Assert.Equal(new CompareNode("isDeployed", "==", "true"), and.Items[1]);
        Assert.Equal(new CompareNode("name", "==", "a*"), or.Items[1]);
    }

    [Theory]
    [InlineData("memoryMB=gt=1024", "=gt=")]
    [InlineData("memoryMB=lt=1024", "=lt=")]
    [InlineData("memoryMB=ge=1024", "=ge=")]
    [InlineData("memoryMB=le=1024", "=le=")]
    public void ParsesComparisonOperators(string text, string op)
    {
        var c = Assert.IsType<CompareNode>(FilterParser.Parse(text));
        Assert.Equal(op, c.Op);
        Assert.Equal("1024", c.Value);
    }

    [Fact]
    public void BackslashEscapesSeparatorsInsideValues()
    {
        var c = Assert.IsType<CompareNode>(FilterParser.Parse(@"name==a\,b\;c\(d\)"));
        Assert.Equal("a,b;c(d)", c.Value);
    }

    [Fact]
    public void FilterEncodedValuesArePercentDecoded()
    {
        var c = Assert.IsType<CompareNode>(FilterParser.Parse("name==web%20shop", decodeValues: true));
        Assert.Equal("web shop", c.Value);
    }

    [Fact]
    public void TimestampsWithColonsAndDottedAttributesParse()
    {
        var f = Assert.IsType<AndNode>(FilterParser.Parse("timestamp=ge=2024-04-01T00:00:00.000Z;eventEntity.id==urn:vcloud:vm:1"));
        Assert.Equal(new CompareNode("timestamp", "=ge=", "2024-04-01T00:00:00.000Z"), f.Items[0]);
        Assert.Equal(new CompareNode("eventEntity.id", "==", "urn:vcloud:vm:1"), f.Items[1]);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("(name==a")]
    [InlineData("==a")]
    [InlineData("name==a)")]
    public void MalformedFiltersAre400(string text)
    {
        var ex = Assert.Throws<ApiException>(() => FilterParser.Parse(text));
        Assert.Equal(400, ex.Status);
        Assert.Equal("BAD_REQUEST", ex.MinorCode);
    }

    [Fact]
    public void EmptyFilterIsNull() => Assert.Null(FilterParser.Parse("  "));
}
