using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;

namespace VCloudPS.Core.History;

/// <summary>One CloudAPI audit-trail page read by <see cref="AuditPageReader"/>.</summary>
public sealed class AuditPage
{
    public long? ResultTotal { get; set; }
    public int? PageCount { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }
    public List<AuditEvent> Values { get; } = new List<AuditEvent>();
}

/// <summary>
/// Streams an audit-trail JSON page straight into <see cref="AuditEvent"/>s (no intermediate DOM, no date sniffing):
/// months of history are hundreds of thousands of events, and building a JObject per event costs more than the read.
/// </summary>
public static class AuditPageReader
{
    public static AuditPage Read(Stream stream)
    {
        // 16 KB reads: each read of the response stream arms its inactivity timer, and a page is about 100 KB.
        using (var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16384))
        using (var r = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal, PropertyNameTable = Names })
            return Read(r);
    }

    /// <summary>
    /// The property names of a page, its events and their additional properties, read from this table instead of being
    /// allocated: about 25 per event. Filled once and then only read, so the pages read concurrently share it.
    /// </summary>
    private static readonly DefaultJsonNameTable Names = NameTable(
        "resultTotal", "pageCount", "page", "pageSize", "associations", "values",
        "eventId", "description", "operatingOrg", "user", "actor", "eventEntity", "taskId", "taskCellId", "cellId", "eventType",
        "serviceNamespace", "eventStatus", "timestamp", "external", "additionalProperties", "name", "id",
        "vm.vappId", "vm.vappName", "vm.numCpu", "vm.memoryMB", "vm.disks", "vm.state", "vm.powerAction",
        "vapp.vdcId", "vapp.vdcName", "vapp.publicIpCount", "vapp.maintenanceMode");

    private static DefaultJsonNameTable NameTable(params string[] names)
    {
        var table = new DefaultJsonNameTable();
        foreach (var n in names) table.Add(n);
        return table;
    }

    public static AuditPage Read(JsonReader r)
    {
        var page = new AuditPage();
        Expect(r.Read() && r.TokenType == JsonToken.StartObject, r, "a JSON page object");
        while (r.Read() && r.TokenType == JsonToken.PropertyName)
        {
            var name = (string)r.Value!;
            r.Read();
            switch (name)
            {
                case "resultTotal": page.ResultTotal = Long(r); break;
                case "pageCount": page.PageCount = (int?)Long(r); break;
                case "page": page.Page = (int?)Long(r); break;
                case "pageSize": page.PageSize = (int?)Long(r); break;
                case "values":
                    if (r.TokenType == JsonToken.Null) break;
                    Expect(r.TokenType == JsonToken.StartArray, r, "an array of events");
                    while (r.Read() && r.TokenType != JsonToken.EndArray) page.Values.Add(ReadEvent(r));
                    break;
                default: r.Skip(); break;
            }
        }
        return page;
    }

    private static AuditEvent ReadEvent(JsonReader r)
    {
        Expect(r.TokenType == JsonToken.StartObject, r, "an event object");
        string? id = null, type = null, status = null, timestamp = null, userName = null, userId = null, orgName = null, orgId = null,
            entityId = null, entityName = null, taskId = null;
        Dictionary<string, string>? props = null;
        while (r.Read() && r.TokenType == JsonToken.PropertyName)
        {
            var name = (string)r.Value!;
            r.Read();
            switch (name)
            {
                case "eventId": id = Str(r); break;
                case "eventType": type = Str(r); break;
                case "eventStatus": status = Str(r); break;
                case "timestamp": timestamp = Str(r); break;
                case "taskId": taskId = Str(r); break;
                case "user": ReadRef(r, out userName, out userId); break;
                case "operatingOrg": ReadRef(r, out orgName, out orgId); break;
                case "eventEntity": ReadRef(r, out entityName, out entityId); break;
                case "additionalProperties":
                    if (r.TokenType == JsonToken.Null) break;
                    props = new Dictionary<string, string>(StringComparer.Ordinal);
                    while (r.Read() && r.TokenType == JsonToken.PropertyName)
                    {
                        var key = (string)r.Value!;
                        r.Read();
                        if (r.TokenType == JsonToken.StartObject || r.TokenType == JsonToken.StartArray) { r.Skip(); continue; }
                        if (r.TokenType != JsonToken.Null) props[key] = Convert.ToString(r.Value, CultureInfo.InvariantCulture) ?? "";
                    }
                    break;
                default: r.Skip(); break;
            }
        }
        if (timestamp == null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts))
            throw new FormatException("Audit event '" + id + "' has no valid timestamp.");
        return new AuditEvent(id ?? "", type ?? "", DateTime.SpecifyKind(ts.UtcDateTime, DateTimeKind.Utc),
            !string.Equals(status, "FAILURE", StringComparison.OrdinalIgnoreCase),
            userName, userId, orgName, orgId, entityId ?? "", entityName, taskId, props);
    }

    private static void ReadRef(JsonReader r, out string? name, out string? id)
    {
        name = null; id = null;
        if (r.TokenType == JsonToken.Null) return;
        Expect(r.TokenType == JsonToken.StartObject, r, "an object");
        while (r.Read() && r.TokenType == JsonToken.PropertyName)
        {
            var key = (string)r.Value!;
            r.Read();
            if (key == "name") name = Str(r);
            else if (key == "id") id = Str(r);
            else r.Skip();
        }
    }

    private static string? Str(JsonReader r)
    {
        if (r.TokenType == JsonToken.Null) return null;
        if (r.TokenType == JsonToken.StartObject || r.TokenType == JsonToken.StartArray) { r.Skip(); return null; }
        return Convert.ToString(r.Value, CultureInfo.InvariantCulture);
    }

    private static long? Long(JsonReader r)
    {
        if (r.TokenType == JsonToken.Null) return null;
        if (r.TokenType == JsonToken.StartObject || r.TokenType == JsonToken.StartArray) { r.Skip(); return null; }
        return Convert.ToInt64(r.Value, CultureInfo.InvariantCulture);
    }

    private static void Expect(bool ok, JsonReader r, string what)
    {
        if (!ok) throw new FormatException("Audit trail page: expected " + what + " at " + r.Path + ".");
    }
}
