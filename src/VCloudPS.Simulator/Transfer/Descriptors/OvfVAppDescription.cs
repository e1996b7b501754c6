namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>What the descriptor writer needs to know about a vApp (or template) to export it.</summary>
public sealed record OvfVAppDescription
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<OvfNetworkDescription> Networks { get; init; } = [];
    public IReadOnlyList<OvfVmDescription> Vms { get; init; } = [];
    public bool CustomizeOnInstantiate { get; init; }
}

public sealed record OvfNetworkDescription
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>bridged | isolated | natRouted</summary>
    public string FenceMode { get; init; } = "bridged";
    public string? Gateway { get; init; }
    public int? PrefixLength { get; init; }
}

public sealed record OvfVmDescription
{
    public required string Name { get; init; }
    /// <summary>The VM's vCD uuid: used in file and disk ids, and (identity form) VirtualMachineId.</summary>
    public required Guid Id { get; init; }
    public string? Description { get; init; }
    public string OsType { get; init; } = "otherLinux64Guest";
    public string? OsDescription { get; init; }
    /// <summary>vssd:VirtualSystemType, e.g. vmx-19.</summary>
    public string HardwareVersion { get; init; } = "vmx-19";
    public int CpuCount { get; init; } = 1;
    public int CoresPerSocket { get; init; } = 1;
    public long MemoryMB { get; init; } = 1024;
    public string? ComputerName { get; init; }
    public int StartOrder { get; init; }
    public IReadOnlyList<OvfDiskDescription> Disks { get; init; } = [];
    public IReadOnlyList<OvfNicDescription> Nics { get; init; } = [];
}

public sealed record OvfDiskDescription
{
    /// <summary>File name in References (<c>&lt;vm&gt;-disk&lt;N&gt;.vmdk</c>), relative to the descriptor.</summary>
    public required string FileHref { get; init; }
    public required long CapacityMB { get; init; }
    /// <summary>Size of the VMDK file in bytes (ovf:size); null when the file does not exist yet (GET …/ovf).</summary>
    public required long? FileSize { get; init; }
    /// <summary>Bytes of the disk that hold data (ovf:populatedSize).</summary>
    public long PopulatedSize { get; init; }
    /// <summary>SCSI controller flavour: lsilogic, lsilogicsas, VirtualSCSI, buslogic.</summary>
    public string BusSubType { get; init; } = "lsilogic";
}

public sealed record OvfNicDescription
{
    public required int Index { get; init; }
    /// <summary>Network name; <c>none</c> means not connected.</summary>
    public required string Network { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>DHCP | POOL | MANUAL | NONE</summary>
    public string AddressingMode { get; init; } = "DHCP";
    public string? IpAddress { get; init; }
    public bool IsPrimary { get; init; }
    public bool IsConnected { get; init; } = true;
    /// <summary>VMXNET3, E1000, E1000E, ...</summary>
    public string AdapterType { get; init; } = "VMXNET3";
}

/// <summary>The two descriptor flavours vCD serves: <c>download:default</c> and <c>download:identity</c>.</summary>
public enum OvfDescriptorForm
{
    /// <summary>Portable: no MAC addresses, IP addresses or VM ids.</summary>
    Default,
    /// <summary>Keeps MAC addresses, IP addresses and VM ids.</summary>
    Identity,
}
