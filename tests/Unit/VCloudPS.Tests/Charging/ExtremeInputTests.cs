using VCloudPS.Core.Charging;
using VCloudPS.Core.History;

namespace VCloudPS.Tests.Charging;

/// <summary>Extreme report input ends in errors that say what to fix, not .NET conversion exceptions.</summary>
public class ExtremeInputTests
{
    private static RateCardException Fails(string json) => Assert.Throws<RateCardException>(() => RateCard.Parse(json, "card.json"));

    [Fact]
    public void AnIntegerBeyond64BitsIsARateCardIssue()
    {
        var ex = Fails("{ \"rateCardId\": \"x\", \"currency\": \"EUR\", \"rates\": [\n { \"skuId\": \"A\", \"meter\": \"Vcpu\", \"unitPrice\": 1,\n \"billingIncrementSeconds\": 9223372036854775808 } ] }");
        var issue = ex.Issues.Single();
        Assert.Equal("rates[0].billingIncrementSeconds", issue.Field);
        Assert.Contains("must be a whole number", issue.Message);
        Assert.Equal(3, issue.Line);

        var huge = Fails("{ \"rateCardId\": \"x\", \"currency\": \"EUR\", \"rates\": [ { \"skuId\": \"A\", \"meter\": \"Vcpu\", \"unitPrice\": 1000000000000000000000000000000000 } ] }");
        Assert.Contains("out of range", huge.Issues.Single().Message);
    }

    [Fact]
    public void AUnitPriceTooLargeToComputeWithIsRefused()
    {
        var ex = Fails("{ \"rateCardId\": \"x\", \"currency\": \"EUR\", \"rates\": [ { \"skuId\": \"A\", \"meter\": \"Vcpu\", \"unitPrice\": 1e26 } ] }");
        var issue = ex.Issues.Single();
        Assert.Equal("rates[0].unitPrice", issue.Field);
        Assert.Contains("too large", issue.Message);
    }

    [Theory]
    [InlineData("0001-01-01", null)]
    [InlineData(null, "0001-01-01")]
    [InlineData("1999-12-31", "2000-02-01")]
    [InlineData("9999-12-01", null)]
    public void WindowsOutsideTheDatesAReportCanCoverAreRefused(string? start, string? end)
    {
        DateTime? Parse(string? s) => s == null ? null : DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var ex = Assert.Throws<ReportWindowException>(() => HistoryLoader.DefaultWindow(Parse(start), Parse(end), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("ReportWindowOutOfRange", ex.ErrorId);
        Assert.Contains("-Start", ex.Message);
    }

    [Fact]
    public void AWindowOfDecadesIsRefused()
    {
        var ex = Assert.Throws<ReportWindowException>(() => HistoryLoader.DefaultWindow(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("ReportWindowTooLong", ex.ErrorId);
    }
}
