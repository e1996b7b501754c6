using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Query;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// GET /cloudapi/1.0.0/auditTrail per the history contract (docs/architecture.md): FIQL filter on timestamp, eventType,
/// eventEntity.id (and a few more), sortAsc/sortDesc=timestamp, JSON page + Link header. Time-indexed, entity-indexed
/// (an eventEntity.id filter is a lookup) and cached per query so paging months of history is cheap.
/// </summary>
public static class AuditTrailEndpoints
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 128;

    private static QueryAttribute<SimEvent> A(string name, AttrKind kind, Func<SimEvent, object?> get) =>
        new() { Name = name, Kind = kind, Get = (e, _) => get(e) };

    private static readonly QueryDef<SimEvent> Def = new()
    {
        Type = "auditTrail", RecordName = "", ReferenceName = "", EntityMediaType = "",
        Source = (q, f) => EventSource.Range(q, f, "timestamp", "eventEntity.id"),
        Path = e => "", Urn = e => "urn:vcloud:audit:" + e.EventId, Name = e => e.EventType,
        Attributes = new[]
        {
            A("timestamp", AttrKind.Date, e => e.Timestamp),
            A("eventType", AttrKind.String, e => e.EventType),
            A("eventStatus", AttrKind.String, e => e.EventStatus),
            A("eventId", AttrKind.String, e => "urn:vcloud:audit:" + e.EventId),
            A("eventEntity.id", AttrKind.String, e => e.Entity.Urn),
            A("eventEntity.name", AttrKind.String, e => e.Entity.Name),
            A("user.id", AttrKind.String, e => e.User.Urn),
            A("user.name", AttrKind.String, e => e.User.Name),
            A("operatingOrg.id", AttrKind.String, e => e.Org.Urn),
            A("operatingOrg.name", AttrKind.String, e => e.Org.Name),
            A("taskId", AttrKind.String, e => e.TaskUrn),
        },
    };

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var cache = new QueryCache();
        app.MapGet("/cloudapi/1.0.0/auditTrail", (HttpContext ctx) =>
        {
            var rc = ctx.Sim();
            var session = rc.Session!;
            var q = ctx.Request.Query;
            int Int(string name, int fallback) =>
                q[name].ToString() is { Length: > 0 } s
                    ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new ApiException(400, "BAD_REQUEST", $"Invalid {name} '{s}'.")
                    : fallback;
            var page = Int("page", 1);
            if (page < 1) throw new ApiException(400, "BAD_REQUEST", "page must be >= 1.");
            var pageSize = Math.Clamp(Int("pageSize", DefaultPageSize), 1, MaxPageSize);
            var filterText = q["filter"].ToString() is { Length: > 0 } f ? f : null;
            var sortAsc = q["sortAsc"].ToString() is { Length: > 0 } sa ? sa : null;
            var sortDesc = q["sortDesc"].ToString() is { Length: > 0 } sd ? sd : null;
            if (sortAsc is not (null or "timestamp") || sortDesc is not (null or "timestamp"))
                throw new ApiException(400, "BAD_REQUEST", "Only sorting by timestamp is supported.");
            var request = new QueryRequest("records", page, pageSize, FilterParser.Parse(filterText), filterText, null, null, 0, Array.Empty<KeyValuePair<string, string>>());

            List<SimEvent> list;
            int total;
            var values = new List<Dictionary<string, object?>>();
            lock (sim.Store.Sync)
            {
                var qc = new QueryContext { Sim = sim, Rc = rc, ScopeOrg = rc.ListScope, Now = sim.Clock.UtcNow };
                var key = $"audit|{qc.ScopeOrg}|{filterText}|{qc.Now.Ticks / TimeSpan.TicksPerMinute}";
                list = (List<SimEvent>)cache.GetOrAdd(key, sim.Store.Events.Version, () => Def.Evaluate(qc, request));
                total = list.Count;
                var skip = (long)(page - 1) * pageSize;
                for (var i = skip; i < total && i < skip + pageSize; i++)
                    values.Add(ToJson(list[(int)(sortDesc != null ? total - 1 - i : i)]));
            }
            var pageCount = (total + pageSize - 1) / pageSize;
            var links = new List<string>();
            string Url(int p)
            {
                var parts = new List<string> { "page=" + p, "pageSize=" + pageSize };
                if (filterText != null) parts.Add("filter=" + Uri.EscapeDataString(filterText));
                if (sortAsc != null) parts.Add("sortAsc=" + sortAsc);
                if (sortDesc != null) parts.Add("sortDesc=" + sortDesc);
                return rc.Href("/cloudapi/1.0.0/auditTrail?" + string.Join("&", parts));
            }
            void L(string rel, int p) => links.Add($"<{Url(p)}>;rel=\"{rel}\";type=\"application/json\";model=\"AuditTrailEvents\"");
            if (page > 1 && pageCount > 0) L("previousPage", Math.Min(page - 1, pageCount));
            if (page < pageCount) L("nextPage", page + 1);
            if (pageCount > 0) { L("firstPage", 1); L("lastPage", pageCount); }
            if (links.Count > 0) ctx.Response.Headers.Append("Link", string.Join(", ", links));
            var body = new Dictionary<string, object?>
            {
                ["resultTotal"] = total, ["pageCount"] = pageCount, ["page"] = page, ["pageSize"] = pageSize,
                ["associations"] = null, ["values"] = values,
            };
            return Results.Text(JsonSerializer.Serialize(body, SessionEndpoints.JsonOptions), "application/json;version=" + rc.ApiVersion, Encoding.UTF8);
        });
    }

    private static Dictionary<string, object?> ToJson(SimEvent e) => new()
    {
        ["eventId"] = "urn:vcloud:audit:" + e.EventId,
        ["description"] = e.Description,
        ["operatingOrg"] = e.Org.IsNone ? null : new Dictionary<string, string> { ["name"] = e.Org.Name, ["id"] = e.Org.Urn },
        ["user"] = new Dictionary<string, string> { ["name"] = e.User.Name, ["id"] = e.User.Urn },
        ["actor"] = new Dictionary<string, string> { ["name"] = e.User.Name, ["id"] = e.User.Urn },
        ["eventEntity"] = new Dictionary<string, string> { ["name"] = e.Entity.Name, ["id"] = e.Entity.Urn },
        ["taskId"] = e.TaskUrn,
        ["taskCellId"] = e.TaskUrn is null ? null : "urn:vcloud:cell:00000000-0000-0000-0000-0000000000c1",
        ["cellId"] = "urn:vcloud:cell:00000000-0000-0000-0000-0000000000c1",
        ["eventType"] = e.EventType,
        ["serviceNamespace"] = "com.vmware.vcloud",
        ["eventStatus"] = e.EventStatus,
        ["timestamp"] = XmlFormat.Time(e.Timestamp),
        ["external"] = false,
        ["additionalProperties"] = e.Properties,
    };
}
