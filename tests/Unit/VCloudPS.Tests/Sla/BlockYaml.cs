using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace VCloudPS.Tests.Sla;

/// <summary>
/// Reads the block-style YAML subset the OpenSLO export writes (mappings, "- " sequences, plain or double-quoted scalars,
/// documents separated by ---) into JSON trees, so the documents can be validated against the OpenSLO JSON schemas.
/// </summary>
internal static class BlockYaml
{
    public static List<JObject> ReadDocuments(string yaml) =>
        Regex.Split(yaml, @"^---\n", RegexOptions.Multiline).Where(d => d.Trim().Length > 0).Select(d => (JObject)Read(d)).ToList();

    private static JToken Read(string doc)
    {
        var lines = doc.Split('\n').Where(l => l.Trim().Length > 0).Select(l => (Indent: l.Length - l.TrimStart(' ').Length, Text: l.Trim())).ToList();
        int i = 0;
        return Block(lines, ref i, lines[0].Indent);
    }

    private static JToken Block(List<(int Indent, string Text)> lines, ref int i, int indent)
    {
        if (lines[i].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var arr = new JArray();
            while (i < lines.Count && lines[i].Indent == indent && lines[i].Text.StartsWith("- ", StringComparison.Ordinal))
            {
                var rest = lines[i].Text.Substring(2);
                if (rest.Contains(": ") || rest.EndsWith(':'))
                {
                    lines[i] = (indent + 2, rest); // the item's first key, at the item's mapping indent
                    arr.Add(Block(lines, ref i, indent + 2));
                }
                else { arr.Add(Scalar(rest)); i++; }
            }
            return arr;
        }
        var obj = new JObject();
        while (i < lines.Count && lines[i].Indent == indent && !lines[i].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var text = lines[i].Text;
            var colon = text.IndexOf(':');
            var key = text.Substring(0, colon);
            var value = text.Substring(colon + 1).Trim();
            i++;
            if (value.Length > 0) obj[key] = Scalar(value);
            else if (i < lines.Count && lines[i].Indent > indent) obj[key] = Block(lines, ref i, lines[i].Indent);
            else obj[key] = JValue.CreateNull();
        }
        return obj;
    }

    private static JToken Scalar(string s)
    {
        if (s.StartsWith('"')) return JToken.Parse(s);
        if (s == "true" || s == "false") return new JValue(s == "true");
        if (s == "null") return JValue.CreateNull();
        if (Regex.IsMatch(s, @"^-?\d+(\.\d+)?$")) return new JValue(decimal.Parse(s, CultureInfo.InvariantCulture));
        return new JValue(s);
    }
}
