using System.Collections.Concurrent;

namespace VCloudPS.Core.Transfer;

/// <summary>Reuses the large (1 MiB) transfer buffers across files and chunks. Every buffer of that size lives on the
/// large-object heap; allocating one per chunk made the GC heap, and with it the working set, grow during long
/// uploads. At most <see cref="MaxRetained"/> buffers are kept.</summary>
internal static class TransferBuffers
{
    private const int MaxRetained = 16;
    private static readonly ConcurrentBag<byte[]> Free = new ConcurrentBag<byte[]>();

    public static byte[] Rent(int size)
    {
        while (Free.TryTake(out var b))
            if (b.Length == size) return b;   // buffers of another size (changed options) are dropped
        return new byte[size];
    }

    public static void Return(byte[] buffer)
    {
        if (Free.Count < MaxRetained) Free.Add(buffer);
    }
}
