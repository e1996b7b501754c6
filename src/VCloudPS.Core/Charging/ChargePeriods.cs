using System;
using System.Collections.Generic;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Charging;

/// <summary>A charge line's period: one granularity step of the window intersected with one rate card version (R1, R8).</summary>
public sealed class LinePeriod
{
    public LinePeriod(int index, UtcInterval interval, RateCardVersion version)
    {
        Index = index; Interval = interval; Version = version;
    }
    public int Index { get; }
    public UtcInterval Interval { get; }
    public RateCardVersion Version { get; }
    public DateTime Start => Interval.Start;
    public DateTime End => Interval.End;
    public long Seconds => Interval.Seconds;
    public long SecondsInMonth => UtcTime.SecondsInMonth(Interval.Start);
}

public static class ChargePeriods
{
    public static List<LinePeriod> Split(DateTime start, DateTime end, ChargeGranularity granularity, RateCard card, out List<UtcInterval> uncovered)
    {
        var result = new List<LinePeriod>();
        uncovered = new List<UtcInterval>();
        var t = start;
        while (t < end)
        {
            DateTime next;
            switch (granularity)
            {
                case ChargeGranularity.Hour: next = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc).AddHours(1); break;
                case ChargeGranularity.Day: next = t.Date.AddDays(1); break;
                default: next = UtcTime.NextMonthStart(t); break;
            }
            if (next > end) next = end;
            var step = new UtcInterval(t, next);
            var covered = t;
            foreach (var v in card.Versions)
            {
                var part = step.Intersect(new UtcInterval(v.EffectiveFrom, v.End));
                if (part == null) continue;
                if (part.Value.Start > covered) uncovered.Add(new UtcInterval(covered, part.Value.Start));
                result.Add(new LinePeriod(result.Count, part.Value, v));
                covered = part.Value.End;
            }
            if (covered < next) uncovered.Add(new UtcInterval(covered, next));
            t = next;
        }
        return result;
    }

    /// <summary>The period containing instant <paramref name="t"/> as an end point: Start &lt; t &lt;= End.</summary>
    public static LinePeriod? ContainingEnd(List<LinePeriod> periods, DateTime t)
    {
        foreach (var p in periods) if (p.Start < t && t <= p.End) return p;
        return null;
    }
}
