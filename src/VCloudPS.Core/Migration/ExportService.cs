using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Downloads a vApp or vApp template as an OVF folder or an OVA (vcd-api.md §4):
/// enableDownload (task) → re-read the entity → <c>download:default</c> descriptor → every References/File resolved
/// next to the descriptor, streamed to disk with SHA-256 on the fly, in parallel (bounded), resumed with Range after
/// a dropped connection, checked against <c>ovf:size</c> → SHA-256 manifest → disableDownload. With
/// <see cref="ExportOptions.StopIfDeployed"/> a deployed vApp is undeployed first and its power state restored at
/// the end, also when the export fails.</summary>
public sealed class ExportService
{
    private readonly VCloudConnection _connection;
    private readonly ITransferHttp _http;
    private readonly Action<string>? _log;

    public ExportService(VCloudConnection connection, Action<string>? log = null)
    {
        _connection = connection;
        _http = new VcdTransferHttp(connection);
        _log = log;
    }

    public async Task<ExportResult> ExportAsync(string entityHref, ExportOptions options, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var entity = await _connection.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
        var name = entity.Attr("name") ?? "vapp";
        var type = entity.Name.LocalName;   // VApp or VAppTemplate
        if (type != "VApp" && type != "VAppTemplate")
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "ExportSourceInvalid", $"'{entityHref}' is a {type}; only vApps and vApp templates can be exported.");

        var target = ExportTarget.Create(options.Path, name, options.Force);
        PowerState? stopped = null;
        var lease = DownloadLease.Join(_connection.Server, entityHref);
        try
        {
            if (type == "VApp" && (entity.AttrBool("deployed") ?? false))
            {
                if (!options.StopIfDeployed)
                    throw new VCloudException(VCloudErrorKind.Conflict, "VAppDeployed",
                        $"vApp '{name}' is deployed ({EntityMapper.StatusName(entity.Attr("status"))}); vCloud Director can only download an undeployed vApp. " +
                        "Undeploy it first (e.g. Stop-VApp), or run Export-VApp with -Stop to undeploy it for the export and restore its power state afterwards.")
                    { Request = "POST " + entityHref + "/action/enableDownload" };
                var restoreTo = PowerStateToRestore(entity, name);
                var undeploy = await SendUndeployAsync(entity, name, progress, ct).ConfigureAwait(false);
                stopped = restoreTo;   // from here on the vApp is brought back, even when the wait below is cancelled
                await WaitUndeployedAsync(undeploy, options.Transfer.TaskTimeout, ct).ConfigureAwait(false);
                entity = await _connection.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
            }

            string descriptorHref;
            await lease.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {   // Other exports of this vApp in this process share the enabled download (the last one disables it).
                entity = await _connection.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
                descriptorHref = entity.LinkHref("download:default") ?? await EnableDownloadAsync(entityHref, name, options, progress, lease, ct).ConfigureAwait(false);
            }
            finally { lease.Gate.Release(); }

            var policies = type == "VApp" ? await StoragePoliciesAsync(entity, ct).ConfigureAwait(false) : Array.Empty<VmStoragePolicies>();
            var result = await DownloadPackageAsync(name, type, entityHref, new Uri(_connection.Server, descriptorHref), policies, target, options, progress, ct).ConfigureAwait(false);
            result.Duration = clock.Elapsed;
            result.WasStopped = stopped != null;
            return result;
        }
        catch
        {
            target.Abort();
            throw;
        }
        finally
        {
            target.Dispose();
            await lease.LeaveAsync(() => DisableDownloadQuietlyAsync(entity, name)).ConfigureAwait(false);
            if (stopped != null) await RestoreAsync(entityHref, name, stopped.Value, options.Transfer.TaskTimeout).ConfigureAwait(false);
        }
    }

    /// <summary>enableDownload, then the new <c>download:default</c> link; enabling again once when the link is
    /// missing (another client disabled the download between the task and the re-read).</summary>
    private async Task<string> EnableDownloadAsync(string entityHref, string name, ExportOptions options, IProgress<TransferSnapshot>? progress,
        DownloadLease lease, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            Report(progress, name, "Preparing the download (enableDownload)");
            var entity = await _connection.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
            var task = await _connection.PostXmlAsync(VcdEntities.ActionHref(entity, "enable", "/action/enableDownload"), null, null, ct).ConfigureAwait(false);
            lease.EnabledHere = true;
            if (task != null) await _connection.WaitForTaskAsync(task, options.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            entity = await _connection.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
            var href = entity.LinkHref("download:default");
            if (href != null) return href;
            if (attempt >= 2)
                throw new VCloudException(VCloudErrorKind.Protocol, "DownloadLinkMissing",
                    $"enableDownload of '{name}' succeeded twice but the entity has no download:default link.");
            _log?.Invoke($"'{name}' has no download link right after enableDownload (disabled by another client?); enabling again.");
        }
    }

    /// <summary>Each VM's storage policy and its disks' own, which vCD's descriptor does not carry.</summary>
    private async Task<IReadOnlyList<VmStoragePolicies>> StoragePoliciesAsync(XElement vapp, CancellationToken ct)
    {
        var vms = EntityMapper.VmsOf(vapp, _connection).ToList();
        var vdcHref = vapp.LinkHref("up", "application/vnd.vmware.vcloud.vdc+xml");
        if (vdcHref != null && vms.SelectMany(v => v.Disks).Any(d => d.StorageProfile == null && d.StorageProfileHref != null))
            DiskPolicies.NameOverrides(vms, await _connection.GetXmlAsync(vdcHref, ct).ConfigureAwait(false));
        return vms.Select(v => new VmStoragePolicies(v.Name, v.StorageProfile,
            v.Disks.Select(DiskPolicies.OwnPolicy).ToList())).ToList();
    }

    private async Task<ExportResult> DownloadPackageAsync(string name, string type, string entityHref, Uri descriptorUri, IReadOnlyList<VmStoragePolicies> policies,
        ExportTarget target, ExportOptions options, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        Report(progress, name, "Downloading the OVF descriptor");
        var descriptorBytes = await DownloadDescriptorAsync(descriptorUri, options.Transfer, ct).ConfigureAwait(false);
        if (StoragePolicyAnnotation.Annotate(descriptorBytes, policies, descriptorUri.Segments.Last()) is { } annotated)
        {
            descriptorBytes = annotated;
            _log?.Invoke($"Recorded the storage policies of '{name}' in its descriptor (vmw:StorageGroupSection), which vCD's export leaves out.");
        }
        var descriptor = OvfDescriptorParser.Load(new MemoryStream(descriptorBytes), descriptorUri.Segments.Last());
        var files = descriptor.Files;
        foreach (var f in files.Where(f => string.Equals(f.Href, target.DescriptorName, StringComparison.OrdinalIgnoreCase)
                                         || string.Equals(f.Href, target.ManifestName, StringComparison.OrdinalIgnoreCase)))
            throw new OvfPackageException("PackageNameConflict",
                $"The server names a file of '{name}' '{f.Href}', the name of the package's {(f.Href.EndsWith(".mf", StringComparison.OrdinalIgnoreCase) ? "manifest" : "descriptor")}; the package cannot hold both. Export to a path with another name (e.g. -Path x.ova).", f.Href);
        // A file without a declared size may not be larger than its disk's capacity; one that is no disk is refused.
        var caps = files.Select(f => f.Size.HasValue ? (long?)null
            : descriptor.Disks.FirstOrDefault(d => d.FileRef == f.Id)?.CapacityBytes
              ?? throw new OvfPackageException("PackageFileSizeUnknown",
                  $"The server's descriptor declares no size for '{f.Href}' and no disk capacity bounds it; refusing to download a file of unknown length.", f.Href)).ToList();
        var folder = new Uri(descriptorUri, ".");
        var urls = files.Select(f =>
        {
            var u = new Uri(descriptorUri, f.Href);   // hrefs are validated relative names: they cannot leave the folder
            if (!u.AbsolutePath.StartsWith(folder.AbsolutePath, StringComparison.Ordinal) || u.Authority != descriptorUri.Authority)
                throw new OvfPackageException("PackagePathEscapes", $"File '{f.Href}' resolves outside the descriptor's folder on the server.", f.Href);
            return u;
        }).ToList();

        target.Begin(descriptorBytes, files);
        var tracker = new ProgressTracker($"Export-VApp {name}", files.Select(f => (f.Href, f.Size ?? 0)).ToList(), progress, "Downloading disks");
        tracker.SetPhase($"Downloading {files.Count} file(s) to {target.OutputPath}");
        var downloader = new ResumableDownloader(_http, options.Transfer);
        var results = new DownloadResult[files.Count];
        var transferClock = Stopwatch.StartNew();
        await BoundedParallel.ForEachFileAsync(files, options.Transfer, async (file, i, token) =>
        {
            tracker.SetState(i, FileTransferState.Running);
            using (var stream = target.OpenFile(i))
            {
                results[i] = await downloader.DownloadAsync(urls[i], stream, file.Size, p => tracker.Set(i, p), token, caps[i]).ConfigureAwait(false);
                await stream.FlushAsync(token).ConfigureAwait(false);
            }
            if (results[i].Resumes > 0) _log?.Invoke($"{file.Href}: resumed {results[i].Resumes} time(s) after dropped connections.");
            tracker.SetState(i, FileTransferState.Completed);
        }, ct).ConfigureAwait(false);
        var seconds = transferClock.Elapsed.TotalSeconds;

        string descriptorSha;
        using (var sha = SHA256.Create()) descriptorSha = DigestAlgorithms.ToHex(sha.ComputeHash(descriptorBytes));
        var exported = new List<ExportedFile> { new ExportedFile(target.DescriptorName, descriptorBytes.Length, descriptorSha) };
        exported.AddRange(files.Select((f, i) => new ExportedFile(f.Href, results[i].Bytes, results[i].Sha256)));
        var manifest = new OvfManifest(exported.Select(e => new ManifestEntry(e.Name, "SHA256", e.Sha256)));
        tracker.SetPhase("Writing the manifest");
        target.Commit(manifest);
        tracker.Complete();

        var total = results.Sum(r => r.Bytes);
        return new ExportResult
        {
            Path = target.OutputPath,
            Format = target is OvaExportTarget ? "OVA" : "OVF",
            SourceName = name,
            SourceHref = entityHref,
            SourceType = type,
            DescriptorName = target.DescriptorName,
            ManifestName = target.ManifestName,
            Files = exported,
            TotalBytes = total,
            Digests = exported.ToDictionary(e => e.Name, e => e.Sha256, StringComparer.Ordinal),
            BytesPerSecond = seconds > 0 ? total / seconds : 0,
            Resumes = results.Sum(r => r.Resumes),
        };
    }

    /// <summary>The descriptor, with the same retries, resume and inactivity timeout as the disks, capped in size.</summary>
    private async Task<byte[]> DownloadDescriptorAsync(Uri uri, TransferOptions options, CancellationToken ct)
    {
        var ms = new CappedMemoryStream(SafeXml.MaxCharacters, uri);
        await new ResumableDownloader(_http, options).DownloadAsync(uri, ms, null, null, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    private sealed class CappedMemoryStream : MemoryStream
    {
        private readonly long _max; private readonly Uri _uri;
        public CappedMemoryStream(long max, Uri uri) { _max = max; _uri = uri; }
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > _max)
                throw new OvfPackageException("OvfDescriptorInvalid", $"The descriptor at {_uri.AbsolutePath} is larger than {_max} bytes.");
            base.Write(buffer, offset, count);
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }
    }

    private enum PowerState { PoweredOn, DeployedOff }

    private static PowerState PowerStateToRestore(XElement vapp, string name)
    {
        var current = VAppStatuses.Parse(vapp.Attr("status")) ?? VAppStatus.Unknown;
        if (current == VAppStatus.Suspended)
            throw new VCloudException(VCloudErrorKind.Conflict, "VAppSuspended",
                $"vApp '{name}' is suspended; -Stop cannot restore a suspended state. Resume or stop it first, then export.");
        return current.IsPoweredOn() ? PowerState.PoweredOn : PowerState.DeployedOff;
    }

    private async Task<XElement?> SendUndeployAsync(XElement vapp, string name, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        Report(progress, name, "Undeploying the vApp for the export (-Stop)");
        _log?.Invoke($"Undeploying vApp '{name}' (was {(VAppStatuses.Parse(vapp.Attr("status")) ?? VAppStatus.Unknown).Name()}); its power state is restored after the export.");
        var href = VcdEntities.ActionHref(vapp, "undeploy", "/action/undeploy");
        var body = new XElement(VcdXml.Vcloud + "UndeployVAppParams", new XElement(VcdXml.Vcloud + "UndeployPowerAction", "powerOff"));
        return await _connection.PostXmlAsync(href, "application/vnd.vmware.vcloud.undeployVAppParams+xml", body, ct).ConfigureAwait(false);
    }

    /// <summary>Waits for the undeploy task. When cancelled it still lets the task end (bounded), so that the
    /// restore afterwards finds the vApp settled rather than busy.</summary>
    private async Task WaitUndeployedAsync(XElement? task, TimeSpan timeout, CancellationToken ct)
    {
        if (task == null) return;
        try { await _connection.WaitForTaskAsync(task, timeout, null, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            using var settle = new CancellationTokenSource(timeout);
            try { await _connection.WaitForTaskAsync(task, timeout, null, settle.Token).ConfigureAwait(false); }
            catch (Exception ex) { _log?.Invoke($"The undeploy did not end cleanly after the cancellation ({ex.Message})."); }
            throw;
        }
    }

    /// <summary>Brings the vApp back to how it was. Runs after success, failure and cancellation alike, so it does not
    /// take the caller's token; a failure to restore is reported, never swallowed silently.</summary>
    private async Task RestoreAsync(string vappHref, string name, PowerState state, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var vapp = await _connection.GetXmlAsync(vappHref, cts.Token).ConfigureAwait(false);
            XElement? task;
            if (state == PowerState.PoweredOn)
                task = await _connection.PostXmlAsync(VcdEntities.ActionHref(vapp, "power:powerOn", "/power/action/powerOn"), null, null, cts.Token).ConfigureAwait(false);
            else
                task = await _connection.PostXmlAsync(VcdEntities.ActionHref(vapp, "deploy", "/action/deploy"), "application/vnd.vmware.vcloud.deployVAppParams+xml",
                    new XElement(VcdXml.Vcloud + "DeployVAppParams", new XAttribute("powerOn", "false")), cts.Token).ConfigureAwait(false);
            if (task != null) await _connection.WaitForTaskAsync(task, timeout, null, cts.Token).ConfigureAwait(false);
            _log?.Invoke($"vApp '{name}' restored to {(state == PowerState.PoweredOn ? "powered on" : "deployed")}.");
        }
        catch (Exception ex)
        {
            throw new VCloudException(VCloudErrorKind.TaskFailed, "VAppRestoreFailed",
                $"The export of '{name}' finished, but its power state could not be restored ({ex.Message}). Start it with Start-VApp.", ex);
        }
    }

    private async Task DisableDownloadQuietlyAsync(XElement entity, string name)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var fresh = await _connection.GetXmlAsync(entity.Attr("href")!, cts.Token).ConfigureAwait(false);
            var href = VcdEntities.ActionHref(fresh, "disable", "/action/disableDownload");
            await _connection.PostXmlAsync(href, null, null, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {   // The transfer area expires by itself after 60 idle minutes; not worth failing a finished export.
            _log?.Invoke($"disableDownload of '{name}' failed ({ex.Message}); the server drops the download area after its idle timeout.");
        }
    }

    private static void Report(IProgress<TransferSnapshot>? progress, string name, string phase)
        => progress?.Report(new TransferSnapshot($"Export-VApp {name}", phase, 0, 0, 0, null, Array.Empty<FileTransferSnapshot>(), false));
}
