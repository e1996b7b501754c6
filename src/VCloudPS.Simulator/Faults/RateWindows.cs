using System.Diagnostics;

namespace VCloudPS.Simulator.Faults;

/// <summary>Fixed windows per session for a rateLimit fault (real elapsed time: the simulated clock may be frozen).
/// Callers hold the registry's lock.</summary>
internal sealed class RateWindows
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (TimeSpan Start, int Used)> _sessions = new(StringComparer.Ordinal);

    public RateWindows(int limit, TimeSpan window) { _limit = limit; _window = window; }

    /// <summary>Null when the request is admitted; otherwise the whole seconds until the session's window resets (at least 1).</summary>
    public TimeSpan? TryAdmit(string session)
    {
        var now = _clock.Elapsed;
        if (!_sessions.TryGetValue(session, out var w) || now - w.Start >= _window) w = (now, 0);
        if (w.Used < _limit)
        {
            _sessions[session] = (w.Start, w.Used + 1);
            return null;
        }
        _sessions[session] = w;
        var left = w.Start + _window - now;
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(left.TotalSeconds)));
    }
}
