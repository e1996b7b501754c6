using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.History;

/// <summary>Maps a CloudAPI <c>AuditTrailEvent</c> JSON object to <see cref="AuditEvent"/>.</summary>
public static class AuditEventJson
{
    public static AuditEvent Parse(JObject o)
    {
        if (o == null) throw new ArgumentNullException(nameof(o));
        var ts = o["timestamp"];
        DateTime timestamp;
        if (ts != null && ts.Type == JTokenType.Date) timestamp = UtcTime.Normalize(ts.Value<DateTime>());
        else if (!DateTime.TryParse((string?)ts, CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out timestamp))
            throw new FormatException("Audit event '" + (string?)o["eventId"] + "' has no valid timestamp.");
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o["additionalProperties"] is JObject ap)
            foreach (var p in ap.Properties())
                if (p.Value.Type != JTokenType.Null) props[p.Name] = p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.ToString(Newtonsoft.Json.Formatting.None);
        var status = (string?)o["eventStatus"];
        return new AuditEvent(
            (string?)o["eventId"] ?? "",
            (string?)o["eventType"] ?? "",
            DateTime.SpecifyKind(timestamp, DateTimeKind.Utc),
            !string.Equals(status, "FAILURE", StringComparison.OrdinalIgnoreCase),
            (string?)o["user"]?["name"], (string?)o["user"]?["id"],
            (string?)o["operatingOrg"]?["name"], (string?)o["operatingOrg"]?["id"],
            (string?)o["eventEntity"]?["id"] ?? "", (string?)o["eventEntity"]?["name"],
            (string?)o["taskId"],
            props);
    }
}
