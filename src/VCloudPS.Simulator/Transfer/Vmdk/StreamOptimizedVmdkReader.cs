using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace VCloudPS.Simulator.Transfer.Vmdk;

/// <summary>
/// Reads a streamOptimized VMDK through its footer, grain directory and grain tables: the simulator uses it to
/// check uploaded disks and to learn their capacity and populated size; tests use it to read grains back.
/// </summary>
public sealed class StreamOptimizedVmdkReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly uint[] _grainSectors;   // grain index -> sector of its marker; 0 = sparse (zeros)

    private StreamOptimizedVmdkReader(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        var sector = new byte[VmdkFormat.SectorSize];
        ReadExactlyAt(0, sector);
        var header = SparseExtentHeader.Read(sector);
        if (header.GrainDirectorySector == VmdkFormat.GrainDirectoryAtEnd)
        {
            if (stream.Length < 4 * VmdkFormat.SectorSize)
            {
                throw new InvalidDataException("The VMDK is truncated: no footer.");
            }
            ReadExactlyAt(stream.Length - 3 * VmdkFormat.SectorSize, sector);
            ExpectMarker(sector, VmdkFormat.MarkerFooter, "footer");
            ReadExactlyAt(stream.Length - 2 * VmdkFormat.SectorSize, sector);
            header = SparseExtentHeader.Read(sector);
            ReadExactlyAt(stream.Length - VmdkFormat.SectorSize, sector);
            ExpectMarker(sector, VmdkFormat.MarkerEndOfStream, "end-of-stream");
        }
        if (header.GrainSizeSectors != VmdkFormat.GrainSizeSectors || header.GrainTableEntries != VmdkFormat.GrainTableEntries)
        {
            throw new InvalidDataException($"Unsupported VMDK geometry: grain {header.GrainSizeSectors} sectors, {header.GrainTableEntries} entries per grain table.");
        }
        Header = header;
        IsCompressed = (header.Flags & VmdkFormat.FlagCompressedGrains) != 0;
        HasMarkers = (header.Flags & VmdkFormat.FlagMarkers) != 0;

        var descriptor = new byte[checked((int)header.DescriptorSizeSectors * VmdkFormat.SectorSize)];
        ReadExactlyAt((long)header.DescriptorOffsetSectors * VmdkFormat.SectorSize, descriptor);
        var end = Array.IndexOf(descriptor, (byte)0);
        Descriptor = Encoding.ASCII.GetString(descriptor, 0, end < 0 ? descriptor.Length : end);

        var capacityGrains = (long)((header.CapacitySectors + header.GrainSizeSectors - 1) / header.GrainSizeSectors);
        _grainSectors = new uint[capacityGrains];
        var tableCount = (int)((capacityGrains + VmdkFormat.GrainTableEntries - 1) / VmdkFormat.GrainTableEntries);
        var directory = new byte[tableCount * 4];
        ReadExactlyAt((long)header.GrainDirectorySector * VmdkFormat.SectorSize, directory);
        var table = new byte[VmdkFormat.GrainTableBytes];
        for (var t = 0; t < tableCount; t++)
        {
            var tableSector = BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(t * 4));
            if (tableSector == 0)
            {
                continue;
            }
            ReadExactlyAt((long)tableSector * VmdkFormat.SectorSize, table);
            for (var e = 0; e < VmdkFormat.GrainTableEntries; e++)
            {
                var grainIndex = (long)t * VmdkFormat.GrainTableEntries + e;
                if (grainIndex >= capacityGrains)
                {
                    break;
                }
                var grainSector = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(e * 4));
                if (grainSector != 0)
                {
                    if ((long)grainSector * VmdkFormat.SectorSize >= stream.Length)
                    {
                        throw new InvalidDataException($"Grain {grainIndex} points past the end of the file.");
                    }
                    _grainSectors[grainIndex] = grainSector;
                    AllocatedGrains++;
                }
            }
        }
    }

    public SparseExtentHeader Header { get; }
    public string Descriptor { get; }
    public bool IsCompressed { get; }
    public bool HasMarkers { get; }
    public long CapacityBytes => (long)Header.CapacitySectors * VmdkFormat.SectorSize;
    public int AllocatedGrains { get; }
    public long PopulatedBytes => Math.Min((long)AllocatedGrains * VmdkFormat.GrainSizeBytes, CapacityBytes);
    public long GrainCount => _grainSectors.LongLength;

    public static StreamOptimizedVmdkReader Open(string path)
        => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), ownsStream: true);

    public static StreamOptimizedVmdkReader Open(Stream seekableStream) => new(seekableStream, ownsStream: false);

    public bool IsAllocated(long grainIndex) => _grainSectors[grainIndex] != 0;

    /// <summary>Reads one grain's bytes (64 KiB; zeros for a sparse grain).</summary>
    public void ReadGrain(long grainIndex, Span<byte> destination)
    {
        if (destination.Length < VmdkFormat.GrainSizeBytes)
        {
            throw new ArgumentException("The destination must hold a whole grain.", nameof(destination));
        }
        destination = destination[..VmdkFormat.GrainSizeBytes];
        var sector = _grainSectors[grainIndex];
        if (sector == 0)
        {
            destination.Clear();
            return;
        }
        if (!IsCompressed || !HasMarkers)
        {
            throw new NotSupportedException("Only compressed grains with markers (streamOptimized) are supported.");
        }

        Span<byte> marker = stackalloc byte[12];
        ReadExactlyAt((long)sector * VmdkFormat.SectorSize, marker);
        var lba = BinaryPrimitives.ReadUInt64LittleEndian(marker);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(marker[8..]);
        if (lba != (ulong)grainIndex * Header.GrainSizeSectors)
        {
            throw new InvalidDataException($"Grain {grainIndex}: its marker says LBA {lba}, expected {(ulong)grainIndex * Header.GrainSizeSectors}.");
        }
        if (size == 0 || size > VmdkFormat.GrainSizeBytes * 2)
        {
            throw new InvalidDataException($"Grain {grainIndex}: implausible compressed size {size}.");
        }

        var compressed = new byte[size];
        ReadExactlyAt((long)sector * VmdkFormat.SectorSize + 12, compressed);
        using var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var total = 0;
        int read;
        while (total < destination.Length && (read = inflater.Read(destination[total..])) > 0)
        {
            total += read;
        }
        destination[total..].Clear();
        if (inflater.Read(new byte[1]) != 0)
        {
            throw new InvalidDataException($"Grain {grainIndex} inflates to more than one grain.");
        }
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private void ReadExactlyAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset + buffer.Length > _stream.Length)
        {
            throw new InvalidDataException($"The VMDK is truncated: {buffer.Length} bytes at offset {offset} are beyond its end ({_stream.Length} bytes).");
        }
        _stream.Position = offset;
        _stream.ReadExactly(buffer);
    }

    private static void ExpectMarker(ReadOnlySpan<byte> sector, uint type, string what)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(sector[8..]) != 0 || BinaryPrimitives.ReadUInt32LittleEndian(sector[12..]) != type)
        {
            throw new InvalidDataException($"The VMDK has no {what} marker where the stream should end (truncated or not streamOptimized).");
        }
    }
}
