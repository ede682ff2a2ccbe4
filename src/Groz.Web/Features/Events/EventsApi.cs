using System.Globalization;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>One occurrence in a list: a one-off event, or one week of a recurring one.</summary>
public sealed record Occurrence(Event Event, DateTimeOffset StartsAt)
{
    public DateTimeOffset EndsAt => StartsAt + Event.Duration;
}

/// <summary>The public calendar: published events, recurring ones expanded with Ical.Net (the page, the API and the tests use this one query).</summary>
public static class EventListing
{
    public const int MaxDays = 366;

    public static async Task<List<Occurrence>> UpcomingAsync(GrozDbContext db, DateTimeOffset from, DateTimeOffset to, int? leerregioId = null, int? wijkId = null,
        string? theme = null, CancellationToken ct = default)
    {
        var q = db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Published && e.StartsAt < to && (e.RecurrenceRule != null || e.EndsAt > from)
            && e.Kind != EventKind.Session);
        if (leerregioId is { } l)
        {
            q = q.Where(e => e.LeerregioId == l);
        }
        if (wijkId is { } w)
        {
            q = q.Where(e => e.WijkId == w);
        }
        if (!string.IsNullOrEmpty(theme))
        {
            q = q.Where(e => e.Theme == theme);
        }
        var events = await q.ToListAsync(ct);
        return events.SelectMany(e => Recurrence.Occurrences(e, from - e.Duration, to).Where(s => s + e.Duration > from).Select(s => new Occurrence(e, s)))
            .OrderBy(o => o.StartsAt).ThenBy(o => o.Event.Id).ToList();
    }
}

/// <summary>
/// Activiteiten under /api/v1/events, plus the iCalendar feeds under /activiteiten/…/agenda.ics (listed in the OpenAPI
/// document too). Writes go through <see cref="EventEditor"/> and <see cref="Registrations"/>, as the pages' writes do;
/// registering uses the Tijdbank's Idempotency-Key handling.
/// </summary>
public static class EventsApi
{
    public sealed record EventDto(int Id, int LeerregioId, int WijkId, string Title, string Description, string Theme, string? TargetGroup,
        Guid? LocationId, string? Address, Guid? OrganizationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string? RecurrenceRule,
        int? Capacity, decimal Cost, string? Accessibility, bool RegistrationRequired, DateTimeOffset? RegistrationClosesAt, string Status, string Url, string Calendar);
    public sealed record OccurrenceDto(int EventId, string Title, int WijkId, string Theme, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? PlacesLeft, string Url);
    public sealed record RegistrationDto(long Id, int EventId, DateTimeOffset OccurrenceStartsAt, string Status, int? WaitlistPosition, string? Name, string? Email, string? Phone,
        DateTimeOffset CreatedAt, DateTimeOffset? AttendedAt);
    public sealed record NewRegistrationInput(DateTimeOffset? OccurrenceStartsAt, string? Name, string? Email, string? Phone, bool? AsGuest);
    public sealed record Attendance(bool? Attended);

    public static WebApplication MapEventsApi(this WebApplication app)
    {
        var open = app.MapApiV1("events", "Events");
        open.MapGet("", ListAsync).WithSummary("Upcoming activities (recurring ones expanded into occurrences), optionally per leerregio (slug), wijk (CBS code) and theme; at most a year.");
        open.MapGet("/{id:int}", GetAsync).WithSummary("One published activity.").ProducesProblem(StatusCodes.Status404NotFound);

        var api = app.MapApiV1("events", "Events").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapPost("", CreateAsync).DisableValidation()
            .WithSummary("Create an activity (coordinators, and members for their own Wijkportaal organisation). Times are Dutch local times. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/{id:int}", UpdateAsync).DisableValidation()
            .WithSummary("Change an activity. The number of places cannot go below the places taken; a higher number promotes from the waitlist.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:int}/registrations", RegisterAsync).DisableValidation()
            .WithSummary("Sign up (yourself; an organiser may enter a guest with asGuest=true and a name plus e-mail or phone). A full occurrence puts you on the waitlist. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:int}/registrations", RegistrationsAsync).WithSummary("The participant list (organisers and coordinators).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/registrations/{id:long}", CancelAsync)
            .WithSummary("Cancel a registration (your own, or as organiser). The first on the waitlist gets the place and an e-mail.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/registrations/{id:long}/attendance", AttendanceAsync).DisableValidation()
            .WithSummary("Check someone in at the door (attended=true), or undo it (organisers).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var feeds = app.MapGroup("/activiteiten").WithTags("Events");
        feeds.MapGet("/agenda.ics", AllFeedAsync).WithSummary("iCalendar feed (RFC 5545) of all public activities.").Produces<string>(200, "text/calendar");
        feeds.MapGet("/wijk/{code}/agenda.ics", WijkFeedAsync).WithSummary("iCalendar feed of the activities of one wijk (CBS code, e.g. WK034405).")
            .Produces<string>(200, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        feeds.MapGet("/thema/{theme}/agenda.ics", ThemeFeedAsync).WithSummary("iCalendar feed of the activities of one theme (e.g. leefstijl).")
            .Produces<string>(200, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        feeds.MapGet("/{id:int}/agenda.ics", EventFeedAsync).WithSummary("One activity as an .ics file: \"add to my calendar\".")
            .Produces<string>(200, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapEventExportApi();
        app.MapProeverijApi();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, GrozDbContext db, TimeProvider time, string? leerregio, string? wijk, string? theme, DateTimeOffset? from, int? days)
    {
        int? leerregioId = null, wijkId = null;
        if (leerregio is not null && (leerregioId = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => (int?)l.Id).FirstOrDefaultAsync()) is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (wijk is not null && (wijkId = await db.Wijken.Where(w => w.Code == wijk).Select(w => (int?)w.Id).FirstOrDefaultAsync()) is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var start = from ?? time.GetUtcNow();
        var list = await EventListing.UpcomingAsync(db, start, start.AddDays(Math.Clamp(days ?? 31, 1, EventListing.MaxDays)), leerregioId, wijkId, theme, http.RequestAborted);
        var taken = await TakenAsync(db, list);
        return TypedResults.Ok(list.Select(o => new OccurrenceDto(o.Event.Id, o.Event.Title, o.Event.WijkId, o.Event.Theme, o.StartsAt, o.EndsAt,
            o.Event.Capacity is { } c ? Math.Max(0, c - taken.GetValueOrDefault((o.Event.Id, o.StartsAt))) : null, $"/activiteiten/{o.Event.Id}")).ToList());
    }

    /// <summary>Places taken per (event, occurrence) for a list, in one query.</summary>
    public static async Task<Dictionary<(int, DateTimeOffset), int>> TakenAsync(GrozDbContext db, List<Occurrence> list)
    {
        var ids = list.Where(o => o.Event.Capacity != null).Select(o => o.Event.Id).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        // Only the list's own window: a weekly group has a counter row for every date anyone signed up for, and a
        // month of 2,000 dates would otherwise read all of them (the calendar benchmark's slow tail).
        var (from, to) = (list.Min(o => o.StartsAt), list.Max(o => o.StartsAt));
        var rows = await db.EventOccurrences.AsNoTracking().Where(o => ids.Contains(o.EventId) && o.StartsAt >= from && o.StartsAt <= to)
            .Select(o => new { o.EventId, o.StartsAt, o.Taken }).ToListAsync();
        return rows.ToDictionary(r => (r.EventId, r.StartsAt), r => r.Taken);
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, Registrations registrations)
    {
        var e = await registrations.VisibleEventAsync(http.User, id, http.RequestAborted);
        return e is null ? Errors.Problem(http, 404, "unknown-event") : TypedResults.Ok(ToDto(e));
    }

    public static EventDto ToDto(Event e) => new(e.Id, e.LeerregioId, e.WijkId, e.Title, e.Description, e.Theme,
        e.TargetGroupTermId is { } t ? SocialMap.SocialMapTaxonomies.TargetGroups.FirstOrDefault(g => SocialMap.SocialMapTaxonomies.TargetGroupTermId(g.Code) == t)?.Code : null,
        e.LocationId, e.Address, e.OrganizationId, e.StartsAt, e.EndsAt, Recurrence.TimeZoneId, e.RecurrenceRule, e.Capacity, e.Cost, e.Accessibility,
        e.RegistrationRequired, e.RegistrationClosesAt, e.Status.ToString(), $"/activiteiten/{e.Id}", $"/activiteiten/{e.Id}/agenda.ics");

    private static RegistrationDto ToDto(EventRegistration r) => new(r.Id, r.EventId, r.OccurrenceStartsAt, r.Status.ToString(), r.WaitlistPosition,
        r.GuestName, r.GuestEmail, r.GuestPhone, r.CreatedAt, r.AttendedAt);

    private static async Task<IResult> CreateAsync(EventInput input, HttpContext http, GrozDbContext db, TimeProvider time, EventEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var leerregioId = await db.Wijken.Where(w => w.Id == input.WijkId).Select(w => (int?)w.LeerregioId).FirstOrDefaultAsync();
        if (leerregioId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["wijkId"] = ["unknown wijk"] }, type: Errors.TypeUri("validation"));
        }
        return await TimeBankApi.IdempotentAsync<Event>(http, db, time, "event:" + JsonSerializer.Serialize(input),
            save => editor.CreateAsync(http.User, leerregioId.Value, input, save, http.RequestAborted),
            e => Task.FromResult<object>(ToDto(e)), e => $"/api/v1/events/{e.Id}");
    }

    private static async Task<IResult> UpdateAsync(int id, EventInput input, HttpContext http, EventEditor editor)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await editor.UpdateAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } e ? TypedResults.Ok(ToDto(e)) : Problem(http, outcome);
    }

    private static async Task<IResult> RegisterAsync(int id, NewRegistrationInput input, HttpContext http, GrozDbContext db, TimeProvider time, Registrations registrations)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var command = new RegistrationInput(input.OccurrenceStartsAt, input.Name, input.Email, input.Phone, input.AsGuest ?? false);
        return await TimeBankApi.IdempotentAsync<NewRegistration>(http, db, time, $"register:{id}:" + JsonSerializer.Serialize(input),
            save => registrations.RegisterAsync(http.User, id, command, save, http.RequestAborted),
            r => Task.FromResult<object>(ToDto(r.Registration)), r => $"/api/v1/events/{id}/registrations");
    }

    private static async Task<IResult> RegistrationsAsync(int id, HttpContext http, GrozDbContext db)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
        if (e is null || !await Registrations.CanManageAsync(db, http.User, e, http.RequestAborted))
        {
            return Errors.Problem(http, 404, "unknown-event");
        }
        var rows = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == id).OrderBy(r => r.OccurrenceStartsAt).ThenBy(r => r.Id)
            .Select(r => new { Registration = r, UserName = db.Users.Where(u => u.Id == r.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                UserEmail = db.Users.Where(u => u.Id == r.UserId).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync();
        return TypedResults.Ok(rows.Select(x => ToDto(x.Registration) with { Name = x.Registration.GuestName ?? x.UserName, Email = x.Registration.GuestEmail ?? x.UserEmail }).ToList());
    }

    private static async Task<IResult> CancelAsync(long id, HttpContext http, Registrations registrations)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await registrations.CancelAsync(http.User, id, ct: http.RequestAborted);
        return outcome.Value is { } r ? TypedResults.Ok(ToDto(r)) : Problem(http, outcome);
    }

    private static async Task<IResult> AttendanceAsync(long id, Attendance input, HttpContext http, Registrations registrations)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await registrations.SetAttendanceAsync(http.User, id, input.Attended ?? true, http.RequestAborted);
        return outcome.Value is { } r ? TypedResults.Ok(ToDto(r)) : Problem(http, outcome);
    }

    /// <summary>A refused write as the API answers it: 400 with every field, or a problem with its stable code.</summary>
    public static IResult Problem<T>(HttpContext http, Outcome<T> outcome) where T : class
    {
        var fields = outcome.FieldErrors ?? (outcome.Field is { } f && outcome.Status == 400 ? new Dictionary<string, string> { [f] = outcome.Message! } : null);
        return outcome.Status == 400 && fields is not null
            ? TypedResults.ValidationProblem(fields.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                type: Errors.TypeUri(outcome.Code!), title: Errors.Title(http, outcome.Code!))
            : Errors.Problem(http, outcome.Status, outcome.Code!, outcome.Message);
    }

    private static async Task<IResult> AllFeedAsync(HttpContext http, GrozDbContext db, TimeProvider time) =>
        await FeedAsync(http, db, time, EventCalendar.FeedEvents(db, time.GetUtcNow()), "GROZ activiteiten");

    private static async Task<IResult> WijkFeedAsync(string code, HttpContext http, GrozDbContext db, TimeProvider time)
    {
        var wijk = await db.Wijken.AsNoTracking().FirstOrDefaultAsync(w => w.Code == code);
        return wijk is null ? Errors.Problem(http, 404, "not-found")
            : await FeedAsync(http, db, time, EventCalendar.FeedEvents(db, time.GetUtcNow()).Where(e => e.WijkId == wijk.Id), "GROZ activiteiten " + wijk.Name);
    }

    private static async Task<IResult> ThemeFeedAsync(string theme, HttpContext http, GrozDbContext db, TimeProvider time) =>
        !Shared.Themes.IsKnown(theme) ? Errors.Problem(http, 404, "not-found")
            : await FeedAsync(http, db, time, EventCalendar.FeedEvents(db, time.GetUtcNow()).Where(e => e.Theme == theme), "GROZ activiteiten " + Shared.Themes.Name(theme, dutch: true));

    private static async Task<IResult> EventFeedAsync(int id, HttpContext http, GrozDbContext db, TimeProvider time, Registrations registrations)
    {
        var e = await registrations.VisibleEventAsync(http.User, id, http.RequestAborted);
        return e is null ? Errors.Problem(http, 404, "unknown-event")
            : Calendar(await EventCalendar.BuildAsync(db, [e], e.Title, time.GetUtcNow(), BaseUrl(http), http.RequestAborted), $"activiteit-{e.Id}.ics");
    }

    private static async Task<IResult> FeedAsync(HttpContext http, GrozDbContext db, TimeProvider time, IQueryable<Event> events, string name)
    {
        var list = await events.Take(5000).ToListAsync(http.RequestAborted);
        return Calendar(await EventCalendar.BuildAsync(db, list, name, time.GetUtcNow(), BaseUrl(http), http.RequestAborted), null);
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static IResult Calendar(string text, string? download) =>
        download is null
            ? TypedResults.Text(text, EventCalendar.ContentType)
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), EventCalendar.ContentType, download);
}
