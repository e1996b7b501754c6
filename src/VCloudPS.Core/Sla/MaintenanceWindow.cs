using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using VCloudPS.Core.History;

namespace VCloudPS.Core.Sla;

/// <summary>
/// A declared maintenance window, explicit or recurring, all times UTC. Syntax (case-insensitive):
/// <list type="bullet">
/// <item><c>2024-04-20T02:00Z/2024-04-20T04:00Z</c> — one explicit interval [start, end) (ISO 8601, seconds optional);</item>
/// <item><c>daily 01:00-01:30</c> — every day;</item>
/// <item><c>Sun 02:00-04:00</c>, <c>Sat,Sun 22:00-02:00</c> — weekly on the listed days (Mon..Sun or full names);
/// an end at or before the start runs into the next day; <c>24:00</c> is midnight at the end of the day.</item>
/// </list>
/// <see cref="Scope"/> optionally limits the window to vApps whose name or id matches (wildcards <c>*</c>, <c>?</c>).
/// </summary>
public sealed class MaintenanceWindow
{
    private static readonly Regex Recurring = new Regex(@"^\s*(?<days>[A-Za-z]+(\s*,\s*[A-Za-z]+)*)\s+(?<from>\d{1,2}:\d{2})\s*-\s*(?<to>\d{1,2}:\d{2})\s*$", RegexOptions.CultureInvariant);

    private readonly UtcInterval? _explicit;
    private readonly HashSet<DayOfWeek>? _days;
    private readonly TimeSpan _from, _to;

    private MaintenanceWindow(string text, UtcInterval? explicitInterval, HashSet<DayOfWeek>? days, TimeSpan from, TimeSpan to, string? scope)
    {
        Text = text; _explicit = explicitInterval; _days = days; _from = from; _to = to; Scope = scope;
    }

    public string Text { get; }
    public string? Scope { get; }
    public bool IsRecurring => _explicit == null;

    public static MaintenanceWindow FromInterval(DateTime start, DateTime end, string? scope = null)
    {
        var i = new UtcInterval(start, end);
        return new MaintenanceWindow(UtcTime.Format(i.Start) + "/" + UtcTime.Format(i.End), i, null, TimeSpan.Zero, TimeSpan.Zero, scope);
    }

    public static MaintenanceWindow Parse(string text, string? scope = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("A maintenance window must not be empty.");
        var t = text.Trim();
        var slash = t.IndexOf('/');
        if (slash > 0)
        {
            var s = ParseInstant(t.Substring(0, slash), text);
            var e = ParseInstant(t.Substring(slash + 1), text);
            if (e <= s) throw new FormatException("Maintenance window '" + text + "' ends before it starts.");
            return new MaintenanceWindow(t, new UtcInterval(s, e), null, TimeSpan.Zero, TimeSpan.Zero, scope);
        }
        var m = Recurring.Match(t);
        if (!m.Success) throw new FormatException(Usage(text));
        var days = new HashSet<DayOfWeek>();
        foreach (var d in m.Groups["days"].Value.Split(',').Select(x => x.Trim()))
        {
            if (d.Equals("daily", StringComparison.OrdinalIgnoreCase))
            {
                foreach (DayOfWeek w in Enum.GetValues(typeof(DayOfWeek))) days.Add(w);
                continue;
            }
            var day = ParseDay(d);
            if (day == null) throw new FormatException(Usage(text));
            days.Add(day.Value);
        }
        var from = ParseClock(m.Groups["from"].Value, text, allow24: false);
        var to = ParseClock(m.Groups["to"].Value, text, allow24: true);
        if (from == to) throw new FormatException("Maintenance window '" + text + "' has no duration.");
        return new MaintenanceWindow(t, null, days, from, to, scope);
    }

    private static string Usage(string text) =>
        "Maintenance window '" + text + "' is not understood. Use 'Sun 02:00-04:00', 'Sat,Sun 22:00-02:00', 'daily 01:00-01:30' " +
        "or an explicit UTC interval '2024-04-20T02:00Z/2024-04-20T04:00Z'.";

    private static DateTime ParseInstant(string s, string text)
    {
        if (DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            return DateTime.SpecifyKind(d, DateTimeKind.Utc);
        throw new FormatException("Maintenance window '" + text + "': '" + s + "' is not an ISO 8601 UTC time.");
    }

    private static TimeSpan ParseClock(string s, string text, bool allow24)
    {
        var parts = s.Split(':');
        int h = int.Parse(parts[0], CultureInfo.InvariantCulture), m = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow24)))
            throw new FormatException("Maintenance window '" + text + "': '" + s + "' is not a time of day (00:00 to 24:00).");
        return new TimeSpan(h, m, 0);
    }

    private static DayOfWeek? ParseDay(string d)
    {
        foreach (DayOfWeek w in Enum.GetValues(typeof(DayOfWeek)))
        {
            var name = w.ToString();
            if (d.Equals(name, StringComparison.OrdinalIgnoreCase) || d.Equals(name.Substring(0, 3), StringComparison.OrdinalIgnoreCase)) return w;
        }
        return null;
    }

    public bool AppliesTo(string vAppName, string vAppId) =>
        Scope == null || Charging.WildcardAccess.IsMatch(vAppName, Scope) || Charging.WildcardAccess.IsMatch(vAppId, Scope);

    /// <summary>The window's occurrences that overlap <paramref name="range"/>, clipped to it, ascending.</summary>
    public IEnumerable<UtcInterval> Occurrences(UtcInterval range)
    {
        if (_explicit != null)
        {
            var x = _explicit.Value.Intersect(range);
            if (x != null) yield return x.Value;
            yield break;
        }
        var duration = _to > _from ? _to - _from : TimeSpan.FromDays(1) - _from + _to;
        for (var day = range.Start.Date.AddDays(-1); day < range.End; day = day.AddDays(1))
        {
            if (!_days!.Contains(day.DayOfWeek)) continue;
            var s = DateTime.SpecifyKind(day + _from, DateTimeKind.Utc);
            var occurrence = new UtcInterval(s, s + duration).Intersect(range);
            if (occurrence != null) yield return occurrence.Value;
        }
    }

    public override string ToString() => Scope == null ? Text : Text + " (" + Scope + ")";
}
