using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Core.Ovf;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>Uploads an OVF/OVA package into a VDC (vcd-api.md §5). Everything that needs no full read is validated
/// before the first byte is sent (structure, sizes, safe names, the manifest's form and the digests of the small
/// members); each file is then hashed while it is sent and its last block held back until it matches the manifest
/// (<see cref="VerifiedUpload"/>), so every byte is read once. Then: instantiateOvf (or catalog upload →
/// template → instantiateVAppTemplate with -Catalog) → PUT of the descriptor → poll until the server lists the
/// files → chunked PUTs with Content-Range, resumed from the server's bytesTransferred → wait for every task →
/// optional power-on. On failure the half-created vApp/template is removed.</summary>
public sealed class ImportService
{
    private const string InstantiateOvfType = "application/vnd.vmware.vcloud.instantiateOvfParams+xml";
    private const string UploadParamsType = "application/vnd.vmware.vcloud.uploadVAppTemplateParams+xml";
    private const string InstantiateTemplateType = "application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml";
    private static readonly XNamespace V = VcdXml.Vcloud;
    private static readonly XNamespace O = VcdXml.Ovf;

    private readonly VCloudConnection _connection;
    private readonly ITransferHttp _http;
    private readonly Action<string>? _log;
    private readonly Action<string>? _warn;

    /// <param name="log">Details (verbose).</param>
    /// <param name="warn">Choices made for the admin that they should know about (default: <paramref name="log"/>).</param>
    public ImportService(VCloudConnection connection, Action<string>? log = null, Action<string>? warn = null)
    {
        _connection = connection; _http = new VcdTransferHttp(connection); _log = log; _warn = warn ?? log;
    }

    /// <summary>Opens and verifies a package without contacting any server: in full with
    /// <paramref name="fullPreCheck"/>, otherwise all but the files the upload checks while sending them.</summary>
    public static async Task<(OvfPackage package, PackageVerification verification)> ValidateAsync(string path, TransferOptions options,
        IProgress<TransferSnapshot>? progress, CancellationToken ct, bool fullPreCheck = true, string? deploymentOption = null)
    {
        var package = OvfPackage.Open(path, deploymentOption);
        var verification = await OvfPackageVerifier.VerifyAsync(package, options, progress, deferUploadedFiles: !fullPreCheck, ct).ConfigureAwait(false);
        return (package, verification);
    }

    public async Task<(XElement vapp, ImportReport report)> ImportAsync(ImportOptions options, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (package, verification) = await ValidateAsync(options.Path, options.Transfer, progress, ct, options.FullPreCheck, options.DeploymentOption).ConfigureAwait(false);
        if (package.Manifest == null) _log?.Invoke($"'{package.Path}' has no manifest: its contents cannot be verified against digests (sizes were checked).");
        foreach (var f in verification.UnlistedFiles) _log?.Invoke($"'{f}' is not listed in the manifest; it was not verified.");

        var name = string.IsNullOrWhiteSpace(options.Name) ? package.Descriptor.Name : options.Name!;
        var nameSource = string.IsNullOrWhiteSpace(options.Name) ? package.Descriptor.NameSource : "-Name";
        if (nameSource == "ovf:id" || nameSource == "file name")
            _warn?.Invoke($"'{package.DescriptorName}' has no (or an empty) Name; the vApp is named '{name}' after its {nameSource}. Use -Name to choose another.");
        var descriptor = package.Descriptor;
        if (descriptor.DeploymentOption != null)
        {
            var others = descriptor.DeploymentOptions.Where(o => o != descriptor.DeploymentOption).ToList();
            var message = $"Importing deployment option '{descriptor.DeploymentOption}'" + (options.DeploymentOption != null ? "." :
                $" (the package's default){(others.Count == 0 ? "" : "; its others: " + string.Join(", ", others.Select(o => "'" + o + "'")))}. Choose with -DeploymentOption.");
            if (options.DeploymentOption != null) _log?.Invoke(message); else _warn?.Invoke(message);
        }
        var vdc = await _connection.GetXmlAsync(options.VdcHref, ct).ConfigureAwait(false);
        var vdcNetworks = VdcNetworks(vdc);
        var sourceNetworks = descriptor.Networks.Select(n => n.Name)
            .Concat(descriptor.VirtualSystems.SelectMany(v => v.Nics).Select(n => n.Network ?? "")).ToList();
        var networks = TargetMapping.ResolveNetworks(sourceNetworks, vdcNetworks.Keys,
            new MappingOptions { NetworkMapping = options.NetworkMapping, AllowDisconnectedNetworks = options.AllowDisconnectedNetworks },
            vdc.Attr("name") ?? options.VdcHref, _warn);
        var (placement, diskPolicies) = StoragePlacement.Resolve(descriptor.VirtualSystems, vdc, options.StorageProfile, options.StorageProfileMapping);
        if (placement.Count > 0 && options.CatalogHref != null)
            _warn?.Invoke("Storage policies apply to a direct import; with -Catalog the template and its vApp get the VDC's default profile.");
        CheckStorageQuota(package.Descriptor, vdc);

        var report = new ImportReport { Verified = verification.Digests, Name = name, NameSource = nameSource, DeploymentOption = descriptor.DeploymentOption };
        // Also after a full pre-check: the bytes sent are the ones checked (the file may change in between).
        var checkWhileSending = OvfPackageVerifier.CheckedWhileSending(package);
        XElement? created = null;     // the vApp (direct) or the template (catalog)
        XElement? vapp = null;
        string activity = $"Import-VApp {name}";
        try
        {
            if (options.CatalogHref == null)
            {
                Report(progress, activity, "Creating the vApp (instantiateOvf)");
                created = await InstantiateOvfAsync(vdc, name, options, networks, placement, package, ct).ConfigureAwait(false);
            }
            else
            {
                Report(progress, activity, "Creating the vApp template (catalog upload)");
                created = await CatalogUploadAsync(options.CatalogHref, name, options, package, ct).ConfigureAwait(false);
                report.TemplateHref = created.Attr("href");
            }
            var entityHref = created.Attr("href")!;
            await UploadContentsAsync(entityHref, package, checkWhileSending, activity, options.Transfer, report, progress, ct).ConfigureAwait(false);

            Report(progress, activity, "Waiting for the server to finish the import");
            var done = await new OvfUploadSession(_connection, _http, entityHref, "server").WaitForEntityAsync(options.Transfer.TaskTimeout, ct).ConfigureAwait(false);
            if (options.CatalogHref != null)
            {
                Report(progress, activity, "Instantiating the template");
                vapp = await InstantiateTemplateAsync(vdc, done, name, options, vdcNetworks, networks, ct).ConfigureAwait(false);
            }
            else vapp = done;
            if (options.CatalogHref == null)
                await DiskPolicies.ApplyAsync(_connection, vapp.Attr("href")!, vdc, diskPolicies, options.Transfer.TaskTimeout, _log, ct).ConfigureAwait(false);

            if (options.PowerOn)
            {
                Report(progress, activity, "Powering on");
                var task = await _connection.PostXmlAsync(VcdEntities.ActionHref(vapp, "power:powerOn", "/power/action/powerOn"), null, null, ct).ConfigureAwait(false);
                if (task != null) await _connection.WaitForTaskAsync(task, options.Transfer.TaskTimeout, null, ct).ConfigureAwait(false);
            }
            vapp = await _connection.GetXmlAsync(vapp.Attr("href")!, ct).ConfigureAwait(false);
            report.VAppHref = vapp.Attr("href")!;
            report.Duration = clock.Elapsed;
            report.TotalBytes = package.TotalBytes;
            return (vapp, report);
        }
        catch (Exception ex)
        {
            var cleanup = await RemovePartialAsync(options.CatalogHref == null ? created : vapp, "vApp").ConfigureAwait(false);
            if (options.CatalogHref != null && created != null)
                cleanup = Join(cleanup, await RemovePartialAsync(created, "vApp template").ConfigureAwait(false));
            throw Explain(ex, name, cleanup);
        }
    }

    // ---- creation ----

    private async Task<XElement> InstantiateOvfAsync(XElement vdc, string name, ImportOptions options, IReadOnlyDictionary<string, string?> networks,
        IReadOnlyDictionary<string, string> placement, OvfPackage package, CancellationToken ct)
    {
        var href = vdc.Links().FirstOrDefault(l => l.Attr("rel") == "add" && VcdXml.MediaTypeEquals(l.Attr("type"), InstantiateOvfType))?.Attr("href")
            ?? vdc.Attr("href")!.TrimEnd('/') + "/action/instantiateOvf";
        var body = new XElement(V + "InstantiateOvfParams",
            new XAttribute(XNamespace.Xmlns + "ovf", O.NamespaceName),
            new XAttribute("name", name), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", options.Description ?? $"Imported by VCloudPS from {System.IO.Path.GetFileName(package.Path)}"),
            new XElement(V + "AllEULAsAccepted", "true"),
            networks.Where(m => m.Value != null).Select(m => new XElement(V + "NetworkMapping", new XElement(V + "Source", m.Key), new XElement(V + "Target", m.Value))),
            StoragePlacement.InstantiateVmParams(placement));
        var vapp = await _connection.PostXmlAsync(href, InstantiateOvfType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "instantiateOvf returned no vApp.");
        _log?.Invoke($"Created vApp '{name}' ({vapp.Attr("href")}); uploading the package.");
        return vapp;
    }

    private async Task<XElement> CatalogUploadAsync(string catalogHref, string name, ImportOptions options, OvfPackage package, CancellationToken ct)
    {
        var catalog = await _connection.GetXmlAsync(catalogHref, ct).ConfigureAwait(false);
        var href = catalog.Links().FirstOrDefault(l => l.Attr("rel") == "add" && VcdXml.MediaTypeEquals(l.Attr("type"), UploadParamsType))?.Attr("href")
            ?? catalogHref.TrimEnd('/') + "/action/upload";
        var body = new XElement(V + "UploadVAppTemplateParams", new XAttribute("name", name), new XAttribute("manifestRequired", "false"),
            new XElement(V + "Description", options.Description ?? $"Uploaded by VCloudPS from {System.IO.Path.GetFileName(package.Path)}"));
        var item = await _connection.PostXmlAsync(href, UploadParamsType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "The catalog upload returned no catalog item.");
        var templateHref = item.Name.LocalName == "VAppTemplate" ? item.Attr("href") : item.V("Entity")?.Attr("href");
        if (templateHref == null) throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "The catalog item names no vApp template.");
        _log?.Invoke($"Created vApp template '{name}' ({templateHref}) in catalog '{catalog.Attr("name")}'.");
        return await _connection.GetXmlAsync(templateHref, ct).ConfigureAwait(false);
    }

    private async Task<XElement> InstantiateTemplateAsync(XElement vdc, XElement template, string name, ImportOptions options,
        IDictionary<string, string> vdcNetworks, IReadOnlyDictionary<string, string?> networks, CancellationToken ct)
    {
        var href = vdc.Links().FirstOrDefault(l => l.Attr("rel") == "add" && VcdXml.MediaTypeEquals(l.Attr("type"), InstantiateTemplateType))?.Attr("href")
            ?? vdc.Attr("href")!.TrimEnd('/') + "/action/instantiateVAppTemplate";
        var configs = networks.Select(n =>
        {
            if (n.Value == null || !vdcNetworks.TryGetValue(n.Value, out var netHref)) return null;
            return new XElement(V + "NetworkConfig", new XAttribute("networkName", n.Key),
                new XElement(V + "Configuration", new XElement(V + "ParentNetwork", new XAttribute("href", netHref)), new XElement(V + "FenceMode", "bridged")));
        }).Where(x => x != null).ToList();
        var body = new XElement(V + "InstantiateVAppTemplateParams",
            new XAttribute(XNamespace.Xmlns + "ovf", O.NamespaceName),
            new XAttribute("name", name), new XAttribute("deploy", "false"), new XAttribute("powerOn", "false"),
            new XElement(V + "Description", options.Description ?? "Instantiated by VCloudPS"),
            configs.Count == 0 ? null : new XElement(V + "InstantiationParams",
                new XElement(V + "NetworkConfigSection", new XElement(O + "Info", "Networks of the vApp"), configs)),
            new XElement(V + "Source", new XAttribute("href", template.Attr("href")!)),
            new XElement(V + "AllEULAsAccepted", "true"));
        var created = await _connection.PostXmlAsync(href, InstantiateTemplateType, body, ct).ConfigureAwait(false)
            ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "instantiateVAppTemplate returned no vApp.");
        try { return await _connection.WaitForTaskAsync(created, options.Transfer.TaskTimeout, null, ct).ConfigureAwait(false); }
        catch { await RemovePartialAsync(created, "vApp").ConfigureAwait(false); throw; }
    }

    // ---- upload ----

    private async Task UploadContentsAsync(string entityHref, OvfPackage package, IReadOnlyList<ManifestEntry> checkWhileSending,
        string activity, TransferOptions options, ImportReport report,
        IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        var session = new OvfUploadSession(_connection, _http, entityHref, "server");
        Report(progress, activity, "Uploading the OVF descriptor");
        await session.PutDescriptorAsync(null, OvfDescriptorForUpload.Bytes(package), ct).ConfigureAwait(false);
        Report(progress, activity, "Waiting for the server to accept the descriptor");
        var files = await session.WaitForFilesAsync(package.Files.Select(f => f.Href), options, ct).ConfigureAwait(false);

        var tracker = new ProgressTracker(activity, package.Files.Select(f => (f.Href, f.Size)).ToList(), progress, $"Uploading {package.Files.Count} file(s)");
        var uploader = new VerifiedUpload(_http, options);
        var digests = new string?[package.Files.Count];
        var checkedNow = new VerifiedDigest?[package.Files.Count];
        var resumes = new int[package.Files.Count];
        var clock = Stopwatch.StartNew();
        await BoundedParallel.ForEachFileAsync(package.Files, options, async (file, i, token) =>
        {
            var server = files[file.Href];
            if (server.uploadHref == null && server.bytesTransferred >= file.Size) { tracker.Set(i, file.Size); tracker.SetState(i, FileTransferState.Completed); return; }
            if (server.uploadHref == null)
                throw new VCloudException(VCloudErrorKind.Protocol, "UploadLinkMissing", $"The server offers no upload link for '{file.Href}'.");
            if (server.size.HasValue && server.size.Value >= 0 && server.size.Value != file.Size)
                throw new OvfPackageException("PackageFileSizeMismatch", $"The server expects {server.size.Value} bytes for '{file.Href}', the package holds {file.Size}.", file.Href);
            tracker.SetState(i, FileTransferState.Running);
            tracker.Set(i, server.bytesTransferred);
            var expected = checkWhileSending.FirstOrDefault(e => e.FileName == file.Href);
            var target = new UploadTarget(new Uri(_connection.Server, server.uploadHref), file.Href)
            {
                ServerOffset = t => session.StoredBytesAsync(file.Href, t),
                StartOffset = server.bytesTransferred,
                OnPosition = p => tracker.Set(i, p),
            };
            try
            {
                digests[i] = await uploader.UploadAsync(offset => package.OpenFile(file, offset), file.Size, expected?.Algorithm ?? "SHA256",
                    expected?.Digest, target, token).ConfigureAwait(false);
            }
            catch (DigestMismatchException mismatch)
            {
                tracker.SetState(i, FileTransferState.Failed);
                throw new OvfPackageException("ManifestDigestMismatch",
                    $"'{file.Href}' does not match the manifest: its {mismatch.Algorithm} is {mismatch.Actual}, the manifest says {mismatch.Expected}. " +
                    "The package is corrupt or was modified; its last block was not sent, so the upload was never completed.", file.Href, mismatch);
            }
            resumes[i] = target.Resumes;
            if (expected != null) checkedNow[i] = new VerifiedDigest(file.Href, expected.Algorithm, digests[i]!);
            if (target.Resumes > 0) _log?.Invoke($"{file.Href}: resumed {target.Resumes} time(s) from the server's byte count.");
            tracker.SetState(i, FileTransferState.Completed);
        }, ct).ConfigureAwait(false);
        tracker.Complete();
        var seconds = clock.Elapsed.TotalSeconds;
        report.BytesPerSecond = seconds > 0 ? package.TotalBytes / seconds : 0;
        report.Resumes = resumes.Sum();
        for (int i = 0; i < digests.Length; i++) if (digests[i] != null) report.UploadedDigests[package.Files[i].Href] = digests[i]!;
        report.Verified = report.Verified.Concat(checkedNow.Where(d => d != null && !report.Verified.Any(v => v.FileName == d.FileName)).Select(d => d!)).ToList();
    }

    // ---- checks ----

    private static Dictionary<string, string> VdcNetworks(XElement vdc)
        => (vdc.V("AvailableNetworks")?.Elements(V + "Network") ?? Enumerable.Empty<XElement>())
            .Where(n => n.Attr("name") != null)
            .GroupBy(n => n.Attr("name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Attr("href") ?? "", StringComparer.Ordinal);

    /// <summary>Refuses before uploading when the VDC reports a storage limit the disks cannot fit in.</summary>
    private static void CheckStorageQuota(OvfDescriptor descriptor, XElement vdc)
    {
        var storage = vdc.V("StorageCapacity");
        var limit = storage?.V("Limit") is XElement l ? VcdXml.ParseLong(l.Value) : null;
        var used = storage?.V("Used") is XElement u ? VcdXml.ParseLong(u.Value) : null;
        var units = storage?.V("Units")?.Value ?? "MB";
        if (limit is null || limit <= 0) return;
        var factor = units.Equals("GB", StringComparison.OrdinalIgnoreCase) ? 1024 : 1;
        var freeMB = (limit.Value - (used ?? 0)) * factor;
        var needMB = descriptor.Disks.Sum(d => d.CapacityBytes) / (1024 * 1024);
        if (needMB > freeMB)
            throw new VCloudException(VCloudErrorKind.QuotaExceeded, "VdcQuotaExceeded",
                $"VDC '{vdc.Attr("name")}' has {freeMB} MB of storage left but the package's disks need {needMB} MB. Nothing was uploaded; free space or choose another VDC.");
    }

    // ---- failure handling ----

    private async Task<string?> RemovePartialAsync(XElement? entity, string what)
        => entity?.Attr("href") is string href ? await PartialCleanup.RemoveAsync(_connection, href, "half-created " + what, _log).ConfigureAwait(false) : null;

    private static string? Join(string? a, string? b) => a == null ? b : b == null ? a : a + " " + b;

    private static Exception Explain(Exception ex, string name, string? cleanup)
    {
        if (ex is OperationCanceledException) return ex;
        var suffix = cleanup == null ? "" : " " + cleanup;
        if (ex is OvfPackageException package)
            return new OvfPackageException(package.ErrorId, package.Message + suffix, package.FileName, ex);
        if (ex is VCloudException v)
        {
            var text = (v.ServerMessage ?? v.Message);
            var quota = v.Kind == VCloudErrorKind.QuotaExceeded || text.IndexOf("quota", StringComparison.OrdinalIgnoreCase) >= 0
                || text.IndexOf("not enough", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("exceed", StringComparison.OrdinalIgnoreCase) >= 0;
            if (quota)
                return new VCloudException(VCloudErrorKind.QuotaExceeded, "VdcQuotaExceeded",
                    $"Import of '{name}' failed: the target VDC has not enough quota or capacity ({StripId(text)}).{suffix}", ex) { StatusCode = v.StatusCode, MinorErrorCode = v.MinorErrorCode, ServerMessage = v.ServerMessage };
            return new VCloudException(v.Kind, v.ErrorId, $"Import of '{name}' failed: {v.Message}{suffix}", ex) { StatusCode = v.StatusCode, MinorErrorCode = v.MinorErrorCode, ServerMessage = v.ServerMessage };
        }
        return new VCloudException(VCloudErrorKind.Protocol, "ImportFailed", $"Import of '{name}' failed: {ex.Message}{suffix}", ex);
    }

    private static string StripId(string message)
    {
        var s = message.TrimStart();
        if (s.StartsWith("[", StringComparison.Ordinal) && s.IndexOf(']') is int i && i > 0) return s.Substring(i + 1).Trim();
        return s;
    }

    private static void Report(IProgress<TransferSnapshot>? progress, string activity, string phase)
        => progress?.Report(new TransferSnapshot(activity, phase, 0, 0, 0, null, Array.Empty<FileTransferSnapshot>(), false));
}
