using VCloudPS.Core.Charging;

namespace VCloudPS.Tests.Charging;

internal static class SpecRateCard
{
    /// <summary>The rate card of charging-sla.md, verbatim apart from the C4 VDC fee (an optional R10 extension) and the provider name FOCUS needs.</summary>
    public const string Json = """
    { "rateCardId": "rc-2024", "currency": "EUR", "providerName": "Example Cloud Services GmbH", "effectiveFrom": "2024-01-01T00:00:00Z",
      "rounding": { "quantityDecimals": 6, "costDecimals": 2, "mode": "HalfAwayFromZero" },
      "rates": [
        { "skuId": "VCD-VCPU", "skuPriceId": "VCD-VCPU-2024", "meter": "Vcpu", "basis": "PoweredOn",
          "unitPrice": 0.0300, "pricingUnit": "vCPU-Hours", "period": "Hour",
          "billingIncrementSeconds": 1, "minimumSecondsPerRun": 0,
          "serviceName": "vCD Compute", "serviceCategory": "Compute", "serviceSubcategory": "Virtual Machines" },
        { "skuId": "VCD-RAM", "meter": "MemoryGiB", "basis": "PoweredOn", "unitPrice": 0.0100,
          "pricingUnit": "GiB-Hours", "period": "Hour" },
        { "skuId": "VCD-STO-STD", "meter": "StorageGiB", "storagePolicy": "Standard", "basis": "Allocated",
          "unitPrice": 0.1000, "pricingUnit": "GiB-Months", "period": "Month" },
        { "skuId": "VCD-PUBIP", "meter": "PublicIp", "basis": "Allocated", "unitPrice": 0.0050,
          "pricingUnit": "IP-Hours", "period": "Hour" },
        { "skuId": "VCD-VDC-AP", "meter": "VdcFee", "allocationModel": "AllocationPool", "unitPrice": 100.00,
          "pricingUnit": "VDC-Months", "period": "Month", "weight": "VcpuHours", "capacity": 1.25 } ],
      "rateFactors": [ { "scope": "Org", "match": "acme", "factor": 0.90 } ] }
    """;

    public static RateCard Load() => RateCard.Parse(Json, "spec");

    public static RateCard With(string ratesJson, string extra = "") => RateCard.Parse(
        "{ \"rateCardId\": \"t\", \"currency\": \"EUR\", \"providerName\": \"Test Cloud\", \"effectiveFrom\": \"2024-01-01T00:00:00Z\", " + extra + " \"rates\": [" + ratesJson + "] }", "test");
}
