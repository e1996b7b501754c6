using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Sla;
using static VCloudPS.Tests.History.TestHistory;

namespace VCloudPS.Tests.Sla;

public class SlaExportTests
{
    internal static readonly Lazy<string?> SchemaFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "openslo-schemas", "v1");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    });

    private static readonly Lazy<JsonSchema> OpenSlo = new(() =>
    {
        var dir = SchemaFolder.Value ?? throw new InvalidOperationException("shared/openslo-schemas not found");
        // The parts refer to each other by their $id (https://openslo.com/...): registered here, never fetched.
        foreach (var part in Directory.GetFiles(Path.Combine(dir, "parts"), "*.json"))
            SchemaRegistry.Global.Register(JsonSchema.FromText(File.ReadAllText(part)));
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(dir, "openslo.schema.json")));
    });

    private static void AssertValidOpenSlo(JObject doc)
    {
        var result = OpenSlo.Value.Evaluate(JsonNode.Parse(doc.ToString()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, doc + "\n" + string.Join("\n", (result.Details ?? new List<EvaluationResults>()).Where(d => d.HasErrors)
            .Select(d => d.InstanceLocation + " " + string.Join("; ", d.Errors!.Select(e => e.Key + ": " + e.Value)))));
    }

    internal static SlaRecord Record(string name, decimal target = 99.9m, string org = "acme", string vdc = "vdc1", decimal? availability = 99.95m,
        decimal downtime = 20m, decimal? credit = 0m) => new()
    {
        VAppId = "urn:vcloud:vapp:" + name, VAppName = name, OrgName = org, VdcName = vdc,
        WindowStart = T("2024-04-01T00:00:00Z"), WindowEnd = T("2024-05-01T00:00:00Z"), Mode = SlaMode.AllRequired, TargetPercent = target,
        TotalMinutes = 43200m, EligibleMinutes = availability == null ? 0m : 43080m, DowntimeMinutes = availability == null ? 0m : downtime,
        AvailabilityPercent = availability, SloMet = availability == null ? null : availability >= target, x_Availability = availability / 100m,
        CreditPercent = credit > 0m ? 10m : 0m, CreditAmount = credit, Currency = credit == null ? null : "EUR", DataCoveragePercent = 100m,
        x_EvaluatedEnd = T("2024-05-01T00:00:00Z"),
    };

    [OpenSloSchemaFact]
    public void OpenSloDocumentsValidateAgainstTheSchemasWithARatioSli()
    {
        var yaml = OpenSloWriter.WriteAll(new[] { Record("erp"), Record("web shop (prod)") });
        var docs = BlockYaml.ReadDocuments(yaml);
        Assert.Equal(4, docs.Count);
        foreach (var d in docs) AssertValidOpenSlo(d);
        var sli = docs.First(d => (string?)d["kind"] == "SLI");
        Assert.False((bool)sli["spec"]!["ratioMetric"]!["counter"]!);
        Assert.Equal("EligibleMinutes", (string?)sli["spec"]!["ratioMetric"]!["total"]!["metricSource"]!["spec"]!["field"]);
        Assert.Null(sli["spec"]!["thresholdMetric"]);
        var slo = docs.First(d => (string?)d["kind"] == "SLO");
        Assert.Equal(0.999m, (decimal)slo["spec"]!["objectives"]![0]!["target"]!);
        Assert.Equal("1M", (string?)slo["spec"]!["timeWindow"]![0]!["duration"]);
        // The schemas do catch what the export must avoid: target 1 and an SLI with nothing to evaluate.
        var bad = (JObject)slo.DeepClone();
        bad["spec"]!["objectives"]![0]!["target"] = 1m;
        Assert.False(OpenSlo.Value.Evaluate(JsonNode.Parse(bad.ToString())).IsValid);
        var empty = (JObject)sli.DeepClone();
        empty["spec"] = new JObject { ["description"] = "x" };
        Assert.False(OpenSlo.Value.Evaluate(JsonNode.Parse(empty.ToString())).IsValid);
    }

    [OpenSloSchemaFact]
    public void LongNamesAreShortenedStablyAndKeepTheFullNameInDisplayName()
    {
        var name = "customer-portal-frontend-and-backend-services-production-west-europe-2024";
        var docs = BlockYaml.ReadDocuments(OpenSloWriter.WriteAll(new[] { Record(name) }));
        foreach (var d in docs)
        {
            AssertValidOpenSlo(d);
            var n = (string)d["metadata"]!["name"]!;
            Assert.True(n.Length <= 63, n);
            Assert.Contains(name, (string)d["metadata"]!["displayName"]!);
        }
        var again = BlockYaml.ReadDocuments(OpenSloWriter.WriteAll(new[] { Record(name) }));
        Assert.Equal((string)docs[1]["metadata"]!["name"]!, (string)again[1]["metadata"]!["name"]!);
        Assert.True(((string)docs[1]["spec"]!["service"]!).Length <= 63);
        Assert.Equal((string)docs[0]["metadata"]!["name"]!, (string)docs[1]["spec"]!["indicatorRef"]!);
        // Another long name with the same first characters gets another name.
        var other = BlockYaml.ReadDocuments(OpenSloWriter.WriteAll(new[] { Record(name + "-b") }));
        Assert.NotEqual((string)docs[1]["metadata"]!["name"]!, (string)other[1]["metadata"]!["name"]!);
    }

    [Fact]
    public void ObjectiveOf100IsRefusedForOpenSlo()
    {
        var ex = Assert.Throws<OpenSloTargetException>(() => OpenSloWriter.WriteAll(new[] { Record("erp", target: 100m) }));
        Assert.Equal("OpenSloTargetOutOfRange", ex.ErrorId);
        Assert.Contains("[0, 1)".Replace("[0, 1)", "up to but not including 1"), ex.Message);
    }

    [Fact]
    public void SameSlugsOfDifferentVAppsGetDistinctNames()
    {
        var a = Record("erp"); var b = Record("ERP"); b.VAppId = "urn:vcloud:vapp:other";
        var names = BlockYaml.ReadDocuments(OpenSloWriter.WriteAll(new[] { a, b })).Select(d => (string)d["metadata"]!["name"]!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void CsvIsFlatInvariantAndUtcUnderGermanCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var r = Record("erp", availability: 99.8839m, downtime: 50m, credit: 25.00m);
            r.Outages.Add(new SlaOutage
            {
                VAppId = r.VAppId, VAppName = "erp", Start = T("2024-04-10T10:00:00Z"), End = T("2024-04-10T10:50:00Z"), Minutes = 50m,
                Classification = OutageClassification.Unplanned, Counted = true, VmIds = new[] { "urn:vcloud:vm:1" }, VmNames = new[] { "app01" },
                Evidence = new[] { "vm/change_state failure by system, no task" },
            });
            var results = new StringWriter(); var outages = new StringWriter();
            SlaFlatWriter.WriteCsv(new[] { r }, results, outages);
            var rows = results.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, rows.Length);
            var header = rows[0].Split(',');
            var cells = Charging.FocusCsvTests.Parse(rows[1]);
            string Cell(string c) => cells[Array.IndexOf(header, c)];
            Assert.Equal("99.8839", Cell("AvailabilityPercent"));
            Assert.Equal("2024-04-01T00:00:00Z", Cell("WindowStart"));
            Assert.Equal("false", Cell("SloMet"));
            Assert.Equal("25.00", Cell("CreditAmount"));
            Assert.DoesNotContain(cells, c => c.Contains("System.Collections"));
            var o = outages.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, o.Length);
            Assert.StartsWith("VAppId,VAppName,Start,End,Minutes,Classification", o[0]);
            Assert.Contains("2024-04-10T10:00:00Z,2024-04-10T10:50:00Z,50,Unplanned,true", o[1]);

            var json = new StringWriter();
            SlaFlatWriter.WriteJson(new[] { r }, json);
            var j = Newtonsoft.Json.JsonConvert.DeserializeObject<JObject>(json.ToString(), new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None })!;
            Assert.Equal("99.8839", j["results"]![0]!["AvailabilityPercent"]!.ToString(Newtonsoft.Json.Formatting.None));
            Assert.Equal("2024-04-10T10:00:00Z", (string?)j["outages"]![0]!["Start"]);
            Assert.Equal(JTokenType.Null, j["results"]![0]!["ErrorBudgetRemainingPercent"]!.Type);
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void SummariesCountMetMissedAndCreditsPerOrgAndVdc()
    {
        var records = new[]
        {
            Record("a", org: "acme", vdc: "v1", availability: 99.95m, downtime: 20m),
            Record("b", org: "acme", vdc: "v2", availability: 99.8m, downtime: 86m, credit: 12.50m),
            Record("c", org: "acme", vdc: "v2", availability: null, downtime: 0m, credit: null),
            Record("d", org: "beta", vdc: "v9", availability: 99.0m, downtime: 430.8m, credit: 40.00m),
        };
        var byOrg = SlaSummary.Summarize(records, SlaSummaryLevel.Org);
        Assert.Equal(new[] { "acme", "beta" }, byOrg.Select(s => s.OrgName));
        var acme = byOrg[0];
        Assert.Equal((3, 1, 1, 1), (acme.VAppCount, acme.MetCount, acme.MissedCount, acme.NotEvaluatedCount));
        Assert.Equal(12.50m, acme.CreditAmount);
        Assert.Equal(1, acme.CreditCount);
        Assert.Equal("b", acme.LowestVAppName);
        Assert.Equal(new[] { "b" }, acme.MissedVAppNames);
        Assert.Equal(DecimalMathTruncate(100m * (86160m - 106m) / 86160m), acme.AvailabilityPercent);
        var byVdc = SlaSummary.Summarize(records, SlaSummaryLevel.Vdc);
        Assert.Equal(3, byVdc.Count);
        Assert.Equal(("acme", "v2", 2), (byVdc[1].OrgName!, byVdc[1].VdcName!, byVdc[1].VAppCount));
    }

    private static decimal DecimalMathTruncate(decimal v) => Math.Truncate(v * 10000m) / 10000m;
}

/// <summary>A [Fact] skipped, visibly, when shared/openslo-schemas is not next to the repository.</summary>
public sealed class OpenSloSchemaFactAttribute : FactAttribute
{
    public OpenSloSchemaFactAttribute()
    {
        if (SlaExportTests.SchemaFolder.Value == null)
            Skip = "shared/openslo-schemas not found next to the repository: OpenSLO schema validation skipped.";
    }
}
