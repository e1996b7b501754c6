namespace VCloudPS.Simulator.Clock;

/// <summary>The simulated UTC clock. Every part of the simulator reads time from here, never from DateTime.UtcNow.</summary>
public interface ISimClock
{
    DateTime UtcNow { get; }
    bool Frozen { get; }
    void Set(DateTime utcNow);
    void Advance(TimeSpan by);
    void Freeze(bool frozen);
    /// <summary>Raised after Set/Advance/Freeze so waiting work (tasks) can re-evaluate.</summary>
    event Action? Changed;
}

/// <summary>
/// Simulated time = anchor + real elapsed time since the anchor was taken (unless frozen).
/// Set and Advance move the anchor; Freeze pins the current simulated time.
/// </summary>
public sealed class SimClock : ISimClock
{
    private readonly object _sync = new();
    private readonly Func<DateTime> _realNow;
    private DateTime _simAnchor;
    private DateTime _realAnchor;
    private bool _frozen;

    public SimClock(DateTime? start = null, bool frozen = false, Func<DateTime>? realNow = null)
    {
        _realNow = realNow ?? (() => DateTime.UtcNow);
        _realAnchor = _realNow();
        _simAnchor = ToUtc(start ?? _realAnchor);
        _frozen = frozen;
    }

    public event Action? Changed;

    public DateTime UtcNow
    {
        get
        {
            lock (_sync)
                return _frozen ? _simAnchor : _simAnchor + (_realNow() - _realAnchor);
        }
    }

    public bool Frozen { get { lock (_sync) return _frozen; } }

    public void Set(DateTime utcNow)
    {
        lock (_sync) { _simAnchor = ToUtc(utcNow); _realAnchor = _realNow(); }
        Changed?.Invoke();
    }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "The simulated clock only moves forward.");
        lock (_sync) { _simAnchor = UtcNowUnlocked() + by; _realAnchor = _realNow(); }
        Changed?.Invoke();
    }

    public void Freeze(bool frozen)
    {
        lock (_sync)
        {
            _simAnchor = UtcNowUnlocked();
            _realAnchor = _realNow();
            _frozen = frozen;
        }
        Changed?.Invoke();
    }

    private DateTime UtcNowUnlocked() => _frozen ? _simAnchor : _simAnchor + (_realNow() - _realAnchor);

    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };
}
