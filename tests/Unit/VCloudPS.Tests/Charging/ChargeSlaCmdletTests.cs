using System.Globalization;
using VCloudPS.Core.Charging;
using VCloudPS.Core.Sla;
using VCloudPS.Tests.Cmdlets;
using VCloudPS.Tests.History;

namespace VCloudPS.Tests.Charging;

/// <summary>The charge-back and SLA cmdlets hosted in-process against the seeded simulator.</summary>
public sealed class ChargeSlaCmdletTests : IClassFixture<ChargingSlaCloud>, IDisposable
{
    private readonly ChargingSlaCloud _sim;
    private readonly PowerShellHost _ps = new();

    public ChargeSlaCmdletTests(ChargingSlaCloud sim)
    {
        _sim = sim;
        var r = _ps.Invoke("""
            $cred = [pscredential]::new('administrator', (ConvertTo-SecureString 'Sys-Admin-Charge-2024!' -AsPlainText -Force))
            $global:Conn = Connect-VCloud -Server $url -Org System -Credential $cred -NotDefault
            """, new Dictionary<string, object?> { ["url"] = sim.Host.BaseUri.ToString() });
        Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
    }

    public void Dispose() => _ps.Dispose();

    private PowerShellHost.Result Run(string script) => _ps.Invoke(script, new Dictionary<string, object?>
    {
        ["card"] = ChargingSlaCloud.RateCardPath,
        ["storage"] = ChargingSlaCloud.StorageRateCardPath,
    });

    [Fact]
    public void GetVAppChargeFromThePipelineGivesC1AndMeasureObjectGivesTheTotal()
    {
        var r = Run("Get-VApp -Server $Conn -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $card");
        Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
        var records = r.Objects<ChargeRecord>().ToList();
        Assert.Equal(new[] { "VCD-RAM", "VCD-STO-STD", "VCD-VCPU" }, records.Select(x => x.SkuId).OrderBy(x => x));
        Assert.Equal(28.00m, records.Sum(x => x.BilledCost));
        var total = Run("(Get-VApp -Server $Conn -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $card | Measure-Object -Property BilledCost -Sum).Sum");
        Assert.Equal(28.00m, Convert.ToDecimal(total.Output.Single().BaseObject, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OrgScopeWithAHashtableRateCardGivesC2()
    {
        var r = Run("""
            $ht = @{ rateCardId = 'ht'; currency = 'EUR'; rates = @(
                @{ skuId = 'VCD-VCPU'; meter = 'Vcpu'; unitPrice = 0.03; period = 'Hour' },
                @{ skuId = 'VCD-RAM'; meter = 'MemoryGiB'; unitPrice = 0.01; period = 'Hour' },
                @{ skuId = 'VCD-STO-STD'; meter = 'StorageGiB'; storagePolicy = 'Standard'; unitPrice = 0.10; period = 'Month' });
              rateFactors = @(@{ scope = 'Org'; match = 'acme'; factor = 0.90 }) }
            Get-VAppCharge -Server $Conn -Org acme -Start '2024-03-01' -End '2024-04-01' -RateCard $ht
            """);
        Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
        var records = r.Objects<ChargeRecord>().ToList();
        Assert.Equal(47.47m, records.Sum(x => x.ListCost));
        Assert.Equal(42.73m, records.Sum(x => x.BilledCost));
    }

    [Fact]
    public void NewVCloudRateCardBuildsAValidatedCard()
    {
        var r = Run("""
            New-VCloudRateCard -RateCardId x -Currency EUR -Rate @{ SkuId = 'CPU'; Meter = 'Vcpu'; UnitPrice = 0.03; Period = 'Hour' } -RateFactor @{ Scope = 'Org'; Match = 'acme'; Factor = 0.9 }
            """);
        Assert.True(r.Terminating == null, r.AllText);
        var card = r.Objects<RateCard>().Single();
        Assert.Equal(0.03m, card.Versions[0].Rates[0].UnitPrice);
        Assert.Equal(0.90m, card.Versions[0].RateFactors[0].Factor);
        var bad = Run("New-VCloudRateCard -RateCardId x -Currency EUR -Rate @{ SkuId = 'CPU'; Meter = 'Cpu'; UnitPrice = -1 }");
        var error = FirstError(bad);
        Assert.Equal("RateCardInvalid,VCloudPS.Cmdlets.NewVCloudRateCardCommand", error.FullyQualifiedErrorId);
        Assert.Contains("unknown meter 'Cpu'", error.Exception.Message);
    }

    /// <summary>A cmdlet's terminating error inside a script is statement-terminating: it lands in the error stream.</summary>
    private static System.Management.Automation.ErrorRecord FirstError(PowerShellHost.Result r) =>
        (r.Errors.Count > 0 ? r.Errors[0] : null) ?? ((System.Management.Automation.IContainsErrorRecord?)r.Terminating)?.ErrorRecord
        ?? throw new Xunit.Sdk.XunitException("no error: " + r.AllText);

    [Fact]
    public void BadInputGivesStableErrorIds()
    {
        var window = Run("Get-VAppCharge -Server $Conn -Org acme -Start 2024-05-01 -End 2024-04-01 -RateCard $card");
        Assert.Equal("ReportWindowInvalid", FirstError(window).FullyQualifiedErrorId.Split(',')[0]);
        var future = Run("Get-VAppCharge -Server $Conn -Org acme -Start 2099-05-01 -End 2099-06-01 -RateCard $card");
        Assert.Equal("ReportWindowInFuture", FirstError(future).FullyQualifiedErrorId.Split(',')[0]);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ \"rateCardId\": \"x\",\n \"rates\": [] }");
            var bad = _ps.Invoke("Get-VAppCharge -Server $Conn -Org acme -RateCard $f", new Dictionary<string, object?> { ["f"] = file });
            var rec = FirstError(bad);
            Assert.Equal("RateCardInvalid", rec.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, rec.CategoryInfo.Category);
            Assert.Contains("currency", rec.Exception.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void ExportVAppChargeWritesFocusCsvUnderGermanCulture()
    {
        var file = Path.Combine(Path.GetTempPath(), "vcloudps-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var r = _ps.Invoke("""
                [System.Threading.Thread]::CurrentThread.CurrentCulture = 'de-DE'
                $c = Get-VAppCharge -Server $Conn -Org acme -Start 2024-03-01 -End 2024-04-01 -RateCard $card
                $c | Export-VAppCharge -Path $f -WhatIf
                $existsAfterWhatIf = Test-Path $f
                $c | Export-VAppCharge -Path $f -PassThru
                $existsAfterWhatIf
                "{0}" -f 1.5
                """, new Dictionary<string, object?> { ["f"] = file, ["card"] = ChargingSlaCloud.RateCardPath });
            Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
            Assert.Equal(false, r.Output[^2].BaseObject);
            Assert.Equal("1,5", r.Output[^1].BaseObject); // the session really was German
            var lines = File.ReadAllLines(file);
            Assert.Equal(string.Join(",", FocusColumns.All), lines[0]);
            Assert.Equal(4, lines.Length);
            var header = lines[0].Split(',');
            var cpu = Charging.FocusCsvTests.Parse(lines.Single(l => l.Contains(",VCD-VCPU,")));
            Assert.Equal("14.85", cpu[Array.IndexOf(header, "BilledCost")]);
            Assert.Equal("550.000000", cpu[Array.IndexOf(header, "PricingQuantity")]);
            Assert.Equal("2024-03-01T00:00:00Z", cpu[Array.IndexOf(header, "ChargePeriodStart")]);
            Assert.Equal("", cpu[Array.IndexOf(header, "ChargeClass")]);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void GetVAppSlaWithPipedChargesGivesS1AndOpenSloExport()
    {
        var file = Path.Combine(Path.GetTempPath(), "vcloudps-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            var r = _ps.Invoke("""
                $charges = Get-VApp -Server $Conn -Name erp | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $storage
                $sla = $charges | Get-VAppSla -Server $Conn -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z' -Detailed
                $sla
                $sla | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaRecord] } | Export-VAppSla -Format OpenSLO -Path $f
                """, new Dictionary<string, object?> { ["f"] = file, ["storage"] = ChargingSlaCloud.StorageRateCardPath });
            Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
            var rec = r.Objects<SlaRecord>().Single();
            Assert.Equal("erp", rec.VAppName);
            Assert.Equal(99.8839m, rec.AvailabilityPercent);
            Assert.Equal(25.00m, rec.CreditAmount);
            var outage = r.Objects<SlaOutage>().Single(o => o.Counted);
            Assert.Equal(50m, outage.Minutes);
            var yaml = File.ReadAllText(file);
            Assert.Contains("duration: 1M", yaml);
            Assert.Contains("target: 0.999", yaml);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void GetVAppSlaModesAndWeightsGiveS2()
    {
        var r = Run("""
            foreach ($m in 'AllRequired', 'AnyUp', 'Weighted') {
                Get-VApp -Server $Conn -Name web | Get-VAppSla -Objective 99.5 -Mode $m -VmWeight @{ lb01 = 2 } -Start 2024-06-01 -End 2024-07-01 `
                    -CreditTiers @{ Below = 99.5; CreditPercent = 10 }, @{ Below = 99.0; CreditPercent = 30 }, @{ Below = 95.0; CreditPercent = 100 }
            }
            """);
        Assert.True(r.Terminating == null && r.Errors.Count == 0, r.AllText);
        var recs = r.Objects<SlaRecord>().ToList();
        Assert.Equal(new[] { 99.4444m, 100.0000m, 99.8263m }, recs.Select(x => x.AvailabilityPercent!.Value));
        Assert.Equal(new[] { 240m, 0m, 75m }, recs.Select(x => x.DowntimeMinutes));
        Assert.Equal(new[] { 10m, 0m, 0m }, recs.Select(x => x.CreditPercent));
    }

    [Fact]
    public void DefaultTableViewsShowTheEssentials()
    {
        var r = Run("Get-VApp -Server $Conn -Name shop | Get-VAppCharge -Start 2024-04-01 -End 2024-05-01 -RateCard $card | Out-String -Width 200");
        Assert.True(r.Terminating == null, r.AllText);
        var text = (string)r.Output.Single().BaseObject;
        Assert.Contains("VApp", text);
        Assert.Contains("SkuId", text);
        Assert.Contains("480.000000", text);
        Assert.Contains("14.40", text);
    }
}
