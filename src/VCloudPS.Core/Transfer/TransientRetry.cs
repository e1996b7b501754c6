using System;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Repeats a whole small transfer request (a descriptor GET or PUT, which moves the same bytes again) after
/// a transient failure, within the connection's retry policy.</summary>
internal static class TransientRetry
{
    public static async Task<T> RunAsync<T>(ITransferHttp http, Func<Task<T>> attempt, CancellationToken ct)
    {
        var budget = http.Retry.Start();
        while (true)
        {
            TimeSpan? delay = null;
            try { return await attempt().ConfigureAwait(false); }
            catch (Exception ex) when (TransientErrors.IsTransient(ex, ct)
                && (delay = budget.Next(TransientErrors.Classify(ex), idempotent: true, TransientErrors.RetryAfter(ex))) != null)
            {
            }
            catch (RetryableStatusException ex)
            {
                throw new TransferException("TransferFailed", $"{ex.Message} (after {budget.Failures} attempts).", ex.StatusCode, ex);
            }
            await http.Retry.Delay(delay!.Value, ct).ConfigureAwait(false);
        }
    }
}
