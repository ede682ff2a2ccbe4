using System.Globalization;
using System.Security.Cryptography;
using Groz.Web.Data;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// A member's own calendar feed: every date they hold a place or waitlist position for (proeverij sessions included),
/// behind a secret URL that a calendar app can read without signing in. The database keeps only the SHA-256 of the secret;
/// making a new one replaces it, so the old URL stops working at once.
/// </summary>
public static class PersonalCalendar
{
    public static string Path(string token) => $"/activiteiten/mijn-agenda/{token}/agenda.ics";

    /// <summary>A new secret for the member (the old one, if any, dies). The secret is returned once and never stored.</summary>
    public static async Task<string> NewTokenAsync(GrozDbContext db, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var hash = Registrations.Hash(token);
        var changed = await db.EventCalendarTokens.Where(t => t.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TokenHash, hash).SetProperty(t => t.CreatedAt, now), ct);
        if (changed == 0)
        {
            db.EventCalendarTokens.Add(new EventCalendarToken { UserId = userId, TokenHash = hash, CreatedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Made at the same moment in another tab: this one replaces it.
                db.ChangeTracker.Clear();
                await db.EventCalendarTokens.Where(t => t.UserId == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.TokenHash, hash).SetProperty(t => t.CreatedAt, now), ct);
            }
        }
        return token;
    }

    public static Task<DateTimeOffset?> CreatedAtAsync(GrozDbContext db, string userId, CancellationToken ct = default) =>
        db.EventCalendarTokens.Where(t => t.UserId == userId).Select(t => (DateTimeOffset?)t.CreatedAt).FirstOrDefaultAsync(ct);

    public static async Task<string?> UserOfAsync(GrozDbContext db, string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Registrations.Hash(token);
        return await db.EventCalendarTokens.Where(t => t.TokenHash == hash).Select(t => t.UserId).FirstOrDefaultAsync(ct);
    }

    /// <summary>One VEVENT per registration (one date of a recurring activity is one event in the person's calendar).</summary>
    public static async Task<string> BuildAsync(GrozDbContext db, string userId, DateTimeOffset now, string baseUrl, CancellationToken ct = default)
    {
        var since = now.AddDays(-30);
        var rows = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.UserId == userId && r.OccurrenceStartsAt >= since
                && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Attended))
            .Join(db.Events, r => r.EventId, e => e.Id, (r, e) => new
            {
                Registration = r, Event = e,
                Parent = db.Events.Where(p => p.Id == e.ParentEventId).Select(p => p.Title).FirstOrDefault(),
                Location = db.SmLocations.Where(l => l.Id == e.LocationId).Select(l => l.Name).FirstOrDefault(),
            })
            .OrderBy(x => x.Registration.OccurrenceStartsAt).Take(2000).ToListAsync(ct);
        var calendar = new Ical.Net.Calendar { ProductId = EventCalendar.ProductId, Version = "2.0" };
        calendar.AddProperty("X-WR-CALNAME", "GROZ mijn activiteiten");
        calendar.AddProperty("X-WR-TIMEZONE", Recurrence.TimeZoneId);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(Recurrence.TimeZoneId));
        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId);
        foreach (var x in rows)
        {
            var (r, e) = (x.Registration, x.Event);
            var waitlisted = r.Status == RegistrationStatus.Waitlisted;
            var where = x.Location is not null ? x.Location + (e.Address is null ? "" : ", " + e.Address) : e.Address;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = string.Create(CultureInfo.InvariantCulture, $"registration-{r.Id}@groz"),
                DtStamp = stamp,
                DtStart = Recurrence.LocalCal(r.OccurrenceStartsAt),
                DtEnd = Recurrence.LocalCal(r.OccurrenceStartsAt + e.Duration),
                Summary = (x.Parent is null ? e.Title : $"{e.Title} ({x.Parent})") + (waitlisted ? " – wachtlijst" : ""),
                Description = e.Description,
                Location = where,
                Url = new Uri($"{baseUrl.TrimEnd('/')}/activiteiten/{e.ParentEventId ?? e.Id}"),
                Status = e.Status == EventStatus.Cancelled ? "CANCELLED" : waitlisted ? "TENTATIVE" : "CONFIRMED",
                Sequence = e.Version,
                LastModified = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
