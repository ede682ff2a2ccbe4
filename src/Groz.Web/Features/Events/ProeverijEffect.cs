using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// One stand's effect. Visitors: people who held a place in one of its sessions (registered or checked in). Of them,
/// <see cref="JoinedOffer"/> signed up for another activity of the stand's organisation, <see cref="TimeBankActive"/> took
/// part in the Tijdbank (an exchange of hours, or a response to an item of vraag en aanbod) and <see cref="Either"/> did
/// one or both, each within the window after the proeverij started.
/// </summary>
public sealed record StandEffect(int StandId, string Stand, Guid? OrganizationId, int Visitors, int Attended, int JoinedOffer, int TimeBankActive, int Either);

/// <summary>The proeverij's effect. <see cref="Complete"/>: the window is over, so the numbers no longer grow.</summary>
public sealed record ProeverijEffectReport(int ProeverijId, int LeerregioId, string Title, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, bool Complete,
    int Visitors, int Either, IReadOnlyList<StandEffect> Stands);

/// <summary>
/// "Did the proeverij lead people to join an offer?" — the one method the organiser's page, the API and Monitoring
/// (issue 7) read. People are matched by account; a guest (no account) by the e-mail address or phone number they signed up
/// with, and only for activities (the Tijdbank needs an account). Another activity of the same organisation counts when
/// the registration was made in the window and is not part of this proeverij; cancelled registrations do not count.
/// </summary>
public static class ProeverijEffect
{
    public const int WindowDays = 90;

    public static async Task<ProeverijEffectReport?> MeasureAsync(GrozDbContext db, int proeverijId, DateTimeOffset now, int windowDays = WindowDays, CancellationToken ct = default)
    {
        var p = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == proeverijId && e.Kind == EventKind.Proeverij, ct);
        if (p is null)
        {
            return null;
        }
        var (from, to) = (p.StartsAt, p.StartsAt.AddDays(windowDays));
        var stands = await db.ProeverijStands.AsNoTracking().Where(s => s.ProeverijEventId == p.Id).OrderBy(s => s.Name).ToListAsync(ct);
        var visits = await db.ProeverijSessions.AsNoTracking().Where(s => s.ProeverijEventId == p.Id)
            .Join(db.EventRegistrations.Where(r => r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Attended),
                s => s.EventId, r => r.EventId, (s, r) => new { s.StandId, r.UserId, r.GuestEmail, r.GuestPhone, Attended = r.Status == RegistrationStatus.Attended })
            .ToListAsync(ct);
        var people = visits.Select(v => new { v.StandId, Person = Person(v.UserId, v.GuestEmail, v.GuestPhone), v.UserId, v.Attended }).ToList();
        var userIds = people.Where(v => v.UserId != null).Select(v => v.UserId!).Distinct().ToList();
        var guestEmails = visits.Where(v => v.UserId == null && v.GuestEmail != null).Select(v => v.GuestEmail!.ToLowerInvariant()).Distinct().ToList();
        var organisations = stands.Where(s => s.OrganizationId != null).Select(s => s.OrganizationId!.Value).Distinct().ToList();

        // Later sign-ups of these people for activities of these organisations, outside this proeverij.
        var joined = organisations.Count == 0 || people.Count == 0 ? [] : await db.EventRegistrations.AsNoTracking()
            .Where(r => r.Status != RegistrationStatus.Cancelled && r.CreatedAt >= from && r.CreatedAt < to
                && (userIds.Contains(r.UserId!) || (r.UserId == null && r.GuestEmail != null && guestEmails.Contains(r.GuestEmail.ToLower())) || (r.UserId == null && r.GuestEmail == null)))
            .Join(db.Events.Where(e => e.Id != p.Id && (e.ParentEventId == null || e.ParentEventId != p.Id) && e.OrganizationId != null && organisations.Contains(e.OrganizationId.Value)),
                r => r.EventId, e => e.Id, (r, e) => new { e.OrganizationId, r.UserId, r.GuestEmail, r.GuestPhone })
            .ToListAsync(ct);
        var joinedBy = joined.Select(j => (j.OrganizationId!.Value, Person(j.UserId, j.GuestEmail, j.GuestPhone))).ToHashSet();

        // Tijdbank: an exchange of hours (either side, not rejected or cancelled) or a response in vraag en aanbod, in the proeverij's leerregio.
        var accounts = userIds.Count == 0 ? [] : await db.TimeAccounts.AsNoTracking()
            .Where(a => a.LeerregioId == p.LeerregioId && a.UserId != null && userIds.Contains(a.UserId))
            .ToDictionaryAsync(a => a.Id, a => a.UserId!, ct);
        var accountIds = accounts.Keys.ToList();
        var transfers = accountIds.Count == 0 ? [] : await db.Transfers.AsNoTracking()
            .Where(x => x.LeerregioId == p.LeerregioId && x.Kind == TransferKind.Exchange && (x.Status == TransferStatus.Completed || x.Status == TransferStatus.Pending)
                && x.CreatedAt >= from && x.CreatedAt < to && (accountIds.Contains(x.FromAccountId) || accountIds.Contains(x.ToAccountId)))
            .Select(x => new { x.FromAccountId, x.ToAccountId }).ToListAsync(ct);
        var exchanging = transfers.SelectMany(x => new[] { x.FromAccountId, x.ToAccountId }).Where(accounts.ContainsKey).Select(id => accounts[id]);
        var responding = userIds.Count == 0 ? [] : await db.Conversations.AsNoTracking()
            .Where(c => c.LeerregioId == p.LeerregioId && c.CreatedAt >= from && c.CreatedAt < to && userIds.Contains(c.ResponderUserId))
            .Select(c => c.ResponderUserId).Distinct().ToListAsync(ct);
        var timeBank = exchanging.Concat(responding).Select(u => "user:" + u).ToHashSet();

        var result = new List<StandEffect>();
        foreach (var stand in stands)
        {
            var mine = people.Where(v => v.StandId == stand.Id).ToList();
            var visitors = mine.Select(v => v.Person).ToHashSet();
            var attended = mine.Where(v => v.Attended).Select(v => v.Person).ToHashSet();
            var offer = stand.OrganizationId is { } org ? visitors.Where(v => joinedBy.Contains((org, v))).ToHashSet() : [];
            var bank = visitors.Where(timeBank.Contains).ToHashSet();
            result.Add(new StandEffect(stand.Id, stand.Name, stand.OrganizationId, visitors.Count, attended.Count, offer.Count, bank.Count, offer.Union(bank).Count()));
        }
        // The fair as a whole: each visitor once, counted when they joined the offer of any stand they visited, or the Tijdbank.
        var all = people.Select(v => v.Person).ToHashSet();
        var anyEffect = people.Where(v => timeBank.Contains(v.Person)
            || stands.Any(s => s.Id == v.StandId && s.OrganizationId is { } o && joinedBy.Contains((o, v.Person)))).Select(v => v.Person).ToHashSet();
        return new ProeverijEffectReport(p.Id, p.LeerregioId, p.Title, from, to, now >= to, all.Count, anyEffect.Count, result);
    }

    private static string Person(string? userId, string? email, string? phone) =>
        userId is not null ? "user:" + userId
        : email is not null ? "mail:" + email.ToLowerInvariant()
        : "tel:" + new string((phone ?? "").Where(char.IsDigit).ToArray());
}
