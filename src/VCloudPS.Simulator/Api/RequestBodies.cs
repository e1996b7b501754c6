using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>Reads and validates request bodies like vCD: Content-Type must match (415), XML must parse (400, DTD prohibited).</summary>
public static class RequestBodies
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersInDocument = 64 * 1024 * 1024,
    };

    public static bool MediaTypeMatches(string? contentType, string expected)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var media = contentType.Split(';')[0].Trim();
        return media.Equals(expected, StringComparison.OrdinalIgnoreCase);
    }

    public static void RequireContentType(HttpContext ctx, params string[] expected)
    {
        if (expected.Any(e => MediaTypeMatches(ctx.Request.ContentType, e))) return;
        throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
            $"Content-Type '{ctx.Request.ContentType}' is not supported. Expected: {string.Join(", ", expected)}.");
    }

    /// <summary>
    /// Reads an XML body of <paramref name="expectedMediaType"/> with root <paramref name="rootName"/> (vCloud namespace).
    /// Returns null for an empty body when <paramref name="optional"/>.
    /// </summary>
    public static async Task<XElement?> ReadXmlAsync(HttpContext ctx, string expectedMediaType, string rootName, bool optional = false)
    {
        var hasBody = ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0;
        if (!hasBody)
        {
            if (optional) return null;
            throw ApiException.BadRequest($"The request body is missing: a {rootName} document is required.");
        }
        RequireContentType(ctx, expectedMediaType);
        XElement root;
        try
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
            ms.Position = 0;
            using var reader = XmlReader.Create(ms, Settings);
            root = XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            throw ApiException.BadRequest($"Unexpected JAXB Exception - {ex.Message}");
        }
        if (root.Name != Ns.V + rootName)
            throw ApiException.BadRequest($"Unexpected JAXB Exception - unexpected element (uri:\"{root.Name.NamespaceName}\", local:\"{root.Name.LocalName}\"). Expected elements are <{{{Ns.V.NamespaceName}}}{rootName}>");
        return root;
    }

    /// <summary>
    /// XSD sequence check: children must follow <paramref name="order"/> (JAXB's cvc-complex-type.2.4.a message otherwise).
    /// Elements of other namespaces (ovf sections) are allowed where <c>"##other"</c> appears in the order.
    /// </summary>
    public static void ValidateSequence(XElement element, params string[] order)
    {
        var pos = 0;
        foreach (var child in element.Elements())
        {
            var name = child.Name.Namespace == Ns.V ? child.Name.LocalName : "##other";
            var idx = Array.IndexOf(order, name, pos);
            if (idx < 0)
            {
                var expected = string.Join(", ", order.Skip(pos).Where(o => o != "##other").Select(o => $"\"{Ns.V.NamespaceName}\":{o}"));
                throw ApiException.BadRequest(
                    $"Unexpected JAXB Exception - cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{{{expected}}}' is expected.");
            }
            pos = idx;
        }
    }
}
