using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>Why a failed attempt might be worth repeating (see <see cref="RetryBudget.Next"/>).</summary>
public enum FailureClass
{
    /// <summary>Retrying cannot help: 4xx (except 429), 3xx, certificate and DNS failures, oversized responses.</summary>
    Permanent,
    /// <summary>The server did not act on the request (429, connection refused): safe to send again, any method.</summary>
    NotProcessed,
    /// <summary>vCD's 400 BUSY_ENTITY: nothing started; wait on the longer schedule.</summary>
    Busy,
    /// <summary>5xx, dropped connection, timeout: the outcome is unknown, so only requests that change nothing
    /// (or change it to the same state: GET, PUT, DELETE, ranged transfers) are sent again.</summary>
    Unknown,
}

/// <summary>
/// The attempts and time left for one logical request. Not thread-safe: one per request or per transfer loop.
/// <see cref="Reset"/> after progress (a transfer that moved bytes starts a fresh budget).
/// </summary>
public sealed class RetryBudget
{
    private readonly RetryPolicy _policy;
    private readonly Func<TimeSpan> _clock;
    private TimeSpan _startedAt;
    private int _failures, _busyFailures, _rateLimited;

    internal RetryBudget(RetryPolicy policy)
    {
        _policy = policy;
        if (policy.Clock != null) _clock = policy.Clock;
        else { var sw = Stopwatch.StartNew(); _clock = () => sw.Elapsed; }
        _startedAt = _clock();
    }

    /// <summary>Failed attempts so far (all classes).</summary>
    public int Failures => _failures + _busyFailures + _rateLimited;

    public TimeSpan Elapsed => _clock() - _startedAt;

    public void Reset()
    {
        _failures = _busyFailures = _rateLimited = 0;
        _startedAt = _clock();
    }

    /// <summary>
    /// Records a failed attempt and returns how long to wait before the next, or null when it must not be repeated
    /// (permanent, not idempotent with an unknown outcome, attempts or time used up, Retry-After too long).
    /// </summary>
    public TimeSpan? Next(FailureClass failure, bool idempotent, TimeSpan? retryAfter)
    {
        switch (failure)
        {
            case FailureClass.Permanent: return null;
            case FailureClass.Unknown when !idempotent: return null;
        }
        int attempt;
        int limit;
        switch (failure)
        {
            case FailureClass.Busy: attempt = ++_busyFailures; limit = _policy.BusyMaxAttempts; break;
            case FailureClass.NotProcessed when retryAfter.HasValue: attempt = ++_rateLimited; limit = _policy.RateLimitedMaxAttempts; break;
            default: attempt = ++_failures; limit = _policy.MaxAttempts; break;
        }
        if (attempt >= Math.Max(1, limit)) return null;
        var delay = _policy.ComputeDelay(attempt, failure == FailureClass.Busy);
        if (retryAfter.HasValue)
        {
            if (retryAfter.Value > _policy.MaxRetryAfter) return null;
            if (retryAfter.Value > delay) delay = retryAfter.Value;
        }
        if (Elapsed + delay > _policy.MaxElapsed) return null;
        return delay;
    }

    /// <summary>What <see cref="Next"/> decided, as a sentence for messages and the trace.</summary>
    public string Describe() => $"{Failures} attempt(s) failed in {Elapsed.TotalSeconds:0.#} s";

    public Task WaitAsync(TimeSpan delay, CancellationToken ct) => _policy.Delay(delay, ct);
}
