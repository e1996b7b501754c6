using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Charging;

namespace VCloudPS.Tests.Charging;

/// <summary>
/// The FOCUS 1.2 column rules that apply to the columns VCloudPS writes, checked row by row on the CSV text (what a
/// consumer or the FinOps Foundation's validator reads). Returns every violation as "row N, Column: problem".
/// </summary>
internal static class Focus12Conformance
{
    public static readonly string[] MandatoryColumns =
    {
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
        "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName",
        "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    };

    private static readonly Regex DateTimeFormat = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
    private static readonly Regex DecimalFormat = new(@"^-?\d+(\.\d+)?$");
    private static readonly Regex CurrencyFormat = new("^[A-Z]{3}$");
    private static readonly Regex PascalCase = new("^[A-Z][A-Za-z0-9]*$");
    private static readonly Regex HostLike = new(@"^(\d{1,3}(\.\d{1,3}){3}|localhost|\[?[0-9a-fA-F:]+\]?)$");

    public static List<string> Check(string csv, int costDecimals = 2)
    {
        var problems = new List<string>();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = FocusCsvTests.Parse(lines[0]);
        foreach (var c in MandatoryColumns) if (!header.Contains(c)) problems.Add("header: mandatory column " + c + " missing");
        foreach (var c in header)
            if (!FocusColumns.All.Where(x => !x.StartsWith("x_", StringComparison.Ordinal)).Contains(c) && !c.StartsWith("x_", StringComparison.Ordinal)) problems.Add("header: custom column " + c + " lacks the x_ prefix");
        if (header.Distinct().Count() != header.Length) problems.Add("header: duplicate column names");

        var tolerance = 0.5m / Pow10(costDecimals);
        var skuPrice = new Dictionary<string, (string? Sku, string? Price, string? Unit, string? Details)>();
        var accountType = new Dictionary<string, string?>();
        for (int n = 1; n < lines.Length; n++)
        {
            var cells = FocusCsvTests.Parse(lines[n]);
            if (cells.Length != header.Length) { problems.Add("row " + n + ": " + cells.Length + " cells, header has " + header.Length); continue; }
            string? V(string col) { var i = Array.IndexOf(header, col); return i < 0 || cells[i].Length == 0 ? null : cells[i]; }
            void Fail(string col, string what) => problems.Add("row " + n + ", " + col + ": " + what + " (value '" + V(col) + "')");
            void NotNull(string col) { if (V(col) == null) Fail(col, "must not be null"); }
            void Null(string col, string when) { if (V(col) != null) Fail(col, "must be null " + when); }
            decimal? Dec(string col)
            {
                var s = V(col);
                if (s == null) return null;
                if (!DecimalFormat.IsMatch(s)) { Fail(col, "not a FOCUS decimal"); return null; }
                return decimal.Parse(s, CultureInfo.InvariantCulture);
            }
            DateTime? Date(string col)
            {
                var s = V(col);
                if (s == null) return null;
                if (!DateTimeFormat.IsMatch(s)) { Fail(col, "not an ISO 8601 UTC date-time (YYYY-MM-DDTHH:mm:ssZ)"); return null; }
                return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            }
            void Json(string col)
            {
                var s = V(col);
                if (s == null) return;
                try
                {
                    if (JToken.Parse(s) is not JObject o) { Fail(col, "must be a JSON object"); return; }
                    foreach (var p in o.Properties())
                        if (!PascalCase.IsMatch(p.Name) && !p.Name.StartsWith("x_", StringComparison.Ordinal)) Fail(col, "key " + p.Name + " is neither PascalCase nor x_-prefixed");
                }
                catch (Newtonsoft.Json.JsonException) { Fail(col, "not valid JSON"); }
            }
            void Allowed(string col, params string[] values) { var s = V(col); if (s != null && !values.Contains(s)) Fail(col, "not an allowed value"); }
            void UnitPriceTimesQuantity(string costCol, string priceCol)
            {
                var cost = Dec(costCol); var price = Dec(priceCol); var q = Dec("PricingQuantity");
                if (cost == null || price == null || q == null) return;
                if (Math.Abs(price.Value * q.Value - cost.Value) > tolerance)
                    Fail(costCol, priceCol + " x PricingQuantity = " + (price.Value * q.Value).ToString(CultureInfo.InvariantCulture) + " differs by more than rounding");
            }

            var category = V("ChargeCategory");
            bool correction = V("ChargeClass") == "Correction";
            bool usageOrPurchase = category == "Usage" || category == "Purchase";

            // Costs: decimals, not null, currency-consistent.
            foreach (var c in new[] { "BilledCost", "ContractedCost", "EffectiveCost", "ListCost" }) { NotNull(c); Dec(c); }
            foreach (var c in new[] { "ContractedUnitPrice", "ListUnitPrice", "PricingQuantity", "ConsumedQuantity", "PricingCurrencyContractedUnitPrice",
                                      "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "CommitmentDiscountQuantity" }) Dec(c);
            foreach (var c in new[] { "ContractedUnitPrice", "ListUnitPrice", "PricingQuantity" })
                if (Dec(c) < 0m && !correction) Fail(c, "must not be negative");
            if (Dec("EffectiveCost") != Dec("BilledCost") && V("CommitmentDiscountId") == null) Fail("EffectiveCost", "must equal BilledCost without commitment discounts or amortization");
            UnitPriceTimesQuantity("ListCost", "ListUnitPrice");
            UnitPriceTimesQuantity("ContractedCost", "ContractedUnitPrice");

            // Currency.
            NotNull("BillingCurrency");
            if (V("BillingCurrency") is string bc && !CurrencyFormat.IsMatch(bc)) Fail("BillingCurrency", "not an ISO 4217 code");
            if (V("PricingCurrency") is string pc)
            {
                if (!CurrencyFormat.IsMatch(pc)) Fail("PricingCurrency", "not an ISO 4217 code");
                if (pc == V("BillingCurrency"))
                {
                    if (V("PricingCurrencyListUnitPrice") != V("ListUnitPrice")) Fail("PricingCurrencyListUnitPrice", "must equal ListUnitPrice in the billing currency");
                    if (V("PricingCurrencyContractedUnitPrice") != V("ContractedUnitPrice")) Fail("PricingCurrencyContractedUnitPrice", "must equal ContractedUnitPrice in the billing currency");
                    if (V("PricingCurrencyEffectiveCost") != V("EffectiveCost")) Fail("PricingCurrencyEffectiveCost", "must equal EffectiveCost in the billing currency");
                }
            }

            // Accounts.
            NotNull("BillingAccountId"); NotNull("BillingAccountName");
            if (V("BillingAccountId") is string ba)
            {
                if (accountType.TryGetValue(ba, out var t) && t != V("BillingAccountType")) Fail("BillingAccountType", "differs between rows of one BillingAccountId");
                accountType[ba] = V("BillingAccountType");
            }
            if (V("SubAccountId") == null) { Null("SubAccountName", "when SubAccountId is null"); Null("SubAccountType", "when SubAccountId is null"); }
            else { NotNull("SubAccountName"); NotNull("SubAccountType"); }

            // Periods.
            var bps = Date("BillingPeriodStart"); var bpe = Date("BillingPeriodEnd"); var cps = Date("ChargePeriodStart"); var cpe = Date("ChargePeriodEnd");
            foreach (var c in new[] { "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd" }) NotNull(c);
            if (bps >= bpe) Fail("BillingPeriodEnd", "must be after BillingPeriodStart");
            if (cps >= cpe) Fail("ChargePeriodEnd", "must be after ChargePeriodStart");
            if (cps < bps || cpe > bpe) Fail("ChargePeriodStart", "charge period must lie inside the billing period");

            // Charge.
            NotNull("ChargeCategory");
            Allowed("ChargeCategory", "Usage", "Purchase", "Tax", "Credit", "Adjustment");
            Allowed("ChargeClass", "Correction");
            NotNull("ChargeDescription");
            Allowed("ChargeFrequency", "One-Time", "Recurring", "Usage-Based");
            if (category == "Purchase" && V("ChargeFrequency") == "Usage-Based") Fail("ChargeFrequency", "must not be Usage-Based on a Purchase");

            // Quantities and units.
            if (category == "Usage" && !correction) NotNull("ConsumedQuantity");
            if (category != "Usage") Null("ConsumedQuantity", "unless ChargeCategory is Usage");
            if (V("ConsumedQuantity") != null) NotNull("ConsumedUnit"); else Null("ConsumedUnit", "when ConsumedQuantity is null");
            if (usageOrPurchase && !correction)
                foreach (var c in new[] { "PricingQuantity", "PricingUnit", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "SkuId", "SkuPriceId" }) NotNull(c);
            if (V("PricingQuantity") != null) NotNull("PricingUnit"); else Null("PricingUnit", "when PricingQuantity is null");
            Allowed("PricingCategory", "Standard", "Dynamic", "Committed", "Other");
            if (!usageOrPurchase) Null("PricingCategory", "unless ChargeCategory is Usage or Purchase");

            // Commitments and capacity reservations: none written, so all of their columns null together.
            if (V("CommitmentDiscountId") == null)
                foreach (var c in new[] { "CommitmentDiscountCategory", "CommitmentDiscountName", "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit" })
                    Null(c, "when CommitmentDiscountId is null");
            if (V("CapacityReservationId") == null) Null("CapacityReservationStatus", "when CapacityReservationId is null");

            // Parties.
            foreach (var c in new[] { "ProviderName", "PublisherName", "InvoiceIssuerName" })
            {
                NotNull(c);
                if (V(c) is string name && HostLike.IsMatch(name)) Fail(c, "is a host address, not the provider's name");
            }

            // Location and resource.
            if (V("RegionId") == null) Null("RegionName", "when RegionId is null");
            if (V("AvailabilityZone") != null) NotNull("RegionId");
            if (V("ResourceId") == null) { Null("ResourceName", "when ResourceId is null"); Null("ResourceType", "when ResourceId is null"); }
            else { NotNull("ResourceType"); }

            // Service.
            NotNull("ServiceName"); NotNull("ServiceCategory");
            if (V("ServiceCategory") is string sc && !FocusServiceTaxonomy.IsCategory(sc)) Fail("ServiceCategory", "not an allowed value");
            if (header.Contains("ServiceSubcategory"))
            {
                NotNull("ServiceSubcategory");
                if (V("ServiceSubcategory") is string ss && !FocusServiceTaxonomy.IsSubcategoryOf(ss, V("ServiceCategory"))) Fail("ServiceSubcategory", "not a subcategory of " + V("ServiceCategory"));
            }

            // SKU: a SkuPriceId means one SKU, one unit price, one unit, one set of price details.
            if (V("SkuId") != null) { NotNull("SkuPriceId"); NotNull("SkuMeter"); }
            Json("SkuPriceDetails"); Json("Tags");
            if (V("SkuPriceId") is string sp)
            {
                var key = (V("SkuId"), V("ListUnitPrice"), V("PricingUnit"), V("SkuPriceDetails"));
                if (skuPrice.TryGetValue(sp, out var seen) && seen != key) Fail("SkuPriceId", "maps to different SkuId/ListUnitPrice/PricingUnit/SkuPriceDetails on different rows");
                skuPrice[sp] = key;
            }
        }
        return problems;
    }

    private static decimal Pow10(int n) { decimal f = 1m; for (int i = 0; i < n; i++) f *= 10m; return f; }
}
