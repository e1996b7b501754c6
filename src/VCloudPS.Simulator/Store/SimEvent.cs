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
/// Events kept sorted by (Timestamp, Seq) so time-window queries are a binary search.
/// Appends in time order are O(1); back-dated inserts (seeds) are O(log n) + move.
/// </summary>
public sealed class EventLog
{
    private readonly List<SimEvent> _events = new();
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
        _events.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Seq.CompareTo(b.Seq));
        Version++;
    }

    public void Add(SimEvent e)
    {
        e.Seq = ++_seq;
        Version++;
        if (_bulk) { _events.Add(e); return; }
        if (_events.Count == 0 || _events[^1].Timestamp <= e.Timestamp) { _events.Add(e); return; }
        _events.Insert(UpperBound(e.Timestamp), e);
    }

    /// <summary>Bulk load (seeds/generator): append unsorted then sort once.</summary>
    public void AddRange(IEnumerable<SimEvent> events)
    {
        foreach (var e in events) { e.Seq = ++_seq; _events.Add(e); }
        _events.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Seq.CompareTo(b.Seq));
        Version++;
    }

    /// <summary>Index of the first event with Timestamp &gt;= t.</summary>
    public int LowerBound(DateTime t)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (_events[mid].Timestamp < t) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Index of the first event with Timestamp &gt; t.</summary>
    public int UpperBound(DateTime t)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (_events[mid].Timestamp <= t) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
