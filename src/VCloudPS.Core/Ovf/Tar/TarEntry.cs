namespace VCloudPS.Core.Ovf.Tar;

/// <summary>A regular file or directory in a tar archive. <see cref="DataOffset"/> is the position of the first data
/// byte in the archive stream.</summary>
public sealed class TarEntry
{
    public TarEntry(string name, long size, long dataOffset, bool isDirectory)
    { Name = name; Size = size; DataOffset = dataOffset; IsDirectory = isDirectory; }
    /// <summary>Validated relative name (forward slashes, no <c>..</c>).</summary>
    public string Name { get; }
    public long Size { get; }
    public long DataOffset { get; }
    public bool IsDirectory { get; }
    public override string ToString() => $"{Name} ({Size} bytes)";
}
