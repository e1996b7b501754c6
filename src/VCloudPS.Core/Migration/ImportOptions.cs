using System;
using System.Collections.Generic;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

public sealed class ImportOptions
{
    /// <summary>The .ovf descriptor or the .ova file.</summary>
    public string Path { get; set; } = "";
    /// <summary>Target VDC href.</summary>
    public string VdcHref { get; set; } = "";
    /// <summary>Name of the new vApp (default: the package's name).</summary>
    public string? Name { get; set; }
    public string? Description { get; set; }
    /// <summary>When set, the package is uploaded as a vApp template into this catalog and then instantiated.</summary>
    public string? CatalogHref { get; set; }
    /// <summary>OVF network name → target VDC network name (null: disconnected on purpose). A network with the
    /// same name in the VDC maps by itself; any other unmapped network is an error unless
    /// <see cref="AllowDisconnectedNetworks"/> (see <see cref="TargetMapping"/>).</summary>
    public IDictionary<string, string?> NetworkMapping { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);
    public bool AllowDisconnectedNetworks { get; set; }
    /// <summary>Source storage policy (named by the package) → destination policy, for policies the VDC does not
    /// offer by name; a policy kept by name needs no entry, an unknown one is an error before anything is created.</summary>
    public IDictionary<string, string> StorageProfileMapping { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>One storage profile of the VDC for every VM (wins over the package's policies and the mapping).</summary>
    public string? StorageProfile { get; set; }
    public bool PowerOn { get; set; }
    /// <summary>Read and check every file against the manifest before anything is created (a second read of the
    /// package). Off: each file is checked as it is sent and its last block held back until it matches.</summary>
    public bool FullPreCheck { get; set; }
    /// <summary>The descriptor's deployment option (DeploymentOptionSection configuration) to build; null: its default.</summary>
    public string? DeploymentOption { get; set; }
    public TransferOptions Transfer { get; set; } = new TransferOptions();
}

/// <summary>How an import ended, besides the new vApp.</summary>
public sealed class ImportReport
{
    public string VAppHref { get; set; } = "";
    public string? TemplateHref { get; set; }
    /// <summary>The vApp's name and where it came from: "-Name", "Name", "ovf:id" or "file name".</summary>
    public string Name { get; set; } = "";
    public string NameSource { get; set; } = "";
    /// <summary>The deployment option whose hardware was imported (null: the package has none).</summary>
    public string? DeploymentOption { get; set; }
    public long TotalBytes { get; set; }
    public TimeSpan Duration { get; set; }
    public double BytesPerSecond { get; set; }
    public int Resumes { get; set; }
    /// <summary>Manifest entries verified, before the upload or while sending (algorithm per file).</summary>
    public IReadOnlyList<Ovf.VerifiedDigest> Verified { get; set; } = Array.Empty<Ovf.VerifiedDigest>();
    /// <summary>Digest of each file as read while uploading: in the manifest's algorithm, SHA-256 without one.</summary>
    public IDictionary<string, string> UploadedDigests { get; set; } = new Dictionary<string, string>();
}
