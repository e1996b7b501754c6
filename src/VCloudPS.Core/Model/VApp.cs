using System;

namespace VCloudPS.Core.Model;

/// <summary>A vApp: a group of VMs managed together.</summary>
public sealed class VApp : VCloudEntity
{
    public override string Name { get; set; } = "";
    /// <summary>vCD status name, e.g. POWERED_ON, POWERED_OFF, RESOLVED, MIXED.</summary>
    public string Status { get; set; } = "";
    public bool Deployed { get; set; }
    public bool IsBusy { get; set; }
    public string? VdcName { get; set; }
    public string? VdcHref { get; set; }
    public string? OrgName { get; set; }
    public int? NumberOfVMs { get; set; }
    public int? CpuCount { get; set; }
    public long? MemoryMB { get; set; }
    public long? StorageMB { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public string? Description { get; set; }
    public bool? InMaintenanceMode { get; set; }
}
