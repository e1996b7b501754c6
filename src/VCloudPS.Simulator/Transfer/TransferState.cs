using VCloudPS.Simulator.History;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer.Sessions;

namespace VCloudPS.Simulator.Transfer;

/// <summary>Stored in <c>TransferState</c> of a vApp or template whose download is enabled.</summary>
internal sealed record DownloadState(Guid SessionId);

/// <summary>Stored in <c>TransferState</c> of a vApp or template being created from an uploaded OVF package.</summary>
internal sealed class ImportState
{
    public required UploadSession Upload { get; init; }
    public required SimTask Task { get; init; }
    public required Guid OrgId { get; init; }
    public required Guid VdcId { get; init; }
    public required Actor Actor { get; init; }
    /// <summary>The user whose session created the upload: only that user's sessions may PUT to its URLs (as in vCD).</summary>
    public Guid? UploaderUserId { get; init; }
    /// <summary>Task fault "hang": the upload completes but the task never finishes.</summary>
    public bool Hang { get; init; }
    /// <summary>instantiateOvf NetworkMapping: OVF network name → org VDC network name.</summary>
    public IReadOnlyDictionary<string, string> NetworkMapping { get; init; } = new Dictionary<string, string>();
    public Guid? StorageProfileId { get; init; }
    /// <summary>instantiateOvf InstantiateVmParams: OVF VirtualSystem id → the VM's storage profile (its disks too).</summary>
    public IReadOnlyDictionary<string, Guid> VmStorageProfiles { get; init; } = new Dictionary<string, Guid>();
    /// <summary>Simulated time of the last transfer request (uploads idle out like downloads).</summary>
    public DateTime LastActivityUtc { get; set; }
    public bool TimedOut { get; set; }
}
