using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Sla;

/// <summary>
/// Reads an SLA policy from JSON (property names case-insensitive):
/// <code>
/// { "targetPercent": 99.9, "mode": "AllRequired", "minimumOutageSeconds": 60, "gapPolicy": "Exclude",
///   "countCustomerInitiated": false,
///   "maintenanceWindows": [ "Sun 02:00-04:00", { "window": "2024-04-20T02:00Z/2024-04-20T04:00Z", "scope": "erp" } ],
///   "creditTiers": [ { "below": 99.9, "creditPercent": 10 }, { "below": 99.0, "creditPercent": 25 } ],
///   "vms": { "lb01": { "weight": 2 }, "batch01": { "required": false } } }
/// </code>
/// </summary>
public static class SlaPolicyReader
{
    public static SlaPolicy ReadFile(string path)
    {
        using (var r = new StreamReader(path)) return Read(r, Path.GetFileName(path));
    }

    public static SlaPolicy Read(TextReader text, string source)
    {
        JObject o;
        try
        {
            using (var reader = new JsonTextReader(text) { FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None })
                o = JObject.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
        }
        catch (JsonReaderException ex)
        {
            throw new FormatException("SLA policy '" + source + "' line " + ex.LineNumber + ", position " + ex.LinePosition + ": malformed JSON.", ex);
        }
        var p = new SlaPolicy();
        foreach (var prop in o.Properties())
        {
            try
            {
                switch (prop.Name.ToLowerInvariant())
                {
                    case "targetpercent": p.TargetPercent = prop.Value.Value<decimal>(); break;
                    case "mode": p.Mode = (SlaMode)Enum.Parse(typeof(SlaMode), (string)prop.Value!, true); break;
                    case "minimumoutageseconds": p.MinimumOutageSeconds = prop.Value.Value<long>(); break;
                    case "gappolicy": p.GapPolicy = (GapPolicy)Enum.Parse(typeof(GapPolicy), (string)prop.Value!, true); break;
                    case "countcustomerinitiated": p.CountCustomerInitiated = prop.Value.Value<bool>(); break;
                    case "maintenancewindows":
                        foreach (var w in (JArray)prop.Value)
                        {
                            if (w.Type == JTokenType.String) p.MaintenanceWindows.Add(MaintenanceWindow.Parse((string)w!));
                            else p.MaintenanceWindows.Add(MaintenanceWindow.Parse((string?)Get((JObject)w, "window") ?? "", (string?)Get((JObject)w, "scope")));
                        }
                        break;
                    case "credittiers":
                        p.CreditTiers = ((JArray)prop.Value).Select(t => new CreditTier(
                            Get((JObject)t, "below")!.Value<decimal>(), Get((JObject)t, "creditPercent")!.Value<decimal>())).ToList();
                        break;
                    case "vms":
                        foreach (var vm in ((JObject)prop.Value).Properties())
                        {
                            var vo = (JObject)vm.Value;
                            if (Get(vo, "weight") is JToken w) p.Weights[vm.Name] = w.Value<decimal>();
                            if (Get(vo, "required") is JToken r) p.Required[vm.Name] = r.Value<bool>();
                        }
                        break;
                    default: throw new FormatException("unknown field '" + prop.Name + "'");
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is ArgumentException || ex is NullReferenceException || ex is OverflowException)
            {
                var li = (IJsonLineInfo)prop;
                throw new FormatException("SLA policy '" + source + "' line " + li.LineNumber + ", field '" + prop.Name + "': " + ex.Message, ex);
            }
        }
        p.Validate();
        return p;
    }

    private static JToken? Get(JObject o, string name) =>
        o.Properties().FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
