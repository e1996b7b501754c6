using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Query;

/// <summary>GET /api/query (typed and QueryList) and the packaged query URLs (/api/vApps/query …).</summary>
public static class QueryEndpoints
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 128;

    private static readonly Dictionary<string, string> Packaged = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/api/vApps/query"] = "vApp", ["/api/vms/query"] = "vm", ["/api/catalogs/query"] = "catalog",
        ["/api/vAppTemplates/query"] = "vAppTemplate", ["/api/admin/vdcs/query"] = "adminOrgVdc",
        ["/api/admin/extension/vapps/query"] = "adminVApp", ["/api/admin/vms/query"] = "adminVM",
    };

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        var cache = new QueryCache();
        app.MapGet("/api/query", (HttpContext ctx) => Handle(sim, cache, ctx, ctx.Request.Query["type"].ToString()));
        foreach (var (path, type) in Packaged)
            app.MapGet(path, (HttpContext ctx) => Handle(sim, cache, ctx, type));
    }

    private static IResult Handle(Simulation sim, QueryCache cache, HttpContext ctx, string type)
    {
        var rc = ctx.Sim();
        var session = rc.Session!;
        if (string.IsNullOrEmpty(type)) return XmlResponses.Xml(QueryList(rc, session.IsProvider), MediaTypes.QueryList);
        if (!QueryTypes.All.TryGetValue(type, out var def))
            throw ApiException.BadRequest($"The query type \"{type}\" is not a valid query type.");
        if (def.AdminOnly && !session.IsProvider)
            throw ApiException.NotAllowed($"Query: {type}");

        var q = ctx.Request.Query;
        var format = q["format"].ToString();
        if (format.Length == 0) format = "records";
        if (format is not ("records" or "references" or "idrecords"))
            throw ApiException.BadRequest($"Unknown query format \"{format}\"; expected records, references or idrecords.");
        var page = ParseInt(q["page"], 1, "page");
        if (page < 1) throw ApiException.BadRequest("validation error on field 'page': must be greater than or equal to 1");
        var pageSize = Math.Clamp(ParseInt(q["pageSize"], DefaultPageSize, "pageSize"), 1, MaxPageSize);
        var offset = Math.Max(0, ParseInt(q["offset"], 0, "offset"));
        var filterText = q["filter"].ToString();
        if (filterText.Length == 0) filterText = null!;
        var encoded = string.Equals(q["filterEncoded"], "true", StringComparison.OrdinalIgnoreCase) && rc.ApiVersionNumber < 35m;
        // filterEncoded (API < 35): values are percent-encoded; some clients encode the whole expression, operators included.
        var parseText = encoded && filterText != null && !filterText.Contains('=') ? Uri.UnescapeDataString(filterText) : filterText;
        var filter = FilterParser.Parse(parseText, encoded);
        var sortAsc = q["sortAsc"].ToString() is { Length: > 0 } sa ? sa : null;
        var sortDesc = q["sortDesc"].ToString() is { Length: > 0 } sd ? sd : null;
        var extra = new List<KeyValuePair<string, string>>();
        if (encoded) extra.Add(new("filterEncoded", "true"));
        if (offset > 0) extra.Add(new("offset", offset.ToString(CultureInfo.InvariantCulture)));
        var request = new QueryRequest(format, page, pageSize, filter, filterText, sortAsc, sortDesc, offset, extra);

        lock (sim.Store.Sync)
        {
            var qc = new QueryContext { Sim = sim, Rc = rc, ScopeOrg = rc.ListScope, Now = sim.Clock.UtcNow };
            var root = def.Execute(qc, request, cache);
            var media = format switch { "references" => MediaTypes.References, "idrecords" => MediaTypes.IdRecords, _ => MediaTypes.Records };
            return XmlResponses.Xml(root, media);
        }
    }

    private static int ParseInt(string? text, int fallback, string name)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw ApiException.BadRequest($"validation error on field '{name}': must be an integer");
    }

    /// <summary>One down link per (type, format); admin types only for the provider (tenants' clients must not find them).</summary>
    public static XElement QueryList(RequestContext rc, bool provider)
    {
        var types = provider ? QueryTypes.All.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray()
                             : QueryTypes.All.Values.Where(d => !d.AdminOnly).Select(d => d.Type).ToArray();
        var root = new XElement(Ns.V + "QueryList", Ns.RootDeclarations(),
            new XAttribute("href", rc.Href("/api/query")), new XAttribute("type", MediaTypes.QueryList));
        foreach (var t in types)
            foreach (var (format, media) in new[] { ("references", MediaTypes.References), ("records", MediaTypes.Records), ("idrecords", MediaTypes.IdRecords) })
            {
                if (format == "references" && t is "event" or "adminEvent") continue;
                root.Add(Links.Link("down", rc.Href($"/api/query?type={t}&format={format}"), media, t));
            }
        return root;
    }
}
