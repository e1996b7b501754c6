using System.Security.Cryptography;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Transfer;

/// <summary>Read-only views for tests that check what a run of operations left behind (the fault soak).</summary>
internal sealed partial class TransferService
{
    /// <summary>Upload sessions whose vApp or template still exists (a finished or removed upload leaves none).</summary>
    public int OpenUploadSessions()
    {
        lock (Store.Sync)
        {
            return _uploads.Values.Count(u => u.Entity switch
            {
                SimVApp a => Store.VApps.ContainsKey(a.Id),
                SimVAppTemplate t => Store.Templates.ContainsKey(t.Id),
                _ => false,
            });
        }
    }

    /// <summary>SHA-256 of the content of every disk of the vApp, generating (and keeping) seeded disk files on first need, sorted
    /// (the order of VMs and disks is not part of a vApp's identity across clouds).</summary>
    public async Task<IReadOnlyList<string>> DiskDigestsAsync(Guid vappId)
    {
        List<(SimVm Vm, SimDisk Disk, string? File)> disks;
        lock (Store.Sync)
        {
            var vapp = Store.VApps[vappId];
            disks = Store.VmsOf(vapp).SelectMany(vm => vm.Disks.Select(d => (vm, d, d.BackingFile))).ToList();
        }
        var digests = new List<string>();
        foreach (var (vm, disk, file) in disks)
        {
            var path = file is { } f && File.Exists(f) ? f : await Disks.EnsureAsync(SpecFor(vm, disk)).ConfigureAwait(false);
            // Remembered like an export does: a later clone then shares this file.
            lock (Store.Sync) disk.BackingFile ??= path;
            await using var stream = File.OpenRead(path);
            digests.Add(Convert.ToHexString(await SHA256.HashDataAsync(stream).ConfigureAwait(false)).ToLowerInvariant());
        }
        digests.Sort(StringComparer.Ordinal);
        return digests;
    }
}
