using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Transfer;

/// <summary>Runs work items with at most N at a time; the first failure cancels the others and is rethrown.</summary>
public static class BoundedParallel
{
    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int degree, Func<T, int, CancellationToken, Task> work, CancellationToken ct)
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
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try { await work(items[index], index, linked.Token).ConfigureAwait(false); }
                catch (Exception ex)
                {
                    lock (firstGate) { if (first == null || (first is OperationCanceledException && !(ex is OperationCanceledException))) first = ex; }
                    linked.Cancel();
                }
                finally { gate.Release(); }
            }, CancellationToken.None));   // started even when cancelled: its finally releases the gate
        }
        await Task.WhenAll(tasks.ToArray()).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }
}
