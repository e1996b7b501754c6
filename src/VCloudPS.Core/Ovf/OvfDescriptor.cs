using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>A parsed, validated OVF 1.x descriptor. <see cref="Document"/> keeps the original XML for re-upload.</summary>
public sealed class OvfDescriptor
{
    internal OvfDescriptor(XDocument document, string name, bool isCollection, IReadOnlyList<OvfFileReference> files,
        IReadOnlyList<OvfDisk> disks, IReadOnlyList<OvfNetwork> networks, IReadOnlyList<OvfVirtualSystem> virtualSystems)
    {
        Document = document;
        Name = name;
        IsCollection = isCollection;
        Files = files;
        Disks = disks;
        Networks = networks;
        VirtualSystems = virtualSystems;
    }

    public XDocument Document { get; }
    /// <summary>The collection's (vApp's) name, or the single virtual system's name; when the descriptor's
    /// <c>Name</c> is empty, its <c>ovf:id</c>, then the descriptor's file name (see <see cref="NameSource"/>).</summary>
    public string Name { get; }
    /// <summary>Where <see cref="Name"/> comes from: "Name", "ovf:id" or "file name".</summary>
    public string NameSource { get; internal set; } = "Name";
    /// <summary>The ids of the <c>DeploymentOptionSection</c>'s configurations (empty without one).</summary>
    public IReadOnlyList<string> DeploymentOptions { get; internal set; } = Array.Empty<string>();
    /// <summary>The configuration whose hardware items were read (null without deployment options).</summary>
    public string? DeploymentOption { get; internal set; }
    /// <summary>True when the content is a <c>VirtualSystemCollection</c> (vCD vApp); false for a single <c>VirtualSystem</c>.</summary>
    public bool IsCollection { get; }
    /// <summary>References/File entries in document order (the order an OVA stores them in).</summary>
    public IReadOnlyList<OvfFileReference> Files { get; }
    public IReadOnlyList<OvfDisk> Disks { get; }
    public IReadOnlyList<OvfNetwork> Networks { get; }
    public IReadOnlyList<OvfVirtualSystem> VirtualSystems { get; }

    /// <summary>Total of the declared file sizes (files without <c>ovf:size</c> count as 0).</summary>
    public long DeclaredBytes
    {
        get { long t = 0; foreach (var f in Files) t += f.Size ?? 0; return t; }
    }
}

public sealed class OvfFileReference
{
    public OvfFileReference(string id, string href, long? size, long? chunkSize, string? compression)
    { Id = id; Href = href; Size = size; ChunkSize = chunkSize; Compression = compression; }
    public string Id { get; }
    /// <summary>Validated relative name inside the package.</summary>
    public string Href { get; }
    public long? Size { get; }
    /// <summary>When set, the file is stored as parts <c>href.000000000</c>, <c>href.000000001</c>, ...</summary>
    public long? ChunkSize { get; }
    public string? Compression { get; }
    public override string ToString() => Href;
}

public sealed class OvfDisk
{
    public OvfDisk(string diskId, string? fileRef, long capacityBytes, long? populatedSize, string? format)
    { DiskId = diskId; FileRef = fileRef; CapacityBytes = capacityBytes; PopulatedSize = populatedSize; Format = format; }
    public string DiskId { get; }
    public string? FileRef { get; }
    public long CapacityBytes { get; }
    public long? PopulatedSize { get; }
    public string? Format { get; }
}

public sealed class OvfNetwork
{
    public OvfNetwork(string name, string? description) { Name = name; Description = description; }
    public string Name { get; }
    public string? Description { get; }
    public override string ToString() => Name;
}

public sealed class OvfVirtualSystem
{
    public OvfVirtualSystem(string id, string name, int? cpuCount, long? memoryMB, string? osType,
        IReadOnlyList<OvfVmDisk> disks, IReadOnlyList<OvfNic> nics)
    { Id = id; Name = name; CpuCount = cpuCount; MemoryMB = memoryMB; OsType = osType; Disks = disks; Nics = nics; }
    public string Id { get; }
    public string Name { get; }
    public int? CpuCount { get; }
    public long? MemoryMB { get; }
    public string? OsType { get; }
    public IReadOnlyList<OvfVmDisk> Disks { get; }
    public IReadOnlyList<OvfNic> Nics { get; }
    /// <summary><c>HostResource</c>s of disk drive items that do not name a <c>DiskSection</c> disk (e.g. <c>ovf:/file/...</c>).</summary>
    public IReadOnlyList<string> OtherDiskResources { get; internal set; } = Array.Empty<string>();
    /// <summary>The storage policy the VM had where it was exported: the <c>vmw:StorageGroupSection</c> its
    /// <c>vmw:StorageSection</c> refers to, as vSphere writes it, and as Export-VApp adds it to vCD's descriptors
    /// (which name none); null when the package names none.</summary>
    public string? StoragePolicy { get; internal set; }
    public override string ToString() => Name;
}

public sealed class OvfVmDisk
{
    public OvfVmDisk(string instanceId, string diskId, long capacityBytes) { InstanceId = instanceId; DiskId = diskId; CapacityBytes = capacityBytes; }
    public string InstanceId { get; }
    public string DiskId { get; }
    public long CapacityBytes { get; }
    /// <summary>The disk's own storage policy, when its Item refers to a storage group (null: the VM's).</summary>
    public string? StoragePolicy { get; internal set; }
}

public sealed class OvfNic
{
    public OvfNic(string? network, string? adapterType, bool isPrimary, string? addressingMode, string? macAddress)
    { Network = network; AdapterType = adapterType; IsPrimary = isPrimary; AddressingMode = addressingMode; MacAddress = macAddress; }
    public string? Network { get; }
    public string? AdapterType { get; }
    public bool IsPrimary { get; }
    public string? AddressingMode { get; }
    public string? MacAddress { get; }
}
