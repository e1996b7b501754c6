using System;
using System.Collections.Generic;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Charging;

public enum ChargeGranularity
{
    /// <summary>One line per calendar month of the window (default).</summary>
    Month,
    Day,
    Hour,
}

public sealed class ChargeOptions
{
    public ChargeGranularity Granularity { get; set; } = ChargeGranularity.Month;
    /// <summary>FOCUS ProviderName/PublisherName/InvoiceIssuerName; the cloud's name.</summary>
    public string ProviderName { get; set; } = "VMware Cloud Director";
}

/// <summary>Something the user must know about a charge run (unknown state, partial window...).</summary>
public sealed class ChargeWarning
{
    public ChargeWarning(string code, string message, string? vAppId = null, string? vAppName = null, string? vmName = null, long unknownSeconds = 0)
    {
        Code = code; Message = message; VAppId = vAppId; VAppName = vAppName; VmName = vmName; UnknownSeconds = unknownSeconds;
    }
    /// <summary>Stable code: ChargeUnknownState, ChargeNoHistory, ChargeWindowPartial, RateCardNotEffective, ChargeFeeWeightUnknown.</summary>
    public string Code { get; }
    public string Message { get; }
    public string? VAppId { get; }
    public string? VAppName { get; }
    public string? VmName { get; }
    public long UnknownSeconds { get; }
    public override string ToString() => Message;
}

public sealed class ChargeResult
{
    public ChargeResult(UtcInterval window, DateTime evaluatedEnd, IReadOnlyList<ChargeRecord> records, IReadOnlyList<ChargeWarning> warnings)
    {
        Window = window; EvaluatedEnd = evaluatedEnd; Records = records; Warnings = warnings;
    }
    public UtcInterval Window { get; }
    /// <summary>Window end, or "now" when the window reaches into the future (month to date).</summary>
    public DateTime EvaluatedEnd { get; }
    public IReadOnlyList<ChargeRecord> Records { get; }
    public IReadOnlyList<ChargeWarning> Warnings { get; }
}

/// <summary>Invalid report window (end before start, or entirely in the future).</summary>
public sealed class ReportWindowException : ArgumentException
{
    public ReportWindowException(string errorId, string message) : base(message) { ErrorId = errorId; }
    /// <summary>ReportWindowInvalid or ReportWindowInFuture.</summary>
    public string ErrorId { get; }

    public static UtcInterval Validate(DateTime start, DateTime end, DateTime asOf, out DateTime evaluatedEnd)
    {
        start = UtcTime.Normalize(start); end = UtcTime.Normalize(end); asOf = UtcTime.Normalize(asOf);
        if (end <= start)
            throw new ReportWindowException("ReportWindowInvalid", "The window end " + UtcTime.Format(end) + " is not after its start " + UtcTime.Format(start) + ".");
        if (start >= asOf)
            throw new ReportWindowException("ReportWindowInFuture", "The window starting " + UtcTime.Format(start) + " lies in the future (the cloud's time is " + UtcTime.Format(asOf) + ").");
        evaluatedEnd = end < asOf ? end : asOf;
        return new UtcInterval(start, end);
    }
}
