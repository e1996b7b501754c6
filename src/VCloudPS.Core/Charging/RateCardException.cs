using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Charging;

/// <summary>One problem found in a rate card, located by line, position and field path.</summary>
public sealed class RateCardIssue
{
    public RateCardIssue(int line, int position, string field, string message)
    {
        Line = line; Position = position; Field = field; Message = message;
    }
    public int Line { get; }
    public int Position { get; }
    /// <summary>JSON path of the field, e.g. <c>rates[2].unitPrice</c>.</summary>
    public string Field { get; }
    public string Message { get; }
    public override string ToString() =>
        (Line > 0 ? "line " + Line + ", position " + Position + ", " : "") + (string.IsNullOrEmpty(Field) ? "" : Field + ": ") + Message;
}

/// <summary>A rate card that cannot be used; <see cref="Issues"/> lists every problem found.</summary>
public sealed class RateCardException : FormatException
{
    public const string ErrorIdValue = "RateCardInvalid";

    public RateCardException(string source, IReadOnlyList<RateCardIssue> issues)
        : base("Rate card '" + source + "' is invalid: " + string.Join("; ", issues.Select(i => i.ToString())))
    {
        Source2 = source;
        Issues = issues;
    }

    public string Source2 { get; }
    public IReadOnlyList<RateCardIssue> Issues { get; }
    public string ErrorId => ErrorIdValue;
}
