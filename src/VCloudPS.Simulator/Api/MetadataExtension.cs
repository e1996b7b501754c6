using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Tasks;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// vCD's metadata API on vApps: <c>GET/POST /api/vApp/vapp-{id}/metadata</c> (Metadata; POST merges entries) and
/// <c>GET/PUT/DELETE …/metadata/{key}</c> (MetadataValue). Typed values (<c>xsi:type</c> MetadataStringValue,
/// MetadataNumberValue, MetadataBooleanValue, MetadataDateTimeValue) are validated; changes run as tasks
/// (<c>metadataUpdate</c>, <c>metadataDelete</c>) that lock the vApp; domain GENERAL for everyone, SYSTEM only for
/// the provider; unknown keys answer 403 like every missing entity. Entries follow the vApp's id (moveVApp keeps them).
/// </summary>
public sealed class MetadataExtension
{
    private const string MetadataType = "application/vnd.vmware.vcloud.metadata+xml";
    private const string ValueType = "application/vnd.vmware.vcloud.metadata.value+xml";
    private static readonly string[] Types = { "MetadataStringValue", "MetadataNumberValue", "MetadataBooleanValue", "MetadataDateTimeValue" };

    private sealed record Entry(string Key, string Type, string Value, string Domain);

    /// <summary>vApp id → key → entry (guarded by the store lock).</summary>
    private readonly Dictionary<Guid, SortedDictionary<string, Entry>> _entries = new();

    public void MapEndpoints(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/api/vApp/vapp-{id}/metadata", (string id, HttpContext ctx) => GetAll(sim, ctx, id));
        app.MapPost("/api/vApp/vapp-{id}/metadata", (string id, HttpContext ctx) => MergeAsync(sim, ctx, id));
        app.MapGet("/api/vApp/vapp-{id}/metadata/{key}", (string id, string key, HttpContext ctx) => GetOne(sim, ctx, id, key));
        app.MapPut("/api/vApp/vapp-{id}/metadata/{key}", (string id, string key, HttpContext ctx) => PutAsync(sim, ctx, id, key));
        app.MapDelete("/api/vApp/vapp-{id}/metadata/{key}", (string id, string key, HttpContext ctx) => Delete(sim, ctx, id, key));
    }

    private static SimVApp VApp(Simulation sim, RequestContext rc, string id) => Access.VApp(sim, rc, Access.ParseId(id));

    private IResult GetAll(Simulation sim, HttpContext ctx, string id)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vapp = VApp(sim, rc, id);
            var href = rc.Href(Ids.Path(EntityKind.VApp, vapp.Id)) + "/metadata";
            var root = new XElement(Ns.V + "Metadata", Ns.RootDeclarations(), new XAttribute(XNamespace.Xmlns + "xsi", Ns.Xsi.NamespaceName),
                new XAttribute("href", href), new XAttribute("type", MetadataType),
                Links.Link("up", rc.Href(Ids.Path(EntityKind.VApp, vapp.Id)), MediaTypes.VApp),
                Links.Link("add", href, MetadataType));
            foreach (var e in Visible(rc, vapp.Id))
                root.Add(new XElement(Ns.V + "MetadataEntry", new XAttribute("href", href + "/" + Uri.EscapeDataString(e.Key)), new XAttribute("type", ValueType),
                    Links.Link("up", href, MetadataType),
                    Links.Link("edit", href + "/" + Uri.EscapeDataString(e.Key), ValueType),
                    Links.Link("remove", href + "/" + Uri.EscapeDataString(e.Key)),
                    DomainElement(e), new XElement(Ns.V + "Key", e.Key), Typed(e)));
            return XmlResponses.Xml(root, MetadataType);
        }
    }

    private IResult GetOne(Simulation sim, HttpContext ctx, string id, string key)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vapp = VApp(sim, rc, id);
            var e = Find(rc, vapp, key);
            var href = rc.Href(Ids.Path(EntityKind.VApp, vapp.Id)) + "/metadata/" + Uri.EscapeDataString(key);
            var root = new XElement(Ns.V + "MetadataValue", Ns.RootDeclarations(), new XAttribute(XNamespace.Xmlns + "xsi", Ns.Xsi.NamespaceName),
                new XAttribute("href", href), new XAttribute("type", ValueType),
                Links.Link("up", rc.Href(Ids.Path(EntityKind.VApp, vapp.Id)) + "/metadata", MetadataType),
                DomainElement(e), Typed(e));
            return XmlResponses.Xml(root, ValueType);
        }
    }

    private async Task<IResult> PutAsync(Simulation sim, HttpContext ctx, string id, string key)
    {
        var rc = ctx.Sim();
        var body = (await RequestBodies.ReadXmlAsync(ctx, ValueType, "MetadataValue"))!;
        RequestBodies.ValidateSequence(body, "Link", "Domain", "TypedValue");
        var entry = Parse(rc, key, body);
        lock (sim.Store.Sync)
        {
            var vapp = VApp(sim, rc, id);
            Access.RequireMutate(rc, "vApp: Edit Properties");
            return Change(sim, rc, vapp, "metadataUpdate", $"Updating metadata of Virtual Application {vapp.Name}({vapp.Id})", m => m[entry.Key] = entry);
        }
    }

    private async Task<IResult> MergeAsync(Simulation sim, HttpContext ctx, string id)
    {
        var rc = ctx.Sim();
        var body = (await RequestBodies.ReadXmlAsync(ctx, MetadataType, "Metadata"))!;
        var entries = body.Elements(Ns.V + "MetadataEntry").Select(e =>
        {
            RequestBodies.ValidateSequence(e, "Link", "Domain", "Key", "TypedValue");
            var key = (string?)e.Element(Ns.V + "Key") ?? throw ApiException.BadRequest("validation error on field 'key': may not be empty");
            return Parse(rc, key, e);
        }).ToList();
        lock (sim.Store.Sync)
        {
            var vapp = VApp(sim, rc, id);
            Access.RequireMutate(rc, "vApp: Edit Properties");
            return Change(sim, rc, vapp, "metadataUpdate", $"Updating metadata of Virtual Application {vapp.Name}({vapp.Id})",
                m => { foreach (var e in entries) m[e.Key] = e; });
        }
    }

    private IResult Delete(Simulation sim, HttpContext ctx, string id, string key)
    {
        var rc = ctx.Sim();
        lock (sim.Store.Sync)
        {
            var vapp = VApp(sim, rc, id);
            Access.RequireMutate(rc, "vApp: Edit Properties");
            Find(rc, vapp, key);
            return Change(sim, rc, vapp, "metadataDelete", $"Deleting metadata of Virtual Application {vapp.Name}({vapp.Id})", m => m.Remove(key));
        }
    }

    private IResult Change(Simulation sim, RequestContext rc, SimVApp vapp, string operationName, string operation, Action<SortedDictionary<string, Entry>> apply)
    {
        var task = sim.Tasks.Start(new TaskRequest
        {
            OperationName = operationName, Operation = operation, Owner = EntityRef.Of(vapp), Actor = rc.Actor,
            FailWith = rc.TaskFailure, Manual = rc.TaskHang,
            OnSuccess = _ =>
            {
                if (!_entries.TryGetValue(vapp.Id, out var m)) _entries[vapp.Id] = m = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
                apply(m);
                sim.Store.Touch();
            },
        });
        return Responses.Accepted(task, rc);
    }

    private IEnumerable<Entry> Visible(RequestContext rc, Guid vappId)
        => _entries.TryGetValue(vappId, out var m) ? m.Values.Where(e => e.Domain == "GENERAL" || rc.Session!.IsProvider) : Enumerable.Empty<Entry>();

    private Entry Find(RequestContext rc, SimVApp vapp, string key)
        => Visible(rc, vapp.Id).FirstOrDefault(e => e.Key == key)
           ?? throw new ApiException(403, "ACCESS_TO_RESOURCE_IS_FORBIDDEN", $"The metadata entry with key \"{key}\" does not exist on vApp \"{vapp.Name}\".");

    private static Entry Parse(RequestContext rc, string key, XElement element)
    {
        if (string.IsNullOrWhiteSpace(key)) throw ApiException.BadRequest("validation error on field 'key': may not be empty");
        if (key.Length > 256) throw ApiException.BadRequest("validation error on field 'key': length must be between 1 and 256");
        var domain = ((string?)element.Element(Ns.V + "Domain"))?.Trim() ?? "GENERAL";
        if (domain != "GENERAL" && domain != "SYSTEM") throw ApiException.BadRequest($"Invalid metadata domain \"{domain}\"; use GENERAL or SYSTEM.");
        if (domain == "SYSTEM" && !rc.Session!.IsProvider)
            throw ApiException.Forbidden("Only the system administrator can write metadata in the SYSTEM domain.");
        var typed = element.Element(Ns.V + "TypedValue") ?? throw ApiException.BadRequest("validation error on field 'typedValue': may not be null");
        var xsiType = (string?)typed.Attribute(Ns.Xsi + "type") ?? throw ApiException.BadRequest("TypedValue needs an xsi:type (MetadataStringValue, MetadataNumberValue, MetadataBooleanValue or MetadataDateTimeValue).");
        var type = xsiType.Contains(':') ? xsiType[(xsiType.IndexOf(':') + 1)..] : xsiType;
        if (!Types.Contains(type)) throw ApiException.BadRequest($"Unknown metadata type \"{type}\".");
        var value = (string?)typed.Element(Ns.V + "Value") ?? throw ApiException.BadRequest("validation error on field 'value': may not be null");
        var ok = type switch
        {
            "MetadataNumberValue" => long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "MetadataBooleanValue" => value.Trim() is "true" or "false",
            "MetadataDateTimeValue" => DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            _ => true,
        };
        if (!ok) throw ApiException.BadRequest($"The value \"{value}\" is not a valid {type}.");
        return new Entry(key, type, type == "MetadataStringValue" ? value : value.Trim(), domain);
    }

    private static XElement DomainElement(Entry e)
        => new(Ns.V + "Domain", new XAttribute("visibility", e.Domain == "SYSTEM" ? "PRIVATE" : "READWRITE"), e.Domain);

    private static XElement Typed(Entry e)
        => new(Ns.V + "TypedValue", new XAttribute(Ns.Xsi + "type", e.Type), new XElement(Ns.V + "Value", e.Value));
}
