using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
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
        bool enabledHere = false, destinationComplete = false;
        string? destinationHref = journal.DestinationVAppHref;
        try
        {
            if (plan.UsesTemporaryClone)
            {
                Report(progress, activity, "Cloning the running vApp in its own VDC (the source keeps running)");
                cloneHref = await CloneInSourceAsync(o, c, plan, ct).ConfigureAwait(false);
                exportHref = cloneHref;
                if (resuming)
                {   // The finished files came from an earlier clone, taken at another moment: start over.
                    await EntityCleanup.RemoveQuietlyAsync(destination, destinationHref!, "partial copy of an earlier run", _log).ConfigureAwait(false);
                    destinationHref = null; resuming = false; journal.CompletedFiles.Clear();
                }
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
                    await EntityCleanup.RemoveQuietlyAsync(destination, destinationHref, "partial copy of an earlier run", _log).ConfigureAwait(false);
                }
                resuming = false; uploaded = false;
                journal.CompletedFiles.Clear();
                Report(progress, activity, "Creating the vApp at the destination (instantiateOvf)");
                upload = await InstantiateAsync(o, c, plan, ct).ConfigureAwait(false);
                destinationHref = upload.Attr("href")!;
                journal.DestinationVAppHref = destinationHref;
                journal.Save();
                await PutDescriptorAsync(destinationHttp, destination, upload, descriptorBytes, ct).ConfigureAwait(false);
            }
            var targets = uploaded
                ? files.ToDictionary(f => f.Href, f => (size: f.Size, bytesTransferred: f.Size!.Value, uploadHref: (string?)null), StringComparer.Ordinal)
                : await WaitForFileListAsync(destination, destinationHref!, files, o.Transfer, ct).ConfigureAwait(false);

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
                var entityHref = destinationHref!;
                var target = new UploadTarget(new Uri(destination.Server, server.uploadHref), file.Href)
                {
                    ServerOffset = t => StoredBytesAsync(destination, entityHref, file.Href, t),
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
            await WaitEntityAsync(destination, destinationHref!, o.Transfer.TaskTimeout, ct).ConfigureAwait(false);
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
            var resumable = cloneHref == null && destinationHref != null && IsResumable(ex);
            string cleanup;
            if (resumable)
            {
                journal.Save();
                cleanup = $"The partial copy '{plan.DestinationName}' stays at the destination with the files finished so far; run the same command again (or with -Resume) to continue without sending them again, or remove it with Remove-VApp.";
            }
            else
            {
                cleanup = destinationHref == null ? "Nothing was created at the destination." : await EntityCleanup.RemoveQuietlyAsync(destination, destinationHref, "partial copy", _log).ConfigureAwait(false);
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
            if (cloneHref != null) await EntityCleanup.RemoveQuietlyAsync(source, cloneHref, "temporary clone", _log).ConfigureAwait(false);
        }
    }

    private static async Task<long?> StoredBytesAsync(VCloudConnection c, string entityHref, string name, CancellationToken ct)
    {
        var entity = await c.GetXmlAsync(entityHref, ct).ConfigureAwait(false);
        var f = VcdEntities.Files(entity).FirstOrDefault(x => x.name == name);
        return f.name == null ? (long?)null : f.bytesTransferred;
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
            await EntityCleanup.RemoveQuietlyAsync(o.Source, href, "temporary clone", _log).ConfigureAwait(false);
            throw;
        }
        _log?.Invoke($"Cloned running vApp '{plan.SourceName}' to temporary '{name}' for the copy.");
        return href;
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

    private async Task<XElement> InstantiateAsync(MoveOptions o, MoveContext c, MovePlan plan, CancellationToken ct)
    {
        var href = MoveService.AddLink(c.DestinationVdc, "/action/instantiateOvf");
        var body = new XElement(V + "InstantiateOvfParams",
            new XAttribute(XNamespace.Xmlns + "ovf", O.NamespaceName),
            new XAttribute("name", plan.DestinationName), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", c.SourceVApp.VText("Description") ?? $"{o.Kind} of {plan.SourceName} from {plan.SourceServer} by VCloudPS"),
            new XElement(V + "AllEULAsAccepted", "true"),
            o.NetworkMapping.Select(m => new XElement(V + "NetworkMapping", new XElement(V + "Source", m.Key), new XElement(V + "Target", m.Value))));
        var vapp = await o.Destination.PostXmlAsync(href, InstantiateOvfType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "instantiateOvf returned no vApp.");
        _log?.Invoke($"Created vApp '{plan.DestinationName}' ({vapp.Attr("href")}) at the destination; streaming the package.");
        return vapp;
    }

    private static async Task PutDescriptorAsync(ITransferHttp http, VCloudConnection c, XElement upload, byte[] descriptor, CancellationToken ct)
    {
        var file = VcdEntities.Files(upload).FirstOrDefault(f => f.name.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase) && f.uploadHref != null);
        if (file.uploadHref == null)
        {
            upload = await c.GetXmlAsync(upload.Attr("href")!, ct).ConfigureAwait(false);
            file = VcdEntities.Files(upload).FirstOrDefault(f => f.name.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase) && f.uploadHref != null);
        }
        if (file.uploadHref == null)
            throw new VCloudException(VCloudErrorKind.Protocol, "UploadLinkMissing", "The new vApp at the destination offers no upload link for the OVF descriptor.");
        await TransientRetry.RunAsync(http, async () =>
        {
            using var response = await http.SendAsync(() =>
            {
                var content = new ByteArrayContent(descriptor);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
                return new HttpRequestMessage(HttpMethod.Put, new Uri(c.Server, file.uploadHref)) { Content = content };
            }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (TransientErrors.Retryable(response) is { } retryable) throw retryable;
            if (!response.IsSuccessStatusCode)
                throw new TransferException("UploadFailed", $"PUT of the OVF descriptor answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);
            return true;
        }, ct).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, (long? size, long bytesTransferred, string? uploadHref)>> WaitForFileListAsync(VCloudConnection c, string href,
        IReadOnlyList<OvfFileReference> files, TransferOptions options, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var entity = await c.GetXmlAsync(href, ct).ConfigureAwait(false);
            var failed = VcdEntities.FailedTask(entity);
            if (VcdEntities.Status(entity) == VAppStatus.FailedCreation || failed.HasValue)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "OvfDescriptorRejected",
                    $"The destination rejected the OVF descriptor: {(failed.HasValue ? failed.Value.message : "status FAILED_CREATION")}");
            var listed = VcdEntities.Files(entity);
            if (files.All(f => listed.Any(x => x.name == f.Href)))
                return listed.GroupBy(x => x.name).ToDictionary(g => g.Key, g => (g.First().size, g.First().bytesTransferred, g.First().uploadHref), StringComparer.Ordinal);
            if (wait.Elapsed > options.TaskTimeout)
                throw new VCloudTimeoutException($"The destination did not list the package's files within {options.TaskTimeout.TotalSeconds:0} s after the descriptor upload.", null, options.TaskTimeout);
            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private static async Task WaitEntityAsync(VCloudConnection c, string href, TimeSpan timeout, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        while (true)
        {
            var entity = await c.GetXmlAsync(href, ct).ConfigureAwait(false);
            if (VcdEntities.FailedTask(entity) is { } failed)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "ImportTaskFailed", $"The destination failed '{failed.operation}': {failed.message}");
            if (VcdEntities.HasRunningTasks(entity))
            {
                await c.WaitForTaskAsync(entity, timeout - wait.Elapsed, null, ct).ConfigureAwait(false);
                continue;
            }
            var status = VcdEntities.Status(entity);
            if (status == VAppStatus.FailedCreation)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "ImportTaskFailed", $"The destination marked '{entity.Attr("name")}' as FAILED_CREATION.");
            if (!status.IsBeingCreated()) return;
            if (wait.Elapsed > timeout)
                throw new VCloudTimeoutException($"'{entity.Attr("name")}' did not finish importing within {timeout.TotalSeconds:0} s.", href, timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
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
