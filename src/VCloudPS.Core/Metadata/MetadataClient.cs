using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Metadata;

/// <summary>One metadata entry of a vApp, with its typed value (string, long, bool or DateTimeOffset).</summary>
public sealed class VAppMetadataEntry
{
    public string VAppName { get; set; } = "";
    public string VAppHref { get; set; } = "";
    public string Key { get; set; } = "";
    public object? Value { get; set; }
    /// <summary>String, Number, Boolean or DateTime (vCD's MetadataStringValue etc.).</summary>
    public string Type { get; set; } = "String";
    /// <summary>GENERAL or SYSTEM.</summary>
    public string Domain { get; set; } = "GENERAL";
    public override string ToString() => $"{Key}={Value}";
}

/// <summary>vCD's metadata API on vApps (<c>…/metadata</c>, typed values).</summary>
public static class MetadataClient
{
    private static readonly XNamespace V = VcdXml.Vcloud;
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private const string MetadataType = "application/vnd.vmware.vcloud.metadata+xml";

    public static async Task<IReadOnlyList<VAppMetadataEntry>> GetAsync(VCloudConnection c, string vappHref, string vappName, CancellationToken ct)
    {
        var xml = await c.GetXmlAsync(MetadataHref(vappHref), ct).ConfigureAwait(false);
        return xml.Elements(V + "MetadataEntry").Select(e =>
        {
            var typed = e.V("TypedValue");
            var type = ShortType(typed?.Attribute(Xsi + "type")?.Value);
            return new VAppMetadataEntry
            {
                VAppName = vappName, VAppHref = vappHref, Key = e.VText("Key") ?? "", Type = type,
                Value = Convert(type, typed?.VText("Value")), Domain = e.VText("Domain")?.Trim() ?? "GENERAL",
            };
        }).ToList();
    }

    /// <summary>Merges entries (POST …/metadata) and waits for the task; a null value removes the key.</summary>
    public static async Task SetAsync(VCloudConnection c, string vappHref, IDictionary<string, object?> values, TimeSpan timeout, CancellationToken ct)
    {
        var set = values.Where(kv => kv.Value != null).ToList();
        if (set.Count > 0)
        {
            var body = new XElement(V + "Metadata", new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName),
                set.Select(kv => new XElement(V + "MetadataEntry", new XElement(V + "Key", kv.Key), Typed(kv.Value!))));
            var task = await c.PostXmlAsync(MetadataHref(vappHref), MetadataType, body, ct).ConfigureAwait(false);
            if (task != null) await c.WaitForTaskAsync(task, timeout, null, ct).ConfigureAwait(false);
        }
        foreach (var key in values.Where(kv => kv.Value == null).Select(kv => kv.Key))
        {
            try
            {
                var task = await c.DeleteAsync(MetadataHref(vappHref) + "/" + Uri.EscapeDataString(key), ct).ConfigureAwait(false);
                if (task != null) await c.WaitForTaskAsync(task, timeout, null, ct).ConfigureAwait(false);
            }
            catch (VCloudException ex) when (ex.StatusCode == 403 || ex.Kind == VCloudErrorKind.NotFound) { /* not there: nothing to remove */ }
        }
    }

    /// <summary>True when every wanted key has an equal value (case-insensitive for strings, numerically for numbers).</summary>
    public static bool Matches(IReadOnlyList<VAppMetadataEntry> entries, IDictionary wanted)
    {
        foreach (DictionaryEntry w in wanted)
        {
            var e = entries.FirstOrDefault(x => string.Equals(x.Key, System.Convert.ToString(w.Key, CultureInfo.InvariantCulture), StringComparison.Ordinal));
            if (e == null) return false;
            if (!string.Equals(Text(e.Value), Text(w.Value), StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    private static string MetadataHref(string vappHref) => vappHref.TrimEnd('/') + "/metadata";

    private static string Text(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static XElement Typed(object value)
    {
        string type, text;
        switch (value)
        {
            case bool b: type = "MetadataBooleanValue"; text = b ? "true" : "false"; break;
            case int or long or short or byte: type = "MetadataNumberValue"; text = System.Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture); break;
            case DateTime d: type = "MetadataDateTimeValue"; text = d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture); break;
            case DateTimeOffset d: type = "MetadataDateTimeValue"; text = d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture); break;
            default: type = "MetadataStringValue"; text = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""; break;
        }
        return new XElement(V + "TypedValue", new XAttribute(Xsi + "type", type), new XElement(V + "Value", text));
    }

    private static string ShortType(string? xsiType)
    {
        var t = xsiType ?? "MetadataStringValue";
        if (t.Contains(':')) t = t.Substring(t.IndexOf(':') + 1);
        return t.StartsWith("Metadata", StringComparison.Ordinal) && t.EndsWith("Value", StringComparison.Ordinal) ? t.Substring(8, t.Length - 13) : t;
    }

    private static object? Convert(string type, string? text)
    {
        if (text == null) return null;
        switch (type)
        {
            case "Number": return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (object)text;
            case "Boolean": return string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            case "DateTime": return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : (object)text;
            default: return text;
        }
    }
}
