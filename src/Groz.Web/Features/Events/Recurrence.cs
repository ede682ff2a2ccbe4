using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace Groz.Web.Features.Events;

/// <summary>
/// RRULE validation and expansion, both with Ical.Net, on the Dutch wall clock: the event's first start is turned into
/// Europe/Amsterdam local time and every occurrence keeps that local time, whatever the UTC offset of its day.
/// </summary>
public static class Recurrence
{
    public const string TimeZoneId = "Europe/Amsterdam";
    public static readonly TimeZoneInfo DutchTime = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>Occurrences a calendar ever expands for one event: enough for years of a weekly group, a limit for FREQ=MINUTELY.</summary>
    public const int MaxOccurrences = 1000;

    /// <summary>The rule parses, has a frequency no finer than daily, and yields at least one occurrence.</summary>
    public static bool IsValid(string rule, DateTimeOffset startsAt)
    {
        if (string.IsNullOrWhiteSpace(rule) || rule.Length > Event.MaxRule)
        {
            return false;
        }
        var text = rule.Trim();
        if (text.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var pattern = new RecurrencePattern(text);
            if (pattern.Frequency is FrequencyType.Secondly or FrequencyType.Minutely or FrequencyType.Hourly || pattern.Interval < 1)
            {
                return false;
            }
            return Expand(startsAt, startsAt.AddHours(1) - startsAt, text, startsAt.AddSeconds(-1), startsAt.AddYears(10), 1).Count > 0;
        }
#pragma warning disable CA1031 // Ical.Net throws several exception types on bad input; each means "not a valid rule".
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    public static DateTime Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, DutchTime).DateTime;

    public static CalDateTime LocalCal(DateTimeOffset utc) => new(DateTime.SpecifyKind(Local(utc), DateTimeKind.Unspecified), TimeZoneId);

    /// <summary>The occurrence starts (UTC) of one event that start in [from, to), at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Occurrences(Event e, DateTimeOffset from, DateTimeOffset to, int max = MaxOccurrences) =>
        e.RecurrenceRule is null
            ? (e.StartsAt >= from && e.StartsAt < to ? [e.StartsAt] : [])
            : Expand(e.StartsAt, e.Duration, e.RecurrenceRule, from, to, max);

    /// <summary>Whether <paramref name="start"/> is one of the event's occurrences.</summary>
    public static bool IsOccurrence(Event e, DateTimeOffset start) =>
        Occurrences(e, start.AddSeconds(-1), start.AddSeconds(1), 2).Contains(start);

    private static List<DateTimeOffset> Expand(DateTimeOffset startsAt, TimeSpan duration, string rule, DateTimeOffset from, DateTimeOffset to, int max)
    {
        var calendarEvent = new CalendarEvent { DtStart = LocalCal(startsAt), DtEnd = LocalCal(startsAt + duration) };
        calendarEvent.RecurrenceRule = new RecurrencePattern(rule);
        var result = new List<DateTimeOffset>();
        // COUNT and BYSETPOS still count from the first start; Ical.Net only skips to `from` (which it may overshoot by one occurrence's length).
        var skipTo = from > startsAt ? LocalCal(from - duration) : null;
        foreach (var occurrence in calendarEvent.GetOccurrences(skipTo))
        {
            // iCalendar times have whole seconds; a start with a fraction (never from the forms) keeps it.
            var start = new DateTimeOffset(occurrence.Period.StartTime.AsUtc, TimeSpan.Zero).AddTicks(startsAt.UtcTicks % TimeSpan.TicksPerSecond);
            if (start >= to || result.Count >= max)
            {
                break;
            }
            if (start >= from)
            {
                result.Add(start);
            }
        }
        return result;
    }
}
