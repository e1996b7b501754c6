using System;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api
{
    /// <summary>
    /// Bounded exponential backoff with full jitter for transient failures (5xx, dropped connections, timeouts) and a
    /// longer schedule for 400 BUSY_ENTITY. Tests inject <see cref="Immediate"/> (or their own <see cref="Delay"/>).
    /// </summary>
    public sealed class RetryPolicy
    {
        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));

        /// <summary>Attempts in total (first try included) for 5xx / network / timeout failures.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>Attempts in total for BUSY_ENTITY (tasks on the entity usually finish within a minute).</summary>
        public int BusyMaxAttempts { get; set; } = 8;

        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);
        public TimeSpan BusyBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
        public TimeSpan BusyMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How to wait; replaced in tests to avoid real sleeping.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        public static RetryPolicy Default => new RetryPolicy();

        /// <summary>Same attempt limits, no waiting: for tests.</summary>
        public static RetryPolicy Immediate => new RetryPolicy { Delay = (_, ct) => { ct.ThrowIfCancellationRequested(); return Task.CompletedTask; } };

        /// <summary>No retries at all.</summary>
        public static RetryPolicy None => new RetryPolicy { MaxAttempts = 1, BusyMaxAttempts = 1 };

        /// <summary>Delay before attempt number <paramref name="attempt"/>+1 (attempt is 1-based: the one that just failed).</summary>
        public TimeSpan ComputeDelay(int attempt, bool busy)
        {
            var baseDelay = busy ? BusyBaseDelay : BaseDelay;
            var max = busy ? BusyMaxDelay : MaxDelay;
            double ceiling = Math.Min(max.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            // "Equal jitter": half fixed, half random, so waits never collapse to zero but clients still spread out.
            double ms = ceiling / 2 + Jitter.Value!.NextDouble() * ceiling / 2;
            return TimeSpan.FromMilliseconds(ms);
        }

        internal int LimitFor(bool busy) => Math.Max(1, busy ? BusyMaxAttempts : MaxAttempts);
    }
}
