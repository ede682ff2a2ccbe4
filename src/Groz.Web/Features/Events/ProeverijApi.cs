using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// The proeverij under /api/v1/events/{id}/…: its programme (public), building it (organisers), the effect and the
/// feedback totals (organisers and coordinators), a member's own programme and personal calendar feed. Signing up for a
/// session is POST /api/v1/events/{sessionId}/registrations, as for any activity: the overlap rule is part of registering.
/// </summary>
public static class ProeverijApi
{
    public sealed record StandDto(int Id, string Name, string Theme, string Description, Guid? OrganizationId);
    public sealed record SlotDto(int Id, string? Label, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
    public sealed record SessionDto(int Id, int StandId, int SlotId, string Type, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        int? Capacity, int Taken, int Waitlisted, int? PlacesLeft, string Register);
    public sealed record ProgrammeDto(int Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, List<SlotDto> Slots, List<StandDto> Stands, List<SessionDto> Sessions);
    public sealed record MyProgrammeDto(int SessionId, long RegistrationId, string Status, int? WaitlistPosition);
    public sealed record SlotBody(string? Label, DateTime Start, DateTime End);
    public sealed record SessionBody(int StandId, int SlotId, string? Title, string? Description, SessionType? Type, int? Capacity);
    public sealed record FeedbackBody(int? Rating, bool? WouldComeAgain, string? Comment);
    public sealed record CalendarTokenDto(string Url, DateTimeOffset CreatedAt);

    public static WebApplication MapProeverijApi(this WebApplication app)
    {
        var open = app.MapApiV1("events", "Events");
        open.MapGet("/{id:int}/programme", ProgrammeAsync).WithSummary("A proeverij's programme: time slots, stands and sessions with their places left.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var api = app.MapApiV1("events", "Events").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/{id:int}/programme/mine", MineAsync).WithSummary("Your own sessions at this proeverij (place or waitlist).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:int}/stands", AddStandAsync).DisableValidation().WithSummary("Add a stand (organisers of the proeverij and coordinators).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:int}/slots", AddSlotAsync).DisableValidation()
            .WithSummary("Add a time slot; Dutch local times within the proeverij's own start and end.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:int}/sessions", AddSessionAsync).DisableValidation()
            .WithSummary("Add a session (workshop, tasting, trial lesson) at a stand in a slot, with its own number of places.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/sessions/{sessionId:int}", UpdateSessionAsync).DisableValidation()
            .WithSummary("Change a session. The places cannot go below those taken; more places promote from its waitlist.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/sessions/{sessionId:int}", DeleteSessionAsync).WithSummary("Remove a session nobody is signed up for.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:int}/effect", EffectAsync)
            .WithSummary("The proeverij's effect per stand: visitors, and how many of them signed up within 90 days for that organisation's offer or took part in the Tijdbank.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}/feedback", FeedbackSummaryAsync)
            .WithSummary("Anonymous feedback totals (shown from 3 answers on).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:int}/feedback", GiveFeedbackAsync).DisableValidation()
            .WithSummary("Your feedback on an activity or proeverij you took part in (once).").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/calendar-token", NewCalendarTokenAsync)
            .WithSummary("A new secret URL for your personal calendar feed; the previous URL stops working.");

        app.MapGroup("/activiteiten").WithTags("Events")
            .MapGet("/mijn-agenda/{token}/agenda.ics", PersonalFeedAsync)
            .WithSummary("Personal iCalendar feed (RFC 5545) of everything you signed up for; the token is the secret from POST /api/v1/events/calendar-token.")
            .Produces<string>(200, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ProgrammeAsync(int id, HttpContext http, GrozDbContext db, Registrations registrations)
    {
        if (await registrations.VisibleEventAsync(http.User, id, http.RequestAborted) is null
            || await ProeverijProgramme.LoadAsync(db, id, null, http.RequestAborted) is not { } p)
        {
            return Errors.Problem(http, 404, "unknown-event");
        }
        return TypedResults.Ok(new ProgrammeDto(p.Proeverij.Id, p.Proeverij.Title, p.Proeverij.StartsAt, p.Proeverij.EndsAt, Recurrence.TimeZoneId,
            p.Slots.Select(ToDto).ToList(), p.Stands.Select(ToDto).ToList(), p.Sessions.Select(ToDto).ToList()));
    }

    private static SlotDto ToDto(ProeverijSlot s) => new(s.Id, s.Label, s.StartsAt, s.EndsAt);

    private static StandDto ToDto(ProeverijStand s) => new(s.Id, s.Name, s.Theme, s.Description, s.OrganizationId);

    private static SessionDto ToDto(ProgrammeSession s) => new(s.Event.Id, s.Stand.Id, s.Slot.Id, s.Session.Type.ToString(), s.Event.Title, s.Event.Description,
        s.Event.StartsAt, s.Event.EndsAt, s.Event.Capacity, s.Taken, s.Waitlisted, s.PlacesLeft, $"/api/v1/events/{s.Event.Id}/registrations");

    private static async Task<IResult> MineAsync(int id, HttpContext http, GrozDbContext db, Registrations registrations)
    {
        if (await registrations.VisibleEventAsync(http.User, id, http.RequestAborted) is null
            || await ProeverijProgramme.LoadAsync(db, id, http.User.UserId(), http.RequestAborted) is not { } p)
        {
            return Errors.Problem(http, 404, "unknown-event");
        }
        return TypedResults.Ok(p.Mine.Values.OrderBy(r => r.OccurrenceStartsAt)
            .Select(r => new MyProgrammeDto(r.EventId, r.Id, r.Status.ToString(), r.WaitlistPosition)).ToList());
    }

    private static async Task<IResult> AddStandAsync(int id, StandInput input, HttpContext http, ProeverijEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.AddStandAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } s ? TypedResults.Created($"/api/v1/events/{id}/programme", ToDto(s)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> AddSlotAsync(int id, SlotBody input, HttpContext http, ProeverijEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.AddSlotAsync(http.User, id, new SlotInput(input.Label, input.Start, input.End), http.RequestAborted);
        return outcome.Value is { } s ? TypedResults.Created($"/api/v1/events/{id}/programme", ToDto(s)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> AddSessionAsync(int id, SessionBody input, HttpContext http, ProeverijEditor editor, GrozDbContext db)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.AddSessionAsync(http.User, id, new SessionInput(input.StandId, input.SlotId, input.Title, input.Description,
            input.Type ?? (SessionType)(-1), input.Capacity), http.RequestAborted);
        return outcome.Value is { } e ? TypedResults.Created($"/api/v1/events/{e.Id}", EventsApi.ToDto(e)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> UpdateSessionAsync(int sessionId, SessionBody input, HttpContext http, ProeverijEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.UpdateSessionAsync(http.User, sessionId, new SessionInput(input.StandId, input.SlotId, input.Title, input.Description,
            input.Type ?? (SessionType)(-1), input.Capacity), http.RequestAborted);
        return outcome.Value is { } e ? TypedResults.Ok(EventsApi.ToDto(e)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> DeleteSessionAsync(int sessionId, HttpContext http, ProeverijEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.DeleteSessionAsync(http.User, sessionId, http.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : EventsApi.Problem(http, outcome);
    }

    private static async Task<Event?> ManagedAsync(HttpContext http, GrozDbContext db, int id)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, http.RequestAborted);
        return e is not null && await Registrations.CanManageAsync(db, http.User, e, http.RequestAborted) ? e : null;
    }

    private static async Task<IResult> EffectAsync(int id, HttpContext http, GrozDbContext db, TimeProvider time)
    {
        if (await ManagedAsync(http, db, id) is null
            || await ProeverijEffect.MeasureAsync(db, id, time.GetUtcNow(), ct: http.RequestAborted) is not { } report)
        {
            return Errors.Problem(http, 404, "unknown-event");
        }
        return TypedResults.Ok(report);
    }

    private static async Task<IResult> FeedbackSummaryAsync(int id, HttpContext http, GrozDbContext db, EventFeedbackService feedback) =>
        await ManagedAsync(http, db, id) is null ? Errors.Problem(http, 404, "unknown-event") : TypedResults.Ok(await feedback.SummaryAsync(id, http.RequestAborted));

    private static async Task<IResult> GiveFeedbackAsync(int id, FeedbackBody input, HttpContext http, EventFeedbackService feedback)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await feedback.OpenForUserAsync(http.User.UserId(), id, http.RequestAborted) is not { } registration)
        {
            return Errors.Problem(http, 404, "no-feedback-open");
        }
        var outcome = await feedback.SubmitAsync(registration, id, new FeedbackInput(input.Rating, input.WouldComeAgain ?? false, input.Comment), http.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> NewCalendarTokenAsync(HttpContext http, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write") || http.User.UserId() is not { } userId)
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var now = time.GetUtcNow();
        var token = await PersonalCalendar.NewTokenAsync(db, userId, now, http.RequestAborted);
        return TypedResults.Ok(new CalendarTokenDto(AccountLinks.Absolute(http, PersonalCalendar.Path(token)), now));
    }

    private static async Task<IResult> PersonalFeedAsync(string token, HttpContext http, GrozDbContext db, TimeProvider time)
    {
        if (await PersonalCalendar.UserOfAsync(db, token, http.RequestAborted) is not { } userId)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        // A secret URL: keep it out of shared caches and referrers.
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Text(await PersonalCalendar.BuildAsync(db, userId, time.GetUtcNow(), $"{http.Request.Scheme}://{http.Request.Host}", http.RequestAborted),
            EventCalendar.ContentType);
    }
}
