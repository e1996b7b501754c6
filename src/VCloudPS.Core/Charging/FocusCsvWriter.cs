using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace VCloudPS.Core.Charging;

/// <summary>
/// Writes charge records as FOCUS CSV: FOCUS columns in specification order then x_ columns; numbers in the invariant
/// culture; dates as <c>yyyy-MM-ddTHH:mm:ssZ</c> (UTC); nulls as empty fields; RFC 4180 quoting. Streams row by row.
/// </summary>
public sealed class FocusCsvWriter : IDisposable
{
    private static readonly PropertyInfo[] Columns =
        FocusColumns.All.Select(c => typeof(ChargeRecord).GetProperty(c) ?? throw new InvalidOperationException("No property " + c)).ToArray();

    private readonly TextWriter _writer;
    private bool _headerWritten;

    public FocusCsvWriter(TextWriter writer) { _writer = writer; }

    public static FocusCsvWriter Create(string path, bool append = false) =>
        new FocusCsvWriter(new StreamWriter(path, append, new UTF8Encoding(false)) { NewLine = "\r\n" });

    public long RowsWritten { get; private set; }

    public void WriteHeader()
    {
        if (_headerWritten) return;
        _writer.Write(string.Join(",", FocusColumns.All));
        _writer.Write("\r\n");
        _headerWritten = true;
    }

    public void Write(ChargeRecord record)
    {
        WriteHeader();
        for (int i = 0; i < Columns.Length; i++)
        {
            if (i > 0) _writer.Write(',');
            _writer.Write(Quote(Format(Columns[i].GetValue(record))));
        }
        _writer.Write("\r\n");
        RowsWritten++;
    }

    public void WriteAll(IEnumerable<ChargeRecord> records)
    {
        WriteHeader();
        foreach (var r in records) Write(r);
    }

    public static string Format(object? value)
    {
        switch (value)
        {
            case null: return "";
            case DateTime d: return History.UtcTime.Format(d);
            case decimal m: return m.ToString(CultureInfo.InvariantCulture);
            case bool b: return b ? "true" : "false";
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return value.ToString() ?? "";
        }
    }

    private static readonly char[] CharsThatNeedQuotes = new[] { ',', '"', '\r', '\n' };

    private static string Quote(string s)
    {
        if (s.IndexOfAny(CharsThatNeedQuotes) < 0) return s;
        return "\"" + s.Replace("\"", "\"\"") + "\"";
    }

    public void Dispose() => _writer.Dispose();
}
