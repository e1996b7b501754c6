using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;
using VCloudPS.Core.Model;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>The steps of a vCD upload session after the vApp or template was created (vcd-api.md §5): PUT of the
/// descriptor, wait until the server lists the package's files, and wait until the entity is done. Shared by
/// Import-VApp and the streamed move, which differ only in where the file bytes come from.</summary>
internal sealed class OvfUploadSession
{
    private readonly VCloudConnection _connection;
    private readonly ITransferHttp _http;
    private readonly string _server;

    /// <param name="server">How messages name the cloud receiving the package ("server", "destination").</param>
    public OvfUploadSession(VCloudConnection connection, ITransferHttp http, string entityHref, string server)
    {
        _connection = connection; _http = http; EntityHref = entityHref; _server = server;
    }

    public string EntityHref { get; }

    /// <summary>PUTs the descriptor to the entity's descriptor upload link. A PUT of the whole descriptor is
    /// idempotent: after a 429, 5xx or dropped connection it is sent again within the connection's retry policy.</summary>
    public async Task PutDescriptorAsync(XElement? entity, byte[] descriptor, CancellationToken ct)
    {
        var href = entity == null ? null : DescriptorUploadHref(entity);
        if (href == null) href = DescriptorUploadHref(await _connection.GetXmlAsync(EntityHref, ct).ConfigureAwait(false));
        if (href == null)
            throw new VCloudException(VCloudErrorKind.Protocol, "UploadLinkMissing", $"The new entity {EntityHref} offers no upload link for the OVF descriptor.");
        await TransientRetry.RunAsync(_http, async () =>
        {
            using var response = await _http.SendAsync(() =>
            {
                var content = new ByteArrayContent(descriptor);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
                return new HttpRequestMessage(HttpMethod.Put, new Uri(_connection.Server, href)) { Content = content };
            }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (TransientErrors.Retryable(response) is { } retryable) throw retryable;
            if (!response.IsSuccessStatusCode)
                throw new TransferException("UploadFailed", $"PUT of the OVF descriptor answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);
            return true;
        }, ct).ConfigureAwait(false);
    }

    private static string? DescriptorUploadHref(XElement entity)
        => VcdEntities.Files(entity).FirstOrDefault(f => f.name.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase) && f.uploadHref != null).uploadHref;

    /// <summary>The server validates the descriptor asynchronously, then lists one File per References/File: waits
    /// for all of <paramref name="names"/> (failing fast on FAILED_CREATION or a failed task) and returns them.</summary>
    public async Task<Dictionary<string, (long? size, long bytesTransferred, string? uploadHref)>> WaitForFilesAsync(IEnumerable<string> names,
        TransferOptions options, CancellationToken ct)
    {
        var expected = names.ToList();
        var wait = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var entity = await _connection.GetXmlAsync(EntityHref, ct).ConfigureAwait(false);
            var failed = VcdEntities.FailedTask(entity);
            if (VcdEntities.Status(entity) == VAppStatus.FailedCreation || failed.HasValue)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "OvfDescriptorRejected",
                    $"The {_server} rejected the OVF descriptor: {(failed.HasValue ? failed.Value.message : "status FAILED_CREATION")}");
            var listed = VcdEntities.Files(entity);
            if (expected.All(e => listed.Any(x => x.name == e)))
                return listed.GroupBy(x => x.name).ToDictionary(g => g.Key, g => (g.First().size, g.First().bytesTransferred, g.First().uploadHref), StringComparer.Ordinal);
            if (wait.Elapsed > options.TaskTimeout)
                throw new VCloudTimeoutException($"The {_server} did not list the package's files within {options.TaskTimeout.TotalSeconds:0} s after the descriptor upload.", null, options.TaskTimeout);
            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The server's <c>bytesTransferred</c> of one file (null when it no longer lists it).</summary>
    public async Task<long?> StoredBytesAsync(string name, CancellationToken ct)
    {
        var entity = await _connection.GetXmlAsync(EntityHref, ct).ConfigureAwait(false);
        var f = VcdEntities.Files(entity).FirstOrDefault(x => x.name == name);
        return f.name == null ? (long?)null : f.bytesTransferred;
    }

    /// <summary>Waits until every task of the entity is done and it is no longer being created.</summary>
    public async Task<XElement> WaitForEntityAsync(TimeSpan timeout, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        while (true)
        {
            var entity = await _connection.GetXmlAsync(EntityHref, ct).ConfigureAwait(false);
            if (VcdEntities.FailedTask(entity) is { } failed)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "ImportTaskFailed", $"The {_server} failed '{failed.operation}': {failed.message}");
            if (VcdEntities.HasRunningTasks(entity))
            {
                await _connection.WaitForTaskAsync(entity, timeout - wait.Elapsed, null, ct).ConfigureAwait(false);
                continue;
            }
            var status = VcdEntities.Status(entity);
            if (status == VAppStatus.FailedCreation)
                throw new VCloudException(VCloudErrorKind.TaskFailed, "ImportTaskFailed", $"The {_server} marked '{entity.Attr("name")}' as FAILED_CREATION.");
            if (!status.IsBeingCreated()) return entity;
            if (wait.Elapsed > timeout)
                throw new VCloudTimeoutException($"'{entity.Attr("name")}' did not finish importing within {timeout.TotalSeconds:0} s (status {status.Name()}).", EntityHref, timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }
}
