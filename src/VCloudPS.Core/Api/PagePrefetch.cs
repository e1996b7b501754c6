using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>
/// Reads a lazy page sequence one page ahead: while the caller maps and writes page N, page N+1 is fetched on the
/// thread pool. Never more than one page is held in advance; pages come out in order; a failure fetching page N+1
/// is rethrown only when the caller asks for it (after page N was delivered); cancellation stops the wait at once.
/// </summary>
public static class PagePrefetch
{
    public static IEnumerable<T> OneAhead<T>(IEnumerable<T> source, CancellationToken ct)
    {
        if (source == null) throw new ArgumentNullException(nameof(source));
        return Iterate(source, ct);
    }

    private static IEnumerable<T> Iterate<T>(IEnumerable<T> source, CancellationToken ct)
    {
        var pages = source.GetEnumerator();
        Task<bool>? pending = null;
        try
        {
            pending = Task.Run(() => pages.MoveNext());
            while (true)
            {
                WaitHandle.WaitAny(new[] { ((IAsyncResult)pending).AsyncWaitHandle, ct.WaitHandle });
                ct.ThrowIfCancellationRequested();
                if (!pending.GetAwaiter().GetResult()) yield break;
                var current = pages.Current;
                ct.ThrowIfCancellationRequested();
                pending = Task.Run(() => pages.MoveNext());
                yield return current;
            }
        }
        finally
        {
            // The enumerator may still be inside MoveNext on the pool: let it end (the source honours ct) before
            // disposing it, and drop its outcome (the caller stopped or already saw an earlier error).
            if (pending != null)
            {
                try { pending.Wait(TimeSpan.FromSeconds(60)); }
                catch (AggregateException) { /* observed: reported through the wait above or not wanted */ }
            }
            if (pending == null || pending.IsCompleted) pages.Dispose();
        }
    }
}
