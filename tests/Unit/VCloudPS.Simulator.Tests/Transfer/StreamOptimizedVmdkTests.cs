using System.Diagnostics;
using VCloudPS.Simulator.Transfer.Vmdk;
using Xunit.Abstractions;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class StreamOptimizedVmdkTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(VmdkCompression.None)]
    [InlineData(VmdkCompression.Fastest)]
    [InlineData(VmdkCompression.Optimal)]
    public void WrittenGrainsReadBackIdentical(VmdkCompression compression)
    {
        using var temp = new TempDirectory();
        var path = temp.File("db1-disk1.vmdk");
        // 3 MiB + 100 bytes of content: the last grain is partly content, partly zeros.
        var content = new PseudoRandomDiskContent(seed: 42, length: 3 * MiB + 100);
        var result = StreamOptimizedVmdkWriter.WriteFile(path, 256 * MiB, content, new VmdkWriteOptions { Compression = compression, ExtentFileName = "db1-disk1.vmdk" });

        Assert.Equal(new FileInfo(path).Length, result.FileBytes);
        Assert.Equal(49, result.GrainsWritten);          // 48 full grains + 1 partial
        Assert.Equal(49 * 65536, result.PopulatedBytes);
        Assert.True(result.FileBytes < 4 * MiB, "a sparse 256 MiB disk with 3 MiB of content must stay small");

        using var reader = StreamOptimizedVmdkReader.Open(path);
        Assert.Equal(256 * MiB, reader.CapacityBytes);
        Assert.Equal(49, reader.AllocatedGrains);
        Assert.Contains("createType=\"streamOptimized\"", reader.Descriptor, StringComparison.Ordinal);
        Assert.Contains("RW 524288 SPARSE \"db1-disk1.vmdk\"", reader.Descriptor, StringComparison.Ordinal);
        Assert.Equal(VmdkFormat.StreamOptimizedFlags, reader.Header.Flags);

        var actual = new byte[VmdkFormat.GrainSizeBytes];
        var expected = new byte[VmdkFormat.GrainSizeBytes];
        for (long grain = 0; grain < 60; grain++)
        {
            reader.ReadGrain(grain, actual);
            content.Read(grain * VmdkFormat.GrainSizeBytes, expected);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"grain {grain} differs");
        }
        Assert.False(reader.IsAllocated(reader.GrainCount - 1));
    }

    [Fact]
    public void ContentSpanningSeveralGrainTablesAndEmptyDisk()
    {
        using var temp = new TempDirectory();
        var content = new PseudoRandomDiskContent(seed: 7, length: 70 * MiB);   // 3 grain tables of 32 MiB
        var path = temp.File("big.vmdk");
        StreamOptimizedVmdkWriter.WriteFile(path, 1024 * MiB, content, new VmdkWriteOptions { Compression = VmdkCompression.None });
        using (var reader = StreamOptimizedVmdkReader.Open(path))
        {
            Assert.Equal(1120, reader.AllocatedGrains);
            var actual = new byte[VmdkFormat.GrainSizeBytes];
            var expected = new byte[VmdkFormat.GrainSizeBytes];
            foreach (var grain in new long[] { 0, 511, 512, 1023, 1024, 1119 })
            {
                reader.ReadGrain(grain, actual);
                content.Read(grain * VmdkFormat.GrainSizeBytes, expected);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"grain {grain} differs");
            }
        }

        var empty = temp.File("empty.vmdk");
        var result = StreamOptimizedVmdkWriter.WriteFile(empty, 64 * MiB, EmptyDiskContent.Instance);
        Assert.Equal(0, result.GrainsWritten);
        using var emptyReader = StreamOptimizedVmdkReader.Open(empty);
        Assert.Equal(0, emptyReader.AllocatedGrains);
    }

    [Fact]
    public void TruncatedFileIsRejected()
    {
        using var temp = new TempDirectory();
        var path = temp.File("t.vmdk");
        StreamOptimizedVmdkWriter.WriteFile(path, 16 * MiB, new PseudoRandomDiskContent(1, MiB));
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 700);
        }
        Assert.Throws<InvalidDataException>(() => StreamOptimizedVmdkReader.Open(path).Dispose());
    }

    [Fact]
    public void PseudoRandomContentIsRandomAccessAndDeterministic()
    {
        var content = new PseudoRandomDiskContent(99, 1000);
        var whole = new byte[1000];
        content.Read(0, whole);
        var part = new byte[13];
        content.Read(501, part);
        Assert.True(whole.AsSpan(501, 13).SequenceEqual(part));
        var tail = new byte[10];
        content.Read(995, tail);
        Assert.True(whole.AsSpan(995, 5).SequenceEqual(tail.AsSpan(0, 5)));
        Assert.All(tail[5..], b => Assert.Equal(0, b));
        Assert.NotEqual(whole, new byte[1000]);
    }

    [Fact]
    public void QemuImgAcceptsTheFile()
    {
        var qemuImg = FindOnPath("qemu-img");
        if (qemuImg is null)
        {
            output.WriteLine("SKIPPED: qemu-img is not installed (apt-get install qemu-utils); the format is still checked by the reader tests.");
            return;
        }
        using var temp = new TempDirectory();
        var path = temp.File("web-disk1.vmdk");
        var content = new PseudoRandomDiskContent(seed: 3, length: 40 * MiB);
        StreamOptimizedVmdkWriter.WriteFile(path, 2048 * MiB, content, new VmdkWriteOptions { Compression = VmdkCompression.None });

        var info = Run(qemuImg, "info", "--output=json", path);
        Assert.Contains("\"format\": \"vmdk\"", info, StringComparison.Ordinal);
        Assert.Contains("\"virtual-size\": 2147483648", info, StringComparison.Ordinal);
        Assert.Contains("streamOptimized", info, StringComparison.Ordinal);
        Run(qemuImg, "check", path);

        // Convert to raw and compare a slice with the generator: qemu reads our grains the way we wrote them.
        var raw = temp.File("web.raw");
        Run(qemuImg, "convert", "-f", "vmdk", "-O", "raw", path, raw);
        using var rawStream = File.OpenRead(raw);
        Assert.Equal(2048 * MiB, rawStream.Length);
        var actual = new byte[1 << 20];
        var expected = new byte[1 << 20];
        foreach (var offset in new[] { 0L, 17 * MiB, 39 * MiB, 40 * MiB })
        {
            rawStream.Position = offset;
            rawStream.ReadExactly(actual);
            content.Read(offset, expected);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"raw content differs at {offset}");
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    internal static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}

public sealed class ZlibStoredEncoderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(5551)]
    [InlineData(5553)]
    [InlineData(65536)]
    [InlineData(200_001)]
    public void StoredZlibStreamsInflateAndCarryTheRightAdler32(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        if (length > 100)
        {
            Array.Fill(data, (byte)255, 0, 100);   // worst case for the running sums
        }
        var encoded = new byte[VCloudPS.Simulator.Transfer.Vmdk.ZlibStoredEncoder.MaxEncodedLength(length)];
        var count = VCloudPS.Simulator.Transfer.Vmdk.ZlibStoredEncoder.Encode(data, encoded);
        using var inflater = new System.IO.Compression.ZLibStream(new MemoryStream(encoded, 0, count), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);   // zlib verifies the Adler-32 trailer and throws on a mismatch
        Assert.Equal(data, output.ToArray());
        Assert.Equal(ReferenceAdler32(data), VCloudPS.Simulator.Transfer.Vmdk.ZlibStoredEncoder.Adler32(data));
    }

    private static uint ReferenceAdler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }
}
