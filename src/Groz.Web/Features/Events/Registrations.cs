using System.Globalization;
using System.Net.Mail;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>Who signs up: nothing for a signed-in member; name and e-mail or phone for a guest (or entered by an organiser).</summary>
public sealed record RegistrationInput(DateTimeOffset? OccurrenceStartsAt = null, string? Name = null, string? Email = null, string? Phone = null, bool AsGuest = false);

/// <summary>A new registration and the secret of its cancel link (only here and in the mail; the database keeps its hash).</summary>
public sealed record NewRegistration(EventRegistration Registration, string CancelToken);

/// <summary>
/// The one place where registrations change (pages and API share it). Places are taken with one conditional UPDATE on
/// the occurrence's counter whose WHERE clause holds the capacity, so concurrent registrations cannot overbook: on
/// PostgreSQL the second UPDATE waits for the first and re-checks the row, on SQLite there is one writer at a time.
/// Whoever finds no place gets the next waitlist position from the same row, in the same transaction, so positions
/// follow the order in which the registrations reached the row. A cancellation frees the place and promotes the first
/// on the waitlist in the same transaction.
/// </summary>
public sealed partial class Registrations(GrozDbContext db, TimeProvider time, Mailer mailer, IHttpContextAccessor http,
    IStringLocalizer<SharedResource> l, ILogger<Registrations> logger)
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Coordinators of the leerregio and members of the organising organisation.</summary>
    public static async Task<bool> CanManageAsync(GrozDbContext db, ClaimsPrincipal user, Event e, CancellationToken ct = default)
    {
        if (user.CanManage(e.LeerregioId))
        {
            return true;
        }
        var userId = user.UserId();
        return userId is not null && e.OrganizationId is { } org
            && await db.SmOrganizationMembers.AnyAsync(m => m.OrganizationId == org && m.UserId == userId && m.LeerregioId == e.LeerregioId, ct);
    }

    /// <summary>Public events: published ones; a manager also sees drafts and cancelled ones of their leerregio.</summary>
    public async Task<Event?> VisibleEventAsync(ClaimsPrincipal user, int eventId, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
        {
            return null;
        }
        return e.Status == EventStatus.Published || await CanManageAsync(db, user, e, ct) ? e : null;
    }

    public async Task<Outcome<NewRegistration>> RegisterAsync(ClaimsPrincipal actor, int eventId, RegistrationInput input,
        Func<NewRegistration, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var e = await VisibleEventAsync(actor, eventId, ct);
        if (e is null)
        {
            return Fail("unknown-event", "EventId", l["This activity does not exist."], 404);
        }
        var now = time.GetUtcNow();
        var userId = actor.UserId();
        var manager = await CanManageAsync(db, actor, e, ct);
        // An organiser may enter someone without an account (a phone call, a paper list); everyone else signs up themselves.
        var guest = userId is null || (input.AsGuest && manager);
        var errors = new Dictionary<string, string>();
        string? personKey = userId, name = null, email = null, phone = null;
        if (guest)
        {
            name = input.Name?.Trim();
            email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
            phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > EventRegistration.MaxName)
            {
                errors["Name"] = l["Fill in your name (at most 100 characters)."];
            }
            if (email is not null && (email.Length > EventRegistration.MaxEmail || !MailAddress.TryCreate(email, out _)))
            {
                errors["Email"] = l["Fill in a valid e-mail address."];
            }
            var digits = phone is null ? "" : new string(phone.Where(char.IsDigit).ToArray());
            if (phone is not null && (phone.Length > EventRegistration.MaxPhone || digits.Length < 8 || phone.Any(c => !(char.IsDigit(c) || c is ' ' or '-' or '+' or '(' or ')'))))
            {
                errors["Phone"] = l["Fill in a valid phone number."];
            }
            if (email is null && phone is null && !errors.ContainsKey("Email"))
            {
                errors["Email"] = l["Fill in an e-mail address or a phone number, so that we can reach you."];
            }
            personKey = email is not null ? "mail:" + email.ToLowerInvariant() : "tel:" + digits;
        }
        if (errors.Count > 0)
        {
            return Outcome<NewRegistration>.Invalid(errors);
        }
        if (e.Status != EventStatus.Published)
        {
            return Fail("event-not-open", "EventId", l["You cannot sign up for this activity."], 409);
        }
        if (!e.RegistrationRequired)
        {
            return Fail("no-registration", "EventId", l["You do not need to sign up for this activity: just come."], 409);
        }
        var occurrence = input.OccurrenceStartsAt ?? (e.RecurrenceRule is null ? e.StartsAt : (Recurrence.Occurrences(e, now, now.AddYears(10), 1) is [var next] ? next : default));
        if (occurrence == default || !Recurrence.IsOccurrence(e, occurrence))
        {
            return Fail("unknown-occurrence", "OccurrenceStartsAt", l["The activity does not take place at this time."], 404);
        }
        if (now >= occurrence || (e.RegistrationClosesAt is { } closes && now >= closes))
        {
            return Fail("registration-closed", "EventId", l["Registration for this activity has closed."], 409);
        }
        var occurrenceId = await EnsureOccurrenceAsync(e.Id, occurrence, ct);
        if (await db.EventRegistrations.AnyAsync(r => r.OccurrenceId == occurrenceId && r.PersonKey == personKey, ct))
        {
            return AlreadyRegistered();
        }
        // A proeverij session: first a quick look without locks, for the usual case; the real check is in the transaction.
        if (e.ParentEventId is not null && await ProeverijProgramme.OverlapAsync(db, e, personKey!, null, lockVisitor: false, ct) is { } clash)
        {
            return Overlap(clash);
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        NewRegistration created;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var capacity = await LockCapacityAsync(e.Id, ct);
            // The place: this UPDATE is the moment of arrival (it holds the row until commit).
            var placed = await db.EventOccurrences
                .Where(o => o.Id == occurrenceId && (capacity == null || o.Taken < capacity))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, o => o.Taken + 1), ct) == 1;
            int? position = null;
            if (!placed)
            {
                await db.EventOccurrences.Where(o => o.Id == occurrenceId)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.WaitlistIssued, o => o.WaitlistIssued + 1), ct);
                position = await db.EventOccurrences.Where(o => o.Id == occurrenceId).Select(o => o.WaitlistIssued).SingleAsync(ct);
            }
            var registration = new EventRegistration
            {
                EventId = e.Id, OccurrenceId = occurrenceId, OccurrenceStartsAt = occurrence, UserId = guest ? null : userId,
                GuestName = name, GuestEmail = email, GuestPhone = phone, PersonKey = personKey,
                Status = placed ? RegistrationStatus.Registered : RegistrationStatus.Waitlisted, WaitlistPosition = position,
                CreatedAt = time.GetUtcNow(), CancelTokenHash = Hash(token), EnteredByUserId = guest && userId is not null ? userId : null,
            };
            db.EventRegistrations.Add(registration);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same person at the same moment: the unique (occurrence, person) index let the other one in.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return AlreadyRegistered();
            }
            if (e.ParentEventId is not null && await ProeverijProgramme.OverlapAsync(db, e, personKey!, registration.Id, lockVisitor: true, ct) is { } overlapping)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Overlap(overlapping);
            }
            created = new NewRegistration(registration, token);
            if (inTransaction is not null)
            {
                await inTransaction(created);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        await MailConfirmationAsync(e, created.Registration, token, ct);
        return Outcome<NewRegistration>.Ok(created);
    }

    /// <summary>The counter row of one occurrence, made by whoever registers first (a concurrent twin is simply not inserted).</summary>
    private async Task<long> EnsureOccurrenceAsync(int eventId, DateTimeOffset startsAt, CancellationToken ct)
    {
        var id = await db.EventOccurrences.Where(o => o.EventId == eventId && o.StartsAt == startsAt).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (id is { } found)
        {
            return found;
        }
        // SQLite keeps DateTimeOffset as UTC ticks (SqliteGrozDbContext); PostgreSQL as timestamptz.
        object start = db.Database.IsSqlite() ? startsAt.UtcTicks : startsAt.ToUniversalTime();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO event_occurrences (event_id, starts_at, taken, waitlist_issued) VALUES ({0}, {1}, 0, 0) ON CONFLICT DO NOTHING",
            [eventId, start], ct);
        return await db.EventOccurrences.Where(o => o.EventId == eventId && o.StartsAt == startsAt).Select(o => o.Id).SingleAsync(ct);
    }

    /// <summary>The registration behind a cancel link, or null (also for a token of the right length that matches nothing).</summary>
    public async Task<EventRegistration?> ByTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        return await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.CancelTokenHash == hash || r.ReminderTokenHash == hash, ct);
    }

    public async Task<Outcome<EventRegistration>> CancelByTokenAsync(string? token, CancellationToken ct = default)
    {
        var registration = await ByTokenAsync(token, ct);
        return registration is null
            ? Outcome<EventRegistration>.Fail("unknown-registration", "Token", l["This link is not valid (any more)."], 404)
            : await CancelCoreAsync(registration, null, ct);
    }

    /// <summary>Cancels one's own registration, or as organiser anyone's.</summary>
    public async Task<Outcome<EventRegistration>> CancelAsync(ClaimsPrincipal actor, long registrationId, Func<EventRegistration, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var registration = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct);
        var e = registration is null ? null : await db.Events.AsNoTracking().FirstAsync(x => x.Id == registration.EventId, ct);
        if (registration is null || e is null || (registration.UserId != actor.UserId() && !await CanManageAsync(db, actor, e, ct)))
        {
            return Outcome<EventRegistration>.Fail("unknown-registration", "RegistrationId", l["This registration does not exist."], 404);
        }
        return await CancelCoreAsync(registration, inTransaction, ct);
    }

    private async Task<Outcome<EventRegistration>> CancelCoreAsync(EventRegistration registration, Func<EventRegistration, Task>? inTransaction, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<EventRegistration> promoted;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The event first, as every writer of places does (one lock order: no deadlocks).
            var capacity = await LockCapacityAsync(registration.EventId, ct);
            // Only an active registration can be cancelled; of two cancellations at once exactly one changes the row.
            var changed = await db.EventRegistrations
                .Where(r => r.Id == registration.Id && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Cancelled).SetProperty(r => r.CancelledAt, now)
                    .SetProperty(r => r.PersonKey, (string?)null), ct);
            if (changed == 0)
            {
                await tx.RollbackAsync(ct);
                return Outcome<EventRegistration>.Fail("already-cancelled", "RegistrationId", l["This registration has already been cancelled."], 409);
            }
            promoted = [];
            if (registration.Status == RegistrationStatus.Registered)
            {
                await db.EventOccurrences.Where(o => o.Id == registration.OccurrenceId)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, o => o.Taken - 1), ct);
                promoted = await PromoteAsync(registration.OccurrenceId, capacity, ct);
            }
            registration.Status = RegistrationStatus.Cancelled;
            registration.CancelledAt = now;
            registration.PersonKey = null;
            if (inTransaction is not null)
            {
                await inTransaction(registration);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        await MailPromotedAsync(promoted, ct);
        return Outcome<EventRegistration>.Ok(registration);
    }

    /// <summary>
    /// Inside the caller's transaction: the first on the waitlist takes each free place (conditional UPDATE again, so a
    /// registration that came in between cannot make it overbooked). Returns whoever was promoted, for their mail.
    /// </summary>
    private async Task<List<EventRegistration>> PromoteAsync(long occurrenceId, int? capacity, CancellationToken ct)
    {
        var promoted = new List<EventRegistration>();
        while (true)
        {
            var next = await db.EventRegistrations.AsNoTracking()
                .Where(r => r.OccurrenceId == occurrenceId && r.Status == RegistrationStatus.Waitlisted)
                .OrderBy(r => r.WaitlistPosition).ThenBy(r => r.Id).FirstOrDefaultAsync(ct);
            if (next is null)
            {
                return promoted;
            }
            var placed = await db.EventOccurrences
                .Where(o => o.Id == occurrenceId && (capacity == null || o.Taken < capacity))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, o => o.Taken + 1), ct) == 1;
            if (!placed)
            {
                return promoted;
            }
            var now = time.GetUtcNow();
            var moved = await db.EventRegistrations.Where(r => r.Id == next.Id && r.Status == RegistrationStatus.Waitlisted)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Registered).SetProperty(r => r.PromotedAt, now), ct);
            if (moved == 0)
            {
                // They cancelled at this very moment: give the place back and try the next one.
                await db.EventOccurrences.Where(o => o.Id == occurrenceId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, o => o.Taken - 1), ct);
                continue;
            }
            next.Status = RegistrationStatus.Registered;
            next.PromotedAt = now;
            promoted.Add(next);
        }
    }

    /// <summary>
    /// The event's number of places, read inside the caller's transaction so that it cannot change before the commit. On
    /// PostgreSQL FOR SHARE: registrations do not wait for each other, but a change of the capacity (an UPDATE of the event row,
    /// see <see cref="EventEditor.UpdateAsync"/>) waits for them and they wait for it, so a place is never taken under an old,
    /// higher capacity. SQLite transactions hold the one write lock from their start.
    /// </summary>
    private async Task<int?> LockCapacityAsync(int eventId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? (await db.Database.SqlQueryRaw<int?>("SELECT capacity AS \"Value\" FROM events WHERE id = {0} FOR SHARE", eventId).ToListAsync(ct)).Single()
            : await db.Events.Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync(ct);

    /// <summary>After a capacity increase: promote from the waitlist of every occurrence of the event.</summary>
    public async Task PromoteAllAsync(int eventId, CancellationToken ct = default)
    {
        var occurrences = await db.EventOccurrences.Where(o => o.EventId == eventId && db.EventRegistrations.Any(r => r.OccurrenceId == o.Id && r.Status == RegistrationStatus.Waitlisted))
            .Select(o => o.Id).ToListAsync(ct);
        var promoted = new List<EventRegistration>();
        foreach (var id in occurrences)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            promoted.AddRange(await PromoteAsync(id, await LockCapacityAsync(eventId, ct), ct));
            await tx.CommitAsync(ct);
        }
        await MailPromotedAsync(promoted, ct);
    }

    /// <summary>Check-in at the door (and undo a mistaken one): only an active place can be marked as attended.</summary>
    public async Task<Outcome<EventRegistration>> SetAttendanceAsync(ClaimsPrincipal actor, long registrationId, bool attended, CancellationToken ct = default)
    {
        var registration = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct);
        var e = registration is null ? null : await db.Events.AsNoTracking().FirstAsync(x => x.Id == registration.EventId, ct);
        if (registration is null || e is null || !await CanManageAsync(db, actor, e, ct))
        {
            return Outcome<EventRegistration>.Fail("unknown-registration", "RegistrationId", l["This registration does not exist."], 404);
        }
        var (from, to) = attended ? (RegistrationStatus.Registered, RegistrationStatus.Attended) : (RegistrationStatus.Attended, RegistrationStatus.Registered);
        DateTimeOffset? at = attended ? time.GetUtcNow() : null;
        var changed = await db.EventRegistrations.Where(r => r.Id == registrationId && r.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.AttendedAt, at), ct);
        if (changed == 0 && registration.Status != to)
        {
            return Outcome<EventRegistration>.Fail("not-checkable", "RegistrationId", l["Only someone with a place can be checked in."], 409);
        }
        registration.Status = to;
        registration.AttendedAt = at;
        return Outcome<EventRegistration>.Ok(registration);
    }

    private Outcome<NewRegistration> AlreadyRegistered() =>
        Fail("already-registered", "EventId", l["You are already signed up for this activity."], 409);

    private Outcome<NewRegistration> Overlap(string other) =>
        Fail("overlapping-session", "EventId", string.Format(CultureInfo.CurrentCulture,
            l["This session is at the same time as \"{0}\" in your programme. Cancel that one first, or choose another time."], other), 409);

    private static Outcome<NewRegistration> Fail(string code, string field, string message, int status = 400) =>
        Outcome<NewRegistration>.Fail(code, field, message, status);

    private string Link(string path) => http.HttpContext is { } context ? AccountLinks.Absolute(context, path) : path;

    public static string When(DateTimeOffset start) =>
        Recurrence.Local(start).ToString(Localization.IsDutch ? "dddd d MMMM yyyy 'om' HH:mm" : "dddd d MMMM yyyy 'at' HH:mm", CultureInfo.CurrentCulture);

    private async Task<string?> AddressOfAsync(EventRegistration r, CancellationToken ct) =>
        r.GuestEmail ?? (r.UserId is null ? null : await db.Users.Where(u => u.Id == r.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct));

    private async Task MailConfirmationAsync(Event e, EventRegistration r, string token, CancellationToken ct)
    {
        var subject = r.Status == RegistrationStatus.Registered ? l["You are signed up"] : l["You are on the waitlist"];
        var body = string.Format(CultureInfo.CurrentCulture,
            r.Status == RegistrationStatus.Registered ? l["events.mail.registered"] : l["events.mail.waitlisted"],
            e.Title, When(r.OccurrenceStartsAt), Link($"/activiteiten/afmelden/{token}"), r.WaitlistPosition);
        await SendAsync(r, $"{subject}: {e.Title}", body, ct);
    }

    private async Task MailPromotedAsync(List<EventRegistration> promoted, CancellationToken ct)
    {
        foreach (var r in promoted)
        {
            var title = await db.Events.Where(e => e.Id == r.EventId).Select(e => e.Title).SingleAsync(ct);
            await SendAsync(r, $"{l["A place has become free"]}: {title}",
                string.Format(CultureInfo.CurrentCulture, l["events.mail.promoted"], title, When(r.OccurrenceStartsAt), Link($"/activiteiten/{r.EventId}")), ct);
        }
    }

    private async Task SendAsync(EventRegistration r, string subject, string body, CancellationToken ct)
    {
        if (await AddressOfAsync(r, ct) is not { } to)
        {
            return; // A guest with only a phone number: the organiser calls.
        }
        try
        {
            await mailer.SendAsync(new OutgoingMail(to, subject, body), ct);
        }
        catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            // The registration is saved; the event page shows its state, so a failed mail does not undo it.
            logger.LogWarning(ex, "Mail about registration {Id} not sent", r.Id);
        }
    }
}
