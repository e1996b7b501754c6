using System.Formats.Tar;
using System.Text;
using VCloudPS.Simulator.Transfer.Disks;
using VCloudPS.Simulator.Transfer.Http;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class RangeAndOvaTests
{
    [Theory]
    [InlineData(null, ByteRange.Outcome.Whole, 0, 1000)]
    [InlineData("bytes=0-99", ByteRange.Outcome.Partial, 0, 100)]
    [InlineData("bytes=900-", ByteRange.Outcome.Partial, 900, 100)]
    [InlineData("bytes=900-5000", ByteRange.Outcome.Partial, 900, 100)]
    [InlineData("bytes=-10", ByteRange.Outcome.Partial, 990, 10)]
    [InlineData("bytes=1000-", ByteRange.Outcome.NotSatisfiable, 0, 0)]
    [InlineData("bytes=50-10", ByteRange.Outcome.NotSatisfiable, 0, 0)]
    [InlineData("bytes=0-1,5-6", ByteRange.Outcome.Whole, 0, 1000)]
    [InlineData("items=0-1", ByteRange.Outcome.Whole, 0, 1000)]
    public void RangeHeaders(string? header, ByteRange.Outcome outcome, long start, long length)
    {
        Assert.Equal(outcome, ByteRange.Parse(header, 1000, out var range));
        if (outcome != ByteRange.Outcome.NotSatisfiable)
        {
            Assert.Equal(new ByteRange(start, length), range);
        }
    }

    [Theory]
    [InlineData("bytes 0-1048575/4194304", true, 0, 1048575, 4194304L)]
    [InlineData("bytes 10-19/*", true, 10, 19, null)]
    [InlineData("bytes 10-19/15", false, 0, 0, null)]
    [InlineData("bytes 19-10/100", false, 0, 0, null)]
    [InlineData("garbage", false, 0, 0, null)]
    public void ContentRangeHeaders(string header, bool valid, long first, long last, long? total)
    {
        Assert.Equal(valid, ContentRange.TryParse(header, out var range));
        if (valid)
        {
            Assert.Equal(new ContentRange(first, last, total), range);
        }
    }

    [Fact]
    public async Task OvaIsAStandardTarWithTheDescriptorFirstAndAnyRangeReadable()
    {
        using var temp = new TempDirectory();
        var disk = temp.File("db1-disk1.vmdk");
        var diskBytes = new byte[70_000];
        new Random(5).NextBytes(diskBytes);
        await File.WriteAllBytesAsync(disk, diskBytes);
        var descriptor = Encoding.UTF8.GetBytes("<ovf:Envelope/>");
        var longName = new string('x', 120) + ".vmdk";
        var ova = OvaArchive.Build(
            [("descriptor.ovf", ByteSource.FromBytes(descriptor)), ("db1-disk1.vmdk", ByteSource.FromFile(disk)), (longName, ByteSource.FromBytes(new byte[3]))],
            new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));

        var whole = ReadAll(ova, 0, ova.Length);
        Assert.Equal(0, ova.Length % 512);
        using var tar = new TarReader(new MemoryStream(whole));
        var names = new List<string>();
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            names.Add(entry.Name);
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            if (entry.Name == "db1-disk1.vmdk")
            {
                Assert.Equal(diskBytes, data.ToArray());
            }
            if (entry.Name == "descriptor.ovf")
            {
                Assert.Equal(descriptor, data.ToArray());
            }
        }
        Assert.Equal(["descriptor.ovf", "db1-disk1.vmdk", longName], names);

        // A range straddling header, content and padding equals the same slice of the whole.
        var slice = ReadAll(ova, 1000, 70_500);
        Assert.Equal(whole.AsSpan(1000, 70_500).ToArray(), slice);
    }

    private static byte[] ReadAll(ByteSource source, long offset, long count)
    {
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            var read = source.Read(offset + done, result.AsSpan(done, (int)Math.Min(7_777, count - done)));
            Assert.True(read > 0);
            done += read;
        }
        return result;
    }
}
