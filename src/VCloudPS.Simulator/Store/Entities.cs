namespace VCloudPS.Simulator.Store;

/// <summary>Common identity of every stored entity. <see cref="Seq"/> gives the stable "database id order".</summary>
public abstract class SimEntity
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public long Seq { get; set; }
    public string Name { get; set; } = "";
    public abstract EntityKind Kind { get; }
    /// <summary>urn:vcloud:&lt;type&gt;:&lt;uuid&gt;</summary>
    public string Urn => Ids.Urn(Kind, Id);
}

public sealed class SimOrg : SimEntity
{
    public override EntityKind Kind => EntityKind.Org;
    public string FullName { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsEnabled { get; set; } = true;
    /// <summary>The provider's System org: its users are system administrators and see every org.</summary>
    public bool IsSystem { get; set; }
    /// <summary>OrgOperationLimitsSettings.OperationsPerOrg: tasks running at once (0 = unlimited); excess tasks stay queued.</summary>
    public int OperationsPerOrg { get; set; }
    /// <summary>QueuedOperationsPerOrg: queued tasks allowed beyond the running limit (0 = unlimited); more → 400.</summary>
    public int QueuedOperationsPerOrg { get; set; }
}

public sealed class SimApiToken
{
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
    public bool Revoked { get; set; }
    public DateTime? ExpiresUtc { get; set; }
}

public static class Roles
{
    public const string SystemAdministrator = "System Administrator";
    public const string OrgAdministrator = "Organization Administrator";
    public const string VAppAuthor = "vApp Author";
    public const string VAppUser = "vApp User";
    public const string ReadOnly = "Read Only";   // a custom role in vCD terms

    public static bool CanMutate(string role) => role is SystemAdministrator or OrgAdministrator or VAppAuthor or VAppUser;
    public static bool CanCreateDelete(string role) => role is SystemAdministrator or OrgAdministrator or VAppAuthor;
    public static bool CanManageUsers(string role) => role is SystemAdministrator or OrgAdministrator;
}

public sealed class SimUser : SimEntity
{
    public override EntityKind Kind => EntityKind.User;
    public Guid OrgId { get; set; }
    public string Role { get; set; } = Roles.OrgAdministrator;
    public string Password { get; set; } = "";
    public string FullName { get; set; } = "";
    public List<SimApiToken> ApiTokens { get; } = new();
}

public sealed class SimStorageProfile : SimEntity
{
    public override EntityKind Kind => EntityKind.StorageProfile;
    public Guid VdcId { get; set; }
    public long LimitMB { get; set; }
    public bool IsDefault { get; set; }
}

public sealed class SimNetwork : SimEntity
{
    public override EntityKind Kind => EntityKind.Network;
    public Guid OrgId { get; set; }
    public string FenceMode { get; set; } = "bridged";
    public string Gateway { get; set; } = "10.0.0.1";
    public string Netmask { get; set; } = "255.255.255.0";
    public string Dns1 { get; set; } = "10.0.0.2";
    public string IpRangeStart { get; set; } = "10.0.0.10";
    public string IpRangeEnd { get; set; } = "10.0.0.250";
    /// <summary>Next host number handed out by POOL allocation.</summary>
    public int NextHost { get; set; } = 10;
}

public sealed class SimVdc : SimEntity
{
    public override EntityKind Kind => EntityKind.Vdc;
    public Guid OrgId { get; set; }
    public string Description { get; set; } = "";
    public AllocationModel AllocationModel { get; set; } = AllocationModel.AllocationVApp;
    public bool IsEnabled { get; set; } = true;
    /// <summary>MHz of one vCPU (vCD's "vCPU speed"), used to report CPU usage in MHz.</summary>
    public int VCpuSpeedMhz { get; set; } = 2000;
    public long CpuAllocatedMhz { get; set; }
    public long CpuLimitMhz { get; set; }
    public long MemoryAllocatedMB { get; set; }
    public long MemoryLimitMB { get; set; }
    public long StorageLimitMB { get; set; }
    /// <summary>0 = unlimited (vCD semantics).</summary>
    public int VmQuota { get; set; }
    public int NetworkQuota { get; set; } = 20;
    public int NicQuota { get; set; }
    public List<Guid> StorageProfileIds { get; } = new();
    public List<Guid> NetworkIds { get; } = new();
}

public sealed class SimCatalog : SimEntity
{
    public override EntityKind Kind => EntityKind.Catalog;
    public Guid OrgId { get; set; }
    public string Description { get; set; } = "";
    public Guid? OwnerUserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public bool IsPublished { get; set; }
    public List<Guid> ItemIds { get; } = new();
}

public sealed class SimCatalogItem : SimEntity
{
    public override EntityKind Kind => EntityKind.CatalogItem;
    public Guid CatalogId { get; set; }
    public string Description { get; set; } = "";
    /// <summary>The vApp template this item points at.</summary>
    public Guid EntityId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

public sealed class SimDisk
{
    /// <summary>Disk id as vCD shows it (rasd:InstanceID, 2000, 2001, ...).</summary>
    public int InstanceId { get; set; } = 2000;
    public long SizeMB { get; set; }
    public Guid StorageProfileId { get; set; }
    public string BusSubType { get; set; } = "lsilogic";
    /// <summary>Optional path of a file holding the disk's content (transfers; see README "Extension points").</summary>
    public string? BackingFile { get; set; }
    /// <summary>Seed "contentMB": MiB of generated content when the backing file is created lazily (Transfer/).</summary>
    public long? ContentMB { get; set; }
    /// <summary>
    /// Whose generated content the disk carries while it has no backing file: a copy keeps its source disk's (VM id,
    /// instance id), so its content is the source's bit for bit; null = its own.
    /// </summary>
    public (Guid VmId, int InstanceId)? ContentOrigin { get; set; }
}

public sealed class SimNic
{
    public int Index { get; set; }
    public string Network { get; set; } = "none";
    public string IpMode { get; set; } = "POOL";
    public string? IpAddress { get; set; }
    public string Mac { get; set; } = "00:50:56:00:00:00";
    public string AdapterType { get; set; } = "VMXNET3";
    public bool IsConnected { get; set; } = true;
}

public sealed class SimVm : SimEntity
{
    public override EntityKind Kind => EntityKind.Vm;
    public Guid VAppId { get; set; }
    /// <summary>True for a VM inside a vApp template (href /api/vAppTemplate/vm-…).</summary>
    public bool InTemplate { get; set; }
    public string Description { get; set; } = "";
    public VAppStatus Status { get; set; } = VAppStatus.POWERED_OFF;
    public bool Deployed { get; set; }
    public int Cpu { get; set; } = 1;
    public int CoresPerSocket { get; set; } = 1;
    public long MemoryMB { get; set; } = 1024;
    public string GuestOs { get; set; } = "Ubuntu Linux (64-bit)";
    public string OsType { get; set; } = "ubuntu64Guest";
    public string HardwareVersion { get; set; } = "vmx-19";
    public string ComputerName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public Guid StorageProfileId { get; set; }
    public List<SimDisk> Disks { get; } = new();
    public List<SimNic> Nics { get; } = new();
    public int PrimaryNicIndex { get; set; }
    public bool MemoryHotAdd { get; set; } = true;
    public bool CpuHotAdd { get; set; } = true;

    public long StorageMB => Disks.Sum(d => d.SizeMB);
    public bool IsOn => Status == VAppStatus.POWERED_ON;
}

public sealed class SimVApp : SimEntity
{
    public override EntityKind Kind => EntityKind.VApp;
    public Guid VdcId { get; set; }
    public Guid OrgId { get; set; }
    public string Description { get; set; } = "";
    public Guid OwnerUserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public bool InMaintenanceMode { get; set; }
    public int PublicIpCount { get; set; }
    public long DeploymentLeaseSeconds { get; set; }
    public long StorageLeaseSeconds { get; set; }
    /// <summary>Set when deployed with a runtime lease; undeployed by the platform when reached.</summary>
    public DateTime? RuntimeLeaseExpiryUtc { get; set; }
    /// <summary>Explicit status for states that do not derive from VMs (0 while instantiating, -1 failed).</summary>
    public VAppStatus? StatusOverride { get; set; }
    public List<Guid> VmIds { get; } = new();
    public List<string> NetworkNames { get; } = new();
    /// <summary>Free-form slot for transfer state (owned by the Transfer/ code).</summary>
    public object? TransferState { get; set; }
}

public sealed class SimFile
{
    public string Name { get; set; } = "";
    public long Size { get; set; } = -1;
    public long BytesTransferred { get; set; }
    public string? Checksum { get; set; }
    public string? LocalPath { get; set; }
    /// <summary>Relative transfer URL path (e.g. /transfer/&lt;id&gt;/descriptor.ovf) or null.</summary>
    public string? UploadPath { get; set; }
}

public sealed class SimVAppTemplate : SimEntity
{
    public override EntityKind Kind => EntityKind.VAppTemplate;
    public Guid OrgId { get; set; }
    public Guid VdcId { get; set; }
    public Guid? CatalogItemId { get; set; }
    public string Description { get; set; } = "";
    public Guid OwnerUserId { get; set; }
    public VAppStatus Status { get; set; } = VAppStatus.POWERED_OFF;
    public bool OvfDescriptorUploaded { get; set; } = true;
    public bool ManifestRequired { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid? StorageProfileId { get; set; }
    public List<Guid> VmIds { get; } = new();
    public List<SimFile> Files { get; } = new();
    public object? TransferState { get; set; }
}
