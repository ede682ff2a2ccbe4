using System.Globalization;
using Groz.Web.Data;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// RFC 5545 output built with Ical.Net: one VEVENT per event (its RRULE kept, so a calendar expands the weekly walk
/// itself), times with TZID=Europe/Amsterdam and the VTIMEZONE that defines it, a stable UID per event and DTSTAMP.
/// </summary>
public static class EventCalendar
{
    public const string ProductId = "-//GROZ//Groz Activiteiten//NL";
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>Published and cancelled events whose (last) occurrence is not long past: cancelled ones, so that calendars drop them.</summary>
    public static IQueryable<Event> FeedEvents(GrozDbContext db, DateTimeOffset now)
    {
        var since = now.AddDays(-30);
        return db.Events.AsNoTracking()
            .Where(e => (e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled) && (e.RecurrenceRule != null || e.EndsAt >= since)
                && e.Kind != EventKind.Session)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id);
    }

    public static async Task<string> BuildAsync(GrozDbContext db, IReadOnlyList<Event> events, string name, DateTimeOffset now, string baseUrl, CancellationToken ct = default)
    {
        var locationIds = events.Where(e => e.LocationId != null).Select(e => e.LocationId!.Value).Distinct().ToList();
        var locations = locationIds.Count == 0 ? [] : await db.SmLocations.AsNoTracking().Where(l => locationIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Name }).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Version = "2.0" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", Recurrence.TimeZoneId);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(Recurrence.TimeZoneId));
        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId);
        foreach (var e in events)
        {
            var where = e.LocationId is { } id && locations.TryGetValue(id, out var n) && n is not null ? n + (e.Address is null ? "" : ", " + e.Address) : e.Address;
            var vevent = new CalendarEvent
            {
                Uid = Uid(e),
                DtStamp = stamp,
                DtStart = Recurrence.LocalCal(e.StartsAt),
                DtEnd = Recurrence.LocalCal(e.EndsAt),
                Summary = e.Title,
                Description = e.Description,
                Location = where,
                Url = new Uri($"{baseUrl.TrimEnd('/')}/activiteiten/{e.Id}"),
                Status = e.Status == EventStatus.Cancelled ? EventStatus2Ical.Cancelled : EventStatus2Ical.Confirmed,
                Sequence = e.Version,
                LastModified = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
                Categories = [Shared.Themes.Name(e.Theme, dutch: true)],
            };
            if (e.RecurrenceRule is not null)
            {
                vevent.RecurrenceRule = new RecurrencePattern(e.RecurrenceRule);
            }
            calendar.Events.Add(vevent);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string Uid(Event e) => string.Create(CultureInfo.InvariantCulture, $"event-{e.Id}@groz");

    private static class EventStatus2Ical
    {
        public const string Confirmed = "CONFIRMED";
        public const string Cancelled = "CANCELLED";
    }
}
