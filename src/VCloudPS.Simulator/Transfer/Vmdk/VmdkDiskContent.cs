namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>The content of an existing streamOptimized VMDK, read grain by grain (to rewrite it with another capacity).</summary>
public sealed class VmdkDiskContent : IDiskContent
{
    private readonly StreamOptimizedVmdkReader _reader;
    private readonly byte[] _grain = new byte[VmdkFormat.GrainSizeBytes];
    private long _cachedGrain = -1;

    public VmdkDiskContent(StreamOptimizedVmdkReader reader)
    {
        _reader = reader;
        var last = -1L;
        for (var g = reader.GrainCount - 1; g >= 0; g--)
        {
            if (reader.IsAllocated(g))
            {
                last = g;
                break;
            }
        }
        Length = Math.Min((last + 1) * VmdkFormat.GrainSizeBytes, reader.CapacityBytes);
    }

    public long Length { get; }

    public void Read(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var grain = offset / VmdkFormat.GrainSizeBytes;
            var within = (int)(offset % VmdkFormat.GrainSizeBytes);
            var take = Math.Min(buffer.Length, VmdkFormat.GrainSizeBytes - within);
            if (grain >= _reader.GrainCount)
            {
                buffer[..take].Clear();
            }
            else
            {
                if (grain != _cachedGrain)
                {
                    _reader.ReadGrain(grain, _grain);
                    _cachedGrain = grain;
                }
                _grain.AsSpan(within, take).CopyTo(buffer);
            }
            buffer = buffer[take..];
            offset += take;
        }
    }
}
