using System.Globalization;
using System.Text.RegularExpressions;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Query;

public enum AttrKind { String, Int, Bool, Date, Ref }

/// <summary>A reference value: rendered as href (records) or urn (idrecords); filters match href, urn or uuid.</summary>
public readonly record struct RefValue(string Path, string Urn, Guid Id);

/// <summary>One attribute of a query record type, with its typed getter.</summary>
public sealed class QueryAttribute<T>
{
    public required string Name { get; init; }
    public required AttrKind Kind { get; init; }
    public required Func<T, QueryContext, object?> Get { get; init; }

    public string? Render(T item, QueryContext qc, bool ids)
    {
        var v = Get(item, qc);
        return v switch
        {
            null => null,
            string s => s,
            bool b => XmlFormat.Bool(b),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            DateTime d => XmlFormat.Time(d),
            RefValue r => ids ? r.Urn : qc.Rc.Href(r.Path),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Compiles one comparison into a predicate (400 on a value that does not fit the attribute type).</summary>
    public Func<T, QueryContext, bool> Compile(string op, string value)
    {
        var get = Get;
        switch (Kind)
        {
            case AttrKind.String:
                if (op == FilterOps.Eq && value.Contains('*'))
                {
                    var rx = Wildcard(value);
                    return (x, q) => get(x, q) is string s && rx.IsMatch(s);
                }
                return op switch
                {
                    FilterOps.Eq => (x, q) => string.Equals(get(x, q) as string, value, StringComparison.Ordinal),
                    FilterOps.Ne => (x, q) => !string.Equals(get(x, q) as string, value, StringComparison.Ordinal),
                    _ => Ordered((x, q) => get(x, q) is string s ? string.CompareOrdinal(s, value) : (int?)null, op),
                };
            case AttrKind.Int:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    throw ApiException.BadRequest($"Invalid value '{value}' for numeric property '{Name}'.");
                return op switch
                {
                    FilterOps.Eq => (x, q) => ToLong(get(x, q)) == n,
                    FilterOps.Ne => (x, q) => ToLong(get(x, q)) != n,
                    _ => Ordered((x, q) => ToLong(get(x, q)) is { } v ? v.CompareTo(n) : null, op),
                };
            case AttrKind.Bool:
                if (!bool.TryParse(value, out var b)) throw ApiException.BadRequest($"Invalid value '{value}' for boolean property '{Name}'.");
                return op switch
                {
                    FilterOps.Eq => (x, q) => get(x, q) is bool v && v == b,
                    FilterOps.Ne => (x, q) => !(get(x, q) is bool v && v == b),
                    _ => throw ApiException.BadRequest($"Operator {op} is not supported for boolean property '{Name}'."),
                };
            case AttrKind.Date:
                if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                    throw ApiException.BadRequest($"Invalid value '{value}' for date property '{Name}'.");
                return op switch
                {
                    FilterOps.Eq => (x, q) => get(x, q) is DateTime v && v == d,
                    FilterOps.Ne => (x, q) => !(get(x, q) is DateTime v && v == d),
                    _ => Ordered((x, q) => get(x, q) is DateTime v ? v.CompareTo(d) : null, op),
                };
            case AttrKind.Ref:
                if (op is not (FilterOps.Eq or FilterOps.Ne))
                    throw ApiException.BadRequest($"Operator {op} is not supported for reference property '{Name}'.");
                var matches = Ids.TryExtractGuid(value, out var id);
                Func<T, QueryContext, bool> eq = (x, q) => matches && get(x, q) is RefValue r && r.Id == id;
                return op == FilterOps.Eq ? eq : (x, q) => !eq(x, q);
        }
        throw new InvalidOperationException();
    }

    private static long? ToLong(object? v) => v switch { int i => i, long l => l, _ => null };

    private static Func<T, QueryContext, bool> Ordered(Func<T, QueryContext, int?> cmp, string op) => op switch
    {
        FilterOps.Gt => (x, q) => cmp(x, q) is > 0,
        FilterOps.Lt => (x, q) => cmp(x, q) is < 0,
        FilterOps.Ge => (x, q) => cmp(x, q) is >= 0,
        FilterOps.Le => (x, q) => cmp(x, q) is <= 0,
        _ => throw new InvalidOperationException(op),
    };

    /// <summary>With a wildcard the match is case-insensitive (vCD 5.5+ rules).</summary>
    public static Regex Wildcard(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>Sort key comparison for sortAsc/sortDesc.</summary>
    public int CompareForSort(T a, T b, QueryContext qc)
    {
        var x = Get(a, qc);
        var y = Get(b, qc);
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        return (x, y) switch
        {
            (string s, string t) => string.CompareOrdinal(s, t),
            (RefValue r, RefValue s) => string.CompareOrdinal(r.Path, s.Path),
            (IComparable c, _) => c.CompareTo(y),
            _ => 0,
        };
    }
}
