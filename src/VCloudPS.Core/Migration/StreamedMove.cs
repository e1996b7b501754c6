using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Cross-cloud (or cross-org) move/copy: the source's download area is streamed straight into an
/// instantiateOvf upload at the destination, file by file, through <see cref="CrossCloudRelay"/>; nothing is
/// written locally except the resume journal. A deployed source being copied is cloned in its own VDC first and
/// the clone is exported (and removed at the end, whatever happens).</summary>
internal sealed class StreamedMove
{
    private static readonly XNamespace V = VcdXml.Vcloud;
    private static readonly XNamespace O = VcdXml.Ovf;
    private const string InstantiateOvfType = "application/vnd.vmware.vcloud.instantiateOvfParams+xml";
    private const string CloneParamsType = "application/vnd.vmware.vcloud.cloneVAppParams+xml";
    private readonly Action<string>? _log;

    public StreamedMove(Action<string>? log) { _log = log; }

    public async Task<MoveResult> RunAsync(MoveOptions o, MovePlan plan, MoveContext c, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var source = o.Source;
        var destination = o.Destination;
        var sourceHttp = new VcdTransferHttp(source);
        var destinationHttp = new VcdTransferHttp(destination);
        var activity = $"{(o.Kind == MoveKind.Move ? "Move" : "Copy")}-VApp {plan.SourceName}";
        var journal = c.Journal ?? MoveJournal.Create(c.JournalPath!, o.Kind, source.Server.Authority, o.SourceHref,
            destination.Server.Authority, o.DestinationVdcHref, plan.DestinationName, DateTime.UtcNow);
        var resuming = c.Journal?.DestinationVAppHref != null;
        if (o.Resume && !resuming) _log?.Invoke($"-Resume: no interrupted {o.Kind.ToString().ToLowerInvariant()} of '{plan.SourceName}' to '{plan.DestinationVdc}' was found; starting from the beginning.");

        string exportHref = o.SourceHref;
        string? cloneHref = null;
        bool enabledHere = false, destinationComplete = false, keepClone = false;
        string? destinationHref = journal.DestinationVAppHref;
        try
        {
            if (plan.UsesTemporaryClone)
            {
                // The finished files of an interrupted run came from its clone: continue from that clone while it exists.
                cloneHref = resuming ? await UsableCloneAsync(source, journal.TemporaryCloneHref, ct).ConfigureAwait(false) : null;
                if (cloneHref != null) _log?.Invoke($"Continuing with the temporary clone {cloneHref} of the interrupted run.");
                else
                {
                    if (journal.TemporaryCloneHref != null)
                        await PartialCleanup.RemoveAsync(source, journal.TemporaryCloneHref, "temporary clone of an earlier run", _log).ConfigureAwait(false);
                    Report(progress, activity, "Cloning the running vApp in its own VDC (the source keeps running)");
                    cloneHref = await CloneInSourceAsync(o, c, plan, ct).ConfigureAwait(false);
                    journal.TemporaryCloneHref = cloneHref;
                    if (resuming)
                    {   // The finished files came from a clone that is gone, taken at another moment: start over.
                        await PartialCleanup.RemoveAsync(destination, destinationHref!, "partial copy of an earlier run", _log).ConfigureAwait(false);
                        destinationHref = null; resuming = false; journal.CompletedFiles.Clear();
                    }
                }
                exportHref = cloneHref;
            }

            // ---- source: the download area ----
            var entity = await source.GetXmlAsync(exportHref, ct).ConfigureAwait(false);
            var descriptorHref = entity.LinkHref("download:default");
            if (descriptorHref == null)
            {
                Report(progress, activity, "Preparing the source's download (enableDownload)");
                var task = await source.PostXmlAsync(VcdEntities.ActionHref(entity, "enable", "/action/enableDownload"), null, null, ct).ConfigureAwait(false);
                enabledHere = true;
                if (task != null) await source.WaitForTaskAsync(task, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
                entity = await source.GetXmlAsync(exportHref, ct).ConfigureAwait(false);
                descriptorHref = entity.LinkHref("download:default")
                    ?? throw new VCloudException(VCloudErrorKind.Protocol, "DownloadLinkMissing", $"enableDownload of '{plan.SourceName}' succeeded but the vApp has no download:default link.");
            }
            var descriptorUri = new Uri(source.Server, descriptorHref);
            var descriptorBytes = await GetSmallAsync(sourceHttp, descriptorUri, ct).ConfigureAwait(false);
            var descriptor = OvfDescriptorParser.Load(new MemoryStream(descriptorBytes), descriptorUri.Segments.Last());
            var files = descriptor.Files;
            var folder = new Uri(descriptorUri, ".");
            var sources = files.Select(f =>
            {
                if (!f.Size.HasValue)
                    throw new OvfPackageException("OvfDescriptorInvalid", $"File '{f.Href}' has no ovf:size, so it cannot be streamed. Use -StagingPath to copy through a local package.", f.Href);
                var u = new Uri(descriptorUri, f.Href);
                if (!u.AbsolutePath.StartsWith(folder.AbsolutePath, StringComparison.Ordinal) || u.Authority != descriptorUri.Authority)
                    throw new OvfPackageException("PackagePathEscapes", $"File '{f.Href}' resolves outside the descriptor's folder on the server.", f.Href);
                return new VcdRelaySource(sourceHttp, u, f.Href);
            }).ToList();
            var manifest = await TryManifestAsync(sourceHttp, descriptorUri, ct).ConfigureAwait(false);

            // ---- destination: a vApp waiting for the package ----
            var (upload, uploaded) = destinationHref == null ? (null, false) : await TryGetUploadAsync(destination, destinationHref, ct).ConfigureAwait(false);
            // A destination that finished receiving while the run was interrupted is kept only if every file is in the journal.
            if (uploaded && !files.All(f => journal.CompletedFiles.ContainsKey(f.Href))) upload = null;
            if (upload == null)
            {
                if (destinationHref != null)
                {
                    _log?.Invoke($"The partial copy of the interrupted run ({destinationHref}) is gone or no longer accepts data; starting over.");
                    await PartialCleanup.RemoveAsync(destination, destinationHref, "partial copy of an earlier run", _log).ConfigureAwait(false);
                }
                resuming = false; uploaded = false;
                journal.CompletedFiles.Clear();
                Report(progress, activity, "Creating the vApp at the destination (instantiateOvf)");
                upload = await InstantiateAsync(o, c, plan, descriptor, ct).ConfigureAwait(false);
                destinationHref = upload.Attr("href")!;
                journal.DestinationVAppHref = destinationHref;
                journal.Save();
                await new OvfUploadSession(destination, destinationHttp, destinationHref, "destination").PutDescriptorAsync(upload, descriptorBytes, ct).ConfigureAwait(false);
            }
            var session = new OvfUploadSession(destination, destinationHttp, destinationHref!, "destination");
            var targets = uploaded
                ? files.ToDictionary(f => f.Href, f => (size: f.Size, bytesTransferred: f.Size!.Value, uploadHref: (string?)null), StringComparer.Ordinal)
                : await session.WaitForFilesAsync(files.Select(f => f.Href), o.Transfer, ct).ConfigureAwait(false);

            // ---- relay ----
            var tracker = new ProgressTracker(activity, files.Select(f => (f.Href, f.Size!.Value)).ToList(), progress, $"Streaming {files.Count} file(s)");
            var relay = new CrossCloudRelay(destinationHttp, o.Transfer, sourceHttp.Retry);
            var relayed = new RelayedFile?[files.Count];
            int skipped = 0;
            await BoundedParallel.ForEachFileAsync(files, o.Transfer, async (file, i, token) =>
            {
                var size = file.Size!.Value;
                var server = targets[file.Href];
                if (journal.CompletedFiles.TryGetValue(file.Href, out var done) && server.bytesTransferred >= size)
                {
                    relayed[i] = new RelayedFile(file.Href, size, done, 0, 0, verifiedAgainstSource: false);
                    Interlocked.Increment(ref skipped);
                    tracker.Set(i, size); tracker.SetState(i, FileTransferState.Completed);
                    return;
                }
                if (server.uploadHref == null)
                    throw new VCloudException(VCloudErrorKind.Protocol, "UploadLinkMissing", $"The destination offers no upload link for '{file.Href}'.");
                tracker.SetState(i, FileTransferState.Running);
                var target = new UploadTarget(new Uri(destination.Server, server.uploadHref), file.Href)
                {
                    ServerOffset = t => session.StoredBytesAsync(file.Href, t),
                    StartOffset = Math.Min(size, server.bytesTransferred),
                    OnPosition = p => tracker.Set(i, p),
                };
                var expected = ExpectedFor(manifest, file.Href);
                var r = await relay.RelayAsync(sources[i], target, size, expected, token).ConfigureAwait(false);
                relayed[i] = r;
                journal.CompleteFile(file.Href, r.Sha256);
                if (r.Resumes > 0) _log?.Invoke($"{file.Href}: continued {r.Resumes} time(s) after dropped connections.");
                tracker.SetState(i, FileTransferState.Completed);
            }, ct).ConfigureAwait(false);
            tracker.Complete();

            Report(progress, activity, "Waiting for the destination to finish the import");
            await session.WaitForEntityAsync(o.Transfer.TaskTimeout, ct).ConfigureAwait(false);
            await DiskPolicies.RestoreAsync(destination, destinationHref!, c, o, _log, ct).ConfigureAwait(false);
            if (o.PowerOn)
            {
                Report(progress, activity, "Powering on at the destination");
                await VAppOperations.PowerAsync(destination, destinationHref!, VAppPowerAction.PowerOn, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            }
            destinationComplete = true;

            var result = new MoveResult
            {
                Kind = o.Kind, Source = plan.SourceName, SourceHref = o.SourceHref, SourceServer = plan.SourceServer, Name = plan.DestinationName,
                Destination = plan.DestinationVdc, DestinationServer = plan.DestinationServer, DestinationHref = destinationHref!, Method = MoveMethod.Streamed,
                Files = relayed.Select(r => r!).ToList(), BytesMoved = relayed.Sum(r => r!.BytesSent), FilesResumed = skipped,
            };
            foreach (var r in result.Files) result.Digests[r.Name] = r.Sha256;
            if (o.Kind == MoveKind.Move)
            {
                Report(progress, activity, "Removing the source (the copy is complete and verified)");
                try
                {
                    await VAppOperations.RemoveAsync(source, o.SourceHref, undeployFirst: false, o.Transfer.TaskTimeout, null, CancellationToken.None).ConfigureAwait(false);
                    result.SourceRemoved = true;
                }
                catch (Exception ex)
                {
                    journal.Delete();
                    throw new VCloudException(VCloudErrorKind.TaskFailed, "MoveSourceNotRemoved",
                        $"'{plan.SourceName}' was copied to '{plan.DestinationVdc}' and verified, but removing the source failed: {ex.Message} Both copies exist; remove the source with Remove-VApp when it is free.", ex);
                }
            }
            journal.Delete();
            result.VApp = await InventoryClient.GetVAppAsync(destination, destinationHref!, ct).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (!destinationComplete && !(ex is VCloudException { ErrorId: "MoveSourceNotRemoved" }))
        {
            var resumable = destinationHref != null && IsResumable(ex);
            string cleanup;
            if (resumable)
            {
                journal.Save();
                keepClone = cloneHref != null;
                cleanup = $"The partial copy '{plan.DestinationName}' stays at the destination with the files finished so far; run the same command again (or with -Resume) to continue without sending them again, or remove it with Remove-VApp." +
                          (keepClone ? $" The temporary clone {cloneHref} it is copied from stays in the source cloud until then." : "");
            }
            else
            {
                cleanup = destinationHref == null ? "Nothing was created at the destination." : await PartialCleanup.RemoveAsync(destination, destinationHref, "partial copy at the destination", _log).ConfigureAwait(false);
                journal.Delete();
            }
            _log?.Invoke(cleanup);
            if (ex is OperationCanceledException) throw;
            var v = ex as VCloudException;
            throw new VCloudException(v?.Kind ?? VCloudErrorKind.Protocol, v?.ErrorId ?? "MoveFailed",
                $"{o.Kind} of '{plan.SourceName}' to '{plan.DestinationVdc}' failed: {ex.Message} The source is unchanged. {cleanup}", ex)
            { StatusCode = v?.StatusCode, MinorErrorCode = v?.MinorErrorCode, ServerMessage = v?.ServerMessage };
        }
        finally
        {
            if (enabledHere) await DisableDownloadQuietlyAsync(source, exportHref).ConfigureAwait(false);
            if (cloneHref != null && !keepClone) await PartialCleanup.RemoveAsync(source, cloneHref, "temporary clone in the source cloud", _log).ConfigureAwait(false);
        }
    }

    private static bool IsResumable(Exception ex)
        => ex is OperationCanceledException
           || ex is VCloudException v && (v.Kind == VCloudErrorKind.Connection || v.Kind == VCloudErrorKind.Timeout);

    private static ExpectedDigest? ExpectedFor(OvfManifest? manifest, string name)
    {
        var e = manifest?.Find(name);
        return e == null ? null : new ExpectedDigest(e.Algorithm, e.Digest, "the source's manifest");
    }

    private async Task<string> CloneInSourceAsync(MoveOptions o, MoveContext c, MovePlan plan, CancellationToken ct)
    {
        var vdcHref = c.SourceVdcHref ?? throw new VCloudException(VCloudErrorKind.Protocol, "SourceVdcUnknown", $"vApp '{plan.SourceName}' names no VDC; it cannot be cloned.");
        var vdc = await o.Source.GetXmlAsync(vdcHref, ct).ConfigureAwait(false);
        var name = $"{plan.SourceName}-vcloudps-copy-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var body = new XElement(V + "CloneVAppParams", new XAttribute("name", name), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", $"Temporary clone of {plan.SourceName} made by VCloudPS for a copy; removed when the copy ends."),
            new XElement(V + "Source", new XAttribute("href", o.SourceHref)),
            new XElement(V + "IsSourceDelete", "false"));
        var created = await o.Source.PostXmlAsync(MoveService.AddLink(vdc, "/action/cloneVApp"), CloneParamsType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "cloneVApp returned no vApp.");
        var href = created.Attr("href")!;
        try
        {
            await o.Source.WaitForTaskAsync(created, o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            // vCD may create the clone of a running vApp suspended: it must be undeployed to be exported.
            await VAppOperations.UndeployAsync(o.Source, href, "powerOff", o.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
        }
        catch
        {
            await PartialCleanup.RemoveAsync(o.Source, href, "temporary clone in the source cloud", _log).ConfigureAwait(false);
            throw;
        }
        _log?.Invoke($"Cloned running vApp '{plan.SourceName}' to temporary '{name}' for the copy.");
        return href;
    }

    /// <summary>The temporary clone of an interrupted run, when it still exists and can be exported.</summary>
    private static async Task<string?> UsableCloneAsync(VCloudConnection c, string? href, CancellationToken ct)
    {
        if (href == null) return null;
        try
        {
            var e = await c.GetXmlAsync(href, ct).ConfigureAwait(false);
            var status = VcdEntities.Status(e);
            var usable = status != VAppStatus.FailedCreation && !status.IsBeingCreated() && e.AttrBool("deployed") != true && !VcdEntities.HasRunningTasks(e);
            return usable ? href : null;
        }
        catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound || ex.StatusCode == 403) { return null; }
    }

    /// <summary>The destination vApp of an interrupted run: still receiving (entity, false), done receiving
    /// (entity, true), or gone / failed (null).</summary>
    private static async Task<(XElement?, bool)> TryGetUploadAsync(VCloudConnection c, string href, CancellationToken ct)
    {
        try
        {
            var e = await c.GetXmlAsync(href, ct).ConfigureAwait(false);
            var status = VcdEntities.Status(e);
            if (status == VAppStatus.FailedCreation || VcdEntities.FailedTask(e).HasValue) return (null, false);
            return (e, !status.IsBeingCreated());
        }
        catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound || ex.StatusCode == 403) { return (null, false); }
    }

    private async Task<XElement> InstantiateAsync(MoveOptions o, MoveContext c, MovePlan plan, OvfDescriptor descriptor, CancellationToken ct)
    {
        // -StorageProfile for every VM, else each VM's policy as the preflight resolved it (same name or -StorageProfileMapping).
        var sourceProfiles = c.SourceVms.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().StorageProfile, StringComparer.Ordinal);
        var placement = descriptor.VirtualSystems
            .Select(v => (v.Id, href: c.ProfileHrefFor(sourceProfiles.TryGetValue(v.Name, out var p) ? p : null, o.StorageProfile)))
            .Where(v => v.href != null).ToDictionary(v => v.Id, v => v.href!, StringComparer.Ordinal);
        var href = MoveService.AddLink(c.DestinationVdc, "/action/instantiateOvf");
        var body = new XElement(V + "InstantiateOvfParams",
            new XAttribute(XNamespace.Xmlns + "ovf", O.NamespaceName),
            new XAttribute("name", plan.DestinationName), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", c.SourceVApp.VText("Description") ?? $"{o.Kind} of {plan.SourceName} from {plan.SourceServer} by VCloudPS"),
            new XElement(V + "AllEULAsAccepted", "true"),
            c.NetworkTargets.Where(m => m.Value != null).Select(m => new XElement(V + "NetworkMapping", new XElement(V + "Source", m.Key), new XElement(V + "Target", m.Value))),
            StoragePlacement.InstantiateVmParams(placement));
        var vapp = await o.Destination.PostXmlAsync(href, InstantiateOvfType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "instantiateOvf returned no vApp.");
        _log?.Invoke($"Created vApp '{plan.DestinationName}' ({vapp.Attr("href")}) at the destination; streaming the package.");
        return vapp;
    }

    private static Task<byte[]> GetSmallAsync(ITransferHttp http, Uri uri, CancellationToken ct)
        => TransientRetry.RunAsync(http, () => GetSmallOnceAsync(http, uri, ct), ct);

    private static async Task<byte[]> GetSmallOnceAsync(ITransferHttp http, Uri uri, CancellationToken ct)
    {
        using var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (TransientErrors.Retryable(response) is { } retryable) throw retryable;
        if (!response.IsSuccessStatusCode)
            throw new TransferException("DownloadFailed", $"GET {uri.AbsolutePath} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);
        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > SafeXml.MaxCharacters)
                throw new OvfPackageException("OvfDescriptorInvalid", $"{uri.AbsolutePath} is larger than {SafeXml.MaxCharacters} bytes.");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>A manifest next to the descriptor, when the source serves one (vCD normally does not).</summary>
    private static async Task<OvfManifest?> TryManifestAsync(ITransferHttp http, Uri descriptorUri, CancellationToken ct)
    {
        var name = Path.ChangeExtension(descriptorUri.Segments.Last(), ".mf");
        var uri = new Uri(descriptorUri, name);
        try
        {
            using var response = await http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return OvfManifest.Load(body, name);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task DisableDownloadQuietlyAsync(VCloudConnection c, string href)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var fresh = await c.GetXmlAsync(href, cts.Token).ConfigureAwait(false);
            await c.PostXmlAsync(VcdEntities.ActionHref(fresh, "disable", "/action/disableDownload"), null, null, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log?.Invoke($"disableDownload of {href} failed ({ex.Message}); the server drops the download area after its idle timeout.");
        }
    }

    private static void Report(IProgress<TransferSnapshot>? progress, string activity, string phase)
        => progress?.Report(new TransferSnapshot(activity, phase, 0, 0, 0, null, Array.Empty<FileTransferSnapshot>(), false));
}
