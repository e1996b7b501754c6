using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace VCloudPS.Core.History;

/// <summary>
/// Independent per-item work (a timeline or the charges of one vApp) on the machine's cores, in consecutive ranges whose
/// results come back in range order: a report's lines and warnings are exactly those of a sequential loop.
/// </summary>
internal static class ParallelInOrder
{
    /// <summary>
    /// <paramref name="body"/>(from, to) for consecutive ranges of <paramref name="rangeSize"/> items covering
    /// [0, <paramref name="count"/>); the first failure is rethrown as it was thrown.
    /// </summary>
    public static TResult[] Ranges<TResult>(int count, int rangeSize, Func<int, int, TResult> body)
    {
        rangeSize = Math.Max(1, rangeSize);
        var ranges = (count + rangeSize - 1) / rangeSize;
        var results = new TResult[ranges];
        void Run(int i) => results[i] = body(i * rangeSize, Math.Min(count, (i + 1) * rangeSize));
        if (ranges <= 1 || Environment.ProcessorCount <= 1)
        {
            for (int i = 0; i < ranges; i++) Run(i);
            return results;
        }
        try
        {
            Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Run);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        return results;
    }
}
