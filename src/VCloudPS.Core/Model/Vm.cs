using System;

namespace VCloudPS.Core.Model;

public sealed class Vm : VCloudEntity
{
    public override string Name { get; set; } = "";
    public string? VAppName { get; set; }
    public string? VAppHref { get; set; }
    public string? VAppId { get; set; }
    public string Status { get; set; } = "";
    public bool Deployed { get; set; }
    public int? CpuCount { get; set; }
    public int? CoresPerSocket { get; set; }
    public long? MemoryMB { get; set; }

    /// <summary>Sum of the hard disks' capacity (or the server's totalStorageAllocatedMb for query records).</summary>
    public long? StorageMB { get; set; }
    public string? GuestOs { get; set; }
    public string? HardwareVersion { get; set; }
    public string? IpAddress { get; set; }
    public string? NetworkName { get; set; }
    public string? StorageProfile { get; set; }
    public string? VdcName { get; set; }

    /// <summary>Hard disks; empty when the VM came from a query record (use Get-VAppVM for full detail).</summary>
    public VmDisk[] Disks { get; set; } = Array.Empty<VmDisk>();
    public VmNic[] Nics { get; set; } = Array.Empty<VmNic>();
}

public sealed class VmDisk
{
    public string Name { get; set; } = "";
    public string? InstanceId { get; set; }
    public long SizeMB { get; set; }
    public string? BusType { get; set; }
    public string? BusSubType { get; set; }

    /// <summary>Name of the disk's storage policy.</summary>
    public string? StorageProfile { get; set; }
    public string? StorageProfileHref { get; set; }

    /// <summary>True when the disk's storage policy is set on the disk rather than inherited from the VM.</summary>
    public bool OverridesVmStorageProfile { get; set; }
    public override string ToString() => $"{Name} ({SizeMB} MB)";
}

public sealed class VmNic
{
    public int Index { get; set; }
    public string? Network { get; set; }
    public string? IpAddress { get; set; }
    public string? IpAddressingMode { get; set; }
    public string? MacAddress { get; set; }
    public string? AdapterType { get; set; }
    public bool IsPrimary { get; set; }
    public bool IsConnected { get; set; } = true;
    public override string ToString() => $"{Network} {IpAddress}".Trim();
}
