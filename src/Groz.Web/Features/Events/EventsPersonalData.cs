using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// Activiteiten in "download my data" and "delete my account" (AVG art. 15, 17, 20).
/// <para><b>Export</b>: the member's registrations (activity, date, status, waitlist place, check-in, reminder), and
/// registrations as a guest under the member's own e-mail address (made before they had an account, or by an organiser
/// on the phone): the same person. Guests entered by the member as organiser belong to those guests and are left out.</para>
/// <para><b>Erasure</b>: registrations for dates still to come are cancelled the normal way (so the first on the
/// waitlist gets the place and a mail); past ones stay for the attendance counts, pointing at the "former member"
/// placeholder. Guest registrations under the member's e-mail address lose name, e-mail and phone as retention does.</para>
/// </summary>
public sealed class EventsPersonalData(GrozDbContext db, TimeProvider time, Registrations registrations) : IPersonalDataPart
{
    public string Name => "events";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var email = await OwnEmailAsync(userId, ct);
        var rows = await (from r in db.EventRegistrations.AsNoTracking()
                          join e in db.Events on r.EventId equals e.Id
                          where r.UserId == userId || (email != null && r.UserId == null && r.GuestEmail != null && r.GuestEmail.ToLower() == email)
                          orderby r.OccurrenceStartsAt, r.Id
                          select new { r, e.Title, e.LeerregioId, e.WijkId }).ToListAsync(ct);
        return rows.Select(x => new
        {
            x.r.Id, x.r.EventId, x.Title, x.LeerregioId, x.WijkId, x.r.OccurrenceStartsAt, Status = x.r.Status.ToString(), x.r.WaitlistPosition,
            AsGuest = x.r.UserId is null, x.r.GuestName, x.r.GuestEmail, x.r.GuestPhone,
            x.r.CreatedAt, x.r.PromotedAt, x.r.CancelledAt, x.r.AttendedAt, x.r.ReminderSentAt,
        }).ToList();
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var email = await OwnEmailAsync(userId, ct);
        // As the member themselves: a future place goes to the next on the waitlist, with the usual promotion and mail.
        var active = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.UserId == userId && r.OccurrenceStartsAt > now && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted))
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var id in active)
        {
            await registrations.CancelForErasureAsync(id, ct);
        }
        await db.EventRegistrations.Where(r => r.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PersonKey, (string?)null)
            .SetProperty(r => r.ReminderTokenHash, (string?)null), ct);
        if (email is not null)
        {
            var guestIds = await db.EventRegistrations.Where(r => r.UserId == null && r.GuestEmail != null && r.GuestEmail.ToLower() == email).Select(r => r.Id).ToListAsync(ct);
            foreach (var id in await db.EventRegistrations.Where(r => guestIds.Contains(r.Id) && r.OccurrenceStartsAt > now
                && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted)).Select(r => r.Id).ToListAsync(ct))
            {
                await registrations.CancelForErasureAsync(id, ct);
            }
            await db.EventRegistrations.Where(r => guestIds.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.GuestName, EventRetention.Placeholder)
                .SetProperty(r => r.GuestEmail, (string?)null).SetProperty(r => r.GuestPhone, (string?)null)
                .SetProperty(r => r.PersonKey, (string?)null).SetProperty(r => r.PseudonymisedAt, now), ct);
        }
    }

    /// <summary>Lower case, for comparing with guest e-mail addresses (which keep the case the guest typed).</summary>
    private async Task<string?> OwnEmailAsync(string userId, CancellationToken ct) =>
        (await db.Users.Where(u => u.Id == userId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(ct))?.ToLowerInvariant();
}
