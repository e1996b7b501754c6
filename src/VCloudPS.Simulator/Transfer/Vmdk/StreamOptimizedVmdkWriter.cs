using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace VCloudPS.Simulator.Transfer.Vmdk;

public enum VmdkCompression
{
    /// <summary>Stored deflate blocks: fastest, for large benchmark disks with incompressible content.</summary>
    None,
    Fastest,
    Optimal,
}

public sealed record VmdkWriteOptions
{
    public VmdkCompression Compression { get; init; } = VmdkCompression.Fastest;
    public string AdapterType { get; init; } = "lsilogic";
    public int VirtualHardwareVersion { get; init; } = 4;
    /// <summary>Name written in the extent line of the embedded descriptor.</summary>
    public string ExtentFileName { get; init; } = "disk.vmdk";
    /// <summary>Content id (CID) of the descriptor; derived from the content when null.</summary>
    public uint? ContentId { get; init; }
}

/// <param name="FileBytes">Size of the VMDK file.</param>
/// <param name="CapacityBytes">Virtual capacity of the disk.</param>
/// <param name="PopulatedBytes">Bytes of the disk backed by grains (what OVF calls populatedSize).</param>
/// <param name="GrainsWritten">Non-zero grains stored in the file.</param>
public sealed record VmdkWriteResult(long FileBytes, long CapacityBytes, long PopulatedBytes, int GrainsWritten);

/// <summary>
/// Writes a streamOptimized VMDK (VMware Virtual Disk Format 1.1): header with the grain directory "at end",
/// embedded descriptor, one marker + deflate-compressed data per non-zero grain, a grain table after every 512
/// grains, the grain directory, a footer (a copy of the header that knows where the directory is) and the
/// end-of-stream marker. Output is strictly sequential: one grain is in memory at a time.
/// </summary>
public static class StreamOptimizedVmdkWriter
{
    /// <summary>Writes to a temporary file beside <paramref name="path"/> and renames it, so a reader never sees half a disk.</summary>
    public static VmdkWriteResult WriteFile(string path, long capacityBytes, IDiskContent content, VmdkWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            VmdkWriteResult result;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                result = Write(stream, capacityBytes, content, options, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static VmdkWriteResult Write(Stream output, long capacityBytes, IDiskContent content, VmdkWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VmdkWriteOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, (long)VmdkFormat.SectorSize);
        if (content.Length > capacityBytes)
        {
            throw new ArgumentException($"The content ({content.Length} bytes) is larger than the disk capacity ({capacityBytes} bytes).", nameof(content));
        }

        var capacitySectors = (ulong)VmdkFormat.SectorsFor(capacityBytes);
        var capacityGrains = (long)((capacitySectors + VmdkFormat.GrainSizeSectors - 1) / VmdkFormat.GrainSizeSectors);
        var grainTableCount = (int)((capacityGrains + VmdkFormat.GrainTableEntries - 1) / VmdkFormat.GrainTableEntries);
        var contentGrains = (content.Length + VmdkFormat.GrainSizeBytes - 1) / VmdkFormat.GrainSizeBytes;

        var descriptor = Encoding.ASCII.GetBytes(BuildDescriptor(capacitySectors, content, options));
        var descriptorSectors = (ulong)VmdkFormat.SectorsFor(descriptor.Length);
        // Grains start on a grain boundary after header and descriptor, as VMware's own writers do.
        var overheadSectors = ((1 + descriptorSectors + VmdkFormat.GrainSizeSectors - 1) / VmdkFormat.GrainSizeSectors) * VmdkFormat.GrainSizeSectors;
        var header = new SparseExtentHeader
        {
            CapacitySectors = capacitySectors,
            DescriptorOffsetSectors = 1,
            DescriptorSizeSectors = descriptorSectors,
            OverheadSectors = overheadSectors,
        };

        var writer = new SectorWriter(output);
        var sector = new byte[VmdkFormat.SectorSize];
        header.WriteTo(sector);
        writer.Write(sector);
        writer.WritePadded(descriptor);
        writer.PadToSector((long)overheadSectors);

        var grainDirectory = new uint[grainTableCount];
        var grainTable = new uint[VmdkFormat.GrainTableEntries];
        var grainTableHasEntries = false;
        var grain = new byte[VmdkFormat.GrainSizeBytes];
        var encoded = new byte[12 + Math.Max(ZlibStoredEncoder.MaxEncodedLength(grain.Length), grain.Length * 2) + VmdkFormat.SectorSize];
        using var compressed = new MemoryStream(encoded.Length);
        var grainsWritten = 0;

        for (long index = 0; index < contentGrains; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            content.Read(index * VmdkFormat.GrainSizeBytes, grain);
            var grainBytes = (int)Math.Min(VmdkFormat.GrainSizeBytes, capacityBytes - index * VmdkFormat.GrainSizeBytes);
            if (grain.AsSpan(0, grainBytes).IndexOfAnyExcept((byte)0) >= 0)
            {
                var dataLength = Compress(grain.AsSpan(0, grainBytes), options.Compression, encoded.AsSpan(12), compressed);
                BinaryPrimitives.WriteUInt64LittleEndian(encoded, (ulong)index * VmdkFormat.GrainSizeSectors);
                BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(8), (uint)dataLength);
                grainTable[index % VmdkFormat.GrainTableEntries] = checked((uint)writer.Sector);
                writer.WritePadded(encoded.AsSpan(0, 12 + dataLength));
                grainTableHasEntries = true;
                grainsWritten++;
            }

            var endOfTable = index % VmdkFormat.GrainTableEntries == VmdkFormat.GrainTableEntries - 1 || index == contentGrains - 1;
            if (endOfTable && grainTableHasEntries)
            {
                WriteMarker(writer, sector, VmdkFormat.GrainTableSectors, VmdkFormat.MarkerGrainTable);
                grainDirectory[index / VmdkFormat.GrainTableEntries] = checked((uint)writer.Sector);
                writer.WritePadded(AsBytes(grainTable));
                Array.Clear(grainTable);
                grainTableHasEntries = false;
            }
        }

        var directoryBytes = AsBytes(grainDirectory);
        WriteMarker(writer, sector, VmdkFormat.SectorsFor(directoryBytes.Length), VmdkFormat.MarkerGrainDirectory);
        var directorySector = writer.Sector;
        writer.WritePadded(directoryBytes);

        WriteMarker(writer, sector, 1, VmdkFormat.MarkerFooter);
        (header with { GrainDirectorySector = (ulong)directorySector }).WriteTo(sector);
        writer.Write(sector);
        WriteMarker(writer, sector, 0, VmdkFormat.MarkerEndOfStream);
        output.Flush();

        var populated = Math.Min((long)grainsWritten * VmdkFormat.GrainSizeBytes, capacityBytes);
        return new VmdkWriteResult(writer.Position, capacityBytes, populated, grainsWritten);
    }

    private static int Compress(ReadOnlySpan<byte> grain, VmdkCompression compression, Span<byte> target, MemoryStream scratch)
    {
        if (compression == VmdkCompression.None)
        {
            return ZlibStoredEncoder.Encode(grain, target);
        }

        scratch.SetLength(0);
        using (var zlib = new ZLibStream(scratch, compression == VmdkCompression.Optimal ? CompressionLevel.Optimal : CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(grain);
        }
        var length = (int)scratch.Length;
        scratch.GetBuffer().AsSpan(0, length).CopyTo(target);
        return length;
    }

    private static void WriteMarker(SectorWriter writer, byte[] sector, long numSectors, uint type)
    {
        Array.Clear(sector);
        BinaryPrimitives.WriteUInt64LittleEndian(sector, (ulong)numSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(12), type);
        writer.Write(sector);
    }

    private static byte[] AsBytes(uint[] entries)
    {
        var bytes = new byte[entries.Length * 4];
        for (var i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), entries[i]);
        }
        return bytes;
    }

    private static string BuildDescriptor(ulong capacitySectors, IDiskContent content, VmdkWriteOptions options)
    {
        var contentId = options.ContentId ?? (uint)(content.Length ^ (long)capacitySectors ^ 0x5EED);
        if (contentId == 0xFFFFFFFF)
        {
            contentId = 1;
        }
        var cylinders = Math.Min(capacitySectors / (255 * 63), 65535);
        var inv = CultureInfo.InvariantCulture;
        var extentName = options.ExtentFileName.Replace("\"", string.Empty, StringComparison.Ordinal);
        var text = new StringBuilder()
            .Append("# Disk DescriptorFile\n")
            .Append("version=1\n")
            .Append("encoding=\"UTF-8\"\n")
            .Append(inv, $"CID={contentId:x8}\n")
            .Append("parentCID=ffffffff\n")
            .Append("createType=\"streamOptimized\"\n")
            .Append('\n')
            .Append("# Extent description\n")
            .Append(inv, $"RW {capacitySectors} SPARSE \"{extentName}\"\n")
            .Append('\n')
            .Append("# The Disk Data Base\n")
            .Append("#DDB\n")
            .Append('\n')
            .Append(inv, $"ddb.adapterType = \"{options.AdapterType}\"\n")
            .Append(inv, $"ddb.geometry.cylinders = \"{cylinders}\"\n")
            .Append("ddb.geometry.heads = \"255\"\n")
            .Append("ddb.geometry.sectors = \"63\"\n")
            .Append(inv, $"ddb.longContentID = \"{contentId:x8}{capacitySectors:x16}{~contentId:x8}\"\n")
            .Append(inv, $"ddb.virtualHWVersion = \"{options.VirtualHardwareVersion}\"\n");
        return text.ToString();
    }

    /// <summary>Tracks the output position in bytes and sectors for a non-seekable sequential stream.</summary>
    private sealed class SectorWriter(Stream output)
    {
        private static readonly byte[] Zeros = new byte[VmdkFormat.SectorSize];

        public long Position { get; private set; }
        public long Sector => Position / VmdkFormat.SectorSize;

        public void Write(ReadOnlySpan<byte> data)
        {
            output.Write(data);
            Position += data.Length;
        }

        public void WritePadded(ReadOnlySpan<byte> data)
        {
            Write(data);
            var remainder = (int)(Position % VmdkFormat.SectorSize);
            if (remainder != 0)
            {
                Write(Zeros.AsSpan(0, VmdkFormat.SectorSize - remainder));
            }
        }

        public void PadToSector(long sector)
        {
            while (Sector < sector)
            {
                Write(Zeros);
            }
        }
    }
}
