using System.Text.Json.Serialization;

namespace VCloudPS.Simulator.Seeds;

// The JSON seed file format (documented with an example in README.md). Property names are camelCase in JSON and
// matched case-insensitively. Times are ISO 8601 UTC ("2026-10-01T00:00:00Z") or relative to the seed's now
// ("-30d", "-2d6h", "-90m", "now") or anchored on a calendar month of now ("month-1+3d4h"; see SeedTime).

public sealed class SeedFile
{
    public string? Name { get; set; }
    /// <summary>Simulated time at start unless --now is given.</summary>
    public string? Now { get; set; }
    public int? AuditRetentionDays { get; set; }
    /// <summary>e.g. ["36.0", "37.0", "33.0:deprecated", "39.0.0-alpha"].</summary>
    public List<string>? ApiVersions { get; set; }
    public List<SeedOrg> Orgs { get; set; } = new();
    /// <summary>Explicit audit events, recorded as given (after the creation events the loader emits).</summary>
    public List<SeedEvent>? History { get; set; }
    /// <summary>Generate a realistic random history for every vApp that has no explicit events.</summary>
    public SeedHistoryGeneration? GenerateHistory { get; set; }
}

public sealed class SeedHistoryGeneration
{
    public int Days { get; set; } = 92;
    public int RandomSeed { get; set; } = 42;
}

public sealed class SeedOrg
{
    public string Name { get; set; } = "";
    public string? FullName { get; set; }
    public bool IsSystem { get; set; }
    /// <summary>Org operation limits: running tasks at once and queued tasks beyond that (0 = unlimited).</summary>
    public int OperationsPerOrg { get; set; }
    public int QueuedOperationsPerOrg { get; set; }
    public List<SeedUser> Users { get; set; } = new();
    public List<SeedNetwork> Networks { get; set; } = new();
    public List<SeedVdc> Vdcs { get; set; } = new();
    public List<SeedCatalog> Catalogs { get; set; } = new();
    public List<SeedVApp> VApps { get; set; } = new();
}

public sealed class SeedUser
{
    public string Name { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>"Organization Administrator", "vApp Author", "vApp User", "Read Only" (System org: always System Administrator).</summary>
    public string Role { get; set; } = "Organization Administrator";
    public string? FullName { get; set; }
    public List<SeedApiToken> ApiTokens { get; set; } = new();
}

public sealed class SeedApiToken
{
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
    public bool Revoked { get; set; }
    public string? Expires { get; set; }
}

public sealed class SeedNetwork
{
    public string Name { get; set; } = "";
    public string Gateway { get; set; } = "10.0.0.1";
    public string Netmask { get; set; } = "255.255.255.0";
    public string? Dns1 { get; set; }
    public string? IpRangeStart { get; set; }
    public string? IpRangeEnd { get; set; }
    public string FenceMode { get; set; } = "bridged";
}

public sealed class SeedVdc
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>AllocationVApp (pay-as-you-go), AllocationPool, ReservationPool, Flex.</summary>
    public string AllocationModel { get; set; } = "AllocationVApp";
    public int VCpuSpeedMhz { get; set; } = 2000;
    public long CpuAllocatedMhz { get; set; }
    public long CpuLimitMhz { get; set; }
    public long MemoryAllocatedMB { get; set; }
    public long MemoryLimitMB { get; set; }
    public long StorageLimitMB { get; set; }
    public int VmQuota { get; set; }
    public List<SeedStorageProfile> StorageProfiles { get; set; } = new();
    /// <summary>Org networks available in this VDC (default: all of the org's).</summary>
    public List<string>? Networks { get; set; }
}

public sealed class SeedStorageProfile
{
    public string Name { get; set; } = "";
    public long LimitMB { get; set; }
    public bool Default { get; set; }
}

public sealed class SeedCatalog
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<SeedTemplate> Items { get; set; } = new();
}

public sealed class SeedTemplate
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Vdc { get; set; } = "";
    public List<SeedVm> Vms { get; set; } = new();
}

public sealed class SeedVApp
{
    /// <summary>Optional fixed uuid (default: derived from org and name, stable across runs).</summary>
    public string? Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Vdc { get; set; } = "";
    public string? Owner { get; set; }
    public string? Created { get; set; }
    /// <summary>POWERED_ON | POWERED_OFF | SUSPENDED: default for every VM without its own status.</summary>
    public string? Status { get; set; }
    /// <summary>For POWERED_OFF: whether the vApp stays deployed (powered off but not undeployed). Default false.</summary>
    public bool? Deployed { get; set; }
    public bool MaintenanceMode { get; set; }
    public int PublicIps { get; set; }
    public long DeploymentLeaseSeconds { get; set; }
    public long StorageLeaseSeconds { get; set; }
    /// <summary>vApp networks (org network names); default the networks of the VMs' NICs.</summary>
    public List<string>? Networks { get; set; }
    public List<SeedVm> Vms { get; set; } = new();
}

public sealed class SeedVm
{
    public string? Id { get; set; }
    public string Name { get; set; } = "";
    public int Cpu { get; set; } = 1;
    public int CoresPerSocket { get; set; } = 1;
    public long MemoryMB { get; set; } = 1024;
    public string? GuestOs { get; set; }
    public string? OsType { get; set; }
    public string? HardwareVersion { get; set; }
    public string? Status { get; set; }
    public bool? Deployed { get; set; }
    /// <summary>Creation time (default the vApp's).</summary>
    public string? Created { get; set; }
    /// <summary>Storage policy of the VM (default the VDC's default policy).</summary>
    public string? StorageProfile { get; set; }
    public List<SeedDisk> Disks { get; set; } = new();
    public List<SeedNic> Nics { get; set; } = new();
}

public sealed class SeedDisk
{
    public long SizeMB { get; set; }
    /// <summary>MiB of real (incompressible) content in the disk's VMDK (Transfer/; default a few MiB).</summary>
    public long? ContentMB { get; set; }
    public string? StorageProfile { get; set; }
}

public sealed class SeedNic
{
    public string Network { get; set; } = "";
    public string IpMode { get; set; } = "POOL";
    public string? Ip { get; set; }
    public string? Mac { get; set; }
    public string AdapterType { get; set; } = "VMXNET3";
}

/// <summary>
/// One explicit history entry. <see cref="Type"/> is the short event type ("vm/change_state") or the full one.
/// <see cref="VApp"/>/<see cref="Vm"/> name the entity; <c>"vm": "*"</c> expands to every VM of the vApp (one event
/// each, sharing one task). Entities absent from the current state (deleted ones) get stable ids derived from names.
/// </summary>
public sealed class SeedEvent
{
    public string Timestamp { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Org { get; set; }
    public string VApp { get; set; } = "";
    public string? Vm { get; set; }
    /// <summary>Initiator: a user name of the org, or "system" (the default for outages and lease expiry).</summary>
    public string? User { get; set; }
    /// <summary>Whether a task backs the event (default: true for users, false for system).</summary>
    public bool? Task { get; set; }
    /// <summary>SUCCESS (default) or FAILURE.</summary>
    public string? Status { get; set; }
    public string? State { get; set; }
    public string? PowerAction { get; set; }
    public int? NumCpu { get; set; }
    public long? MemoryMB { get; set; }
    /// <summary>"Standard:40960;Gold:51200".</summary>
    public string? Disks { get; set; }
    public int? PublicIpCount { get; set; }
    public bool? MaintenanceMode { get; set; }
    public string? Description { get; set; }
    /// <summary>Extra or overriding additionalProperties.</summary>
    public Dictionary<string, string>? Properties { get; set; }

    [JsonIgnore] internal DateTime At { get; set; }
}
