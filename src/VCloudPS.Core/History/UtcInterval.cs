using System;

namespace VCloudPS.Core.History;

/// <summary>A half-open UTC interval [Start, End).</summary>
public readonly struct UtcInterval : IEquatable<UtcInterval>
{
    public UtcInterval(DateTime start, DateTime end)
    {
        Start = UtcTime.Normalize(start);
        End = UtcTime.Normalize(end);
        if (End < Start) throw new ArgumentException("The interval ends before it starts.", nameof(end));
    }

    public DateTime Start { get; }
    public DateTime End { get; }
    public long Seconds => (long)Math.Round((End - Start).TotalSeconds);
    public bool IsEmpty => End <= Start;

    public bool Contains(DateTime t) => t >= Start && t < End;

    public UtcInterval? Intersect(UtcInterval other)
    {
        var s = Start > other.Start ? Start : other.Start;
        var e = End < other.End ? End : other.End;
        return e > s ? new UtcInterval(s, e) : (UtcInterval?)null;
    }

    public bool Equals(UtcInterval other) => Start == other.Start && End == other.End;
    public override bool Equals(object? obj) => obj is UtcInterval o && Equals(o);
    public static bool operator ==(UtcInterval a, UtcInterval b) => a.Equals(b);
    public static bool operator !=(UtcInterval a, UtcInterval b) => !a.Equals(b);
    public override int GetHashCode() => Start.GetHashCode() * 397 ^ End.GetHashCode();
    public override string ToString() => "[" + UtcTime.Format(Start) + ", " + UtcTime.Format(End) + ")";
}

public static class UtcTime
{
    /// <summary>Local times are converted, Unspecified times are taken as UTC (the specification's rule).</summary>
    public static DateTime Normalize(DateTime t)
    {
        switch (t.Kind)
        {
            case DateTimeKind.Utc: return t;
            case DateTimeKind.Local: return t.ToUniversalTime();
            default: return DateTime.SpecifyKind(t, DateTimeKind.Utc);
        }
    }

    public static string Format(DateTime t) =>
        Normalize(t).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime MonthStart(DateTime t) => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime NextMonthStart(DateTime t) => MonthStart(t).AddMonths(1);

    /// <summary>Seconds of the UTC calendar month containing <paramref name="t"/> (Feb 2024 = 2,505,600).</summary>
    public static long SecondsInMonth(DateTime t) => (long)(NextMonthStart(t) - MonthStart(t)).TotalSeconds;

    /// <summary>The previous calendar month relative to <paramref name="now"/>, the default report window.</summary>
    public static UtcInterval PreviousMonth(DateTime now)
    {
        var thisMonth = MonthStart(Normalize(now));
        return new UtcInterval(thisMonth.AddMonths(-1), thisMonth);
    }
}
