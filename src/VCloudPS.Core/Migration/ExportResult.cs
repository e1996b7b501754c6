using System;
using System.Collections.Generic;

namespace VCloudPS.Core.Migration;

/// <summary>What Export-VApp wrote.</summary>
public sealed class ExportResult
{
    /// <summary>The .ova file, or the descriptor (.ovf) inside the package folder.</summary>
    public string Path { get; set; } = "";
    /// <summary>OVF (a folder) or OVA (one tar file).</summary>
    public string Format { get; set; } = "";
    public string SourceName { get; set; } = "";
    public string SourceHref { get; set; } = "";
    /// <summary>VApp or VAppTemplate.</summary>
    public string SourceType { get; set; } = "";
    public string DescriptorName { get; set; } = "";
    public string ManifestName { get; set; } = "";
    /// <summary>Descriptor, then every referenced file, each with its size and SHA-256.</summary>
    public IReadOnlyList<ExportedFile> Files { get; set; } = Array.Empty<ExportedFile>();
    /// <summary>Bytes of the referenced files (disks), as downloaded.</summary>
    public long TotalBytes { get; set; }
    /// <summary>File name → SHA-256 (lower-case hex), as written to the manifest.</summary>
    public IDictionary<string, string> Digests { get; set; } = new Dictionary<string, string>();
    public TimeSpan Duration { get; set; }
    /// <summary>Average throughput of the file downloads.</summary>
    public double BytesPerSecond { get; set; }
    /// <summary>Downloads continued with Range after a dropped connection.</summary>
    public int Resumes { get; set; }
    /// <summary>True when the vApp was undeployed for the export (-Stop) and its power state restored.</summary>
    public bool WasStopped { get; set; }
    public override string ToString() => Path;
}

public sealed class ExportedFile
{
    public ExportedFile(string name, long size, string sha256) { Name = name; Size = size; Sha256 = sha256; }
    public string Name { get; }
    public long Size { get; }
    public string Sha256 { get; }
    public override string ToString() => Name;
}

public sealed class ExportOptions
{
    /// <summary>Folder, <c>.ovf</c> path or <c>.ova</c> file.</summary>
    public string Path { get; set; } = "";
    public bool Force { get; set; }
    /// <summary>Undeploy a deployed vApp for the export and restore its power state afterwards.</summary>
    public bool StopIfDeployed { get; set; }
    public Transfer.TransferOptions Transfer { get; set; } = new Transfer.TransferOptions();
}
