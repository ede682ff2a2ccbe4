using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Hulpvragen under /api/v1/helprequests. Every write goes through <see cref="HelpRequests"/> (the pages' write too) and
/// <see cref="TimeBankApi.IdempotentAsync{T}(HttpContext, GrozDbContext, TimeProvider, string, Func{Func{T, Task}, Task{Outcome{T}}}, Func{T, Task{object}}, Func{T, string}?, int)"/>
/// (Idempotency-Key). What a caller sees of a request depends on who they are for it (<see cref="HelpAccess"/>);
/// every read of a request's personal data by someone other than its resident is audited.
/// </summary>
public static class HelpRequestsApi
{
    public sealed record HelpRequestDto(int Id, int LeerregioId, int WijkId, string Wijk, string Kind, string Category, string Urgency, string Status, string? Outcome,
        string? Description, string? HealthDetails, bool HealthConsent, DateOnly? PreferredDate, TimeOnly? PreferredFrom, TimeOnly? PreferredUntil,
        string ContactPreference, string? Name, string? Phone, string? Email, bool EnteredOnBehalf, string? MatchedVolunteer,
        Guid? ReferredServiceId, long? TransferId, int? HelpedMinutes, string? FollowUpAnswer,
        DateTimeOffset CreatedAt, DateTimeOffset? FirstResponseAt, DateTimeOffset? MatchedAt, DateTimeOffset? DoneAt, DateTimeOffset? FollowedUpAt, DateTimeOffset? ClosedAt,
        DateTimeOffset FirstResponseDueAt, DateTimeOffset MatchDueAt, bool Overdue);
    /// <summary>A line of the queue: no personal data (opening the request is what is audited).</summary>
    public sealed record QueueItemDto(int Id, int WijkId, string Category, string Urgency, string Status, bool EnteredOnBehalf, DateTimeOffset CreatedAt,
        DateTimeOffset FirstResponseDueAt, DateTimeOffset MatchDueAt, bool Overdue);
    public sealed record AskDto(int Id, int HelpRequestId, string Category, string Wijk, string Answer, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt);
    public sealed record NoteDto(int Id, string Author, string Text, DateTimeOffset CreatedAt);
    public sealed record ViewDto(DateTimeOffset At, string Who, string Action);
    public sealed record StatusChangeDto(string? From, string To, DateTimeOffset At);
    public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

    public sealed record NewHelpRequest(HelpCategory? Category, string? Description, string? HealthDetails, bool? ShareHealthConsent,
        DateOnly? PreferredDate, TimeOnly? PreferredFrom, TimeOnly? PreferredUntil, ContactPreference? ContactPreference,
        string? ContactPhone, string? ContactEmail, int? WijkId, HelpUrgency? Urgency);
    public sealed record NewOnBehalf(int? LeerregioId, string? ContactName, bool? ProcessingConsent, HelpCategory? Category, string? Description, string? HealthDetails,
        bool? ShareHealthConsent, DateOnly? PreferredDate, TimeOnly? PreferredFrom, TimeOnly? PreferredUntil, ContactPreference? ContactPreference,
        string? ContactPhone, string? ContactEmail, int? WijkId, HelpUrgency? Urgency);
    public sealed record Triage(HelpCategory? Category, HelpUrgency? Urgency);
    public sealed record NewNote(string? Text);
    public sealed record Referral(Guid? ServiceId);
    public sealed record NewAsks(string[]? VolunteerUserIds);
    public sealed record AskAnswerInput(string? Token);
    public sealed record Done(int? Minutes);
    public sealed record FollowUp(FollowUpAnswer? Answer, string? Comment, string? Token);
    public sealed record Close(HelpOutcome? Outcome);

    public static WebApplication MapHelpRequestsApi(this WebApplication app)
    {
        var api = app.MapApiV1("helprequests", "HelpRequests").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("", MineAsync).WithSummary("My own help requests (as the resident), newest first.");
        api.MapGet("/queue", QueueAsync)
            .WithSummary("The triage queue of a leerregio for its buurtassistenten (their wijken) and coordinators: open requests, overdue first, then new; without personal data. Add closed=true for all.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}", GetAsync)
            .WithSummary("One request, with what the caller may see of it (a volunteer: first name, wijk, what and when; contact details once matched). Every view by someone other than the resident is in the audit log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}/history", HistoryAsync).WithSummary("The status steps of a request.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}/views", ViewsAsync).WithSummary("Who looked at my request (the resident only): the audit entries about it.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}/notes", NotesAsync).WithSummary("Private notes (the wijk's assistants and the leerregio's coordinators only).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:int}/suggestions", SuggestionsAsync)
            .WithSummary("Volunteers and Tijdbank members of the wijk, ranked by the help they offer, their offers, interests and past reliability (staff only).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/asks", AsksAsync).WithSummary("My inbox as a volunteer: the questions I was asked to help with.");

        api.MapPost("", AskAsync).DisableValidation()
            .WithSummary("Ask for help for yourself. Health details are kept only with consent to share them with the volunteer. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/on-behalf", OnBehalfAsync).DisableValidation()
            .WithSummary("Enter a question for a resident after a phone call or a visit (buurtassistent, coordinator, professional), with the resident's consent. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        Write(api, "/{id:int}/triage", (int id, Triage input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"triage:{id}:" + Canonical(input), save => help.TriageAsync(http.User, id, input.Category, input.Urgency, save, http.RequestAborted)),
            "Accept a new request in triage, with its category and urgency (staff). The deadlines follow the urgency's targets.");
        api.MapPost("/{id:int}/notes", (int id, NewNote input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"note:{id}:" + Canonical(input), save => help.AddNoteAsync(http.User, id, input.Text, save, http.RequestAborted), 201))
            .DisableValidation().WithSummary("Add a private note (staff). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        Write(api, "/{id:int}/referral", (int id, Referral input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"refer:{id}:" + Canonical(input), save => help.ReferAsync(http.User, id, input.ServiceId, save, http.RequestAborted)),
            "Refer to a published Wijkportaal service of the same leerregio (staff).");
        Write(api, "/{id:int}/asks", (int id, NewAsks input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"asks:{id}:" + Canonical(input), save => help.AskVolunteersAsync(http.User, id, input.VolunteerUserIds, save, http.RequestAborted)),
            "Ask one to five volunteers of the wijk (staff): each gets an e-mail with a link bound to their ask, and an item in their inbox.");
        Write(api, "/asks/{askId:int}/accept", (int askId, AskAnswerInput? input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"accept:{askId}", save => help.AnswerAskAsync(http.User, askId, true, input?.Token, save, http.RequestAborted)),
            "The asked volunteer says yes: the first yes matches the request.");
        Write(api, "/asks/{askId:int}/decline", (int askId, AskAnswerInput? input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"decline:{askId}", save => help.AnswerAskAsync(http.User, askId, false, input?.Token, save, http.RequestAborted)),
            "The asked volunteer says no.");
        Write(api, "/{id:int}/start", (int id, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"start:{id}", save => help.StartAsync(http.User, id, save, http.RequestAborted)),
            "Matched → in progress (the matched volunteer or staff).");
        Write(api, "/{id:int}/done", (int id, Done input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"done:{id}:" + Canonical(input), save => help.MarkDoneAsync(http.User, id, input.Minutes, save, http.RequestAborted)),
            "In progress → done, with the minutes spent recorded as a Tijdbank exchange in the same step; the resident gets \"Is het gelukt?\".");
        Write(api, "/{id:int}/follow-up", (int id, FollowUp input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"followup:{id}:" + Canonical(input with { Token = null }), save => help.AnswerFollowUpAsync(http.User, id, input.Token, input.Answer, input.Comment, save, http.RequestAborted)),
            "The answer to \"Is het gelukt?\" (the resident, or staff recording a phoned answer): done → followed up.");
        Write(api, "/{id:int}/close", (int id, Close input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"close:{id}:" + Canonical(input), save => help.CloseAsync(http.User, id, input.Outcome, save, http.RequestAborted)),
            "Close with an outcome (staff).");
        Write(api, "/{id:int}/withdraw", (int id, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"withdraw:{id}", save => help.WithdrawAsync(http.User, id, save, http.RequestAborted)),
            "The resident withdraws the question (or staff for them).");
        Write(api, "/{id:int}/consents/health/withdraw", (int id, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
                Run(http, db, time, help, $"consent:{id}", save => help.WithdrawHealthConsentAsync(http.User, id, save, http.RequestAborted)),
            "Withdraw the consent to share health details: the volunteer no longer sees them.");
        return app;
    }

    private static void Write(RouteGroupBuilder api, string pattern, Delegate handler, string summary) =>
        api.MapPost(pattern, handler).DisableValidation().WithSummary(summary + " Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static string Canonical<T>(T input) => JsonSerializer.Serialize(input);

    private static async Task<IResult> Run(HttpContext http, GrozDbContext db, TimeProvider time, HelpRequests help, string what,
        Func<Func<HelpRequest, Task>, Task<Outcome<HelpRequest>>> write, int successStatus = 200)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await TimeBankApi.IdempotentAsync(http, db, time, what, write, async r => await DtoAsync(db, help, http.User, r), r => $"/api/v1/helprequests/{r.Id}", successStatus);
    }

    /// <summary>What this caller may see of the request (no audit entry: a write answers with what the writer just did).</summary>
    internal static async Task<object> DtoAsync(GrozDbContext db, HelpRequests help, System.Security.Claims.ClaimsPrincipal user, HelpRequest r)
    {
        var found = await help.FindAsync(user, r.Id);
        var access = found?.Access ?? new HelpAccess(false, false, false, false, false);
        return await ToDtoAsync(db, help, found?.Request ?? r, access);
    }

    internal static async Task<HelpRequestDto> ToDtoAsync(GrozDbContext db, HelpRequests help, HelpRequest r, HelpAccess a)
    {
        var wijk = await db.Wijken.Where(w => w.Id == r.WijkId).Select(w => w.Name).SingleAsync();
        var volunteer = r.MatchedVolunteerUserId is { } v ? await db.Users.Where(u => u.Id == v).Select(u => u.DisplayName).FirstOrDefaultAsync() : null;
        var full = a.Resident || a.Staff || a.EnteredBy;
        var contact = full || a.MatchedVolunteer;
        var anyone = a.Any;
        return new HelpRequestDto(r.Id, r.LeerregioId, r.WijkId, wijk, r.Kind.ToString(), r.Category.ToString(), r.Urgency.ToString(), r.Status.ToString(), r.Outcome?.ToString(),
            anyone ? r.Description : null, anyone ? await help.HealthDetailsForAsync(r, a) : null, await help.HealthConsentActiveAsync(r.Id),
            r.PreferredDate, r.PreferredFrom, r.PreferredUntil, r.ContactPreference.ToString(),
            full ? r.ContactName : anyone ? HelpRequests.FirstName(r.ContactName) : null,
            contact ? r.ContactPhone : null, contact ? r.ContactEmail : null, r.EnteredOnBehalf,
            full || a.MatchedVolunteer ? volunteer : null, r.ReferredServiceId, full ? r.TransferId : null, r.HelpedMinutes, full ? r.FollowUpAnswer?.ToString() : null,
            r.CreatedAt, r.FirstResponseAt, r.MatchedAt, r.DoneAt, r.FollowedUpAt, r.ClosedAt, r.FirstResponseDueAt, r.MatchDueAt, help.IsOverdue(r));
    }

    private static async Task<Results<Ok<Paged<HelpRequestDto>>, ProblemHttpResult>> MineAsync(HttpContext http, GrozDbContext db, HelpRequests help, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 200)
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "invalid-paging", "page ≥ 1, pageSize 1–200");
        }
        var userId = http.User.UserId();
        var q = db.HelpRequests.AsNoTracking().Where(r => r.ResidentUserId == userId);
        var total = await q.CountAsync();
        var items = await q.OrderByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        var access = new HelpAccess(true, false, false, false, false);
        var dtos = new List<HelpRequestDto>();
        foreach (var r in items)
        {
            dtos.Add(await ToDtoAsync(db, help, r, access));
        }
        return TypedResults.Ok(new Paged<HelpRequestDto>(dtos, page, pageSize, total));
    }

    private static async Task<IResult> QueueAsync(HttpContext http, GrozDbContext db, HelpRequests help, string leerregio, int? wijkId, bool closed = false, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 200)
        {
            return Errors.Problem(http, 400, "invalid-paging", "page ≥ 1, pageSize 1–200");
        }
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == leerregio);
        if (lr is null || !HelpRequests.IsStaffOfLeerregio(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        await help.ExpireAsksInLeerregioAsync(lr.Id, http.RequestAborted);
        var q = help.Queue(http.User, lr.Id, wijkId, closed);
        var total = await q.CountAsync();
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return TypedResults.Ok(new Paged<QueueItemDto>(items.Select(r => new QueueItemDto(r.Id, r.WijkId, r.Category.ToString(), r.Urgency.ToString(), r.Status.ToString(),
            r.EnteredOnBehalf, r.CreatedAt, r.FirstResponseDueAt, r.MatchDueAt, help.IsOverdue(r))).ToList(), page, pageSize, total));
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, GrozDbContext db, HelpRequests help)
    {
        if (await help.ViewAsync(http.User, id, "api") is not { } found)
        {
            return Errors.Problem(http, 404, "unknown-request");
        }
        return TypedResults.Ok(await ToDtoAsync(db, help, found.Request, found.Access));
    }

    private static async Task<IResult> HistoryAsync(int id, HttpContext http, GrozDbContext db, HelpRequests help)
    {
        if (await help.FindAsync(http.User, id) is null)
        {
            return Errors.Problem(http, 404, "unknown-request");
        }
        var rows = await db.HelpStatusChanges.AsNoTracking().Where(s => s.HelpRequestId == id).OrderBy(s => s.Id).ToListAsync();
        return TypedResults.Ok(rows.Select(s => new StatusChangeDto(s.From?.ToString(), s.To.ToString(), s.At)).ToList());
    }

    private static async Task<IResult> ViewsAsync(int id, HttpContext http, HelpRequests help)
    {
        var rows = await help.WhoLookedAsync(http.User, id);
        return rows is null ? Errors.Problem(http, 404, "unknown-request") : TypedResults.Ok(rows.Select(x => new ViewDto(x.At, x.Who, x.Action)).ToList());
    }

    private static async Task<IResult> NotesAsync(int id, HttpContext http, HelpRequests help)
    {
        var rows = await help.NotesAsync(http.User, id);
        return rows is null ? Errors.Problem(http, 404, "unknown-request") : TypedResults.Ok(rows.Select(x => new NoteDto(x.Note.Id, x.Author, x.Note.Text, x.Note.CreatedAt)).ToList());
    }

    private static async Task<IResult> SuggestionsAsync(int id, HttpContext http, HelpRequests help)
    {
        var rows = await help.SuggestAsync(http.User, id);
        return rows is null ? Errors.Problem(http, 404, "unknown-request") : TypedResults.Ok(rows);
    }

    private static async Task<Ok<List<AskDto>>> AsksAsync(HttpContext http, GrozDbContext db, HelpRequests help)
    {
        var userId = http.User.UserId();
        if (userId is not null)
        {
            await help.ExpireAsksOfVolunteerAsync(userId, http.RequestAborted);
        }
        var rows = await (from a in db.HelpMatchAsks.AsNoTracking()
                          where a.VolunteerUserId == userId
                          join r in db.HelpRequests on a.HelpRequestId equals r.Id
                          join w in db.Wijken on r.WijkId equals w.Id
                          orderby a.Id descending
                          select new AskDto(a.Id, r.Id, r.Category.ToString(), w.Name, a.Answer.ToString(), a.AskedAt, a.ExpiresAt)).Take(100).ToListAsync();
        return TypedResults.Ok(rows);
    }

    private static Task<IResult> AskAsync(NewHelpRequest input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
        Run(http, db, time, help, "ask:" + Canonical(input), save => help.AskAsync(http.User,
            new HelpInput(input.Category, input.Description, input.HealthDetails, input.ShareHealthConsent ?? false, input.PreferredDate, input.PreferredFrom, input.PreferredUntil,
                input.ContactPreference, input.ContactPhone, input.ContactEmail, input.WijkId, input.Urgency), save, http.RequestAborted), 201);

    private static Task<IResult> OnBehalfAsync(NewOnBehalf input, HttpContext http, HelpRequests help, GrozDbContext db, TimeProvider time) =>
        Run(http, db, time, help, "onbehalf:" + Canonical(input), save => help.EnterOnBehalfAsync(http.User, input.LeerregioId ?? 0,
            new HelpInput(input.Category, input.Description, input.HealthDetails, input.ShareHealthConsent ?? false, input.PreferredDate, input.PreferredFrom, input.PreferredUntil,
                input.ContactPreference, input.ContactPhone, input.ContactEmail, input.WijkId, input.Urgency, input.ContactName, input.ProcessingConsent ?? false), save, http.RequestAborted), 201);
}
