using System.Globalization;

namespace VCloudPS.Simulator.Transfer.Http;

/// <summary>A request's <c>Range: bytes=…</c> resolved against a resource length (single ranges only).</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    public enum Outcome { Whole, Partial, NotSatisfiable }

    /// <summary>
    /// Parses a Range header. Absent, non-byte or multi-range headers give <see cref="Outcome.Whole"/> (a server may
    /// ignore Range, RFC 9110 §14.2); a syntactically valid range that misses the resource is not satisfiable.
    /// </summary>
    public static Outcome Parse(string? header, long resourceLength, out ByteRange range)
    {
        range = new ByteRange(0, resourceLength);
        if (string.IsNullOrWhiteSpace(header))
        {
            return Outcome.Whole;
        }
        var text = header.Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || text.Contains(',', StringComparison.Ordinal))
        {
            return Outcome.Whole;
        }
        var spec = text[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Outcome.NotSatisfiable;
        }
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // Suffix range: the last N bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0 || resourceLength == 0)
            {
                return Outcome.NotSatisfiable;
            }
            var take = Math.Min(suffix, resourceLength);
            range = new ByteRange(resourceLength - take, take);
            return Outcome.Partial;
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start >= resourceLength)
        {
            return Outcome.NotSatisfiable;
        }
        var end = resourceLength - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return Outcome.NotSatisfiable;
            }
            end = Math.Min(end, resourceLength - 1);
        }
        range = new ByteRange(start, end - start + 1);
        return Outcome.Partial;
    }
}

/// <summary>A request's <c>Content-Range: bytes first-last/total</c> (total may be <c>*</c>).</summary>
public readonly record struct ContentRange(long First, long Last, long? Total)
{
    public long Length => Last - First + 1;

    public static bool TryParse(string? header, out ContentRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }
        var text = header.Trim();
        if (!text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        text = text[5..].TrimStart(' ', '=');
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (slash < 0 || dash < 0 || dash > slash)
        {
            return false;
        }
        if (!long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(text[(dash + 1)..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || last < first)
        {
            return false;
        }
        var totalText = text[(slash + 1)..].Trim();
        long? total = null;
        if (totalText != "*")
        {
            if (!long.TryParse(totalText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || last >= parsed)
            {
                return false;
            }
            total = parsed;
        }
        range = new ContentRange(first, last, total);
        return true;
    }
}
