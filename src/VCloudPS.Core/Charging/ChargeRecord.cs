using System;

namespace VCloudPS.Core.Charging;

/// <summary>
/// One charge line named and typed after the FinOps FOCUS 1.2 columns, plus <c>x_</c> custom columns.
/// Property order follows <see cref="FocusColumns"/> (FOCUS columns alphabetically, then x_ columns).
/// </summary>
public sealed class ChargeRecord
{
    public string? AvailabilityZone { get; set; }
    public decimal BilledCost { get; set; }
    public string? BillingAccountId { get; set; }
    public string? BillingAccountName { get; set; }
    public string? BillingAccountType { get; set; }
    public string BillingCurrency { get; set; } = "";
    public DateTime BillingPeriodEnd { get; set; }
    public DateTime BillingPeriodStart { get; set; }
    public string? CapacityReservationId { get; set; }
    public string? CapacityReservationStatus { get; set; }
    public string ChargeCategory { get; set; } = "Usage";
    public string? ChargeClass { get; set; }
    public string? ChargeDescription { get; set; }
    public string ChargeFrequency { get; set; } = "Usage-Based";
    public DateTime ChargePeriodEnd { get; set; }
    public DateTime ChargePeriodStart { get; set; }
    public string? CommitmentDiscountCategory { get; set; }
    public string? CommitmentDiscountId { get; set; }
    public string? CommitmentDiscountName { get; set; }
    public decimal? CommitmentDiscountQuantity { get; set; }
    public string? CommitmentDiscountStatus { get; set; }
    public string? CommitmentDiscountType { get; set; }
    public string? CommitmentDiscountUnit { get; set; }
    public decimal? ConsumedQuantity { get; set; }
    public string? ConsumedUnit { get; set; }
    public decimal ContractedCost { get; set; }
    public decimal? ContractedUnitPrice { get; set; }
    public decimal EffectiveCost { get; set; }
    public string? InvoiceId { get; set; }
    public string? InvoiceIssuerName { get; set; }
    public decimal ListCost { get; set; }
    public decimal? ListUnitPrice { get; set; }
    public string? PricingCategory { get; set; } = "Standard";
    public string? PricingCurrency { get; set; }
    public decimal? PricingCurrencyContractedUnitPrice { get; set; }
    public decimal? PricingCurrencyEffectiveCost { get; set; }
    public decimal? PricingCurrencyListUnitPrice { get; set; }
    public decimal? PricingQuantity { get; set; }
    public string? PricingUnit { get; set; }
    public string? ProviderName { get; set; }
    public string? PublisherName { get; set; }
    public string? RegionId { get; set; }
    public string? RegionName { get; set; }
    public string? ResourceId { get; set; }
    public string? ResourceName { get; set; }
    public string? ResourceType { get; set; }
    public string? ServiceCategory { get; set; }
    public string? ServiceName { get; set; }
    public string? ServiceSubcategory { get; set; }
    public string? SkuId { get; set; }
    public string? SkuMeter { get; set; }
    public string? SkuPriceDetails { get; set; }
    public string? SkuPriceId { get; set; }
    public string? SubAccountId { get; set; }
    public string? SubAccountName { get; set; }
    public string? SubAccountType { get; set; }
    public string? Tags { get; set; }

    // ---- x_ custom columns ----
    public string? x_VAppId { get; set; }
    public string? x_VAppName { get; set; }
    public string? x_VmName { get; set; }
    public long? x_PowerOnSeconds { get; set; }
    public decimal x_RateFactor { get; set; } = 1.00m;
    public string? x_RateCardId { get; set; }
    public long x_UnknownSeconds { get; set; }
    /// <summary>R10 lines: the distribution weight of this part (vCPU-hours, GiB-hours or 1) and its basis.</summary>
    public decimal? x_AllocationWeight { get; set; }
    public string? x_AllocationBasis { get; set; }

    public override string ToString() => (x_VAppName ?? "") + "/" + (x_VmName ?? "") + " " + SkuId + " " + PricingQuantity + " " + PricingUnit + " " + BilledCost + " " + BillingCurrency;
}

public static class FocusColumns
{
    /// <summary>FOCUS 1.2 columns in the specification's (alphabetical) order, then the x_ columns.</summary>
    public static readonly string[] All =
    {
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
        "BillingPeriodEnd", "BillingPeriodStart", "CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass",
        "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId",
        "CommitmentDiscountName", "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit",
        "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName",
        "ListCost", "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
        "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName",
        "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter",
        "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags",
        "x_VAppId", "x_VAppName", "x_VmName", "x_PowerOnSeconds", "x_RateFactor", "x_RateCardId", "x_UnknownSeconds",
        "x_AllocationWeight", "x_AllocationBasis",
    };
}
