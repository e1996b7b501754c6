using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Transfer.Disks;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Transfer;

/// <summary>
/// OVF download and upload for one simulated cloud: export (enableDownload → /transfer files), import
/// (instantiateOvf, catalog upload, legacy VDC upload → descriptor and file PUTs) and instantiateVAppTemplate.
/// Split over partial files by concern; all store changes happen inside <c>lock (Store.Sync)</c>.
/// </summary>
internal sealed partial class TransferService
{
    /// <summary>vCD's TransferSessionTimeoutSeconds default: links die after an hour without transfer activity.</summary>
    public static readonly TimeSpan TransferIdleTimeout = TimeSpan.FromMinutes(60);

    private readonly Simulation _sim;
    private readonly ConcurrentDictionary<Guid, DownloadSession> _downloads = new();
    private readonly ConcurrentDictionary<Guid, (UploadSession Upload, SimEntity Entity)> _uploads = new();

    public TransferService(Simulation sim)
    {
        _sim = sim;
        Disks = new DiskFileStore(sim.DataDir);
        sim.Store.BackingFilesReleased += Disks.Release;
        TransferFolder = Path.Combine(sim.DataDir, "transfer");
        Directory.CreateDirectory(TransferFolder);
    }

    public DiskFileStore Disks { get; }
    public string TransferFolder { get; }
    public UploadOptions UploadOptions { get; set; } = new();
    /// <summary>Real time an export or instantiation takes at least, so clients see the task running.</summary>
    public TimeSpan MinimumTaskTime { get; set; } = TimeSpan.FromMilliseconds(200);

    private SimStore Store => _sim.Store;

    /// <summary>
    /// Starts writing, in the background and one at a time, the files of seeded disks with more than
    /// <see cref="DiskFileStore.CompressUpToMB"/> MiB of content (benchmark vApps), so a first export does not wait for
    /// gigabytes to be generated. An export that comes earlier simply joins the generation in progress.
    /// </summary>
    public void PregenerateLargeDisks()
    {
        List<DiskSpec> specs;
        lock (Store.Sync)
        {
            specs = Store.Vms.Values
                .SelectMany(vm => vm.Disks.Where(d => d.BackingFile is null && d.ContentMB > DiskFileStore.CompressUpToMB).Select(d => SpecFor(vm, d)))
                .ToList();
        }
        if (specs.Count == 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            foreach (var spec in specs)
            {
                try
                {
                    await Disks.EnsureAsync(spec).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Disk full or the data folder went away: the export that needs the file will report it.
                }
            }
        });
    }

    private static IResult Accepted(SimTask task, RequestContext rc)
        => XmlResponses.Xml(TaskXml.Render(task, rc), MediaTypes.Task, StatusCodes.Status202Accepted, rc.Href(Ids.Path(EntityKind.Task, task.Id)));

    private static string EntityHref(RequestContext rc, SimEntity entity) => rc.Href(Ids.Path(entity.Kind, entity.Id));

    /// <summary>Inserts <paramref name="element"/> after the last existing child named one of <paramref name="after"/>.</summary>
    private static void InsertAfter(XElement parent, XElement element, params string[] after)
    {
        var anchor = parent.Elements().LastOrDefault(e => e.Name.Namespace == Ns.V && after.Contains(e.Name.LocalName));
        if (anchor is null)
        {
            parent.AddFirst(element);
        }
        else
        {
            anchor.AddAfterSelf(element);
        }
    }

    private static ulong ContentSeed(Guid vmId, int instanceId)
    {
        var bytes = vmId.ToByteArray();
        return BitConverter.ToUInt64(bytes, 0) ^ BitConverter.ToUInt64(bytes, 8) ^ ((ulong)instanceId * 0x9E3779B97F4A7C15UL);
    }

    private static DiskSpec SpecFor(SimVm vm, SimDisk disk)
        => new($"{vm.Id:N}-{disk.InstanceId}", Math.Max(1, disk.SizeMB), Math.Min(disk.ContentMB ?? DiskFileStore.DefaultContentMB, Math.Max(1, disk.SizeMB)), ContentSeed(vm.Id, disk.InstanceId));
}
