using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Api;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Transfer.Api;

/// <summary>Reads and checks vCD request bodies: media type (415), well-formedness, root element and XSD child order (400).</summary>
internal static class XmlRequest
{
    public static async Task<XElement> ReadAsync(HttpContext ctx, string mediaType, string rootName)
    {
        var contentType = ctx.Request.ContentType ?? string.Empty;
        var actual = contentType.Split(';')[0].Trim();
        if (!actual.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
                $"The request has an unsupported media type '{(actual.Length == 0 ? "(none)" : actual)}'; expected {mediaType}.");
        }
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 4 * 1024 * 1024, Async = true };
            using var reader = XmlReader.Create(ctx.Request.Body, settings);
            document = await XDocument.LoadAsync(reader, LoadOptions.None, ctx.RequestAborted);
        }
        catch (XmlException ex)
        {
            throw ApiException.BadRequest($"Unexpected JAXB Exception - {ex.Message}");
        }
        var root = document.Root!;
        if (root.Name != Ns.V + rootName)
        {
            throw ApiException.BadRequest($"Unexpected JAXB Exception - unexpected element (uri:\"{root.Name.NamespaceName}\", local:\"{root.Name.LocalName}\"). Expected elements are <{{{Ns.V.NamespaceName}}}{rootName}>");
        }
        return root;
    }

    /// <summary>
    /// Checks that the children in the vCloud namespace follow <paramref name="order"/> (names may repeat, may be absent),
    /// answering like vCD's schema validation (cvc-complex-type.2.4.a) otherwise.
    /// </summary>
    public static void RequireOrder(XElement element, params string[] order)
    {
        var position = 0;
        foreach (var child in element.Elements())
        {
            var index = child.Name.Namespace == Ns.V ? Array.IndexOf(order, child.Name.LocalName) : -1;
            if (index < 0)
            {
                if (child.Name.Namespace == Ns.V)
                {
                    throw ApiException.BadRequest($"Unexpected JAXB Exception - cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{Expected(order, position)}' is expected.");
                }
                continue;   // extension elements (other namespaces) are tolerated
            }
            if (index < position)
            {
                throw ApiException.BadRequest($"Unexpected JAXB Exception - cvc-complex-type.2.4.a: Invalid content was found starting with element '{child.Name.LocalName}'. One of '{Expected(order, position)}' is expected.");
            }
            position = index;
        }
    }

    private static string Expected(string[] order, int from)
        => "{" + string.Join(", ", order.Skip(from).Select(n => $"\"{Ns.V.NamespaceName}\":{n}")) + "}";

    public static bool BoolAttribute(XElement element, string name, bool fallback = false)
        => (string?)element.Attribute(name) is { } text ? text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" : fallback;
}
