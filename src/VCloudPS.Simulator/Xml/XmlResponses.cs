using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Simulator.Xml;

/// <summary>Writes XML bodies with vCD's Content-Type conventions.</summary>
public static class XmlResponses
{
    private static long _counter;

    /// <summary>
    /// vCD's Content-Type varies in case and spacing (vcd-api.md §1.3): every other response lower-cases the media type
    /// (…vapp+xml) and every third uses "; version=". Clients must compare case-insensitively.
    /// </summary>
    public static string ContentType(string mediaType, string? version)
    {
        var n = Interlocked.Increment(ref _counter);
        var type = n % 2 == 0 ? mediaType.ToLowerInvariant() : mediaType;
        if (version is null) return type;
        return type + (n % 3 == 0 ? "; version=" : ";version=") + version;
    }

    public static IResult Xml(XElement root, string mediaType, int status = 200) => new XmlResult(root, mediaType, status, null);

    public static IResult Xml(XElement root, string mediaType, int status, string? location) => new XmlResult(root, mediaType, status, location);

    public static string Serialize(XElement root)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, NamespaceHandling = NamespaceHandling.OmitDuplicates }))
            root.WriteTo(w);
        return sb.ToString();
    }

    private sealed class XmlResult : IResult
    {
        private readonly XElement _root;
        private readonly string _mediaType;
        private readonly int _status;
        private readonly string? _location;

        public XmlResult(XElement root, string mediaType, int status, string? location)
        {
            _root = root; _mediaType = mediaType; _status = status; _location = location;
        }

        public async Task ExecuteAsync(HttpContext ctx)
        {
            var rc = ctx.Sim();
            var body = Encoding.UTF8.GetBytes(Serialize(_root));
            ctx.Response.StatusCode = _status;
            ctx.Response.ContentType = ContentType(_mediaType, rc.ApiVersion);
            if (_location != null) ctx.Response.Headers.Location = _location;
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
        }
    }
}

/// <summary>Builds Link elements; pass type null for links real vCD sends without a type (remove, power:*).</summary>
public static class Links
{
    public static XElement Link(string rel, string href, string? type = null, string? name = null)
    {
        var e = new XElement(Ns.V + "Link", new XAttribute("rel", rel));
        if (name != null) e.Add(new XAttribute("name", name));
        e.Add(new XAttribute("href", href));
        if (type != null) e.Add(new XAttribute("type", type));
        return e;
    }

    public static XElement Ref(string element, string href, string? name, string? type, string? id = null)
    {
        var e = new XElement(Ns.V + element);
        if (href != null) e.Add(new XAttribute("href", href));
        if (id != null) e.Add(new XAttribute("id", id));
        if (name != null) e.Add(new XAttribute("name", name));
        if (type != null) e.Add(new XAttribute("type", type));
        return e;
    }
}
