using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace VCloudPS.Core.Api;

/// <summary>
/// Safe XML reading and helpers for vCD payloads. Elements are matched by namespace URI, never by prefix
/// (servers use vcloud:, ns12:, or the default namespace interchangeably).
/// </summary>
public static class VcdXml
{
    public static readonly XNamespace Vcloud = "http://www.vmware.com/vcloud/v1.5";
    public static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    public static readonly XNamespace Versions = "http://www.vmware.com/vcloud/versions";
    public static readonly XNamespace Vmext = "http://www.vmware.com/vcloud/extension/v1.5";

    /// <summary>Reader settings that refuse DTDs and external entities.</summary>
    public static XmlReaderSettings SafeSettings()
    {
        return new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
    }

    public static XElement Parse(string xml)
    {
        using var sr = new StringReader(xml);
        using var reader = XmlReader.Create(sr, SafeSettings());
        return XElement.Load(reader, LoadOptions.None);
    }

    public static XElement Parse(Stream stream)
    {
        using var reader = XmlReader.Create(stream, SafeSettings());
        return XElement.Load(reader, LoadOptions.None);
    }

    public static XElement Load(string path)
    {
        using var fs = File.OpenRead(path);
        return Parse(fs);
    }

    /// <summary>Attribute value by local name, in no namespace or any namespace (vcloud:href on OVF sections).</summary>
    public static string? Attr(this XElement e, string localName)
    {
        var a = e.Attribute(localName) ?? e.Attributes().FirstOrDefault(x => x.Name.LocalName == localName);
        return a?.Value;
    }

    public static int? AttrInt(this XElement e, string localName) => ParseInt(e.Attr(localName));
    public static long? AttrLong(this XElement e, string localName) => ParseLong(e.Attr(localName));
    public static double? AttrDouble(this XElement e, string localName) => ParseDouble(e.Attr(localName));
    public static bool? AttrBool(this XElement e, string localName) => ParseBool(e.Attr(localName));
    public static DateTimeOffset? AttrDate(this XElement e, string localName) => ParseDate(e.Attr(localName));

    /// <summary>Child element of the vCloud namespace.</summary>
    public static XElement? V(this XElement e, string localName) => e.Element(Vcloud + localName);

    public static string? VText(this XElement e, string localName) => e.Element(Vcloud + localName)?.Value;

    public static IEnumerable<XElement> Links(this XElement e) => e.Elements(Vcloud + "Link");

    /// <summary>First Link with this rel (and, if given, a media type equal modulo case and parameters).</summary>
    public static XElement? FindLink(this XElement e, string rel, string? mediaType = null)
    {
        foreach (var l in e.Links())
        {
            if (!string.Equals(l.Attr("rel"), rel, StringComparison.Ordinal)) continue;
            if (mediaType != null && !MediaTypeEquals(l.Attr("type"), mediaType)) continue;
            return l;
        }
        return null;
    }

    public static string? LinkHref(this XElement e, string rel, string? mediaType = null) => e.FindLink(rel, mediaType)?.Attr("href");

    /// <summary>Media types compare case-insensitively and ignore parameters such as "; version=37.0".</summary>
    public static bool MediaTypeEquals(string? a, string? b)
    {
        if (a == null || b == null) return false;
        return string.Equals(StripParameters(a), StripParameters(b), StringComparison.OrdinalIgnoreCase);
    }

    public static string StripParameters(string mediaType)
    {
        int semi = mediaType.IndexOf(';');
        return (semi >= 0 ? mediaType.Substring(0, semi) : mediaType).Trim();
    }

    public static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;

    public static long? ParseLong(string? s)
    {
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        // Some servers render longs as floats ("1.0E9"), e.g. query totals.
        var d = ParseDouble(s);
        return d.HasValue ? (long?)Math.Round(d.Value) : null;
    }

    public static double? ParseDouble(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;

    public static bool? ParseBool(string? s) => s == null ? (bool?)null : string.Equals(s.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTimeOffset? ParseDate(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v : (DateTimeOffset?)null;
}
