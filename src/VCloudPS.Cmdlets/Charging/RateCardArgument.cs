using System;
using System.Collections;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Charging;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Turns the -RateCard argument into a validated rate card: a RateCard object (New-VCloudRateCard), a path to a JSON
/// file, or a hashtable with the JSON file's shape (keys case-insensitive, nested hashtables/arrays).
/// </summary>
internal static class RateCardArgument
{
    public static RateCard Resolve(object value, PSCmdlet cmdlet)
    {
        if (value is PSObject pso) value = pso.BaseObject;
        switch (value)
        {
            case RateCard card: return card;
            case string path:
                var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (!System.IO.File.Exists(full))
                    throw new ItemNotFoundException("Rate card file '" + full + "' does not exist.");
                return RateCard.Load(full);
            case IDictionary _:
            case object[] _:
                return RateCardReader.FromToken(ToToken(value), "hashtable");
            default:
                throw new ArgumentException("-RateCard takes a rate card object (New-VCloudRateCard), a JSON file path or a hashtable; got " + value.GetType().Name + ".");
        }
    }

    public static JToken ToToken(object? value)
    {
        if (value is PSObject p)
        {
            if (p.BaseObject is PSCustomObject)
            {
                var po = new JObject();
                foreach (var prop in p.Properties) po[prop.Name] = ToToken(prop.Value);
                return po;
            }
            value = p.BaseObject;
        }
        switch (value)
        {
            case null: return JValue.CreateNull();
            case string s: return new JValue(s);
            case DateTime d: return new JValue(Core.History.UtcTime.Format(d));
            case DateTimeOffset dto: return new JValue(Core.History.UtcTime.Format(dto.UtcDateTime));
            case bool b: return new JValue(b);
            case decimal m: return new JValue(m);
            case double dbl: return new JValue((decimal)dbl);
            case float f: return new JValue((decimal)f);
            case int _: case long _: case short _: case byte _: return new JValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            case Enum e: return new JValue(e.ToString());
            case IDictionary dict:
                var o = new JObject();
                foreach (DictionaryEntry kv in dict) o[Convert.ToString(kv.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = ToToken(kv.Value);
                return o;
            case IEnumerable list:
                var a = new JArray();
                foreach (var item in list) a.Add(ToToken(item));
                return a;
            default:
                return new JValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
