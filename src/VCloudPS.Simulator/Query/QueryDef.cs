using System.Xml.Linq;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Query;

/// <summary>Per-request evaluation context (inside the store lock) with lazily built lookup tables.</summary>
public sealed class QueryContext
{
    public required Simulation Sim { get; init; }
    public required RequestContext Rc { get; init; }
    /// <summary>Org the caller may see; null = every org (provider).</summary>
    public Guid? ScopeOrg { get; init; }
    public SimStore Store => Sim.Store;
    public DateTime Now { get; init; }

    private Dictionary<Guid, (long Cpu, long Mem, long Sto, int VApps)>? _vdcUsage;
    public (long Cpu, long Mem, long Sto, int VApps) VdcUsage(Guid vdcId)
    {
        if (_vdcUsage is null)
        {
            _vdcUsage = new();
            foreach (var vdc in Store.Vdcs.Values) _vdcUsage[vdc.Id] = (0, 0, 0, 0);
            foreach (var a in Store.VApps.Values)
            {
                if (!_vdcUsage.TryGetValue(a.VdcId, out var u) || !Store.Vdcs.TryGetValue(a.VdcId, out var vdc)) continue;
                foreach (var id in a.VmIds)
                {
                    var vm = Store.Vms[id];
                    if (vm.Status == VAppStatus.POWERED_ON) { u.Cpu += (long)vm.Cpu * vdc.VCpuSpeedMhz; u.Mem += vm.MemoryMB; }
                    u.Sto += vm.StorageMB;
                }
                u.VApps++;
                _vdcUsage[a.VdcId] = u;
            }
        }
        return _vdcUsage.TryGetValue(vdcId, out var r) ? r : default;
    }

    public bool Visible(Guid orgId) => ScopeOrg is null || ScopeOrg == orgId;
}

/// <summary>The non-generic face of a query type (vApp, adminVM, event …).</summary>
public interface IQueryDef
{
    string Type { get; }
    bool AdminOnly { get; }
    /// <summary>Counts and renders one page; the filtered/sorted list is cached per store version.</summary>
    XElement Execute(QueryContext qc, QueryRequest request, QueryCache cache);
}

public sealed record QueryRequest(string Format, int Page, int PageSize, FilterNode? Filter, string? FilterText, string? SortAsc,
    string? SortDesc, int Offset, IReadOnlyList<KeyValuePair<string, string>> ExtraParams);

public sealed class QueryDef<T> : IQueryDef
{
    public required string Type { get; init; }
    public bool AdminOnly { get; init; }
    public required string RecordName { get; init; }
    public required string ReferenceName { get; init; }
    public required string EntityMediaType { get; init; }
    /// <summary>Candidate items, visible to the caller, in database-id order (the filter may narrow the source, e.g. by time).</summary>
    public required Func<QueryContext, FilterNode?, IEnumerable<T>> Source { get; init; }
    public required Func<T, string> Path { get; init; }
    public required Func<T, string> Urn { get; init; }
    public required Func<T, string> Name { get; init; }
    public required IReadOnlyList<QueryAttribute<T>> Attributes { get; init; }

    private QueryAttribute<T> Attr(string name) =>
        Attributes.FirstOrDefault(a => a.Name == name) ??
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)) ??
        throw ApiException.BadRequest($"Unknown property name \"{name}\" for query type {Type}.");

    public Func<T, QueryContext, bool> Compile(FilterNode node) => node switch
    {
        AndNode a => CompileAll(a.Items, and: true),
        OrNode o => CompileAll(o.Items, and: false),
        CompareNode c => Attr(c.Attribute).Compile(c.Op, c.Value),
        _ => throw new InvalidOperationException(),
    };

    private Func<T, QueryContext, bool> CompileAll(IReadOnlyList<FilterNode> items, bool and)
    {
        var preds = items.Select(Compile).ToArray();
        return and ? (x, q) => preds.All(p => p(x, q)) : (x, q) => preds.Any(p => p(x, q));
    }

    public List<T> Evaluate(QueryContext qc, QueryRequest r)
    {
        var pred = r.Filter is null ? null : Compile(r.Filter);
        var list = new List<T>();
        foreach (var item in Source(qc, r.Filter))
            if (pred is null || pred(item, qc)) list.Add(item);
        var sortName = r.SortAsc ?? r.SortDesc;
        if (sortName != null)
        {
            var attr = Attr(sortName);
            var desc = r.SortAsc is null;
            // Stable: equal keys keep database order.
            var indexed = list.Select((x, i) => (x, i)).ToList();
            indexed.Sort((a, b) =>
            {
                var c = attr.CompareForSort(a.x, b.x, qc);
                if (desc) c = -c;
                return c != 0 ? c : a.i.CompareTo(b.i);
            });
            list = indexed.Select(p => p.x).ToList();
        }
        return list;
    }

    private static readonly string[] Formats = new[] { "references", "records", "idrecords" };

    public XElement Execute(QueryContext qc, QueryRequest request, QueryCache cache)
    {
        var key = $"{Type}|{qc.ScopeOrg}|{request.FilterText}|{request.SortAsc}|{request.SortDesc}|{qc.Now.Ticks / TimeSpan.TicksPerMinute}";
        var list = (List<T>)cache.GetOrAdd(key, qc.Store.Version ^ (qc.Store.Events.Version << 32), () => Evaluate(qc, request));
        var total = list.Count;
        var pageCount = Math.Max(1, (total + request.PageSize - 1) / request.PageSize);
        var skip = (long)(request.Page - 1) * request.PageSize + request.Offset;
        var ids = request.Format == "idrecords";
        var mediaType = request.Format switch { "references" => MediaTypes.References, "idrecords" => MediaTypes.IdRecords, _ => MediaTypes.Records };

        var root = new XElement(Ns.V + (request.Format == "references" ? "References" : "QueryResultRecords"), Ns.RootDeclarations(),
            new XAttribute("total", total), new XAttribute("pageSize", request.PageSize), new XAttribute("page", request.Page),
            new XAttribute("name", Type), new XAttribute("type", mediaType),
            new XAttribute("href", qc.Rc.Href(QueryHref(request, request.Page, request.Format))));
        string LinkType(string format) => format switch { "references" => MediaTypes.References, "idrecords" => MediaTypes.IdRecords, _ => MediaTypes.Records };
        if (request.Page > 1) root.Add(Links.Link("previousPage", qc.Rc.Href(QueryHref(request, Math.Min(request.Page - 1, pageCount), request.Format)), mediaType));
        if (request.Page < pageCount) root.Add(Links.Link("nextPage", qc.Rc.Href(QueryHref(request, request.Page + 1, request.Format)), mediaType));
        if (pageCount > 1)
        {
            root.Add(Links.Link("firstPage", qc.Rc.Href(QueryHref(request, 1, request.Format)), mediaType));
            root.Add(Links.Link("lastPage", qc.Rc.Href(QueryHref(request, pageCount, request.Format)), mediaType));
        }
        foreach (var f in Formats.Where(f => f != request.Format))
            root.Add(Links.Link("alternate", qc.Rc.Href(QueryHref(request, request.Page, f)), LinkType(f)));

        for (var i = skip; i < total && i < skip + request.PageSize; i++)
        {
            if (i < 0) continue;
            var item = list[(int)i];
            if (request.Format == "references")
            {
                root.Add(new XElement(Ns.V + ReferenceName, new XAttribute("type", EntityMediaType), new XAttribute("name", Name(item)),
                    new XAttribute("id", Urn(item)), new XAttribute("href", qc.Rc.Href(Path(item)))));
                continue;
            }
            var rec = new XElement(Ns.V + RecordName);
            foreach (var a in Attributes)
            {
                var v = a.Render(item, qc, ids);
                if (v != null) rec.Add(new XAttribute(a.Name, v));
            }
            if (ids) rec.Add(new XAttribute("id", Urn(item)));
            rec.Add(new XAttribute("href", qc.Rc.Href(Path(item))));
            root.Add(rec);
        }
        return root;
    }

    private string QueryHref(QueryRequest r, int page, string format)
    {
        var q = new List<string> { "type=" + Uri.EscapeDataString(Type), "page=" + page, "pageSize=" + r.PageSize, "format=" + format };
        if (r.FilterText != null) q.Add("filter=" + Uri.EscapeDataString(r.FilterText));
        if (r.SortAsc != null) q.Add("sortAsc=" + Uri.EscapeDataString(r.SortAsc));
        if (r.SortDesc != null) q.Add("sortDesc=" + Uri.EscapeDataString(r.SortDesc));
        foreach (var kv in r.ExtraParams) q.Add(kv.Key + "=" + Uri.EscapeDataString(kv.Value));
        return "/api/query?" + string.Join("&", q);
    }
}

/// <summary>Filtered and sorted result lists keyed by query and store version: paging a large result is O(pageSize) per page.</summary>
public sealed class QueryCache
{
    private readonly object _sync = new();
    private readonly Dictionary<string, (long Version, object List)> _entries = new();

    public object GetOrAdd(string key, long version, Func<object> build)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(key, out var e) && e.Version == version) return e.List;
        }
        var list = build();
        lock (_sync)
        {
            if (_entries.Count > 64) _entries.Clear();
            _entries[key] = (version, list);
        }
        return list;
    }
}
