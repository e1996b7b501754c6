using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Charging;

/// <summary>
/// Reads and validates rate card JSON. Accepted shapes: one version object (the specification's example), an array of
/// version objects, or <c>{ "versions": [ ... ] }</c>. Property names are case-insensitive; unknown properties are errors
/// (a misspelt field must not silently fall back to a default). Numbers are read as decimals, never doubles.
/// </summary>
public static class RateCardReader
{
    private static readonly string[] VersionFields = { "rateCardId", "currency", "providerName", "publisherName", "invoiceIssuerName", "effectiveFrom", "effectiveTo", "rounding", "rates", "rateFactors", "description" };
    private static readonly string[] RateFields =
    {
        "skuId", "skuPriceId", "meter", "basis", "unitPrice", "pricingUnit", "period", "billingIncrementSeconds", "minimumSecondsPerRun",
        "storagePolicy", "serviceName", "serviceCategory", "serviceSubcategory", "allocationModel", "vdc", "weight", "capacity", "description",
    };
    private static readonly string[] RoundingFields = { "quantityDecimals", "costDecimals", "mode" };
    private static readonly string[] FactorFields = { "scope", "match", "factor" };

    public static RateCard ReadFile(string path)
    {
        using (var reader = new StreamReader(path))
            return Read(reader, System.IO.Path.GetFileName(path));
    }

    public static RateCard ReadText(string json, string sourceName)
    {
        using (var reader = new StringReader(json))
            return Read(reader, sourceName);
    }

    public static RateCard Read(TextReader text, string sourceName)
    {
        JToken root;
        try
        {
            using (var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal })
            {
                root = JToken.ReadFrom(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            }
        }
        catch (JsonReaderException ex)
        {
            throw new RateCardException(sourceName, new[] { new RateCardIssue(ex.LineNumber, ex.LinePosition, ex.Path ?? "", "malformed JSON: " + FirstSentence(ex.Message)) });
        }
        return FromToken(root, sourceName);
    }

    /// <summary>Validates a JSON token tree (also used for PowerShell hashtables converted to JSON tokens).</summary>
    public static RateCard FromToken(JToken root, string sourceName)
    {
        var issues = new List<RateCardIssue>();
        var versionTokens = new List<JObject>();
        if (root is JArray arr) versionTokens.AddRange(Objects(arr, issues));
        else if (root is JObject obj)
        {
            var versions = Get(obj, "versions");
            if (versions != null)
            {
                foreach (var p in obj.Properties().Where(p => !string.Equals(p.Name, "versions", StringComparison.OrdinalIgnoreCase)))
                    issues.Add(Issue(p, "unknown field (a versioned rate card holds only 'versions')"));
                if (versions is JArray va) versionTokens.AddRange(Objects(va, issues));
                else issues.Add(Issue(versions, "must be an array of rate card versions"));
            }
            else versionTokens.Add(obj);
        }
        else issues.Add(Issue(root, "a rate card must be a JSON object or an array of versions"));

        var result = new List<(RateCardVersion Version, JObject Token)>();
        foreach (var vt in versionTokens)
        {
            var v = ReadVersion(vt, issues);
            if (v != null) result.Add((v, vt));
        }
        if (versionTokens.Count == 0 && issues.Count == 0) issues.Add(new RateCardIssue(0, 0, "versions", "no rate card version"));

        var sorted = result.OrderBy(r => r.Version.EffectiveFrom).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            var prev = sorted[i - 1].Version;
            var cur = sorted[i];
            if (prev.End > cur.Version.EffectiveFrom)
                issues.Add(Issue(Get(cur.Token, "effectiveFrom") ?? cur.Token,
                    "version '" + cur.Version.RateCardId + "' effective from " + Fmt(cur.Version.EffectiveFrom) + " overlaps version '" +
                    prev.RateCardId + "' (" + Fmt(prev.EffectiveFrom) + " to " + (prev.EffectiveTo.HasValue ? Fmt(prev.EffectiveTo.Value) : "open end") + ")"));
            if (!string.Equals(prev.Currency, cur.Version.Currency, StringComparison.Ordinal) && cur.Version.Currency.Length > 0 && prev.Currency.Length > 0)
                issues.Add(Issue(Get(cur.Token, "currency") ?? cur.Token,
                    "currency '" + cur.Version.Currency + "' differs from version '" + prev.RateCardId + "' (" + prev.Currency + "); one rate card bills in one currency"));
        }
        if (issues.Count > 0) throw new RateCardException(sourceName, issues.OrderBy(i => i.Line).ThenBy(i => i.Position).ToList());
        return new RateCard(sorted.Select(s => s.Version), sourceName);
    }

    private static IEnumerable<JObject> Objects(JArray arr, List<RateCardIssue> issues)
    {
        foreach (var t in arr)
        {
            if (t is JObject o) yield return o;
            else issues.Add(Issue(t, "must be an object"));
        }
    }

    private static RateCardVersion? ReadVersion(JObject o, List<RateCardIssue> issues)
    {
        CheckFields(o, VersionFields, issues);
        var v = new RateCardVersion();
        v.RateCardId = String(o, "rateCardId", issues, required: true) ?? "";
        var currencyToken = Get(o, "currency");
        var currency = String(o, "currency", issues, required: false);
        if (currency == null) issues.Add(Issue(currencyToken ?? o, currencyToken == null ? "missing field 'currency' (ISO 4217 code such as EUR)" : "must be a string", currencyToken == null ? PathOf(o, "currency") : null));
        else if (!CurrencyInfo.IsValidCode(currency)) issues.Add(Issue(currencyToken!, "'" + currency + "' is not an ISO 4217 currency code (three capital letters)"));
        v.Currency = currency ?? "";
        v.ProviderName = String(o, "providerName", issues);
        v.PublisherName = String(o, "publisherName", issues);
        v.InvoiceIssuerName = String(o, "invoiceIssuerName", issues);
        v.EffectiveFrom = Date(o, "effectiveFrom", issues) ?? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        v.EffectiveTo = Date(o, "effectiveTo", issues);
        if (v.EffectiveTo.HasValue && v.EffectiveTo.Value <= v.EffectiveFrom)
            issues.Add(Issue(Get(o, "effectiveTo")!, "must be later than effectiveFrom"));

        if (Get(o, "rounding") is JToken rt)
        {
            if (rt is JObject r)
            {
                CheckFields(r, RoundingFields, issues);
                var qd = Integer(r, "quantityDecimals", issues, 0, 12);
                if (qd.HasValue) v.Rounding.QuantityDecimals = (int)qd.Value;
                var cd = Integer(r, "costDecimals", issues, 0, 6);
                if (cd.HasValue) v.Rounding.CostDecimals = (int)cd.Value;
                var mode = Enum<RoundingMode>(r, "mode", issues);
                if (mode.HasValue) v.Rounding.Mode = mode.Value;
            }
            else issues.Add(Issue(rt, "must be an object"));
        }

        var rates = Get(o, "rates");
        if (rates == null) issues.Add(Issue(o, "missing field 'rates'", PathOf(o, "rates")));
        else if (!(rates is JArray ra) || ra.Count == 0) issues.Add(Issue(rates, "must be a non-empty array of rates"));
        else
        {
            foreach (var t in ra)
            {
                if (!(t is JObject ro)) { issues.Add(Issue(t, "must be an object")); continue; }
                var entry = ReadRate(ro, issues);
                if (entry == null) continue;
                if (v.Rates.Any(x => x.SkuId == entry.SkuId && x.Meter == entry.Meter && string.Equals(x.StoragePolicy, entry.StoragePolicy, StringComparison.OrdinalIgnoreCase) &&
                                     string.Equals(x.AllocationModel, entry.AllocationModel, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Vdc, entry.Vdc, StringComparison.OrdinalIgnoreCase)))
                    issues.Add(Issue(Get(ro, "skuId") ?? ro, "duplicate rate for SKU '" + entry.SkuId + "'"));
                v.Rates.Add(entry);
            }
        }

        if (Get(o, "rateFactors") is JToken ft)
        {
            if (ft is JArray fa)
                foreach (var t in fa)
                {
                    if (!(t is JObject fo)) { issues.Add(Issue(t, "must be an object")); continue; }
                    CheckFields(fo, FactorFields, issues);
                    var f = new RateFactor();
                    var scope = Enum<RateFactorScope>(fo, "scope", issues, required: true);
                    if (scope.HasValue) f.Scope = scope.Value;
                    f.Match = String(fo, "match", issues, required: true) ?? "";
                    var factor = Number(fo, "factor", issues, required: true);
                    if (factor.HasValue)
                    {
                        if (factor.Value < 0m || factor.Value > 999.99m) issues.Add(Issue(Get(fo, "factor")!, "rate factor " + Inv(factor.Value) + " is outside 0 to 999.99"));
                        else if (decimal.Round(factor.Value, 2) != factor.Value) issues.Add(Issue(Get(fo, "factor")!, "rate factor " + Inv(factor.Value) + " has more than two decimals"));
                        f.Factor = factor.Value;
                    }
                    v.RateFactors.Add(f);
                }
            else issues.Add(Issue(ft, "must be an array"));
        }
        return v;
    }

    private static readonly string[] AllocationModels = new[] { "AllocationPool", "ReservationPool", "Flex", "AllocationVApp" };

    private static RateEntry? ReadRate(JObject o, List<RateCardIssue> issues)
    {
        CheckFields(o, RateFields, issues);
        var e = new RateEntry();
        e.SkuId = String(o, "skuId", issues, required: true) ?? "";
        e.SkuPriceId = String(o, "skuPriceId", issues);
        var meterToken = Get(o, "meter");
        var meter = Enum<Meter>(o, "meter", issues, required: true);
        if (meter == null) return null;
        e.Meter = meter.Value;
        var basis = Enum<ChargeBasis>(o, "basis", issues);
        e.Basis = basis ?? (e.Meter == Meter.Vcpu || e.Meter == Meter.MemoryGiB ? ChargeBasis.PoweredOn : ChargeBasis.Allocated);
        if ((e.Meter == Meter.PublicIp || e.Meter == Meter.VdcFee) && e.Basis != ChargeBasis.Allocated)
            issues.Add(Issue(Get(o, "basis")!, "meter " + e.Meter + " supports only basis 'Allocated'"));
        var price = Number(o, "unitPrice", issues, required: true);
        if (price.HasValue)
        {
            if (price.Value < 0m) issues.Add(Issue(Get(o, "unitPrice")!, "negative price " + Inv(price.Value) + " (prices must be 0 or more)"));
            else if (price.Value > MaxUnitPrice)
                issues.Add(Issue(Get(o, "unitPrice")!, "unit price " + Inv(price.Value) + " is too large (at most " + Inv(MaxUnitPrice) + ": charges must stay computable)"));
            e.UnitPrice = price.Value;
        }
        e.Period = Enum<PricePeriod>(o, "period", issues) ?? (e.Meter == Meter.VdcFee || e.Meter == Meter.StorageGiB ? PricePeriod.Month : PricePeriod.Hour);
        e.PricingUnit = String(o, "pricingUnit", issues) ?? DefaultUnit(e.Meter, e.Period);
        e.BillingIncrementSeconds = Integer(o, "billingIncrementSeconds", issues, 1, 31L * 86400) ?? 1;
        e.MinimumSecondsPerRun = Integer(o, "minimumSecondsPerRun", issues, 0, 31L * 86400) ?? 0;
        e.StoragePolicy = String(o, "storagePolicy", issues);
        if (e.StoragePolicy != null && e.Meter != Meter.StorageGiB) issues.Add(Issue(Get(o, "storagePolicy")!, "only StorageGiB rates take a storage policy"));
        e.ServiceName = String(o, "serviceName", issues);
        e.ServiceCategory = String(o, "serviceCategory", issues);
        e.ServiceSubcategory = String(o, "serviceSubcategory", issues);
        CheckServiceClassification(o, e, issues);
        e.AllocationModel = String(o, "allocationModel", issues);
        e.Vdc = String(o, "vdc", issues);
        e.Weight = Enum<FeeWeight>(o, "weight", issues) ?? FeeWeight.VcpuHours;
        e.Capacity = Number(o, "capacity", issues);
        if (e.Capacity.HasValue && e.Capacity.Value <= 0m) issues.Add(Issue(Get(o, "capacity")!, "capacity must be greater than 0"));
        if (e.Meter == Meter.VdcFee)
        {
            if (e.AllocationModel == null && e.Vdc == null)
                issues.Add(Issue(meterToken!, "a VdcFee rate needs 'allocationModel' (AllocationPool, ReservationPool, Flex) or 'vdc'", PathOf(o, "allocationModel")));
            if (e.AllocationModel != null && !AllocationModels.Contains(e.AllocationModel, StringComparer.OrdinalIgnoreCase))
                issues.Add(Issue(Get(o, "allocationModel")!, "unknown allocation model '" + e.AllocationModel + "' (AllocationPool, ReservationPool, Flex, AllocationVApp)"));
        }
        else
        {
            foreach (var f in new[] { "allocationModel", "vdc", "weight", "capacity" })
                if (Get(o, f) is JToken t) issues.Add(Issue(t, "only VdcFee rates take '" + f + "'"));
        }
        return e;
    }

    /// <summary>FOCUS 1.2: ServiceCategory from its allowed list; ServiceSubcategory one of that category's children.</summary>
    private static void CheckServiceClassification(JObject o, RateEntry e, List<RateCardIssue> issues)
    {
        if (e.ServiceCategory != null && !FocusServiceTaxonomy.IsCategory(e.ServiceCategory))
        {
            issues.Add(Issue(Get(o, "serviceCategory")!, "'" + e.ServiceCategory + "' is not a FOCUS ServiceCategory (expected one of: " +
                string.Join(", ", FocusServiceTaxonomy.Categories) + ")"));
            return;
        }
        if (e.ServiceSubcategory == null) return;
        var category = e.ServiceCategory ?? FocusServiceTaxonomy.DefaultCategory(e.Meter);
        if (!FocusServiceTaxonomy.IsSubcategoryOf(e.ServiceSubcategory, category))
            issues.Add(Issue(Get(o, "serviceSubcategory")!, "'" + e.ServiceSubcategory + "' is not a FOCUS ServiceSubcategory of '" + category + "' (expected one of: " +
                string.Join(", ", FocusServiceTaxonomy.SubcategoriesOf(category)) + ")"));
    }

    private static string DefaultUnit(Meter meter, PricePeriod period)
    {
        var p = period == PricePeriod.Hour ? "Hours" : "Months";
        switch (meter)
        {
            case Meter.Vcpu: return "vCPU-" + p;
            case Meter.MemoryGiB: return "GiB-" + p;
            case Meter.StorageGiB: return "GiB-" + p;
            case Meter.PublicIp: return "IP-" + p;
            default: return "VDC-" + p;
        }
    }

    // ---- field helpers (case-insensitive names, line-aware issues) ----

    private static JToken? Get(JObject o, string name) =>
        o.Properties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static void CheckFields(JObject o, string[] known, List<RateCardIssue> issues)
    {
        foreach (var p in o.Properties())
            if (!known.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                issues.Add(Issue(p, "unknown field '" + p.Name + "' (expected one of: " + string.Join(", ", known) + ")"));
    }

    private static string? String(JObject o, string name, List<RateCardIssue> issues, bool required = false)
    {
        var t = Get(o, name);
        if (t == null || t.Type == JTokenType.Null)
        {
            if (required) issues.Add(Issue(o, "missing field '" + name + "'", PathOf(o, name)));
            return null;
        }
        if (t.Type != JTokenType.String) { issues.Add(Issue(t, "must be a string")); return null; }
        var s = ((string?)t)?.Trim();
        if (string.IsNullOrEmpty(s)) { if (required) issues.Add(Issue(t!, "must not be empty")); return null; }
        return s;
    }

    /// <summary>Largest unit price: a year of 10,000 units at this price still fits a decimal with room for rounding.</summary>
    internal const decimal MaxUnitPrice = 1_000_000_000_000m;

    private static decimal? Number(JObject o, string name, List<RateCardIssue> issues, bool required = false)
    {
        var t = Get(o, name);
        if (t == null || t.Type == JTokenType.Null)
        {
            if (required) issues.Add(Issue(o, "missing field '" + name + "'", PathOf(o, name)));
            return null;
        }
        if (t.Type == JTokenType.Integer || t.Type == JTokenType.Float)
        {
            var value = ((JValue)t).Value;
            try
            {
                // Integers beyond 64 bits arrive as BigInteger, which Convert.ToDecimal cannot take.
                return value is System.Numerics.BigInteger big ? (decimal)big : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is OverflowException || ex is InvalidCastException)
            {
                issues.Add(Issue(t, "number " + t.ToString(Formatting.None) + " is out of range"));
                return null;
            }
        }
        if (t.Type == JTokenType.String && decimal.TryParse((string?)t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
        issues.Add(Issue(t, "must be a number"));
        return null;
    }

    private static long? Integer(JObject o, string name, List<RateCardIssue> issues, long min, long max)
    {
        var d = Number(o, name, issues);
        if (d == null) return null;
        if (decimal.Truncate(d.Value) != d.Value || d.Value < min || d.Value > max)
        {
            issues.Add(Issue(Get(o, name)!, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return (long)d.Value;
    }

    private static T? Enum<T>(JObject o, string name, List<RateCardIssue> issues, bool required = false) where T : struct
    {
        var s = String(o, name, issues, required);
        if (s == null) return null;
        if (System.Enum.TryParse<T>(s, true, out var v) && System.Enum.IsDefined(typeof(T), v) && !char.IsDigit(s[0])) return v;
        var what = name == "meter" ? "unknown meter" : "unknown " + name;
        issues.Add(Issue(Get(o, name)!, what + " '" + s + "' (expected one of: " + string.Join(", ", System.Enum.GetNames(typeof(T))) + ")"));
        return null;
    }

    private static DateTime? Date(JObject o, string name, List<RateCardIssue> issues)
    {
        var s = String(o, name, issues);
        if (s == null) return null;
        if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            return DateTime.SpecifyKind(d, DateTimeKind.Utc);
        issues.Add(Issue(Get(o, name)!, "'" + s + "' is not an ISO 8601 date/time (e.g. 2024-01-01T00:00:00Z)"));
        return null;
    }

    private static string PathOf(JToken parent, string child) => string.IsNullOrEmpty(parent.Path) ? child : parent.Path + "." + child;

    private static RateCardIssue Issue(JToken t, string message, string? path = null)
    {
        var li = (IJsonLineInfo)t;
        var field = path ?? (t is JProperty p ? p.Path : t.Path);
        return new RateCardIssue(li.HasLineInfo() ? li.LineNumber : 0, li.HasLineInfo() ? li.LinePosition : 0, field, message);
    }

    private static string Fmt(DateTime d) => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static string Inv(decimal d) => d.ToString(CultureInfo.InvariantCulture);
    private static string FirstSentence(string m) { var i = m.IndexOf(" Path '", StringComparison.Ordinal); return i > 0 ? m.Substring(0, i) : m; }
}
