using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace VCloudPS.Simulator.Faults;

/// <summary>
/// One injected fault (POST /sim/faults). Kinds: status (reply <see cref="Status"/>), drop (abort the connection,
/// after <see cref="AfterBytes"/> bytes of the response body when set), slow (delay <see cref="DelayMs"/>), taskFail
/// (the task started by the request ends in error), hang (the task never finishes), busy (400 BUSY_ENTITY),
/// expireSession (the caller's session expires: 401 with an empty body), corrupt (one byte of the response body,
/// at offset <see cref="AfterBytes"/> (default 0), reaches the client altered), rateLimit (each session may make
/// <see cref="Limit"/> matching requests per <see cref="WindowMs"/>; more get 429 with Retry-After, until cleared).
/// </summary>
public sealed class Fault
{
    public int Id { get; set; }
    public string PathPattern { get; set; } = "*";
    public string? Method { get; set; }
    public int Count { get; set; } = 1;
    public string Kind { get; set; } = "status";
    public int? Status { get; set; }
    public int? DelayMs { get; set; }
    public long? AfterBytes { get; set; }
    public string? Message { get; set; }

    /// <summary>rateLimit: requests each session may make per window (default 5).</summary>
    public int? Limit { get; set; }

    /// <summary>rateLimit: the window in milliseconds (default 1000).</summary>
    public int? WindowMs { get; set; }

    /// <summary>rateLimit: how many requests it refused with 429 so far (read-only, in GET /sim/faults).</summary>
    public long Refused { get; set; }

    [JsonIgnore] internal Regex? Regex { get; set; }
    [JsonIgnore] internal RateWindows? Windows { get; set; }

    public bool Matches(string path, string method) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (Regex ??= Glob(PathPattern)).IsMatch(path);

    /// <summary>Glob: * matches any run of characters (including '/'), ? one character; case-insensitive.</summary>
    internal static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}

public static class FaultKinds
{
    public const string Status = "status";
    public const string Drop = "drop";
    public const string Slow = "slow";
    public const string TaskFail = "taskFail";
    public const string Hang = "hang";
    public const string Busy = "busy";
    public const string ExpireSession = "expireSession";
    public const string RateLimit = "rateLimit";
    public const string Corrupt = "corrupt";
    public static readonly string[] All = { Status, Drop, Slow, TaskFail, Hang, Busy, ExpireSession, RateLimit, Corrupt };
}

/// <summary>Thread-safe list of pending faults; each match consumes one count.</summary>
public sealed class FaultRegistry
{
    private readonly object _sync = new();
    private readonly List<Fault> _faults = new();
    private int _nextId;

    public Fault Add(Fault f)
    {
        if (!FaultKinds.All.Contains(f.Kind, StringComparer.Ordinal))
            throw new ArgumentException($"Unknown fault kind '{f.Kind}'. Known: {string.Join(", ", FaultKinds.All)}");
        if (f.Count <= 0) f.Count = 1;
        if (f.Kind == FaultKinds.RateLimit)
        {
            if (f.Limit is <= 0 || f.WindowMs is <= 0) throw new ArgumentException("rateLimit needs a positive limit and windowMs.");
            f.Windows = new RateWindows(f.Limit ?? 5, TimeSpan.FromMilliseconds(f.WindowMs ?? 1000));
        }
        lock (_sync) { f.Id = ++_nextId; _faults.Add(f); }
        return f;
    }

    public void Clear() { lock (_sync) _faults.Clear(); }

    public IReadOnlyList<Fault> List() { lock (_sync) return _faults.Select(Clone).ToList(); }

    /// <summary>Takes (consumes one count of) the first fault matching the request, any kind.</summary>
    public Fault? TryTake(string path, string method) => TryTake(path, method, null);

    /// <summary>
    /// Takes the first fault of one of <paramref name="kinds"/> (null = any) matching the request. Transfer handlers
    /// call <c>TryTake(path, "PUT", FaultKinds.Drop)</c> to ask "should I drop this after N bytes?".
    /// </summary>
    public Fault? TryTake(string path, string method, params string[]? kinds)
    {
        lock (_sync)
        {
            var f = _faults.FirstOrDefault(x => (kinds is null || kinds.Length == 0 ? x.Kind != FaultKinds.RateLimit : kinds.Contains(x.Kind)) && x.Matches(path, method));
            if (f is null) return null;
            if (--f.Count <= 0) _faults.Remove(f);
            var copy = Clone(f);
            copy.Count = 1;
            return copy;
        }
    }

    /// <summary>
    /// Counts a request of a session against the rateLimit rules it matches; returns the wait to announce in
    /// Retry-After when a rule refuses it (rules are not consumed: they last until cleared).
    /// </summary>
    public TimeSpan? RateLimit(string path, string method, string sessionKey)
    {
        lock (_sync)
        {
            foreach (var f in _faults)
            {
                if (f.Kind != FaultKinds.RateLimit || f.Windows is null || !f.Matches(path, method)) continue;
                if (f.Windows.TryAdmit(sessionKey) is { } wait) { f.Refused++; return wait; }
            }
            return null;
        }
    }

    private static Fault Clone(Fault f) => new()
    {
        Id = f.Id, PathPattern = f.PathPattern, Method = f.Method, Count = f.Count, Kind = f.Kind, Status = f.Status,
        DelayMs = f.DelayMs, AfterBytes = f.AfterBytes, Message = f.Message, Limit = f.Limit, WindowMs = f.WindowMs, Refused = f.Refused,
    };
}
