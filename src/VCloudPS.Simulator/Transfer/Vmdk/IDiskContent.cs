namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>
/// The logical content of a virtual disk: <see cref="Length"/> bytes from offset 0, zeros beyond it (up to the
/// disk's capacity). Reads must be repeatable: the same offset always yields the same bytes.
/// </summary>
public interface IDiskContent
{
    long Length { get; }

    /// <summary>Fills <paramref name="buffer"/> with the content at <paramref name="offset"/> (zeros past <see cref="Length"/>).</summary>
    void Read(long offset, Span<byte> buffer);
}

/// <summary>A disk that holds nothing (every byte zero).</summary>
public sealed class EmptyDiskContent : IDiskContent
{
    public static readonly EmptyDiskContent Instance = new();
    public long Length => 0;
    public void Read(long offset, Span<byte> buffer) => buffer.Clear();
}
