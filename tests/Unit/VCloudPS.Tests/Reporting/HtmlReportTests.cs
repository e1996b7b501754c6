using System.Globalization;
using System.Text.RegularExpressions;
using VCloudPS.Core.Charging;
using VCloudPS.Core.History;
using VCloudPS.Core.Reporting;
using VCloudPS.Core.Sla;
using VCloudPS.Tests.Sla;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Reporting;

public class HtmlReportTests
{
    internal static (List<ChargeRecord> Charges, List<SlaRecord> Sla) Fleet(int n)
    {
        var charges = new List<ChargeRecord>();
        var sla = new List<SlaRecord>();
        for (int i = 0; i < n; i++)
        {
            var name = i % 7 == 3 ? "customer-portal-frontend-and-backend-production-" + i : "vapp-" + i.ToString("000", CultureInfo.InvariantCulture);
            var org = "org" + (i % 4);
            charges.Add(new ChargeRecord
            {
                x_VAppId = "urn:vcloud:vapp:" + i, x_VAppName = name, BillingAccountName = org, BillingCurrency = "EUR", SkuId = "VCD-VCPU",
                ChargePeriodStart = T("2024-04-01T00:00:00Z"), ChargePeriodEnd = T("2024-05-01T00:00:00Z"),
                BilledCost = 10.00m + i % 37 * 1.25m, ListCost = 11.00m + i % 37 * 1.25m,
            });
            var r = SlaExportTests.Record(name, org: org, availability: i % 9 == 0 ? 99.5m : 99.99m, downtime: i % 9 == 0 ? 215m : 4m);
            r.VAppId = "urn:vcloud:vapp:" + i;
            if (i % 9 == 0)
                r.Outages.Add(new SlaOutage { VAppId = r.VAppId, VAppName = name, Start = T("2024-04-10T10:00:00Z"), End = T("2024-04-10T13:35:00Z"), Minutes = 215m, Counted = true });
            if (i % 5 == 0) r.MaintenancePeriods.Add(new UtcInterval(T("2024-04-20T02:00:00Z"), T("2024-04-20T04:00:00Z")));
            sla.Add(r);
        }
        return (charges, sla);
    }

    private static string Render(int n, int top = 15)
    {
        var (c, s) = Fleet(n);
        var w = new StringWriter();
        HtmlReportWriter.Write(w, ReportData.From(c, s), new ReportOptions { Title = "Fleet <" + n + ">", TopCount = top });
        return w.ToString();
    }

    [Fact]
    public void IsSelfContained()
    {
        var html = Render(40);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\((?!#)", RegexOptions.IgnoreCase), html); // only same-document SVG patterns
        Assert.Contains("Fleet &lt;40&gt;", html);
        Assert.Contains("@media print", html);
        Assert.Contains("name=\"viewport\"", html);
    }

    [Fact]
    public void ManyVAppsShowTopBarsPlusOthersWithShortenedNamesAndFullNamesOnHover()
    {
        var html = Render(500);
        var vappChart = Regex.Match(html, "<section id=\"cost-per-vapp\">.*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(16, Regex.Count(vappChart, "<rect "));
        Assert.Contains("others (485 vApps)", vappChart);
        var table = Regex.Match(html, "<table id=\"table-vapp-cost\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(500, Regex.Count(table, "<tr data-key=")); // the table behind the chart lists every vApp
        // A long name is shortened in the charts, whole in <title> and tables.
        Assert.Contains("customer-portal-f…", html);
        Assert.Matches("<title>customer-portal-frontend-and-backend-production-\\d+", html);
        var availability = Regex.Match(html, "<section id=\"availability\">.*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("others (485 vApps, ", availability); // how many of them missed is said too
        Assert.Equal(15 + 1, Regex.Count(availability, "class=\"objective\"") + 1);
    }

    [Fact]
    public void TotalsAndPercentagesEqualTheRecords()
    {
        var (c, s) = Fleet(1);
        var w = new StringWriter();
        HtmlReportWriter.Write(w, ReportData.From(c, s));
        var html = w.ToString();
        Assert.Contains("id=\"total-billed\" data-value=\"10.00\">10.00 EUR", html);
        Assert.Contains("data-value=\"99.5\">99.5</td>", html);
        Assert.Contains("<td>Unplanned</td>", html);
        Assert.Contains("class=\"maintenance\"", html);
        // 30 days of one monthly line: each day a thirtieth, the days add up to the month.
        var days = Regex.Matches(html, "<tr><td>2024-04-\\d\\d</td><td class=\"num\" data-value=\"([0-9.]+)\"").Select(m => decimal.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(10.00m, Math.Round(days.Sum(), 10));
    }

    [Fact]
    public void RefusesSeveralCurrencies()
    {
        var (c, s) = Fleet(2);
        c[1].BillingCurrency = "USD";
        Assert.Throws<ArgumentException>(() => ReportData.From(c, s));
    }

    [Fact]
    public void WritesTheSampleForLooking()
    {
        var dir = Path.Combine(Charging.ChargeBadInputTests.RepoRoot(), "out", "test-results");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report-500.html"), Render(500));
        File.WriteAllText(Path.Combine(dir, "report-1.html"), Render(1));
    }
}
