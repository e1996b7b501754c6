using System.Globalization;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Query;

/// <summary>
/// Events visible to a query: inside the retention period, of the caller's org, narrowed by binary search on the time
/// index using the filter's top-level time bounds (so a one-month window over months of history touches one month),
/// and, when the filter requires given entity ids (a top-level <c>eventEntity.id==x</c> or an OR of them), read from the
/// per-entity index instead of the whole time range. The caller's filter still decides every candidate.
/// </summary>
public static class EventSource
{
    public static IEnumerable<SimEvent> Range(QueryContext q, FilterNode? filter, string timeAttribute, string? entityAttribute = null)
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
        var ids = entityAttribute == null ? null : RequiredIds(filter, entityAttribute);
        return ids == null ? Scan(q, log.All, from, to, toInclusive) : ByEntity(q, ids, from, to, toInclusive);
    }

    private static IEnumerable<SimEvent> Scan(QueryContext q, IReadOnlyList<SimEvent> list, DateTime from, DateTime to, bool toInclusive)
    {
        var start = EventLog.LowerBound(list, from);
        var end = to == DateTime.MaxValue ? list.Count : toInclusive ? EventLog.UpperBound(list, to) : EventLog.LowerBound(list, to);
        for (var i = start; i < end && i < list.Count; i++)
        {
            var e = list[i];
            if (q.ScopeOrg is { } org && e.Org.Id != org) continue;
            yield return e;
        }
    }

    /// <summary>The time range of each requested entity's events, merged back into log order (time, then sequence).</summary>
    private static IEnumerable<SimEvent> ByEntity(QueryContext q, IReadOnlyCollection<string> ids, DateTime from, DateTime to, bool toInclusive)
    {
        var hits = new List<SimEvent>();
        foreach (var id in ids) hits.AddRange(Scan(q, q.Store.Events.OfEntity(id), from, to, toInclusive));
        hits.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Seq.CompareTo(b.Seq));
        return hits;
    }

    /// <summary>
    /// The ids every matching event must have, when the filter says so at its top level: <c>attr==x</c>, or a
    /// parenthesised OR of such comparisons only, AND-ed with anything else. Null when it does not (or uses a wildcard).
    /// </summary>
    internal static IReadOnlyCollection<string>? RequiredIds(FilterNode? filter, string entityAttribute)
    {
        bool IsId(FilterNode n, out string value)
        {
            value = "";
            if (n is not CompareNode c || c.Op != FilterOps.Eq || c.Value.Contains('*') ||
                !string.Equals(c.Attribute, entityAttribute, StringComparison.OrdinalIgnoreCase)) return false;
            value = c.Value;
            return true;
        }
        IReadOnlyCollection<string>? Of(FilterNode n)
        {
            if (IsId(n, out var one)) return new[] { one };
            if (n is not OrNode or) return null;
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in or.Items)
            {
                if (!IsId(item, out var v)) return null;
                set.Add(v);
            }
            return set;
        }
        if (filter is AndNode and)
        {
            foreach (var item in and.Items)
                if (Of(item) is { } ids) return ids;
            return null;
        }
        return filter == null ? null : Of(filter);
    }

    private static IEnumerable<CompareNode> TopLevelComparisons(FilterNode? f) => f switch
    {
        CompareNode c => new[] { c },
        AndNode a => a.Items.SelectMany(TopLevelComparisons),
        _ => Array.Empty<CompareNode>(),
    };
}
