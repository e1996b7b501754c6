using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>
/// Reads and validates request bodies like vCD: the Content-Type must match (415), the XML must parse and have the expected
/// root (400, DTD prohibited), children follow the XSD sequence (400 cvc-complex-type.2.4.a). Bodies are streamed and capped.
/// </summary>
public static class RequestBodies
{
    /// <summary>Cap on a request document (characters): parameter documents are small; anything larger is refused.</summary>
    public const long MaxDocumentCharacters = 4 * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersInDocument = MaxDocumentCharacters,
        Async = true,
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
    public static Task<XElement?> ReadXmlAsync(HttpContext ctx, string expectedMediaType, string rootName, bool optional = false) =>
        ReadXmlAsync(ctx, expectedMediaType, Ns.V + rootName, optional);

    /// <summary>As above for a root outside the vCloud namespace (e.g. ovf:Item of a rasdItem).</summary>
    public static async Task<XElement?> ReadXmlAsync(HttpContext ctx, string expectedMediaType, XName rootName, bool optional = false)
    {
        var hasBody = ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0;
        if (!hasBody && optional) return null;
        RequireContentType(ctx, expectedMediaType);
        if (!hasBody) throw ApiException.BadRequest($"The request body is missing: a {rootName.LocalName} document is required.");
        XElement root;
        try
        {
            using var reader = XmlReader.Create(ctx.Request.Body, Settings);
            root = (await XDocument.LoadAsync(reader, LoadOptions.None, ctx.RequestAborted)).Root!;
        }
        catch (XmlException ex)
        {
            throw ApiException.BadRequest($"Unexpected JAXB Exception - {ex.Message}");
        }
        if (root.Name != rootName)
            throw ApiException.BadRequest($"Unexpected JAXB Exception - unexpected element (uri:\"{root.Name.NamespaceName}\", local:\"{root.Name.LocalName}\"). Expected elements are <{{{rootName.NamespaceName}}}{rootName.LocalName}>");
        return root;
    }

    /// <summary>
    /// XSD sequence check: vCloud-namespace children must follow <paramref name="order"/> (names may repeat or be absent;
    /// JAXB's cvc-complex-type.2.4.a message otherwise). Elements of other namespaces (ovf sections, extensions) take the
    /// place of a <c>"##other"</c> entry when the order has one, and are tolerated anywhere when it has none.
    /// </summary>
    public static void ValidateSequence(XElement element, params string[] order)
    {
        var otherHasPlace = order.Contains("##other");
        var pos = 0;
        foreach (var child in element.Elements())
        {
            var foreign = child.Name.Namespace != Ns.V;
            if (foreign && !otherHasPlace) continue;
            var idx = Array.IndexOf(order, foreign ? "##other" : child.Name.LocalName, pos);
            if (idx < 0)
            {
                var expected = string.Join(", ", order.Skip(pos).Where(o => o != "##other").Select(o => $"\"{Ns.V.NamespaceName}\":{o}"));
                throw ApiException.BadRequest(
                    $"Unexpected JAXB Exception - cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{{{expected}}}' is expected.");
            }
            pos = idx;
        }
    }

    /// <summary>xs:boolean attribute ("true"/"1"), <paramref name="fallback"/> when absent.</summary>
    public static bool BoolAttribute(XElement element, string name, bool fallback = false)
        => (string?)element.Attribute(name) is { } text ? text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" : fallback;
}
