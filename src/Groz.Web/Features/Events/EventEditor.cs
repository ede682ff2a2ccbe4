using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>
/// What an organiser fills in. Start, end and closing time are Dutch wall-clock times (Europe/Amsterdam), as people
/// think of them and as a weekly rule repeats them; the target group is a code of the Wijkportaal's target groups.
/// </summary>
public sealed record EventInput(
    string? Title, string? Description, string? Theme, int WijkId, DateTime Start, DateTime End,
    string? RecurrenceRule = null, int? Capacity = null, decimal Cost = 0, string? Accessibility = null, bool RegistrationRequired = true,
    DateTime? RegistrationCloses = null, Guid? LocationId = null, string? Address = null, Guid? OrganizationId = null,
    string? TargetGroup = null, EventStatus Status = EventStatus.Published, EventKind Kind = EventKind.Activity);

/// <summary>Creating and changing events: one set of rules for the pages and the API; every mistake at once.</summary>
public sealed class EventEditor(GrozDbContext db, TimeProvider time, Registrations registrations, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    /// <summary>Who may create an event in this leerregio: coordinators, and members of one of its Wijkportaal organisations.</summary>
    public async Task<bool> MayCreateAsync(ClaimsPrincipal user, int leerregioId, CancellationToken ct = default)
    {
        if (user.CanManage(leerregioId))
        {
            return true;
        }
        var userId = user.UserId();
        return userId is not null && await db.SmOrganizationMembers.AnyAsync(m => m.LeerregioId == leerregioId && m.UserId == userId, ct);
    }

    public async Task<Outcome<Event>> CreateAsync(ClaimsPrincipal actor, int leerregioId, EventInput input, Func<Event, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (!await MayCreateAsync(actor, leerregioId, ct))
        {
            return Outcome<Event>.Fail("not-an-organiser", null, l["Only coordinators and organisers can do this."], 403);
        }
        var now = time.GetUtcNow();
        var e = new Event { LeerregioId = leerregioId, Title = "", Description = "", Theme = "", CreatedByUserId = actor.UserId()!, CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(actor, e, input, ct);
        if (errors.Count > 0)
        {
            return Outcome<Event>.Invalid(errors);
        }
        db.Events.Add(e);
        await db.SaveChangesAsync(ct);
        if (inTransaction is not null)
        {
            await inTransaction(e);
            await db.SaveChangesAsync(ct);
        }
        return Outcome<Event>.Ok(e);
    }

    public async Task<Outcome<Event>> UpdateAsync(ClaimsPrincipal actor, int eventId, EventInput input, CancellationToken ct = default)
    {
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !await Registrations.CanManageAsync(db, actor, e, ct))
        {
            return Outcome<Event>.Fail("unknown-event", "EventId", l["This activity does not exist."], 404);
        }
        var before = (e.StartsAt, e.RecurrenceRule, e.Capacity);
        var errors = await ApplyAsync(actor, e, input, ct);
        var taken = await db.EventOccurrences.Where(o => o.EventId == e.Id).MaxAsync(o => (int?)o.Taken, ct) ?? 0;
        if (e.Capacity is { } capacity && capacity < taken && !errors.ContainsKey("Capacity"))
        {
            errors["Capacity"] = string.Format(System.Globalization.CultureInfo.CurrentCulture,
                l["{0} places are already taken: the number of places cannot be lower."], taken);
        }
        // Moving an event with registrations would leave them on times it no longer has.
        if ((before.StartsAt != e.StartsAt || before.RecurrenceRule != e.RecurrenceRule) && await db.EventRegistrations.AnyAsync(r => r.EventId == e.Id, ct))
        {
            errors["Start"] = l["People have signed up already: the time and repetition cannot change any more. Cancel the activity and make a new one."];
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<Event>.Invalid(errors);
        }
        e.UpdatedAt = time.GetUtcNow();
        e.Version++;
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
            // Checked again on the saved row inside the transaction: a registration that came in after the check above.
            if (e.Capacity is { } cap && await db.EventOccurrences.AnyAsync(o => o.EventId == e.Id && o.Taken > cap, ct))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Outcome<Event>.Invalid(new Dictionary<string, string> { ["Capacity"] = l["More places are already taken: the number of places cannot be lower."] });
            }
            await tx.CommitAsync(ct);
        }
        if (before.Capacity is not null && (e.Capacity is null || e.Capacity > before.Capacity))
        {
            await registrations.PromoteAllAsync(e.Id, ct);
        }
        if (e.Kind == EventKind.Proeverij)
        {
            // Its sessions open, close and are cancelled with the fair.
            await db.Events.Where(x => x.ParentEventId == e.Id && x.Status != e.Status).ExecuteUpdateAsync(x => x.SetProperty(s => s.Status, e.Status), ct);
        }
        if (e.Status == EventStatus.Cancelled)
        {
            await audit.WriteAsync("events.cancelled", "event", e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.LeerregioId, ct: ct);
        }
        return Outcome<Event>.Ok(e);
    }

    /// <summary>Copies the input onto the event and returns every problem (field → message), changing nothing in the database.</summary>
    private async Task<Dictionary<string, string>> ApplyAsync(ClaimsPrincipal actor, Event e, EventInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > Event.MaxTitle)
        {
            errors["Title"] = l["Give the activity a name (at most 200 characters)."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length is 0 or > Event.MaxDescription)
        {
            errors["Description"] = l["Describe the activity (at most 4000 characters)."];
        }
        if (input.Theme is null || !Shared.Themes.IsKnown(input.Theme))
        {
            errors["Theme"] = l["Choose one of the themes."];
        }
        if (!await db.Wijken.AnyAsync(w => w.Id == input.WijkId && w.LeerregioId == e.LeerregioId, ct))
        {
            errors["WijkId"] = l["Choose a wijk of this leerregio."];
        }
        DateTimeOffset? start = ToUtc(input.Start), end = ToUtc(input.End);
        if (start is null || input.Start == default)
        {
            errors["Start"] = l["Fill in a valid start date and time."];
        }
        if (end is null || input.End == default)
        {
            errors["End"] = l["Fill in a valid end date and time."];
        }
        else if (start is not null && end <= start)
        {
            errors["End"] = l["The end must be after the start."];
        }
        var rule = string.IsNullOrWhiteSpace(input.RecurrenceRule) ? null : input.RecurrenceRule.Trim();
        if (rule is not null && start is not null && !Recurrence.IsValid(rule, start.Value))
        {
            errors["RecurrenceRule"] = l["This repetition rule is not valid. Example: FREQ=WEEKLY;BYDAY=TU;COUNT=10"];
        }
        if (input.Capacity is <= 0 or > 100_000)
        {
            errors["Capacity"] = l["Fill in a number of places above zero, or leave it empty for no limit."];
        }
        if (input.Cost is < 0 or > 10_000 || decimal.Round(input.Cost, 2) != input.Cost)
        {
            errors["Cost"] = l["Fill in the cost in euros (0 for free)."];
        }
        var accessibility = string.IsNullOrWhiteSpace(input.Accessibility) ? null : input.Accessibility.Trim();
        if (accessibility?.Length > Event.MaxAccessibility)
        {
            errors["Accessibility"] = l["At most 1000 characters."];
        }
        DateTimeOffset? closes = null;
        if (input.RegistrationCloses is { } c)
        {
            closes = ToUtc(c);
            if (closes is null)
            {
                errors["RegistrationCloses"] = l["Fill in a valid date and time."];
            }
            else if (rule is null && start is not null && closes > start)
            {
                errors["RegistrationCloses"] = l["Registration must close before the activity starts."];
            }
        }
        var address = string.IsNullOrWhiteSpace(input.Address) ? null : input.Address.Trim();
        if (address?.Length > Event.MaxAddress)
        {
            errors["Address"] = l["At most 300 characters."];
        }
        if (input.LocationId is { } loc && !await db.SmLocations.AnyAsync(x => x.Id == loc && x.LeerregioId == e.LeerregioId, ct))
        {
            errors["LocationId"] = l["Choose a location of this leerregio."];
        }
        if (input.LocationId is null && address is null)
        {
            errors["Address"] = l["Fill in where the activity takes place."];
        }
        if (input.OrganizationId is { } org)
        {
            if (!await db.SmOrganizations.AnyAsync(x => x.Id == org && x.LeerregioId == e.LeerregioId, ct))
            {
                errors["OrganizationId"] = l["Choose an organisation of this leerregio."];
            }
            else if (!actor.CanManage(e.LeerregioId) && !await db.SmOrganizationMembers.AnyAsync(m => m.OrganizationId == org && m.UserId == actor.UserId(), ct))
            {
                errors["OrganizationId"] = l["You can only organise on behalf of your own organisation."];
            }
        }
        else if (!actor.CanManage(e.LeerregioId))
        {
            errors["OrganizationId"] = l["You can only organise on behalf of your own organisation."];
        }
        Guid? targetGroup = null;
        if (!string.IsNullOrWhiteSpace(input.TargetGroup))
        {
            if (SocialMapTaxonomies.TargetGroups.All(g => g.Code != input.TargetGroup))
            {
                errors["TargetGroup"] = l["Choose one of the target groups."];
            }
            else
            {
                targetGroup = SocialMapTaxonomies.TargetGroupTermId(input.TargetGroup);
            }
        }
        if (!Enum.IsDefined(input.Status))
        {
            errors["Status"] = l["Choose a status."];
        }
        // Sessions are made on the proeverij's programme page, and a session stays one; a proeverij with a programme stays a proeverij.
        if (e.Kind != EventKind.Session && input.Kind is not (EventKind.Activity or EventKind.Proeverij))
        {
            errors["Kind"] = l["Choose an activity or a proeverij."];
        }
        else if (e.Kind == EventKind.Proeverij && input.Kind != EventKind.Proeverij
            && (await db.ProeverijSlots.AnyAsync(x => x.ProeverijEventId == e.Id, ct) || await db.ProeverijStands.AnyAsync(x => x.ProeverijEventId == e.Id, ct)))
        {
            errors["Kind"] = l["This proeverij has a programme: it cannot become an ordinary activity."];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        e.Title = title;
        e.Description = description;
        e.Theme = input.Theme!;
        e.WijkId = input.WijkId;
        e.StartsAt = start!.Value;
        e.EndsAt = end!.Value;
        e.RecurrenceRule = rule;
        e.Capacity = input.Capacity;
        e.Cost = input.Cost;
        e.Accessibility = accessibility;
        e.RegistrationRequired = input.RegistrationRequired;
        e.RegistrationClosesAt = closes;
        e.LocationId = input.LocationId;
        e.Address = address;
        e.OrganizationId = input.OrganizationId;
        e.TargetGroupTermId = targetGroup;
        e.Status = input.Status;
        if (e.Kind != EventKind.Session)
        {
            e.Kind = input.Kind;
        }
        return errors;
    }

    /// <summary>Dutch wall-clock time to UTC; null for a time that does not exist (the hour skipped in spring).</summary>
    public static DateTimeOffset? ToUtc(DateTime local)
    {
        // Whole minutes: what the forms offer, and what a calendar shows.
        var unspecified = DateTime.SpecifyKind(new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
        if (local.Year < 2000 || local.Year > 2200 || Recurrence.DutchTime.IsInvalidTime(unspecified))
        {
            return null;
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, Recurrence.DutchTime), TimeSpan.Zero);
    }
}
