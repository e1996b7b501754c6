using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Core.Sla;

/// <summary>
/// Writes a JSON tree as block-style YAML: mappings and sequences indented by two, strings plain when YAML reads them back
/// as the same string, otherwise double-quoted with JSON escapes (a YAML subset any YAML reader understands).
/// </summary>
internal static class YamlText
{
    private static readonly Regex Plain = new Regex(@"^[A-Za-z][A-Za-z0-9._/-]*$|^[0-9]+[Mmhdwsy]$", RegexOptions.CultureInvariant);
    private static readonly Regex ReservedWord = new Regex(@"^(true|false|yes|no|on|off|null|y|n|~)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static string Write(JObject document)
    {
        var sb = new StringBuilder();
        WriteMapping(document, 0, sb);
        return sb.ToString();
    }

    private static void WriteMapping(JObject o, int indent, StringBuilder sb)
    {
        foreach (var p in o.Properties())
        {
            sb.Append(' ', indent).Append(p.Name).Append(':');
            WriteValue(p.Value, indent, sb);
        }
    }

    private static void WriteValue(JToken value, int indent, StringBuilder sb)
    {
        switch (value)
        {
            case JObject child when child.Count > 0:
                sb.Append('\n');
                WriteMapping(child, indent + 2, sb);
                break;
            case JArray list when list.Count > 0:
                sb.Append('\n');
                foreach (var item in list)
                {
                    if (item is JObject io && io.Count > 0)
                    {
                        var inner = new StringBuilder();
                        WriteMapping(io, indent + 4, inner);
                        sb.Append(' ', indent + 2).Append("- ").Append(inner.ToString(indent + 4, inner.Length - indent - 4));
                    }
                    else sb.Append(' ', indent + 2).Append("- ").Append(Scalar(item)).Append('\n');
                }
                break;
            default:
                sb.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    internal static string Scalar(JToken token)
    {
        switch (token.Type)
        {
            case JTokenType.Null: return "null";
            case JTokenType.Boolean: return (bool)token ? "true" : "false";
            case JTokenType.Integer: return ((long)token).ToString(CultureInfo.InvariantCulture);
            case JTokenType.Float: return ((decimal)token).ToString(CultureInfo.InvariantCulture);
            case JTokenType.Object: return "{}";
            case JTokenType.Array: return "[]";
            default:
                var s = (string?)token ?? "";
                return Plain.IsMatch(s) && !ReservedWord.IsMatch(s) ? s : Quote(s);
        }
    }

    private static string Quote(string s) => Newtonsoft.Json.JsonConvert.ToString(s);
}
