using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

public sealed record StandInput(string? Name, string? Theme, string? Description, Guid? OrganizationId);

/// <summary>A slot in Dutch wall-clock time, like <see cref="EventInput"/>.</summary>
public sealed record SlotInput(string? Label, DateTime Start, DateTime End);

public sealed record SessionInput(int StandId, int SlotId, string? Title, string? Description, SessionType Type, int? Capacity);

/// <summary>
/// Building a proeverij's programme: stands, slots and sessions, by whoever may manage the proeverij (its coordinators and
/// the members of its organising organisation). A session is created as an event of its own (Kind = Session) so that
/// <see cref="Registrations"/> keeps its places and waitlist; its times are its slot's.
/// </summary>
public sealed class ProeverijEditor(GrozDbContext db, TimeProvider time, Registrations registrations, IStringLocalizer<SharedResource> l)
{
    private async Task<Event?> ProeverijAsync(ClaimsPrincipal actor, int proeverijId, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == proeverijId && x.Kind == EventKind.Proeverij, ct);
        return e is not null && await Registrations.CanManageAsync(db, actor, e, ct) ? e : null;
    }

    private Outcome<T> Unknown<T>() where T : class => Outcome<T>.Fail("unknown-event", "EventId", l["This activity does not exist."], 404);

    public async Task<Outcome<ProeverijStand>> AddStandAsync(ClaimsPrincipal actor, int proeverijId, StandInput input, CancellationToken ct = default)
    {
        if (await ProeverijAsync(actor, proeverijId, ct) is not { } p)
        {
            return Unknown<ProeverijStand>();
        }
        var errors = new Dictionary<string, string>();
        string? organizationName = null;
        if (input.OrganizationId is { } org)
        {
            organizationName = await db.SmOrganizations.Where(o => o.Id == org && o.LeerregioId == p.LeerregioId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (organizationName is null)
            {
                errors["OrganizationId"] = l["Choose an organisation of this leerregio."];
            }
        }
        var name = string.IsNullOrWhiteSpace(input.Name) ? organizationName : input.Name.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ProeverijStand.MaxName)
        {
            errors["Name"] = l["Give the stand a name, or choose an organisation (at most 200 characters)."];
        }
        if (input.Theme is null || !Shared.Themes.IsKnown(input.Theme))
        {
            errors["Theme"] = l["Choose one of the themes."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length is 0 or > ProeverijStand.MaxDescription)
        {
            errors["Description"] = l["Describe the stand in a few words (at most 500 characters)."];
        }
        if (errors.Count > 0)
        {
            return Outcome<ProeverijStand>.Invalid(errors);
        }
        var stand = new ProeverijStand { ProeverijEventId = p.Id, OrganizationId = input.OrganizationId, Name = name!, Theme = input.Theme!, Description = description };
        db.ProeverijStands.Add(stand);
        await db.SaveChangesAsync(ct);
        return Outcome<ProeverijStand>.Ok(stand);
    }

    public async Task<Outcome<ProeverijSlot>> AddSlotAsync(ClaimsPrincipal actor, int proeverijId, SlotInput input, CancellationToken ct = default)
    {
        if (await ProeverijAsync(actor, proeverijId, ct) is not { } p)
        {
            return Unknown<ProeverijSlot>();
        }
        var errors = new Dictionary<string, string>();
        DateTimeOffset? start = input.Start == default ? null : EventEditor.ToUtc(input.Start), end = input.End == default ? null : EventEditor.ToUtc(input.End);
        if (start is null)
        {
            errors["Start"] = l["Fill in a valid start time."];
        }
        if (end is null)
        {
            errors["End"] = l["Fill in a valid end time."];
        }
        else if (start is not null && end <= start)
        {
            errors["End"] = l["The end must be after the start."];
        }
        if (start is not null && end is not null && end > start && (start < p.StartsAt || end > p.EndsAt))
        {
            errors["Start"] = string.Format(CultureInfo.CurrentCulture, l["A time slot must fall within the proeverij: {0}."], EventPages.Span(p.StartsAt, p.EndsAt));
        }
        var label = string.IsNullOrWhiteSpace(input.Label) ? null : input.Label.Trim();
        if (label?.Length > ProeverijSlot.MaxLabel)
        {
            errors["Label"] = l["At most 100 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<ProeverijSlot>.Invalid(errors);
        }
        var slot = new ProeverijSlot { ProeverijEventId = p.Id, Label = label, StartsAt = start!.Value, EndsAt = end!.Value };
        db.ProeverijSlots.Add(slot);
        await db.SaveChangesAsync(ct);
        return Outcome<ProeverijSlot>.Ok(slot);
    }

    public async Task<Outcome<Event>> AddSessionAsync(ClaimsPrincipal actor, int proeverijId, SessionInput input, CancellationToken ct = default)
    {
        if (await ProeverijAsync(actor, proeverijId, ct) is not { } p)
        {
            return Unknown<Event>();
        }
        var stand = await db.ProeverijStands.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.StandId && s.ProeverijEventId == p.Id, ct);
        var slot = await db.ProeverijSlots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.SlotId && s.ProeverijEventId == p.Id, ct);
        var errors = Check(input, stand, slot);
        if (errors.Count > 0)
        {
            return Outcome<Event>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var session = new Event
        {
            LeerregioId = p.LeerregioId, WijkId = p.WijkId, Kind = EventKind.Session, ParentEventId = p.Id,
            Title = input.Title!.Trim(), Description = input.Description!.Trim(), Theme = stand!.Theme, TargetGroupTermId = p.TargetGroupTermId,
            LocationId = p.LocationId, Address = p.Address, OrganizationId = stand.OrganizationId,
            StartsAt = slot!.StartsAt, EndsAt = slot.EndsAt, Capacity = input.Capacity, Cost = 0, Accessibility = p.Accessibility,
            RegistrationRequired = true, Status = p.Status, CreatedByUserId = actor.UserId()!, CreatedAt = now, UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Events.Add(session);
        await db.SaveChangesAsync(ct);
        db.ProeverijSessions.Add(new ProeverijSession { EventId = session.Id, ProeverijEventId = p.Id, StandId = stand.Id, SlotId = slot.Id, Type = input.Type });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Event>.Ok(session);
    }

    /// <summary>
    /// Changes a session's title, description, kind and places; its stand and slot stay once people signed up (their
    /// programme was checked against those times). The places never go below those taken: the event row is updated first
    /// (which waits for registrations holding it FOR SHARE), then the counter is checked in the same transaction.
    /// </summary>
    public async Task<Outcome<Event>> UpdateSessionAsync(ClaimsPrincipal actor, int sessionId, SessionInput input, CancellationToken ct = default)
    {
        var session = await db.Events.FirstOrDefaultAsync(e => e.Id == sessionId && e.Kind == EventKind.Session, ct);
        var row = session is null ? null : await db.ProeverijSessions.FirstOrDefaultAsync(s => s.EventId == sessionId, ct);
        if (session is null || row is null || await ProeverijAsync(actor, row.ProeverijEventId, ct) is null)
        {
            return Unknown<Event>();
        }
        var stand = await db.ProeverijStands.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.StandId && s.ProeverijEventId == row.ProeverijEventId, ct);
        var slot = await db.ProeverijSlots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.SlotId && s.ProeverijEventId == row.ProeverijEventId, ct);
        var errors = Check(input, stand, slot);
        var hasRegistrations = await db.EventRegistrations.AnyAsync(r => r.EventId == sessionId, ct);
        if ((input.StandId != row.StandId || input.SlotId != row.SlotId) && hasRegistrations)
        {
            errors["SlotId"] = l["People have signed up already: the stand and time slot cannot change any more."];
        }
        var taken = await db.EventOccurrences.Where(o => o.EventId == sessionId).MaxAsync(o => (int?)o.Taken, ct) ?? 0;
        if (input.Capacity is { } c && c < taken && !errors.ContainsKey("Capacity"))
        {
            errors["Capacity"] = string.Format(CultureInfo.CurrentCulture, l["{0} places are already taken: the number of places cannot be lower."], taken);
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<Event>.Invalid(errors);
        }
        var before = session.Capacity;
        session.Title = input.Title!.Trim();
        session.Description = input.Description!.Trim();
        session.Capacity = input.Capacity;
        session.Theme = stand!.Theme;
        session.OrganizationId = stand.OrganizationId;
        session.StartsAt = slot!.StartsAt;
        session.EndsAt = slot.EndsAt;
        session.UpdatedAt = time.GetUtcNow();
        session.Version++;
        row.StandId = stand.Id;
        row.SlotId = slot.Id;
        row.Type = input.Type;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return Outcome<Event>.Fail("changed-meanwhile", "EventId", l["Someone else changed this activity at the same time. Open it again."], 409);
            }
            if (session.Capacity is { } cap && await db.EventOccurrences.AnyAsync(o => o.EventId == sessionId && o.Taken > cap, ct))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Outcome<Event>.Invalid(new Dictionary<string, string> { ["Capacity"] = l["More places are already taken: the number of places cannot be lower."] });
            }
            await tx.CommitAsync(ct);
        }
        if (before is not null && (session.Capacity is null || session.Capacity > before))
        {
            await registrations.PromoteAllAsync(session.Id, ct);
        }
        return Outcome<Event>.Ok(session);
    }

    /// <summary>A session nobody holds a place or waitlist position for can be removed; otherwise cancel those registrations first.</summary>
    public async Task<Outcome<Event>> DeleteSessionAsync(ClaimsPrincipal actor, int sessionId, CancellationToken ct = default)
    {
        var row = await db.ProeverijSessions.AsNoTracking().FirstOrDefaultAsync(s => s.EventId == sessionId, ct);
        var session = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == sessionId && e.Kind == EventKind.Session, ct);
        if (row is null || session is null || await ProeverijAsync(actor, row.ProeverijEventId, ct) is null)
        {
            return Unknown<Event>();
        }
        if (await db.EventRegistrations.AnyAsync(r => r.EventId == sessionId && r.Status != RegistrationStatus.Cancelled, ct))
        {
            return Outcome<Event>.Fail("session-has-registrations", "EventId", l["People have signed up for this session. Cancel their registrations first."], 409);
        }
        await db.Events.Where(e => e.Id == sessionId).ExecuteDeleteAsync(ct);
        return Outcome<Event>.Ok(session);
    }

    private Dictionary<string, string> Check(SessionInput input, ProeverijStand? stand, ProeverijSlot? slot)
    {
        var errors = new Dictionary<string, string>();
        if (stand is null)
        {
            errors["StandId"] = l["Choose a stand of this proeverij."];
        }
        if (slot is null)
        {
            errors["SlotId"] = l["Choose a time slot of this proeverij."];
        }
        if ((input.Title?.Trim().Length ?? 0) is 0 or > Event.MaxTitle)
        {
            errors["Title"] = l["Give the session a name (at most 200 characters)."];
        }
        if ((input.Description?.Trim().Length ?? 0) is 0 or > ProeverijStand.MaxDescription)
        {
            errors["Description"] = l["Describe the session in a few words (at most 500 characters)."];
        }
        if (!Enum.IsDefined(input.Type))
        {
            errors["Type"] = l["Choose what kind of session it is."];
        }
        if (input.Capacity is not { } c || c is <= 0 or > 10_000)
        {
            errors["Capacity"] = l["Fill in a number of places above zero."];
        }
        return errors;
    }
}
