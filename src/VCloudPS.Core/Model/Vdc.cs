using System;

namespace VCloudPS.Core.Model;

/// <summary>An organization virtual datacenter with its capacity and usage.</summary>
public sealed class Vdc : VCloudEntity
{
    public override string Name { get; set; } = "";
    public string? OrgName { get; set; }
    public string? OrgHref { get; set; }

    /// <summary>AllocationVApp (pay as you go), AllocationPool, ReservationPool or Flex.</summary>
    public string? AllocationModel { get; set; }

    public bool IsEnabled { get; set; } = true;
    public string? Description { get; set; }
    public long? CpuLimitMhz { get; set; }
    public long? CpuAllocatedMhz { get; set; }
    public long? CpuUsedMhz { get; set; }
    public long? MemoryLimitMB { get; set; }
    public long? MemoryAllocatedMB { get; set; }
    public long? MemoryUsedMB { get; set; }
    public long? StorageLimitMB { get; set; }
    public long? StorageUsedMB { get; set; }
    public int? NumberOfVApps { get; set; }
    public int? VmQuota { get; set; }
    public string[] Networks { get; set; } = Array.Empty<string>();
}
