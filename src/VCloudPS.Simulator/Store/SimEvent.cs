namespace VCloudPS.Simulator.Store;

/// <summary>An audit event (docs/architecture.md "History contract").</summary>
public sealed class SimEvent
{
    public const string TypePrefix = "com/vmware/vcloud/event/";
    public Guid EventId { get; init; } = Guid.NewGuid();
    public long Seq { get; set; }
    public DateTime Timestamp { get; set; }
    /// <summary>Full type, e.g. com/vmware/vcloud/event/vm/change_state.</summary>
    public string EventType { get; set; } = "";
    public string Description { get; set; } = "";
    public EntityRef Entity { get; set; } = EntityRef.None;
    public EntityRef Org { get; set; } = EntityRef.None;
    /// <summary>The initiator; Id is Guid.Empty and Name "system" for the platform.</summary>
    public EntityRef User { get; set; } = EntityRef.None;
    public string? TaskUrn { get; set; }
    public bool Success { get; set; } = true;
    public string EventStatus => Success ? "SUCCESS" : "FAILURE";
    public Dictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);

    public string ShortType => EventType.StartsWith(TypePrefix, StringComparison.Ordinal) ? EventType[TypePrefix.Length..] : EventType;
}

/// <summary>
/// Events kept sorted by (Timestamp, Seq) so time-window queries are a binary search, plus an index by entity id (like
/// vCD's database index on the audit trail's entity column) so an id filter reads only that entity's events.
/// Appends in time order are O(1); back-dated inserts (seeds) are O(log n) + move.
/// </summary>
public sealed class EventLog
{
    private readonly List<SimEvent> _events = new();
    private readonly Dictionary<string, List<SimEvent>> _byEntity = new(StringComparer.Ordinal);
    private long _seq;
    public long Version { get; private set; }
    public int Count => _events.Count;
    public IReadOnlyList<SimEvent> All => _events;

    private bool _bulk;

    /// <summary>Seeding: appends go unsorted until <see cref="EndBulk"/> sorts once (avoids O(n²) back-dated inserts).</summary>
    public void BeginBulk() => _bulk = true;

    public void EndBulk()
    {
        _bulk = false;
        SortAndIndex();
    }

    public void Add(SimEvent e)
    {
        e.Seq = ++_seq;
        Version++;
        if (_bulk) { _events.Add(e); return; }
        Insert(_events, e);
        var urn = e.Entity.Urn;
        if (!_byEntity.TryGetValue(urn, out var list)) _byEntity[urn] = list = new List<SimEvent>();
        Insert(list, e);
    }

    /// <summary>Bulk load (seeds/generator): append unsorted then sort once.</summary>
    public void AddRange(IEnumerable<SimEvent> events)
    {
        foreach (var e in events) { e.Seq = ++_seq; _events.Add(e); }
        SortAndIndex();
    }

    /// <summary>The events of one entity (by URN, exact), in log order; empty when it has none.</summary>
    public IReadOnlyList<SimEvent> OfEntity(string urn) =>
        _byEntity.TryGetValue(urn, out var list) ? list : Array.Empty<SimEvent>();

    /// <summary>Index in <paramref name="list"/> (sorted by time) of the first event with Timestamp &gt;= t.</summary>
    public static int LowerBound(IReadOnlyList<SimEvent> list, DateTime t)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid].Timestamp < t) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Index in <paramref name="list"/> (sorted by time) of the first event with Timestamp &gt; t.</summary>
    public static int UpperBound(IReadOnlyList<SimEvent> list, DateTime t)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid].Timestamp <= t) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static void Insert(List<SimEvent> list, SimEvent e)
    {
        // The new event has the highest Seq, so it goes after every event of the same instant.
        if (list.Count == 0 || list[^1].Timestamp <= e.Timestamp) list.Add(e);
        else list.Insert(UpperBound(list, e.Timestamp), e);
    }

    private void SortAndIndex()
    {
        _events.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Seq.CompareTo(b.Seq));
        _byEntity.Clear();
        foreach (var e in _events)
        {
            var urn = e.Entity.Urn;
            if (!_byEntity.TryGetValue(urn, out var list)) _byEntity[urn] = list = new List<SimEvent>();
            list.Add(e);
        }
        Version++;
    }

    /// <summary>Index of the first event with Timestamp &gt;= t.</summary>
    public int LowerBound(DateTime t) => LowerBound(_events, t);

    /// <summary>Index of the first event with Timestamp &gt; t.</summary>
    public int UpperBound(DateTime t) => UpperBound(_events, t);
}
