using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Transfer.Vmdk;

namespace VCloudPS.Simulator.Tests.Transfer;

public sealed class UploadSessionTests
{
    private static readonly UploadOptions Fast = new() { FileListDelay = TimeSpan.FromMilliseconds(20) };

    internal static (byte[] Descriptor, Dictionary<string, byte[]> Files) SmallPackage(string dir)
    {
        var files = new Dictionary<string, byte[]>();
        var vms = new List<OvfVmDescription>();
        foreach (var (name, seed) in new[] { ("db1", 1UL), ("web", 2UL) })
        {
            var path = Path.Combine(dir, name + ".vmdk");
            StreamOptimizedVmdkWriter.WriteFile(path, 64L << 20, new PseudoRandomDiskContent(seed, 300_000));
            var bytes = File.ReadAllBytes(path);
            var href = OvfDescriptorWriter.DiskFileName(name, 1);
            files[href] = bytes;
            vms.Add(new OvfVmDescription
            {
                Name = name,
                Id = Guid.NewGuid(),
                CpuCount = 2,
                MemoryMB = 2048,
                Disks = [new OvfDiskDescription { FileHref = href, CapacityMB = 64, FileSize = bytes.Length, PopulatedSize = 300_000 }],
                Nics = [new OvfNicDescription { Index = 0, Network = "net1", IsPrimary = true }],
            });
        }
        var descriptor = OvfDescriptorWriter.WriteBytes(new OvfVAppDescription { Name = "small", Vms = vms, Networks = [new OvfNetworkDescription { Name = "net1" }] }, OvfDescriptorForm.Default);
        return (descriptor, files);
    }

    private static Task<UploadPutResult> Put(UploadSession session, string name, byte[] data, int offset, int count, long total)
        => session.PutAsync(name, $"bytes {offset}-{offset + count - 1}/{total}", count, new MemoryStream(data, offset, count), CancellationToken.None);

    [Fact]
    public async Task SequentialChunksCompleteTheUploadAndOutOfOrderChunksGet416()
    {
        using var temp = new TempDirectory();
        var (descriptor, files) = SmallPackage(temp.Path);
        var completed = new TaskCompletionSource();
        var slowList = Fast with { FileListDelay = TimeSpan.FromMilliseconds(500) };   // long enough to observe "not yet"
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), slowList, new UploadHandlers { Completed = _ => { completed.SetResult(); return Task.CompletedTask; } });

        Assert.Equal([UploadSession.DescriptorName], session.Files.Select(f => f.Name));
        Assert.Equal(200, (await session.PutAsync("descriptor.ovf", null, descriptor.Length, new MemoryStream(descriptor), default)).StatusCode);
        Assert.Single(session.Files);   // the file list appears asynchronously, not in the PUT
        await WaitFor(() => session.Files.Count == 3);
        Assert.True(session.DescriptorUploaded);
        Assert.Equal(descriptor.Length, session.Files[0].BytesTransferred);

        var (name, data) = files.First();
        const int chunk = 100_000;
        Assert.Equal(200, (await Put(session, name, data, 0, chunk, data.Length)).StatusCode);
        Assert.Equal(chunk, session.FindFile(name)!.BytesTransferred);
        // Repeating the first chunk, or skipping ahead, is refused.
        Assert.Equal(416, (await Put(session, name, data, 0, chunk, data.Length)).StatusCode);
        Assert.Equal(416, (await Put(session, name, data, 2 * chunk, chunk, data.Length)).StatusCode);
        // A total that differs from the declared size is refused.
        Assert.Equal(416, (await session.PutAsync(name, $"bytes {chunk}-{chunk + 9}/{data.Length + 1}", 10, new MemoryStream(new byte[10]), default)).StatusCode);
        for (var offset = chunk; offset < data.Length; offset += chunk)
        {
            Assert.Equal(200, (await Put(session, name, data, offset, Math.Min(chunk, data.Length - offset), data.Length)).StatusCode);
        }
        Assert.True(session.FindFile(name)!.IsComplete);
        Assert.Equal(UploadPhase.ContentsPending, session.Phase);   // not complete before every file arrived

        var (other, otherData) = files.Last();
        Assert.Equal(200, (await session.PutAsync(other, null, otherData.Length, new MemoryStream(otherData), default)).StatusCode);
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitFor(() => session.Phase == UploadPhase.Complete);
        Assert.Equal(data, await File.ReadAllBytesAsync(session.FindFile(name)!.Path));
        Assert.Equal(otherData, await File.ReadAllBytesAsync(session.FindFile(other)!.Path));
    }

    [Fact]
    public async Task DroppedConnectionKeepsReceivedBytesForResume()
    {
        using var temp = new TempDirectory();
        var (descriptor, files) = SmallPackage(temp.Path);
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers());
        await session.PutAsync("descriptor.ovf", null, null, new MemoryStream(descriptor), default);
        await WaitFor(() => session.Files.Count == 3);
        var (name, data) = files.First();
        var result = await session.PutAsync(name, $"bytes 0-{data.Length - 1}/{data.Length}", data.Length, new FailingStream(data, failAfter: 150_000), default);
        Assert.Equal(200, result.StatusCode);   // the HTTP layer never answers a dropped request; what matters is the state
        Assert.Equal(150_000, session.FindFile(name)!.BytesTransferred);
        Assert.Equal(416, (await Put(session, name, data, 0, 10, data.Length)).StatusCode);
        Assert.Equal(200, (await Put(session, name, data, 150_000, data.Length - 150_000, data.Length)).StatusCode);
        Assert.True(session.FindFile(name)!.IsComplete);
        Assert.Equal(data, await File.ReadAllBytesAsync(session.FindFile(name)!.Path));
    }

    [Fact]
    public async Task ADescriptorCutShortIsNotTakenAsComplete()
    {
        using var temp = new TempDirectory();
        var (descriptor, _) = SmallPackage(temp.Path);
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers());
        await session.PutAsync("descriptor.ovf", null, descriptor.Length, new FailingStream(descriptor, failAfter: 100), default);
        Assert.Equal(UploadPhase.DescriptorPending, session.Phase);
        Assert.Equal(100, session.Files[0].BytesTransferred);
        Assert.Equal(200, (await session.PutAsync("descriptor.ovf", null, descriptor.Length, new MemoryStream(descriptor), default)).StatusCode);
        await WaitFor(() => session.Files.Count == 3);
    }

    [Fact]
    public async Task BadDescriptorFailsTheUploadAsynchronously()
    {
        using var temp = new TempDirectory();
        string? failure = null;
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers { Failed = (_, m) => failure = m });
        var bad = Encoding.UTF8.GetBytes("<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><e>&x;</e>");
        Assert.Equal(200, (await session.PutAsync("descriptor.ovf", null, bad.Length, new MemoryStream(bad), default)).StatusCode);
        await WaitFor(() => failure is not null);   // the phase turns Failed just before the handler hears of it
        Assert.Equal(UploadPhase.Failed, session.Phase);
        Assert.Contains("DTD", failure, StringComparison.Ordinal);
        Assert.StartsWith("Invalid OVF descriptor", session.FailureMessage, StringComparison.Ordinal);
        Assert.True(session.DescriptorUploaded);
        Assert.Equal(400, (await session.PutAsync("descriptor.ovf", null, bad.Length, new MemoryStream(bad), default)).StatusCode);
    }

    [Fact]
    public async Task ValidationHookCanRefuseTheDescriptor()
    {
        using var temp = new TempDirectory();
        var (descriptor, _) = SmallPackage(temp.Path);
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers { ValidateDescriptor = (_, p) => $"needs {p.TotalCapacityBytes >> 20} MB" });
        await session.PutAsync("descriptor.ovf", null, null, new MemoryStream(descriptor), default);
        await WaitFor(() => session.Phase == UploadPhase.Failed);
        Assert.Equal("needs 128 MB", session.FailureMessage);
    }

    [Fact]
    public async Task ManifestMismatchFailsAndMatchingManifestCompletes()
    {
        foreach (var corrupt in new[] { true, false })
        {
            using var temp = new TempDirectory();
            var (descriptor, files) = SmallPackage(temp.Path);
            var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast with { ManifestRequired = true }, new UploadHandlers());
            await session.PutAsync("descriptor.ovf", null, null, new MemoryStream(descriptor), default);
            await WaitFor(() => session.Files.Count == 4);
            Assert.Contains(session.Files, f => f.Name == "manifest.mf");
            var manifest = new StringBuilder();
            foreach (var (name, data) in files)
            {
                var digest = SHA256.HashData(data);
                if (corrupt)
                {
                    digest[0] ^= 1;
                }
                manifest.Append(CultureInfo.InvariantCulture, $"SHA256({name})= {Convert.ToHexStringLower(digest)}\n");
                await session.PutAsync(name, null, data.Length, new MemoryStream(data), default);
            }
            var manifestBytes = Encoding.ASCII.GetBytes(manifest.ToString());
            await session.PutAsync("manifest.mf", null, manifestBytes.Length, new MemoryStream(manifestBytes), default);
            await WaitFor(() => session.Phase is UploadPhase.Failed or UploadPhase.Complete);
            if (corrupt)
            {
                Assert.Equal(UploadPhase.Failed, session.Phase);
                Assert.Contains("Manifest digest mismatch", session.FailureMessage, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(UploadPhase.Complete, session.Phase);
            }
        }
    }

    [Fact]
    public async Task TruncatedVmdkIsRefusedAtCompletion()
    {
        using var temp = new TempDirectory();
        var (_, files) = SmallPackage(temp.Path);
        var (name, data) = files.First();
        var cut = data[..^1024];
        var descriptor = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SmallPackage(temp.Path).Descriptor));
        // Re-declare the first disk with the truncated size so the upload completes.
        var text = Encoding.UTF8.GetString(descriptor).Replace($"ovf:href=\"{name}\" ovf:id=", $"ovf:href=\"{name}\" ovf:x=\"1\" ovf:id=", StringComparison.Ordinal);
        var package = OvfDescriptorReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var declared = package.Files.Single(f => f.Href == name).Size!.Value;
        text = text.Replace($"ovf:size=\"{declared}\"", $"ovf:size=\"{cut.Length}\"", StringComparison.Ordinal);

        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers());
        await session.PutAsync("descriptor.ovf", null, null, new MemoryStream(Encoding.UTF8.GetBytes(text)), default);
        await WaitFor(() => session.Files.Count == 3);
        await session.PutAsync(name, null, cut.Length, new MemoryStream(cut), default);
        var (other, otherData) = files.Last();
        await session.PutAsync(other, null, otherData.Length, new MemoryStream(otherData), default);
        await WaitFor(() => session.Phase is UploadPhase.Failed or UploadPhase.Complete);
        Assert.Equal(UploadPhase.Failed, session.Phase);
        Assert.Contains("not a valid streamOptimized VMDK", session.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreDataThanDeclaredIsRefused()
    {
        using var temp = new TempDirectory();
        var (descriptor, files) = SmallPackage(temp.Path);
        var session = new UploadSession(Guid.NewGuid(), temp.File("upload"), Fast, new UploadHandlers());
        await session.PutAsync("descriptor.ovf", null, null, new MemoryStream(descriptor), default);
        await WaitFor(() => session.Files.Count == 3);
        var (name, data) = files.First();

        // Whole-file PUT announcing more bytes than the descriptor declared.
        var tooLong = new byte[data.Length + 1];
        Assert.Equal(400, (await session.PutAsync(name, null, tooLong.Length, new MemoryStream(tooLong), default)).StatusCode);
        // Chunked body (no Content-Length) carrying more than its Content-Range: the excess is discarded and refused.
        var result = await session.PutAsync(name, "bytes 0-9/" + data.Length, null, new MemoryStream(data, 0, 20), default);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(10, session.FindFile(name)!.BytesTransferred);
        // A range reaching past the declared size is not satisfiable.
        Assert.Equal(416, (await session.PutAsync(name, $"bytes 10-{data.Length}/{data.Length + 1}", null, new MemoryStream(new byte[data.Length - 9]), default)).StatusCode);
        Assert.Equal(404, (await session.PutAsync("other.vmdk", null, 1, new MemoryStream(new byte[1]), default)).StatusCode);
    }

    internal static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>A request body whose connection drops after some bytes.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }
            return base.Read(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)]);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));
    }
}
