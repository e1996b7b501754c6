namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>An uploaded OVF descriptor, as the simulator understood it.</summary>
public sealed record OvfPackage
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<OvfFileReference> Files { get; init; }
    public required IReadOnlyList<OvfDisk> Disks { get; init; }
    public required IReadOnlyList<OvfNetwork> Networks { get; init; }
    public required IReadOnlyList<OvfVirtualMachine> VirtualMachines { get; init; }
    /// <summary>False when the envelope has a single top-level VirtualSystem (ovftool style).</summary>
    public bool HasVirtualSystemCollection { get; init; }

    public long TotalCapacityBytes => Disks.Sum(d => d.CapacityBytes);
}

public sealed record OvfFileReference(string Id, string Href, long? Size, long? ChunkSize);

public sealed record OvfDisk(string DiskId, long CapacityBytes, string? FileRef, long? PopulatedSize, string? Format);

public sealed record OvfNetwork(string Name, string? Description);

public sealed record OvfVirtualMachine
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? OsType { get; init; }
    public string? OsDescription { get; init; }
    public string? HardwareVersion { get; init; }
    public int CpuCount { get; init; } = 1;
    public int CoresPerSocket { get; init; } = 1;
    public long MemoryMB { get; init; }
    public string? ComputerName { get; init; }
    public IReadOnlyList<OvfVmDisk> Disks { get; init; } = [];
    public IReadOnlyList<OvfVmNic> Nics { get; init; } = [];
}

public sealed record OvfVmDisk(string DiskId, int InstanceId, int AddressOnParent, string? ControllerSubType, long CapacityBytes, string? FileRef);

public sealed record OvfVmNic(int Index, string? Network, string? MacAddress, string AddressingMode, string? IpAddress, bool IsPrimary, bool IsConnected, string AdapterType);
