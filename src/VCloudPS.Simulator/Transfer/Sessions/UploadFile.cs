using System.Security.Cryptography;

namespace VCloudPS.Simulator.Transfer.Sessions;

/// <summary>One file of an upload: what vCD lists under the entity's <c>Files</c> element.</summary>
public sealed class UploadFile
{
    private long _bytesTransferred;

    internal UploadFile(string name, long? size, string path, UploadFileKind kind)
    {
        Name = name;
        Size = size;
        Path = path;
        Kind = kind;
    }

    public string Name { get; }
    /// <summary>Declared size (References/File/@ovf:size); unknown for the descriptor and manifest until they arrive.</summary>
    public long? Size { get; internal set; }
    public string Path { get; }
    public UploadFileKind Kind { get; }
    public long BytesTransferred => Interlocked.Read(ref _bytesTransferred);
    public bool IsComplete => Size is { } size && BytesTransferred == size;

    internal SemaphoreSlim Gate { get; } = new(1, 1);
    internal IncrementalHash? Sha256 { get; set; }
    internal IncrementalHash? Sha1 { get; set; }

    internal void SetTransferred(long value) => Interlocked.Exchange(ref _bytesTransferred, value);
}

public enum UploadFileKind
{
    Descriptor,
    Manifest,
    Content,
}
