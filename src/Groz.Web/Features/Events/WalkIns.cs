using System.Net.Mail;
using System.Security.Claims;
using System.Security.Cryptography;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

public sealed partial class Registrations
{
    /// <summary>How long after the end an organiser may still enter walk-ins (typing in the paper list at home).</summary>
    public static readonly TimeSpan WalkInGrace = TimeSpan.FromHours(12);

    /// <summary>
    /// Someone who walks in at the door: entered by the organiser and checked in at once. Unlike a registration this
    /// works after the start and does not wait for a free place: the person is in the room, and whether there is room
    /// is the organiser's call. The counter still goes up, so a later cancellation promotes nobody into a full room.
    /// Contact details are optional (a visitor need not give them); a name is required for the list.
    /// </summary>
    public async Task<Outcome<NewRegistration>> WalkInAsync(ClaimsPrincipal actor, int eventId, DateTimeOffset occurrence, string? name, string? email, string? phone,
        CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !await CanManageAsync(db, actor, e, ct))
        {
            return Fail("unknown-event", "EventId", l["This activity does not exist."], 404);
        }
        name = name?.Trim();
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        var errors = new Dictionary<string, string>();
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
        if (errors.Count > 0)
        {
            return Outcome<NewRegistration>.Invalid(errors);
        }
        if (e.Status != EventStatus.Published || !Recurrence.IsOccurrence(e, occurrence))
        {
            return Fail("unknown-occurrence", "OccurrenceStartsAt", l["The activity does not take place at this time."], 404);
        }
        var now = time.GetUtcNow();
        if (now > occurrence + e.Duration + WalkInGrace)
        {
            return Fail("registration-closed", "EventId", l["Registration for this activity has closed."], 409);
        }
        var occurrenceId = await EnsureOccurrenceAsync(e.Id, occurrence, ct);
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        // Without contact details two walk-ins may have the same name: each is a person of their own.
        var personKey = email is not null ? "mail:" + email.ToLowerInvariant() : phone is not null ? "tel:" + digits : "walkin:" + token[..16];
        if (await db.EventRegistrations.AnyAsync(r => r.OccurrenceId == occurrenceId && r.PersonKey == personKey, ct))
        {
            return AlreadyRegistered();
        }
        var registration = new EventRegistration
        {
            EventId = e.Id, OccurrenceId = occurrenceId, OccurrenceStartsAt = occurrence, GuestName = name, GuestEmail = email, GuestPhone = phone,
            PersonKey = personKey, Status = RegistrationStatus.Attended, CreatedAt = now, AttendedAt = now, CancelTokenHash = Hash(token),
            EnteredByUserId = actor.UserId(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockCapacityAsync(e.Id, ct);
        await db.EventOccurrences.Where(o => o.Id == occurrenceId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, o => o.Taken + 1), ct);
        db.EventRegistrations.Add(registration);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return AlreadyRegistered();
        }
        await tx.CommitAsync(ct);
        return Outcome<NewRegistration>.Ok(new NewRegistration(registration, token));
    }

    /// <summary>Erasure of an account (<see cref="EventsPersonalData"/>): the cancellation as the member would do it, with promotion.</summary>
    internal async Task<Outcome<EventRegistration>> CancelForErasureAsync(long registrationId, CancellationToken ct)
    {
        var registration = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct);
        return registration is null
            ? Outcome<EventRegistration>.Fail("unknown-registration", "RegistrationId", l["This registration does not exist."], 404)
            : await CancelCoreAsync(registration, null, ct);
    }
}
