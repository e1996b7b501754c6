using System.Globalization;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Query;

/// <summary>
/// Events visible to a query: inside the retention period, of the caller's org, narrowed by binary search on the time
/// index using the filter's top-level time bounds (so a one-month window over months of history touches one month).
/// </summary>
public static class EventSource
{
    public static IEnumerable<SimEvent> Range(QueryContext q, FilterNode? filter, string timeAttribute)
    {
        var log = q.Store.Events;
        var from = q.Store.AuditRetentionDays > 0 ? q.Now.AddDays(-q.Store.AuditRetentionDays) : DateTime.MinValue;
        var to = DateTime.MaxValue;
        var toInclusive = true;
        foreach (var c in TopLevelComparisons(filter))
        {
            if (!string.Equals(c.Attribute, timeAttribute, StringComparison.OrdinalIgnoreCase)) continue;
            if (!DateTime.TryParse(c.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)) continue;
            switch (c.Op)
            {
                case FilterOps.Ge: case FilterOps.Gt: if (t > from) from = t; break;   // exact >/>= is re-checked by the filter
                case FilterOps.Lt: if (t <= to) { to = t; toInclusive = false; } break;
                case FilterOps.Le: if (t < to) { to = t; toInclusive = true; } break;
            }
        }
        var start = log.LowerBound(from);
        var end = to == DateTime.MaxValue ? log.Count : toInclusive ? log.UpperBound(to) : log.LowerBound(to);
        var all = log.All;
        for (var i = start; i < end && i < all.Count; i++)
        {
            var e = all[i];
            if (q.ScopeOrg is { } org && e.Org.Id != org) continue;
            yield return e;
        }
    }

    private static IEnumerable<CompareNode> TopLevelComparisons(FilterNode? f) => f switch
    {
        CompareNode c => new[] { c },
        AndNode a => a.Items.SelectMany(TopLevelComparisons),
        _ => Array.Empty<CompareNode>(),
    };
}
