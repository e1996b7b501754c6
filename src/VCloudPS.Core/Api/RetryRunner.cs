using System;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api
{
    /// <summary>
    /// Runs one HTTP exchange with the retry rules: transient failures (5xx 500/502/503/504, dropped or refused
    /// connections, timeouts) only for idempotent requests; 400 BUSY_ENTITY for every method (the server started
    /// nothing); a single transparent session renewal on 401; nothing else is retried.
    /// </summary>
    internal static class RetryRunner
    {
        public static async Task<ApiResponse> RunAsync(
            Func<CancellationToken, Task<ApiResponse>> sendOnce,
            RetryPolicy policy,
            bool idempotent,
            CancellationToken ct,
            Func<ApiResponse, CancellationToken, Task<bool>>? renewSessionOn401 = null)
        {
            int attempt = 0;
            bool renewed = false;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                attempt++;
                var r = await sendOnce(ct).ConfigureAwait(false);
                if (r.IsSuccess) return r;

                if (r.StatusCode == 401 && renewSessionOn401 != null && !renewed)
                {
                    renewed = true;
                    VCloudTrace.Write($"{r.Describe()} -> 401: session expired, logging in again and replaying the request.");
                    if (await renewSessionOn401(r, ct).ConfigureAwait(false))
                    {
                        attempt--;
                        continue;
                    }
                    return r;
                }

                bool busy = IsBusy(r);
                bool transient = busy || (idempotent && IsTransient(r));
                if (!transient || attempt >= policy.LimitFor(busy)) return r;

                var delay = policy.ComputeDelay(attempt, busy);
                var retryAfter = RetryAfter(r);
                if (retryAfter.HasValue && retryAfter.Value > delay)
                    delay = retryAfter.Value < (busy ? policy.BusyMaxDelay : policy.MaxDelay) ? retryAfter.Value : (busy ? policy.BusyMaxDelay : policy.MaxDelay);
                VCloudTrace.Write($"{r.Describe()} -> {Summary(r)}; retry {attempt}/{policy.LimitFor(busy) - 1} in {delay.TotalSeconds:0.0} s.");
                await policy.Delay(delay, ct).ConfigureAwait(false);
            }
        }

        /// <summary>A server's Retry-After (seconds form) on 503/429, honoured up to the policy's maximum delay.</summary>
        public static TimeSpan? RetryAfter(ApiResponse r)
        {
            var v = r.Header("Retry-After");
            return int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds)
                ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        }

        public static bool IsBusy(ApiResponse r) =>
            r.StatusCode == 400 && string.Equals(ErrorMapper.Parse(r.Body)?.Minor, "BUSY_ENTITY", StringComparison.OrdinalIgnoreCase);

        public static bool IsTransient(ApiResponse r)
        {
            if (r.TimedOut) return true;
            if (r.TransportError != null) return ErrorMapper.IsTransientTransport(r.TransportError);
            return r.StatusCode == 500 || r.StatusCode == 502 || r.StatusCode == 503 || r.StatusCode == 504;
        }

        public static string Summary(ApiResponse r) =>
            r.TransportError != null ? "connection failed (" + r.TransportError.GetType().Name + ")" : r.TimedOut ? "timed out" : "HTTP " + r.StatusCode;
    }
}
