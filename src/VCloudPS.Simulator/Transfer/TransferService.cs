using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Seeds;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Transfer.Descriptors;
using VCloudPS.Simulator.Transfer.Disks;
using VCloudPS.Simulator.Transfer.Http;
using VCloudPS.Simulator.Transfer.Sessions;
using VCloudPS.Simulator.Transfer.Vmdk;
using VCloudPS.Simulator.Xml;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

/// <summary>
/// OVF transfers of one simulated cloud: the state shared by the endpoint groups (download and upload sessions, disk
/// files, options), the decoration of rendered entities with transfer links and files, and small helpers. The operations
/// are <see cref="ExportEndpoints"/>, <see cref="ImportEndpoints"/>, <see cref="InstantiateEndpoints"/> and
/// <see cref="CatalogEndpoints"/>; all store changes happen inside <c>lock (Store.Sync)</c>.
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
        sim.Store.BackingFilesReleased += ReleaseUnused;
        TransferFolder = Path.Combine(sim.DataDir, "transfer");
        Directory.CreateDirectory(TransferFolder);
        Export = new ExportEndpoints(this);
        Import = new ImportEndpoints(this);
        Instantiate = new InstantiateEndpoints(this);
        Catalog = new CatalogEndpoints(this);
    }

    public ExportEndpoints Export { get; }
    public ImportEndpoints Import { get; }
    public InstantiateEndpoints Instantiate { get; }
    public CatalogEndpoints Catalog { get; }

    internal Simulation Sim => _sim;
    internal ConcurrentDictionary<Guid, DownloadSession> Downloads => _downloads;
    internal ConcurrentDictionary<Guid, (UploadSession Upload, SimEntity Entity)> Uploads => _uploads;

    public DiskFileStore Disks { get; }
    public string TransferFolder { get; }
    public UploadOptions UploadOptions { get; set; } = new();
    /// <summary>Real time an export or instantiation takes at least, so clients see the task running.</summary>
    public TimeSpan MinimumTaskTime { get; set; } = TimeSpan.FromMilliseconds(200);

    internal SimStore Store => _sim.Store;

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

    internal static IResult Accepted(SimTask task, RequestContext rc)
        => XmlResponses.Xml(TaskXml.Render(task, rc), MediaTypes.Task, StatusCodes.Status202Accepted, rc.Href(Ids.Path(EntityKind.Task, task.Id)));

    internal static string EntityHref(RequestContext rc, SimEntity entity) => rc.Href(Ids.Path(entity.Kind, entity.Id));

    /// <summary>Inserts <paramref name="element"/> after the last existing child named one of <paramref name="after"/>.</summary>
    internal static void InsertAfter(XElement parent, XElement element, params string[] after)
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

    internal static ulong ContentSeed(Guid vmId, int instanceId)
    {
        var bytes = vmId.ToByteArray();
        return BitConverter.ToUInt64(bytes, 0) ^ BitConverter.ToUInt64(bytes, 8) ^ ((ulong)instanceId * 0x9E3779B97F4A7C15UL);
    }

    /// <summary>
    /// Deletes released files (inside the lock) except those a disk without a backing file would generate again: a copy's
    /// file is its source's content, so deleting the copy must not take the file the source is about to serve.
    /// </summary>
    private void ReleaseUnused(IReadOnlyList<string> files)
    {
        var generated = Store.Vms.Values
            .SelectMany(vm => vm.Disks.Where(d => d.BackingFile is null).Select(d => Disks.GeneratedPath(SpecFor(vm, d))))
            .ToHashSet(StringComparer.Ordinal);
        Disks.Release(files.Where(f => !generated.Contains(f)).ToList());
    }

    internal static DiskSpec SpecFor(SimVm vm, SimDisk disk)
    {
        var (vmId, instanceId) = disk.ContentOrigin ?? (vm.Id, disk.InstanceId);
        return new($"{vmId:N}-{instanceId}", Math.Max(1, disk.SizeMB), Math.Min(disk.ContentMB ?? DiskFileStore.DefaultContentMB, Math.Max(1, disk.SizeMB)), ContentSeed(vmId, instanceId));
    }

    /// <summary>
    /// Adds what transfers change to a rendered entity (called inside the lock): download links of an enabled download,
    /// the live Files list and ovfDescriptorUploaded of an upload, the failed task of a failed upload, VDC action links.
    /// </summary>
    public void Decorate(XElement element, SimEntity entity, RequestContext rc)
    {
        switch (entity)
        {
            case SimVApp or SimVAppTemplate when element.Name.LocalName is "VApp" or "VAppTemplate":
                DecorateTransfer(element, entity, rc);
                break;
            case SimVdc vdc when element.Name.LocalName == "Vdc":
                AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/instantiateOvf"), MediaTypes.InstantiateOvfParams);
                AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/instantiateVAppTemplate"), MediaTypes.InstantiateVAppTemplateParams);
                if (rc.ApiVersionNumber is > 0m and <= 33m)
                {
                    AddLinkOnce(element, "add", rc.Href($"/api/vdc/{vdc.Id}/action/uploadVAppTemplate"), MediaTypes.UploadVAppTemplateParams);
                }
                break;
        }
    }

    internal void DecorateTransfer(XElement element, SimEntity entity, RequestContext rc)
    {
        var href = EntityHref(rc, entity);
        switch (TransferStateOf(entity))
        {
            case DownloadState download when _downloads.TryGetValue(download.SessionId, out var session):
                if (session.IsExpired(_sim.Clock.UtcNow, TransferIdleTimeout))
                {
                    ExpireDownload(session);
                    break;
                }
                var folder = rc.Href($"/transfer/{session.Id}/");
                AddLinks(element,
                    Links.Link("download:default", folder + DefaultDescriptor, "text/xml"),
                    Links.Link("download:identity", folder + IdentityDescriptor, "text/xml"),
                    Links.Link("download:ovaDefault", folder + DefaultOva, "text/xml"),
                    Links.Link("download:ovaIdentity", folder + IdentityOva, "text/xml"),
                    Links.Link("disable", href + "/action/disableDownload"));
                break;

            case ImportState import:
                ExpireUploadIfIdle(import);
                element.SetAttributeValue("ovfDescriptorUploaded", import.Upload.DescriptorUploaded ? "true" : "false");
                element.Elements(Ns.V + "Files").Remove();
                InsertAfter(element, FilesElement(import.Upload, rc), "Link", "Description", "Tasks");
                if (TaskStatus.IsDone(import.Task.Status) && import.Task.Status != TaskStatus.Success)
                {
                    // A failed upload keeps showing its failed task, as vCD does (vcd-api.md §5.2 step 4). The expiry
                    // check above may have just failed it, after the core rendered status and tasks: refresh both.
                    element.Elements(Ns.V + "Tasks").Remove();
                    InsertAfter(element, new XElement(Ns.V + "Tasks", TaskXml.Render(import.Task, rc, root: false)), "Link", "Description");
                    var status = entity is SimVApp failedVApp ? Store.VAppStatusOf(failedVApp) : ((SimVAppTemplate)entity).Status;
                    element.SetAttributeValue("status", (int)status);
                }
                break;

            default:
                if (entity is SimVApp vapp && TransferStateOf(vapp) is null && !Store.VAppDeployed(vapp) && vapp.StatusOverride is null)
                {
                    AddLinkOnce(element, "enable", href + "/action/enableDownload", null);
                }
                else if (entity is SimVAppTemplate template && template.Status == VAppStatus.POWERED_OFF && template.TransferState is null)
                {
                    AddLinkOnce(element, "enable", href + "/action/enableDownload", null);
                }
                break;
        }
    }

    internal static XElement FilesElement(UploadSession upload, RequestContext rc)
        => new(Ns.V + "Files", upload.Files.Select(file => new XElement(Ns.V + "File",
            new XAttribute("size", (file.Size ?? -1).ToString(CultureInfo.InvariantCulture)),
            new XAttribute("bytesTransferred", file.BytesTransferred.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("name", file.Name),
            Links.Link("upload:default", rc.Href($"/transfer/{upload.Id}/{Uri.EscapeDataString(file.Name)}")))));

    internal static void AddLinks(XElement element, params XElement[] links)
    {
        var last = element.Elements(Ns.V + "Link").LastOrDefault();
        if (last is null)
        {
            element.AddFirst(links);
        }
        else
        {
            last.AddAfterSelf(links);
        }
    }

    /// <summary>Adds a link unless one with the same rel and href is already there (exactly one link per (rel, type)).</summary>
    internal static void AddLinkOnce(XElement element, string rel, string href, string? type)
    {
        if (element.Elements(Ns.V + "Link").Any(l => (string?)l.Attribute("rel") == rel && string.Equals((string?)l.Attribute("href"), href, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        AddLinks(element, Links.Link(rel, href, type));
    }

    public const string DefaultDescriptor = "descriptor.ovf";
    public const string IdentityDescriptor = "descriptor-with-id.ovf";
    public const string DefaultOva = "descriptor.ova";
    public const string IdentityOva = "descriptor-with-id.ova";

    internal static Guid OrgOf(SimEntity entity) => entity switch
    {
        SimVApp vapp => vapp.OrgId,
        SimVAppTemplate template => template.OrgId,
        _ => Guid.Empty,
    };

    /// <summary>Forgets the entity's download (call inside the lock).</summary>
    internal void RemoveDownload(SimEntity entity)
    {
        if (TransferStateOf(entity) is DownloadState state)
        {
            _downloads.TryRemove(state.SessionId, out _);
            SetTransferState(entity, null);
        }
    }

    internal static object? TransferStateOf(SimEntity entity) => entity switch
    {
        SimVApp vapp => vapp.TransferState,
        SimVAppTemplate template => template.TransferState,
        _ => null,
    };

    internal static void SetTransferState(SimEntity entity, object? state)
    {
        switch (entity)
        {
            case SimVApp vapp: vapp.TransferState = state; break;
            case SimVAppTemplate template: template.TransferState = state; break;
        }
    }

    internal static ApiException NotFound() => new(404, "NOT_FOUND", string.Empty) { EmptyBody = true };

    /// <summary>Drops an idle download (call inside the lock).</summary>
    internal void ExpireDownload(DownloadSession session)
    {
        _downloads.TryRemove(session.Id, out _);
        SimEntity? entity = Store.VApps.TryGetValue(session.EntityId, out var vapp) ? vapp
            : Store.Templates.TryGetValue(session.EntityId, out var template) ? template : null;
        if (entity is not null && TransferStateOf(entity) is DownloadState ds && ds.SessionId == session.Id)
        {
            SetTransferState(entity, null);
            Store.Touch();
        }
    }

    /// <summary>An upload without transfer activity for the transfer timeout fails as TRANSFER_TIMEOUT (call inside the lock).</summary>
    internal void ExpireUploadIfIdle(ImportState state)
    {
        if (state.Upload.Phase is UploadPhase.DescriptorPending or UploadPhase.ContentsPending
            && _sim.Clock.UtcNow - state.LastActivityUtc > TransferIdleTimeout)
        {
            state.TimedOut = true;
            state.Upload.Fail("The upload was idle for more than 60 minutes; the transfer session timed out.");
        }
    }

    internal static string RequiredName(XElement body)
    {
        var name = ((string?)body.Attribute("name"))?.Trim();
        return string.IsNullOrEmpty(name)
            ? throw ApiException.BadRequest("Unexpected JAXB Exception - cvc-complex-type.4: Attribute 'name' must appear on element.")
            : name;
    }

    internal static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Mirrors the upload's files into the template's Files (call inside the lock).</summary>
    internal static void SyncTemplateFiles(SimVAppTemplate template, UploadSession upload)
    {
        template.Files.Clear();
        foreach (var file in upload.Files)
        {
            template.Files.Add(new SimFile
            {
                Name = file.Name,
                Size = file.Size ?? -1,
                BytesTransferred = file.BytesTransferred,
                LocalPath = file.Path,
                UploadPath = $"/transfer/{upload.Id}/{file.Name}",
            });
        }
    }

    internal void RequireUniqueVAppName(SimVdc vdc, string name)
    {
        if (Store.VApps.Values.Any(a => a.VdcId == vdc.Id && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiException(400, "DUPLICATE_NAME", $"The VMware Cloud Director entity {name} already exists in VDC \"{vdc.Name}\".");
        }
    }
}
