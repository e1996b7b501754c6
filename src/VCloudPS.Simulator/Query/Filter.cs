using System.Text;
using VCloudPS.Simulator.Api;

namespace VCloudPS.Simulator.Query;

/// <summary>A parsed query/FIQL filter: <c>;</c> = AND, <c>,</c> = OR, parentheses, comparisons (vcd-api.md §3.3).</summary>
public abstract record FilterNode;
public sealed record AndNode(IReadOnlyList<FilterNode> Items) : FilterNode;
public sealed record OrNode(IReadOnlyList<FilterNode> Items) : FilterNode;
public sealed record CompareNode(string Attribute, string Op, string Value) : FilterNode;

public static class FilterOps
{
    public const string Eq = "==", Ne = "!=", Gt = "=gt=", Lt = "=lt=", Ge = "=ge=", Le = "=le=";
}

/// <summary>
/// Recursive-descent parser. Values end at an unescaped <c>;</c> <c>,</c> or <c>)</c>; a backslash escapes the next character
/// (API ≥ 35 escaping of <c>( ) , ;</c>). With <c>filterEncoded=true</c> values are percent-decoded after splitting.
/// </summary>
public sealed class FilterParser
{
    private readonly string _text;
    private readonly bool _decodeValues;
    private int _pos;

    private FilterParser(string text, bool decodeValues)
    {
        _text = text;
        _decodeValues = decodeValues;
    }

    public static FilterNode? Parse(string? text, bool decodeValues = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var p = new FilterParser(text.Trim(), decodeValues);
        var node = p.ParseOr();
        if (p._pos < p._text.Length) throw p.Error($"unexpected '{p._text[p._pos]}'");
        return node;
    }

    private ApiException Error(string what) =>
        ApiException.BadRequest($"Bad filter expression \"{_text}\" at position {_pos + 1}: {what}.");

    private FilterNode ParseOr()
    {
        var items = new List<FilterNode> { ParseAnd() };
        while (_pos < _text.Length && _text[_pos] == ',') { _pos++; items.Add(ParseAnd()); }
        return items.Count == 1 ? items[0] : new OrNode(items);
    }

    private FilterNode ParseAnd()
    {
        var items = new List<FilterNode> { ParseTerm() };
        while (_pos < _text.Length && _text[_pos] == ';') { _pos++; items.Add(ParseTerm()); }
        return items.Count == 1 ? items[0] : new AndNode(items);
    }

    private FilterNode ParseTerm()
    {
        if (_pos < _text.Length && _text[_pos] == '(')
        {
            _pos++;
            var inner = ParseOr();
            if (_pos >= _text.Length || _text[_pos] != ')') throw Error("missing ')'");
            _pos++;
            return inner;
        }
        return ParseComparison();
    }

    private FilterNode ParseComparison()
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not ('=' or '!' or ';' or ',' or '(' or ')')) _pos++;
        var attr = _text[start.._pos].Trim();
        if (attr.Length == 0) throw Error("attribute name expected");
        string op;
        var rest = _text.AsSpan(_pos);
        if (rest.StartsWith("==")) op = FilterOps.Eq;
        else if (rest.StartsWith("!=")) op = FilterOps.Ne;
        else if (rest.StartsWith("=gt=")) op = FilterOps.Gt;
        else if (rest.StartsWith("=lt=")) op = FilterOps.Lt;
        else if (rest.StartsWith("=ge=")) op = FilterOps.Ge;
        else if (rest.StartsWith("=le=")) op = FilterOps.Le;
        else throw Error($"comparison operator expected after '{attr}'");
        _pos += op.Length;
        var sb = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length) { sb.Append(_text[_pos + 1]); _pos += 2; continue; }
            if (c is ';' or ',' or ')') break;
            sb.Append(c);
            _pos++;
        }
        var value = sb.ToString();
        if (_decodeValues) value = Uri.UnescapeDataString(value);
        return new CompareNode(attr, op, value);
    }
}
