using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>One session as the programme shows it: its event (title, times, places), stand, slot, kind and numbers.</summary>
public sealed record ProgrammeSession(Event Event, ProeverijSession Session, ProeverijStand Stand, ProeverijSlot Slot, int Taken, int Waitlisted)
{
    public int? PlacesLeft => Event.Capacity is { } c ? Math.Max(0, c - Taken) : null;
}

/// <summary>A proeverij's whole programme, and (when asked for a person) that person's active session registrations.</summary>
public sealed record Programme(Event Proeverij, List<ProeverijSlot> Slots, List<ProeverijStand> Stands, List<ProgrammeSession> Sessions,
    Dictionary<int, EventRegistration> Mine);

/// <summary>
/// The proeverij's programme: reading it, and the one rule that sessions add to registering (<see cref="Registrations.RegisterAsync"/>
/// calls <see cref="OverlapAsync"/>): a person cannot hold two sessions of one fair whose times overlap, on the waitlist
/// included, so a promotion can never create an overlap either. Overlap is by time, not by slot, because slots may overlap.
/// </summary>
public static class ProeverijProgramme
{
    /// <summary>
    /// The title of an active session of the same proeverij that overlaps <paramref name="session"/> for this person, or null.
    /// With <paramref name="lockVisitor"/> (inside the registration's transaction) it first updates the person's
    /// <see cref="ProeverijVisitor"/> row: on PostgreSQL a concurrent registration of the same person waits for that row
    /// until this transaction ends, and its own check then sees this registration (READ COMMITTED reads afresh per
    /// statement); SQLite runs one write transaction at a time anyway.
    /// </summary>
    public static async Task<string?> OverlapAsync(GrozDbContext db, Event session, string personKey, long? exceptRegistrationId, bool lockVisitor, CancellationToken ct = default)
    {
        if (session.ParentEventId is not { } proeverijId)
        {
            return null;
        }
        if (lockVisitor)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO proeverij_visitors (proeverij_event_id, person_key, changes) VALUES ({0}, {1}, 0) ON CONFLICT DO NOTHING",
                [proeverijId, personKey], ct);
            await db.ProeverijVisitors.Where(v => v.ProeverijEventId == proeverijId && v.PersonKey == personKey)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Changes, v => v.Changes + 1), ct);
        }
        return await db.EventRegistrations.AsNoTracking()
            .Where(r => r.PersonKey == personKey && r.Id != exceptRegistrationId && r.EventId != session.Id
                && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Attended))
            .Join(db.Events.Where(s => s.ParentEventId == proeverijId && s.StartsAt < session.EndsAt && s.EndsAt > session.StartsAt),
                r => r.EventId, s => s.Id, (r, s) => s.Title)
            .FirstOrDefaultAsync(ct);
    }

    public static async Task<Programme?> LoadAsync(GrozDbContext db, int proeverijId, string? userId, CancellationToken ct = default)
    {
        var proeverij = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == proeverijId && e.Kind == EventKind.Proeverij, ct);
        if (proeverij is null)
        {
            return null;
        }
        var slots = await db.ProeverijSlots.AsNoTracking().Where(s => s.ProeverijEventId == proeverijId).OrderBy(s => s.StartsAt).ThenBy(s => s.EndsAt).ToListAsync(ct);
        var stands = await db.ProeverijStands.AsNoTracking().Where(s => s.ProeverijEventId == proeverijId).OrderBy(s => s.Name).ToListAsync(ct);
        var rows = await db.ProeverijSessions.AsNoTracking().Where(s => s.ProeverijEventId == proeverijId)
            .Join(db.Events, s => s.EventId, e => e.Id, (s, e) => new { Session = s, Event = e })
            .ToListAsync(ct);
        // One counter row per session (a session happens once); waitlists counted in the same round trip.
        var ids = rows.Select(r => r.Event.Id).ToList();
        var taken = await db.EventOccurrences.AsNoTracking().Where(o => ids.Contains(o.EventId))
            .Select(o => new { o.EventId, o.Taken, Waiting = db.EventRegistrations.Count(r => r.OccurrenceId == o.Id && r.Status == RegistrationStatus.Waitlisted) })
            .ToListAsync(ct);
        var standById = stands.ToDictionary(s => s.Id);
        var slotById = slots.ToDictionary(s => s.Id);
        var sessions = rows
            .Select(r => new ProgrammeSession(r.Event, r.Session, standById[r.Session.StandId], slotById[r.Session.SlotId],
                taken.Where(t => t.EventId == r.Event.Id).Sum(t => t.Taken), taken.Where(t => t.EventId == r.Event.Id).Sum(t => t.Waiting)))
            .OrderBy(s => s.Event.StartsAt).ThenBy(s => s.Stand.Name).ThenBy(s => s.Event.Title).ToList();
        var mine = userId is null ? [] : await db.EventRegistrations.AsNoTracking()
            .Where(r => r.UserId == userId && ids.Contains(r.EventId)
                && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted || r.Status == RegistrationStatus.Attended))
            .ToDictionaryAsync(r => r.EventId, ct);
        return new Programme(proeverij, slots, stands, sessions, mine);
    }
}
