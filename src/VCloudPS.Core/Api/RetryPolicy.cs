using System;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// When and how long the request pipeline (and the transfer loops, which resume instead of replaying) waits before
/// trying again: exponential backoff with equal jitter, bounded by attempts and by total time; a server's
/// <c>Retry-After</c> (429, 503) is honoured up to <see cref="MaxRetryAfter"/>. Tests inject <see cref="Immediate"/>.
/// </summary>
public sealed class RetryPolicy
{
    private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));

    /// <summary>Attempts in total (first try included) for transient failures.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Attempts in total for BUSY_ENTITY (tasks on the entity usually finish within a minute).</summary>
    public int BusyMaxAttempts { get; set; } = 8;

    /// <summary>Attempts in total for 429 Too Many Requests (a rate limit lifts; it does not mean failure).</summary>
    public int RateLimitedMaxAttempts { get; set; } = 20;

    /// <summary>No new attempt starts after this much time since the first one (waits included).</summary>
    public TimeSpan MaxElapsed { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan BusyBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan BusyMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest server-requested wait (Retry-After) that is honoured; a longer one ends the retries.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How to wait; replaced in tests to avoid real sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

    /// <summary>Elapsed time source for <see cref="MaxElapsed"/>; replaced in tests.</summary>
    public Func<TimeSpan>? Clock { get; set; }

    public static RetryPolicy Default => new RetryPolicy();

    /// <summary>Same attempt limits, no waiting: for tests.</summary>
    public static RetryPolicy Immediate => new RetryPolicy { Delay = (_, ct) => { ct.ThrowIfCancellationRequested(); return Task.CompletedTask; } };

    /// <summary>No retries at all.</summary>
    public static RetryPolicy None => new RetryPolicy { MaxAttempts = 1, BusyMaxAttempts = 1, RateLimitedMaxAttempts = 1 };

    /// <summary>Starts counting attempts and time for one request (or one transfer).</summary>
    public RetryBudget Start() => new RetryBudget(this);

    /// <summary>Backoff before the next attempt; <paramref name="attempt"/> is the 1-based number of the one that failed.</summary>
    public TimeSpan ComputeDelay(int attempt, bool busy)
    {
        var baseDelay = busy ? BusyBaseDelay : BaseDelay;
        var max = busy ? BusyMaxDelay : MaxDelay;
        double ceiling = Math.Min(max.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, Math.Min(30, attempt - 1))));
        // "Equal jitter": half fixed, half random, so waits never collapse to zero but clients still spread out.
        double ms = ceiling / 2 + Jitter.Value!.NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(ms);
    }
}
