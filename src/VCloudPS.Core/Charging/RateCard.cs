using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Charging;

/// <summary>What a rate is measured on.</summary>
public enum Meter
{
    /// <summary>vCPUs of a VM.</summary>
    Vcpu,
    /// <summary>Memory of a VM in GiB (MiB / 1024).</summary>
    MemoryGiB,
    /// <summary>Disk GiB of a VM, optionally on one storage policy.</summary>
    StorageGiB,
    /// <summary>Public IPs of a vApp.</summary>
    PublicIp,
    /// <summary>A fixed fee of an Allocation Pool / Reservation Pool / Flex VDC, distributed to its vApps (rule R10).</summary>
    VdcFee,
}

public enum ChargeBasis
{
    /// <summary>Accrues only while the VM is powered on (vCD status 4).</summary>
    PoweredOn,
    /// <summary>Accrues while the object exists, whatever its power state.</summary>
    Allocated,
}

public enum PricePeriod
{
    Hour,
    /// <summary>Prorated by the seconds of the UTC calendar month.</summary>
    Month,
}

/// <summary>How a VDC fee is distributed to the VDC's vApps (R10).</summary>
public enum FeeWeight
{
    VcpuHours,
    MemoryGiBHours,
    Even,
}

public enum RateFactorScope
{
    Org = 0,
    Vdc = 1,
    VApp = 2,
    Vm = 3,
}

public sealed class RoundingSettings
{
    public int QuantityDecimals { get; set; } = 6;
    /// <summary>Null: the currency's ISO 4217 minor unit.</summary>
    public int? CostDecimals { get; set; }
    public RoundingMode Mode { get; set; } = RoundingMode.HalfAwayFromZero;
}

/// <summary>One SKU line of a rate card version.</summary>
public sealed class RateEntry
{
    public string SkuId { get; set; } = "";
    public string? SkuPriceId { get; set; }
    public Meter Meter { get; set; }
    public ChargeBasis Basis { get; set; }
    public decimal UnitPrice { get; set; }
    public string PricingUnit { get; set; } = "";
    public PricePeriod Period { get; set; }
    public long BillingIncrementSeconds { get; set; } = 1;
    public long MinimumSecondsPerRun { get; set; }
    /// <summary>StorageGiB only: the storage policy; null matches every policy.</summary>
    public string? StoragePolicy { get; set; }
    public string? ServiceName { get; set; }
    public string? ServiceCategory { get; set; }
    public string? ServiceSubcategory { get; set; }
    /// <summary>VdcFee only: the VDC allocation model it applies to (AllocationPool, ReservationPool, Flex).</summary>
    public string? AllocationModel { get; set; }
    /// <summary>VdcFee only: a VDC name or id (wildcards allowed) it applies to.</summary>
    public string? Vdc { get; set; }
    /// <summary>VdcFee only: distribution weight.</summary>
    public FeeWeight Weight { get; set; } = FeeWeight.VcpuHours;
    /// <summary>VdcFee only: VDC capacity in the weight's unit (vCPUs or GiB); the unused part is the <c>__idle__</c> line.</summary>
    public decimal? Capacity { get; set; }

    public string EffectiveSkuPriceId => string.IsNullOrEmpty(SkuPriceId) ? SkuId : SkuPriceId!;

    private string? _skuMeter, _priceDetails;

    /// <summary>FOCUS SkuMeter, e.g. <c>StorageGiB:Standard</c>.</summary>
    public string SkuMeter => _skuMeter ??= Meter.ToString() + (StoragePolicy != null ? ":" + StoragePolicy : "");

    /// <summary>FOCUS SkuPriceDetails: the pricing terms as a JSON object of x_ keys.</summary>
    public string PriceDetails => _priceDetails ??= "{\"x_Basis\":\"" + Basis + "\",\"x_Period\":\"" + Period + "\",\"x_BillingIncrementSeconds\":" +
        BillingIncrementSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"x_MinimumSecondsPerRun\":" +
        MinimumSecondsPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    public bool IsVmMeter => Meter == Meter.Vcpu || Meter == Meter.MemoryGiB || Meter == Meter.StorageGiB;
}

public sealed class RateFactor
{
    public RateFactorScope Scope { get; set; }
    /// <summary>Name or id (urn) of the org, VDC, vApp or VM; <c>*</c> and <c>?</c> wildcards allowed.</summary>
    public string Match { get; set; } = "";
    /// <summary>0 to 999.99, two decimals.</summary>
    public decimal Factor { get; set; } = 1.00m;
}

/// <summary>One version of a rate card, effective in [EffectiveFrom, EffectiveTo).</summary>
public sealed class RateCardVersion
{
    public string RateCardId { get; set; } = "";
    public string Currency { get; set; } = "";
    /// <summary>FOCUS ProviderName: the provider's legal name; PublisherName and InvoiceIssuerName default to it.</summary>
    public string? ProviderName { get; set; }
    public string? PublisherName { get; set; }
    public string? InvoiceIssuerName { get; set; }
    public DateTime EffectiveFrom { get; set; }
    public DateTime? EffectiveTo { get; set; }
    public RoundingSettings Rounding { get; set; } = new RoundingSettings();
    public List<RateEntry> Rates { get; set; } = new List<RateEntry>();
    public List<RateFactor> RateFactors { get; set; } = new List<RateFactor>();

    public int CostDecimals => Rounding.CostDecimals ?? CurrencyInfo.MinorUnit(Currency);
    public DateTime End => EffectiveTo ?? DateTime.MaxValue;

    public decimal RoundCost(decimal v) => DecimalMath.Round(v, CostDecimals, Rounding.Mode);
    public decimal RoundQuantity(decimal v) => DecimalMath.Round(v, Rounding.QuantityDecimals, RoundingMode.HalfAwayFromZero);

    /// <summary>The factor of the most specific matching scope (VM > vApp > VDC > Org), 1.00 when none matches.</summary>
    public decimal FactorFor(string? orgName, string? vdcName, string? vdcId, string? vappName, string? vappId, string? vmName, string? vmId)
    {
        foreach (var scope in FactorScopesBySpecificity)
        {
            string? name = null, id = null;
            switch (scope)
            {
                case RateFactorScope.Vm: name = vmName; id = vmId; break;
                case RateFactorScope.VApp: name = vappName; id = vappId; break;
                case RateFactorScope.Vdc: name = vdcName; id = vdcId; break;
                case RateFactorScope.Org: name = orgName; break;
            }
            if (name == null && id == null) continue;
            foreach (var r in RateFactors)
                if (r.Scope == scope && (Wildcard.IsMatch(name, r.Match) || Wildcard.IsMatch(id, r.Match))) return r.Factor;
        }
        return 1.00m;
    }

    private static readonly RateFactorScope[] FactorScopesBySpecificity = { RateFactorScope.Vm, RateFactorScope.VApp, RateFactorScope.Vdc, RateFactorScope.Org };
}

/// <summary>A versioned rate card (charging-sla.md principle 3). Versions never overlap and share one currency.</summary>
public sealed class RateCard
{
    public RateCard(IEnumerable<RateCardVersion> versions, string? source = null)
    {
        Versions = versions.OrderBy(v => v.EffectiveFrom).ToList().AsReadOnly();
        Source = source;
    }

    public IReadOnlyList<RateCardVersion> Versions { get; }
    public string? Source { get; }
    public string Currency => Versions.Count > 0 ? Versions[0].Currency : "";
    public string RateCardId => Versions.Count > 0 ? Versions[Versions.Count - 1].RateCardId : "";

    public static RateCard Load(string path) => RateCardReader.ReadFile(path);
    public static RateCard Parse(string json, string? sourceName = null) => RateCardReader.ReadText(json, sourceName ?? "rate card");

    public override string ToString() => RateCardId + " (" + Currency + ", " + Versions.Count + " version(s))";
}

internal static class Wildcard
{
    public static bool IsMatch(string? text, string pattern)
    {
        if (text == null) return false;
        if (pattern.IndexOf('*') < 0 && pattern.IndexOf('?') < 0) return string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase);
        return Match(text.ToUpperInvariant(), 0, pattern.ToUpperInvariant(), 0);
    }

    private static bool Match(string s, int i, string p, int j)
    {
        while (j < p.Length)
        {
            if (p[j] == '*')
            {
                for (int k = i; k <= s.Length; k++) if (Match(s, k, p, j + 1)) return true;
                return false;
            }
            if (i >= s.Length || (p[j] != '?' && p[j] != s[i])) return false;
            i++; j++;
        }
        return i == s.Length;
    }
}
