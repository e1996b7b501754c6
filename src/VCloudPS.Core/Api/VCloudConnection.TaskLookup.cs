using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace VCloudPS.Core.Api;

public sealed partial class VCloudConnection
{
    /// <summary>
    /// The task records (query type <c>task</c>) of an entity that started at or after <paramref name="sinceUtc"/>,
    /// newest first, optionally of one operation (e.g. <c>vappCloneVapp</c>). This is how to learn whether a
    /// state-changing request whose answer was lost (a timeout) took effect: the pipeline never sends such a
    /// request twice, so look here instead of retrying blindly.
    /// </summary>
    public Task<IReadOnlyList<XElement>> FindTasksAsync(string entityHref, DateTime sinceUtc, string? operationName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(entityHref)) throw new ArgumentException("entityHref is empty", nameof(entityHref));
        var href = Resolve(entityHref).GetLeftPart(UriPartial.Path);
        var filter = QueryFilter.And(QueryFilter.Eq("object", href, ApiVersion),
            operationName != null ? QueryFilter.Eq("name", operationName, ApiVersion) : null);
        return Task.Run(() =>
        {
            IReadOnlyList<XElement> found = QueryRecords("task", filter, ct)
                .Where(r => StartedAt(r) is DateTime at && at >= sinceUtc.ToUniversalTime())
                .OrderByDescending(r => StartedAt(r))
                .ToList();
            return found;
        }, ct);
    }

    /// <summary>Waits for the newest such task (see <see cref="FindTasksAsync"/>); null when the server ran none, i.e. the request never took effect.</summary>
    public async Task<XElement?> WaitForLostTaskAsync(string entityHref, DateTime sinceUtc, string? operationName, TimeSpan timeout, CancellationToken ct)
    {
        var records = await FindTasksAsync(entityHref, sinceUtc, operationName, ct).ConfigureAwait(false);
        var newest = records.Count > 0 ? records[0] : null;
        if (newest?.Attr("href") is not string taskHref) return null;
        var task = await GetXmlAsync(taskHref, ct).ConfigureAwait(false);
        return await WaitForTaskAsync(task, timeout, null, ct).ConfigureAwait(false);
    }

    private static DateTime? StartedAt(XElement record) =>
        DateTimeOffset.TryParse(record.Attr("startDate"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.UtcDateTime : (DateTime?)null;
}
