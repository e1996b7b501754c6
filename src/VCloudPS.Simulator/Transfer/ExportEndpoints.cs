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
using static VCloudPS.Simulator.Transfer.TransferService;
using TaskStatus = VCloudPS.Simulator.Store.TaskStatus;

namespace VCloudPS.Simulator.Transfer;

/// <summary>OVF export (vcd-api.md §4): enableDownload/disableDownload, the /ovf envelope and GET|HEAD of /transfer files.</summary>
internal sealed class ExportEndpoints
{
    private readonly TransferService _transfers;

    public ExportEndpoints(TransferService transfers) => _transfers = transfers;

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var export = sim.Transfers.Export;
        app.MapPost("/api/vApp/vapp-{id}/action/enableDownload", (string id, HttpContext ctx) => export.EnableDownload(ctx, EntityKind.VApp, id));
        app.MapPost("/api/vApp/vapp-{id}/action/disableDownload", (string id, HttpContext ctx) => export.DisableDownload(ctx, EntityKind.VApp, id));
        app.MapPost("/api/vAppTemplate/vappTemplate-{id}/action/enableDownload", (string id, HttpContext ctx) => export.EnableDownload(ctx, EntityKind.VAppTemplate, id));
        app.MapPost("/api/vAppTemplate/vappTemplate-{id}/action/disableDownload", (string id, HttpContext ctx) => export.DisableDownload(ctx, EntityKind.VAppTemplate, id));
        app.MapGet("/api/vApp/vapp-{id}/ovf", (string id, HttpContext ctx) => export.GetOvf(ctx, EntityKind.VApp, id));
        app.MapGet("/api/vAppTemplate/vappTemplate-{id}/ovf", (string id, HttpContext ctx) => export.GetOvf(ctx, EntityKind.VAppTemplate, id));
        app.MapMethods("/transfer/{session}/{file}", [HttpMethods.Get, HttpMethods.Head], (string session, string file, HttpContext ctx) => export.DownloadAsync(ctx, session, file));
    }

    private TransferService Transfers => _transfers;
    private Simulation Sim => _transfers.Sim;
    private SimStore Store => _transfers.Sim.Store;
    private ConcurrentDictionary<Guid, DownloadSession> Downloads => _transfers.Downloads;
    private DiskFileStore Disks => _transfers.Disks;
    private UploadOptions UploadOptions => _transfers.UploadOptions;
    private TimeSpan MinimumTaskTime => _transfers.MinimumTaskTime;

    private sealed record ExportDisk(SimVm Vm, SimDisk Disk, string Href, string? BackingFile, DiskSpec Spec);

    /// <summary>POST …/action/enableDownload → 202 + Task; when it succeeds the entity carries download links.</summary>
    public IResult EnableDownload(HttpContext ctx, EntityKind kind, string idText)
    {
        var rc = ctx.Sim();
        SimTask task;
        SimEntity entity;
        OvfVAppDescription skeleton;
        List<ExportDisk> disks;
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "vApp: Download");
            Guid orgId;
            List<SimVm> vms;
            if (kind == EntityKind.VApp)
            {
                var vapp = Access.VApp(Sim, rc, Access.ParseId(idText));
                if (vapp.StatusOverride is VAppStatus.UNRESOLVED or VAppStatus.FAILED_CREATION)
                {
                    throw ApiException.BadRequest($"The requested operation could not be executed on vApp \"{vapp.Name}\": the vApp is not resolved (status {(int)vapp.StatusOverride}).");
                }
                if (Store.VAppDeployed(vapp))
                {
                    // vCD refuses to export a deployed vApp, even powered off (vcd-api.md §4.1, §10 item 12).
                    throw ApiException.BadRequest($"The requested operation could not be executed on vApp \"{vapp.Name}\". Stop the vApp and try again.");
                }
                entity = vapp;
                orgId = vapp.OrgId;
                vms = Store.VmsOf(vapp).ToList();
                skeleton = new OvfVAppDescription { Name = vapp.Name, Description = vapp.Description, Networks = NetworksOf(vapp.OrgId, vapp.NetworkNames.Concat(vms.SelectMany(v => v.Nics).Select(n => n.Network))) };
            }
            else
            {
                var template = Access.Template(Sim, rc, Access.ParseId(idText));
                if (template.Status != VAppStatus.POWERED_OFF)
                {
                    throw ApiException.BadRequest($"The vApp template \"{template.Name}\" is not ready to be downloaded (status {(int)template.Status}).");
                }
                entity = template;
                orgId = template.OrgId;
                vms = Store.VmsOf(template).ToList();
                skeleton = new OvfVAppDescription { Name = template.Name, Description = template.Description, Networks = NetworksOf(template.OrgId, vms.SelectMany(v => v.Nics).Select(n => n.Network)) };
            }

            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            disks = vms.SelectMany(vm => vm.Disks.Select((disk, i) => new ExportDisk(vm, disk, UniqueName(OvfDescriptorWriter.DiskFileName(vm.Name, i + 1), usedNames), disk.BackingFile, SpecFor(vm, disk)))).ToList();
            task = Sim.Tasks.Start(new TaskRequest
            {
                OperationName = kind == EntityKind.VApp ? "vdcEnableDownload" : "catalogItemEnableDownload",
                Operation = kind == EntityKind.VApp
                    ? $"Enabling download of Virtual Application {entity.Name}({entity.Id})"
                    : $"Enabling download of Virtual Application Template {entity.Name}({entity.Id})",
                Owner = EntityRef.Of(entity),
                Actor = rc.Actor,
                Manual = true,
                FailWith = rc.TaskFailure,
            });
            Transfers.RemoveDownload(entity);
            var hang = rc.TaskHang;
            var owner = entity;
            _ = Task.Run(() => PrepareDownloadAsync(owner, orgId, skeleton, disks, task, hang));
        }
        return Accepted(task, rc);
    }

    /// <summary>The manifest of the default descriptor and the disks (SHA256(name)= hex per line).</summary>
    private static async Task<byte[]> ManifestAsync(byte[] descriptor, IEnumerable<(string Href, string Path)> disks)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SHA256({DefaultDescriptor})= {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(descriptor)).ToLowerInvariant()}\n");
        foreach (var (href, path) in disks)
        {
            await using var stream = File.OpenRead(path);
            var digest = await System.Security.Cryptography.SHA256.HashDataAsync(stream).ConfigureAwait(false);
            text.Append(CultureInfo.InvariantCulture, $"SHA256({href})= {Convert.ToHexString(digest).ToLowerInvariant()}\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>POST …/action/disableDownload → 204; the links vanish and the transfer URLs stop working.</summary>
    public IResult DisableDownload(HttpContext ctx, EntityKind kind, string idText)
    {
        var rc = ctx.Sim();
        lock (Store.Sync)
        {
            Access.RequireCreateDelete(rc, "vApp: Download");
            SimEntity entity = kind == EntityKind.VApp ? Access.VApp(Sim, rc, Access.ParseId(idText)) : Access.Template(Sim, rc, Access.ParseId(idText));
            Transfers.RemoveDownload(entity);
            Store.Touch();
        }
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    private async Task PrepareDownloadAsync(SimEntity entity, Guid orgId, OvfVAppDescription skeleton, List<ExportDisk> disks, SimTask task, bool hang)
    {
        var started = DateTime.UtcNow;
        try
        {
            // Disk files are generated on first need, outside the lock, then remembered as the disks' backing files.
            var prepared = await Task.WhenAll(disks.Select(async disk =>
            {
                var path = disk.BackingFile is { } existing && File.Exists(existing)
                    ? await Task.Run(() => Disks.EnsureCapacity(existing, disk.Disk.SizeMB, disk.Spec.Key)).ConfigureAwait(false)
                    : await Disks.EnsureAsync(disk.Spec).ConfigureAwait(false);
                return (Disk: disk, Path: path, Size: new FileInfo(path).Length, Populated: PopulatedSize(path));
            })).ConfigureAwait(false);
            var files = prepared.ToDictionary(p => p.Disk, p => (p.Path, p.Size, p.Populated));

            var vms = disks.Select(d => d.Vm).Distinct().ToList();
            lock (Store.Sync)
            {
                foreach (var disk in disks)
                {
                    disk.Disk.BackingFile = files[disk].Path;   // first generated, or rewritten after the disk grew
                }
                vms = entity switch
                {
                    SimVApp vapp => Store.VmsOf(vapp).ToList(),
                    SimVAppTemplate template => Store.VmsOf(template).ToList(),
                    _ => vms,
                };
            }

            var description = skeleton with
            {
                Vms = vms.Select((vm, order) => DescribeVm(vm, order, disks.Where(d => d.Vm == vm).Select(d => new OvfDiskDescription
                {
                    FileHref = d.Href,
                    CapacityMB = d.Disk.SizeMB,
                    FileSize = files[d].Size,
                    PopulatedSize = files[d].Populated,
                    BusSubType = d.Disk.BusSubType,
                }))).ToList(),
            };

            var defaultBytes = OvfDescriptorWriter.WriteBytes(description, OvfDescriptorForm.Default);
            var identityBytes = OvfDescriptorWriter.WriteBytes(description, OvfDescriptorForm.Identity);
            var diskItems = disks.Select(d => (d.Href, Source: (ByteSource)new FileByteSource(files[d].Path))).ToList();
            var now = Sim.Clock.UtcNow;
            var items = new Dictionary<string, DownloadItem>(StringComparer.Ordinal)
            {
                [DefaultDescriptor] = new(ByteSource.FromBytes(defaultBytes), "text/xml"),
                [IdentityDescriptor] = new(ByteSource.FromBytes(identityBytes), "text/xml"),
                [DefaultOva] = new(OvaArchive.Build([("descriptor.ovf", ByteSource.FromBytes(defaultBytes)), .. diskItems], now), "application/x-tar"),
                [IdentityOva] = new(OvaArchive.Build([("descriptor.ovf", ByteSource.FromBytes(identityBytes)), .. diskItems], now), "application/x-tar"),
            };
            foreach (var (href, source) in diskItems)
            {
                items[href] = new DownloadItem(source, "application/octet-stream");
            }
            if (Transfers.ServeDownloadManifest)
            {
                items[DefaultManifest] = new(ByteSource.FromBytes(await ManifestAsync(defaultBytes, disks.Select(d => (d.Href, files[d].Path))).ConfigureAwait(false)), "text/plain");
            }
            var session = new DownloadSession(Guid.NewGuid(), entity.Id, orgId, items, now);

            var remaining = MinimumTaskTime - (DateTime.UtcNow - started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining).ConfigureAwait(false);
            }
            lock (Store.Sync)
            {
                if (TaskStatus.IsDone(task.Status) || hang)
                {
                    return;
                }
                if (task.PlannedFailure is { } failure)
                {
                    Sim.Tasks.Fail(task, failure);
                    return;
                }
                Downloads[session.Id] = session;
                SetTransferState(entity, new DownloadState(session.Id));
                Sim.Tasks.Complete(task);
            }
        }
        catch (Exception ex)
        {
            lock (Store.Sync)
            {
                Sim.Tasks.Fail(task, "Unable to prepare the download: " + ex.Message);
            }
        }
    }

    /// <summary>
    /// GET /api/vApp/vapp-{id}/ovf and /api/vAppTemplate/vappTemplate-{id}/ovf: the entity's OVF envelope (identity form)
    /// as it stands, without enabling a download; files not generated yet have no ovf:size.
    /// </summary>
    public IResult GetOvf(HttpContext ctx, EntityKind kind, string idText)
    {
        var rc = ctx.Sim();
        byte[] bytes;
        lock (Store.Sync)
        {
            SimEntity entity = kind == EntityKind.VApp ? Access.VApp(Sim, rc, Access.ParseId(idText)) : Access.Template(Sim, rc, Access.ParseId(idText));
            var (vms, networks, description) = entity switch
            {
                SimVApp vapp => (Store.VmsOf(vapp).ToList(), vapp.NetworkNames.AsEnumerable(), vapp.Description),
                SimVAppTemplate template => (Store.VmsOf(template).ToList(), Enumerable.Empty<string>(), template.Description),
                _ => throw new InvalidOperationException(),
            };
            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var envelope = new OvfVAppDescription
            {
                Name = entity.Name,
                Description = description,
                Networks = NetworksOf(OrgOf(entity), networks.Concat(vms.SelectMany(v => v.Nics).Select(n => n.Network))),
                Vms = vms.Select((vm, order) => DescribeVm(vm, order, vm.Disks.Select((disk, i) =>
                {
                    var exists = disk.BackingFile is { } file && File.Exists(file);
                    return new OvfDiskDescription
                    {
                        FileHref = UniqueName(OvfDescriptorWriter.DiskFileName(vm.Name, i + 1), usedNames),
                        CapacityMB = disk.SizeMB,
                        FileSize = exists ? new FileInfo(disk.BackingFile!).Length : null,
                        PopulatedSize = exists ? PopulatedSize(disk.BackingFile!) : SpecFor(vm, disk).ContentMB << 20,
                        BusSubType = disk.BusSubType,
                    };
                }))).ToList(),
            };
            bytes = OvfDescriptorWriter.WriteBytes(envelope, OvfDescriptorForm.Identity);
        }
        return Results.Bytes(bytes, "text/xml");
    }

    private static OvfVmDescription DescribeVm(SimVm vm, int order, IEnumerable<OvfDiskDescription> disks) => new()
    {
        Name = vm.Name,
        Id = vm.Id,
        Description = string.IsNullOrEmpty(vm.Description) ? null : vm.Description,
        OsType = vm.OsType,
        OsDescription = vm.GuestOs,
        HardwareVersion = vm.HardwareVersion,
        CpuCount = vm.Cpu,
        CoresPerSocket = vm.CoresPerSocket,
        MemoryMB = vm.MemoryMB,
        ComputerName = string.IsNullOrEmpty(vm.ComputerName) ? null : vm.ComputerName,
        StartOrder = order,
        Disks = disks.ToList(),
        Nics = vm.Nics.Select(n => new OvfNicDescription
        {
            Index = n.Index,
            Network = n.Network,
            MacAddress = n.Mac,
            AddressingMode = n.IpMode,
            IpAddress = n.IpAddress,
            IsPrimary = n.Index == vm.PrimaryNicIndex,
            IsConnected = n.IsConnected,
            AdapterType = n.AdapterType,
        }).ToList(),
    };

    /// <summary>VM names that differ only in characters a file name cannot hold must still give distinct files.</summary>
    private static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = Path.GetFileNameWithoutExtension(name) + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Path.GetExtension(name);
        }
        return candidate;
    }

    private static long PopulatedSize(string path)
    {
        try
        {
            using var reader = StreamOptimizedVmdkReader.Open(path);
            return reader.PopulatedBytes;
        }
        catch (InvalidDataException)
        {
            return new FileInfo(path).Length;   // an opaque (non-VMDK) disk image uploaded earlier
        }
    }

    private List<OvfNetworkDescription> NetworksOf(Guid orgId, IEnumerable<string> names)
        => names.Where(n => !string.IsNullOrEmpty(n) && n != "none").Distinct(StringComparer.Ordinal).Select(name =>
        {
            var network = Store.NetworksOf(orgId).FirstOrDefault(n => n.Name == name);
            return new OvfNetworkDescription
            {
                Name = name,
                FenceMode = network?.FenceMode ?? "bridged",
                Gateway = network?.Gateway,
                PrefixLength = network is null ? null : PrefixLength(network.Netmask),
            };
        }).ToList();

    private static int PrefixLength(string netmask)
        => System.Net.IPAddress.TryParse(netmask, out var mask)
            ? mask.GetAddressBytes().Sum(b => System.Numerics.BitOperations.PopCount(b))
            : 24;

    /// <summary>GET|HEAD /transfer/{session}/{file}: a descriptor, an OVA or a disk of an enabled download.</summary>
    public async Task DownloadAsync(HttpContext ctx, string sessionText, string file)
    {
        var rc = ctx.Sim();
        if (rc.Session is null)
        {
            throw ApiException.Unauthorized();
        }
        if (!Guid.TryParse(sessionText, out var id) || !Downloads.TryGetValue(id, out var session) || !Access.CanSee(rc, session.OrgId))
        {
            throw NotFound();
        }
        var now = Sim.Clock.UtcNow;
        lock (Store.Sync)
        {
            var exists = Store.VApps.ContainsKey(session.EntityId) || Store.Templates.ContainsKey(session.EntityId);
            if (!exists || session.IsExpired(now, TransferIdleTimeout))
            {
                Transfers.ExpireDownload(session);   // idle for an hour, or the vApp/template was deleted meanwhile
                throw NotFound();
            }
        }
        if (!session.Items.TryGetValue(file, out var item))
        {
            throw NotFound();
        }
        session.Touch(now);
        await TransferResponder.ServeAsync(ctx, item.Source, item.ContentType);
        session.Touch(Sim.Clock.UtcNow);
    }
}
