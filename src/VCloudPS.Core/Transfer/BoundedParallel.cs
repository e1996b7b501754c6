using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Runs work items with at most N at a time; the first failure cancels the others and is rethrown.</summary>
public static class BoundedParallel
{
    /// <summary>The files of one transfer: at most <see cref="TransferOptions.MaxParallelFiles"/> at once, and each
    /// also holds a slot of <see cref="TransferOptions.SharedFileSlots"/> (when set) while it runs, so that the
    /// transfers of several vApps in one call share one bound.</summary>
    public static Task ForEachFileAsync<T>(IReadOnlyList<T> files, TransferOptions transfer, Func<T, int, CancellationToken, Task> work, CancellationToken ct)
        => ForEachAsync(files, transfer.MaxParallelFiles, work, ct, transfer.SharedFileSlots);

    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int degree, Func<T, int, CancellationToken, Task> work, CancellationToken ct,
        SemaphoreSlim? sharedSlots = null)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(Math.Max(1, degree));
        Exception? first = null;
        var firstGate = new object();
        var tasks = new List<Task>();
        for (int i = 0; i < items.Count; i++)
        {
            try { await gate.WaitAsync(linked.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            if (sharedSlots != null)
            {
                try { await sharedSlots.WaitAsync(linked.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { gate.Release(); break; }
            }
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try { await work(items[index], index, linked.Token).ConfigureAwait(false); }
                catch (Exception ex)
                {
                    lock (firstGate) { if (first == null || (first is OperationCanceledException && !(ex is OperationCanceledException))) first = ex; }
                    linked.Cancel();
                }
                finally
                {
                    sharedSlots?.Release();
                    gate.Release();
                }
            }, CancellationToken.None));   // started even when cancelled: its finally releases the gate
        }
        await Task.WhenAll(tasks.ToArray()).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }
}
