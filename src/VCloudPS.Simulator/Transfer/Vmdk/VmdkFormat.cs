using System.Buffers.Binary;

namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>
/// Constants and the 512-byte sparse extent header of the VMware Virtual Disk Format 1.1 ("VMDK"), as used by
/// streamOptimized disks (the format vCD exports and expects on OVF upload).
/// </summary>
public static class VmdkFormat
{
    public const int SectorSize = 512;
    public const uint Magic = 0x564D444B;              // "KDMV" little endian
    public const uint StreamOptimizedVersion = 3;
    public const uint FlagValidNewLineDetection = 1u << 0;
    public const uint FlagRedundantGrainTable = 1u << 1;
    public const uint FlagCompressedGrains = 1u << 16;
    public const uint FlagMarkers = 1u << 17;
    /// <summary>Header flags VMware tools write for streamOptimized disks (0x30001).</summary>
    public const uint StreamOptimizedFlags = FlagValidNewLineDetection | FlagCompressedGrains | FlagMarkers;
    public const ushort CompressionDeflate = 1;
    /// <summary>In the leading header of a streamOptimized disk the grain directory is "at the end": read the footer.</summary>
    public const ulong GrainDirectoryAtEnd = ulong.MaxValue;
    public const int GrainSizeSectors = 128;           // 64 KiB grains
    public const int GrainSizeBytes = GrainSizeSectors * SectorSize;
    public const int GrainTableEntries = 512;          // one grain table covers 32 MiB
    public const int GrainTableBytes = GrainTableEntries * 4;
    public const int GrainTableSectors = GrainTableBytes / SectorSize;

    public const uint MarkerEndOfStream = 0;
    public const uint MarkerGrainTable = 1;
    public const uint MarkerGrainDirectory = 2;
    public const uint MarkerFooter = 3;

    public static long SectorsFor(long bytes) => (bytes + SectorSize - 1) / SectorSize;
}

/// <summary>The fields of a sparse extent header (SparseExtentHeader in the VMDK specification).</summary>
public sealed record SparseExtentHeader
{
    public uint Version { get; init; } = VmdkFormat.StreamOptimizedVersion;
    public uint Flags { get; init; } = VmdkFormat.StreamOptimizedFlags;
    public ulong CapacitySectors { get; init; }
    public ulong GrainSizeSectors { get; init; } = VmdkFormat.GrainSizeSectors;
    public ulong DescriptorOffsetSectors { get; init; }
    public ulong DescriptorSizeSectors { get; init; }
    public uint GrainTableEntries { get; init; } = VmdkFormat.GrainTableEntries;
    public ulong RedundantGrainDirectorySector { get; init; }
    public ulong GrainDirectorySector { get; init; } = VmdkFormat.GrainDirectoryAtEnd;
    public ulong OverheadSectors { get; init; }
    public ushort CompressAlgorithm { get; init; } = VmdkFormat.CompressionDeflate;

    public void WriteTo(Span<byte> sector)
    {
        sector[..VmdkFormat.SectorSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(sector[0..], VmdkFormat.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[4..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[8..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[12..], CapacitySectors);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[20..], GrainSizeSectors);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[28..], DescriptorOffsetSectors);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[36..], DescriptorSizeSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[44..], GrainTableEntries);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[48..], RedundantGrainDirectorySector);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[56..], GrainDirectorySector);
        BinaryPrimitives.WriteUInt64LittleEndian(sector[64..], OverheadSectors);
        sector[72] = 0;       // uncleanShutdown
        sector[73] = (byte)'\n';
        sector[74] = (byte)' ';
        sector[75] = (byte)'\r';
        sector[76] = (byte)'\n';
        BinaryPrimitives.WriteUInt16LittleEndian(sector[77..], CompressAlgorithm);
    }

    public static SparseExtentHeader Read(ReadOnlySpan<byte> sector)
    {
        if (sector.Length < VmdkFormat.SectorSize || BinaryPrimitives.ReadUInt32LittleEndian(sector) != VmdkFormat.Magic)
        {
            throw new InvalidDataException("Not a sparse VMDK extent: the magic number KDMV is missing.");
        }
        if (sector[73] != '\n' || sector[74] != ' ' || sector[75] != '\r' || sector[76] != '\n')
        {
            throw new InvalidDataException("The VMDK header's end-of-line test bytes are corrupt (the file was transferred in text mode?).");
        }
        return new SparseExtentHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(sector[4..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(sector[8..]),
            CapacitySectors = BinaryPrimitives.ReadUInt64LittleEndian(sector[12..]),
            GrainSizeSectors = BinaryPrimitives.ReadUInt64LittleEndian(sector[20..]),
            DescriptorOffsetSectors = BinaryPrimitives.ReadUInt64LittleEndian(sector[28..]),
            DescriptorSizeSectors = BinaryPrimitives.ReadUInt64LittleEndian(sector[36..]),
            GrainTableEntries = BinaryPrimitives.ReadUInt32LittleEndian(sector[44..]),
            RedundantGrainDirectorySector = BinaryPrimitives.ReadUInt64LittleEndian(sector[48..]),
            GrainDirectorySector = BinaryPrimitives.ReadUInt64LittleEndian(sector[56..]),
            OverheadSectors = BinaryPrimitives.ReadUInt64LittleEndian(sector[64..]),
            CompressAlgorithm = BinaryPrimitives.ReadUInt16LittleEndian(sector[77..]),
        };
    }
}
