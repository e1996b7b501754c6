using System.Globalization;
using VCloudPS.Core.Charging;

namespace VCloudPS.Tests.Charging;

public class FocusCsvTests
{
    [Fact]
    public void WritesFocusOrderInvariantNumbersUtcDatesAndEmptyNullsUnderGermanCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var r = WorkedExampleTests.Run(WorkedExampleTests.C2History(), "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-04-10T00:00:00Z");
            var sw = new StringWriter();
            using (var w = new FocusCsvWriter(sw)) w.WriteAll(r.Records.OrderBy(x => x.SkuId));
            var lines = sw.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(",", FocusColumns.All), lines[0]);
            Assert.StartsWith("AvailabilityZone,BilledCost,BillingAccountId", lines[0]);
            Assert.EndsWith("Tags,x_VAppId,x_VAppName,x_VmName,x_PowerOnSeconds,x_RateFactor,x_RateCardId,x_UnknownSeconds,x_AllocationWeight,x_AllocationBasis", lines[0]);
            var header = lines[0].Split(',');
            var sto = lines.Skip(1).Single(l => l.Contains("VCD-STO-STD"));
            var cells = Parse(sto);
            string Cell(string name) => cells[Array.IndexOf(header, name)];
            Assert.Equal("", Cell("AvailabilityZone"));
            Assert.Equal("10.60", Cell("BilledCost"));
            Assert.Equal("117.741935", Cell("PricingQuantity"));
            Assert.Equal("0.090000", Cell("ContractedUnitPrice"));
            Assert.Equal("2024-03-01T00:00:00Z", Cell("ChargePeriodStart"));
            Assert.Equal("2024-04-01T00:00:00Z", Cell("BillingPeriodEnd"));
            Assert.Equal("0.90", Cell("x_RateFactor"));
            Assert.Equal("", Cell("ChargeClass"));
            Assert.Equal("{\"x_Basis\":\"Allocated\",\"x_Period\":\"Month\",\"x_BillingIncrementSeconds\":1,\"x_MinimumSecondsPerRun\":0}", Cell("SkuPriceDetails"));
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    internal static string[] Parse(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells.ToArray();
    }
}
