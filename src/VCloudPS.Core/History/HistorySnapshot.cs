using System;
using System.Collections.Generic;

namespace VCloudPS.Core.History;

/// <summary>Current (as of <see cref="HistorySnapshot.AsOf"/>) state of a VM, from the vm/adminVM query.</summary>
public sealed class CurrentVmState
{
    public CurrentVmState(string vmId, string vmName, string vAppId, PowerState power, VmConfiguration? configuration)
    {
        VmId = vmId; VmName = vmName; VAppId = vAppId; Power = power; Configuration = configuration;
    }
    public string VmId { get; }
    public string VmName { get; }
    public string VAppId { get; }
    public PowerState Power { get; }
    public VmConfiguration? Configuration { get; }
    /// <summary>When the VM was created (VM record dateCreated), when known.</summary>
    public DateTime? Created { get; set; }
}

/// <summary>A vApp known from the current inventory (or only from history when it was deleted).</summary>
public sealed class VAppInfo
{
    public VAppInfo(string id, string name, string? orgName, string? vdcId, string? vdcName)
    {
        Id = id; Name = name; OrgName = orgName; VdcId = vdcId; VdcName = vdcName;
    }
    public string Id { get; }
    public string Name { get; }
    public string? OrgName { get; }
    public string? VdcId { get; }
    public string? VdcName { get; }
    /// <summary>Current public IP count when the source knows it; null otherwise.</summary>
    public int? PublicIpCount { get; set; }
}

/// <summary>An org VDC and its allocation model (AllocationVApp = pay-as-you-go, AllocationPool, ReservationPool, Flex).</summary>
public sealed class VdcInfo
{
    public VdcInfo(string id, string name, string? orgName, string? allocationModel)
    {
        Id = id; Name = name; OrgName = orgName; AllocationModel = allocationModel;
    }
    public string Id { get; }
    public string Name { get; }
    public string? OrgName { get; }
    public string? AllocationModel { get; }
}

/// <summary>
/// Everything the timeline builder needs: retained audit events (ascending by timestamp), the current inventory,
/// the instant the current state was read, and from when on the event history is known to be complete.
/// </summary>
public sealed class HistorySnapshot
{
    public HistorySnapshot(IReadOnlyList<AuditEvent> events, IReadOnlyList<CurrentVmState> currentVms,
        IReadOnlyList<VAppInfo> currentVApps, IReadOnlyList<VdcInfo> vdcs, DateTime asOf, DateTime? completeFrom)
    {
        Events = events; CurrentVms = currentVms; CurrentVApps = currentVApps; Vdcs = vdcs;
        AsOf = UtcTime.Normalize(asOf);
        CompleteFrom = completeFrom.HasValue ? UtcTime.Normalize(completeFrom.Value) : (DateTime?)null;
    }

    public IReadOnlyList<AuditEvent> Events { get; }
    public IReadOnlyList<CurrentVmState> CurrentVms { get; }
    public IReadOnlyList<VAppInfo> CurrentVApps { get; }
    public IReadOnlyList<VdcInfo> Vdcs { get; }
    /// <summary>When the current state was read ("now" for the report).</summary>
    public DateTime AsOf { get; }
    /// <summary>
    /// Every event at or after this instant is in <see cref="Events"/>; null when nothing is known to be complete
    /// (e.g. an empty audit trail). Retention shorter than a window makes this later than the window start.
    /// </summary>
    public DateTime? CompleteFrom { get; }

    /// <summary>
    /// Entities (VMs) whose own events are all in <see cref="Events"/> from an instant earlier than
    /// <see cref="CompleteFrom"/>: a targeted look-back read them back to there.
    /// </summary>
    public IDictionary<string, DateTime> EntityCompleteFrom { get; } = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);

    /// <summary>From when on every event of <paramref name="entityId"/> is in <see cref="Events"/> (null: never known).</summary>
    public DateTime? CompleteFromFor(string entityId) =>
        EntityCompleteFrom.TryGetValue(entityId, out var t) && (CompleteFrom == null || t < CompleteFrom.Value) ? t : CompleteFrom;

    /// <summary>The instant <see cref="ImpliedPowerAtStart"/> refers to (the report window start).</summary>
    public DateTime? ImpliedAt { get; set; }

    /// <summary>
    /// Power states at <see cref="ImpliedAt"/> implied by each VM's first later power event (a power-off, suspend or
    /// reset can only act on a powered-on VM), for VMs whose whole history since creation is retained: the event that set
    /// that state is then retained too, and says the same, so it need not be read.
    /// </summary>
    public IDictionary<string, PowerState> ImpliedPowerAtStart { get; } = new Dictionary<string, PowerState>(StringComparer.OrdinalIgnoreCase);
}
