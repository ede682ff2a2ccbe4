using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>Search (public) and curation (signed in) of the Wijkportaal under /api/v1/socialmap, sharing their code with the pages.</summary>
public static class PortalApi
{
    public sealed record SuggestionDto(Guid Id, string Leerregio, string Kind, Guid? ServiceId, string? Name, string? Description, string? Url,
        string? Email, string? Message, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, string? ReviewNote);

    public sealed record ReviewInput(bool Accept, string? Note);
    public sealed record PublicationInput(string? Publication);
    public sealed record MemberInput(string? Email);
    public sealed record ServiceStateDto(Guid Id, string Name, string Publication, string Status, DateTimeOffset? LastCheckedAt, DateTimeOffset LastModified);

    public static WebApplication MapPortalApi(this WebApplication app)
    {
        var open = app.MapApiV1("socialmap", "SocialMap");
        open.MapGet("/search", SearchAsync).WithName("SocialMapSearch").AllowAnonymous()
            .WithSummary("Search the published social map: Dutch full text (stemming, accents, prefixes) and filters; the same search as /wijkportaal. No sign-in.")
            .WithDescription("q: words; wijk: CBS code (WK034408); theme: GROZ theme code; group: target group code; free: only free; day: MO…SU; time: HH:mm (Dutch time); "
                + "openNow: open at this moment (Dutch time; overrides day and time); form: physical or digital; age: years; page ≥ 1. Unknown values answer 400 with the field.")
            .Produces<SearchResults>().ProducesValidationProblem();

        var api = app.MapApiV1("socialmap", "SocialMap").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapPost("/suggestions", SuggestAsync).WithName("SocialMapSuggest")
            .WithSummary("Suggest a new entry (no serviceId) or a correction of an entry. Any signed-in member. A coordinator of the leerregio reviews it.")
            .Produces<SuggestionDto>(201).ProducesValidationProblem().ProducesProblem(404);
        api.MapGet("/leerregios/{slug}/suggestions", ListSuggestionsAsync).WithName("SocialMapSuggestions")
            .WithSummary("Suggestions of a leerregio, open ones first (status=Open|Accepted|Rejected to filter). Coordinators.")
            .Produces<List<SuggestionDto>>().ProducesProblem(404);
        api.MapPost("/suggestions/{id:guid}/review", ReviewAsync).WithName("SocialMapReview")
            .WithSummary("Accept or reject a suggestion. Accepting a new entry creates a draft service; accepting a correction applies its values. Coordinators.")
            .Produces<SuggestionDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/services/{id:guid}", EditAsync).WithName("SocialMapEditService")
            .WithSummary("Change an entry's text fields (all fields are sent; empty clears). Coordinators, and professionals of the owning organisation. Counts as a check.")
            .Produces<ServiceStateDto>().ProducesValidationProblem().ProducesProblem(404);
        api.MapPost("/services/{id:guid}/confirm", ConfirmAsync).WithName("SocialMapConfirmService")
            .WithSummary("Confirm the entry is still correct: sets 'last checked on' to now. Coordinators and the owner's professionals.")
            .Produces<ServiceStateDto>().ProducesProblem(404);
        api.MapPost("/services/{id:guid}/publication", PublicationAsync).WithName("SocialMapPublication")
            .WithSummary("Publish, archive or return an entry to draft (publication: Published, Archived, Draft). Coordinators.")
            .Produces<ServiceStateDto>().ProducesValidationProblem().ProducesProblem(404);
        api.MapPost("/leerregios/{slug}/reminders", RemindersAsync).WithName("SocialMapReminders")
            .WithSummary("Mail the owners of entries not confirmed for Wijkportaal:ReminderMonths months (each entry at most once per ReminderRepeatDays). Coordinators; run it from a scheduler if you like.")
            .Produces<PortalCuration.ReminderReport>().ProducesProblem(404);
        api.MapPost("/organizations/{id:guid}/members", AddMemberAsync).WithName("SocialMapAddProfessional")
            .WithSummary("Let a member (by e-mail) keep this organisation's entries up to date; they also need the Professional role in the leerregio. Coordinators.")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpContext http, PortalSearch search, string? q, string? wijk, string? theme, string? group,
        string? free, string? day, string? time, string? openNow, string? form, string? age, string? page)
    {
        var input = new SearchInput { Text = q, Wijk = wijk, Theme = theme, Group = group, Free = free, Day = day, Time = time, OpenNow = openNow, Form = form, Age = age, Page = page };
        var (filter, errors) = await search.CheckAsync(input, http.RequestAborted);
        if (filter is null)
        {
            var names = new Dictionary<string, string> { ["Text"] = "q", ["Page"] = "page" };
            return TypedResults.ValidationProblem(errors.ToDictionary(e => names.GetValueOrDefault(e.Key, JsonNamingPolicy.CamelCase.ConvertName(e.Key)), e => new[] { e.Value }),
                type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));
        }
        return TypedResults.Ok(await search.SearchAsync(filter, ct: http.RequestAborted));
    }

    private static IResult Fail<T>(HttpContext http, Outcome<T> result) where T : class
    {
        if (result.Status == 400)
        {
            var fields = result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message ?? "" };
            return TypedResults.ValidationProblem(fields.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                type: Errors.TypeUri(result.Code ?? "validation"), title: Errors.Title(http, result.Code ?? "validation"));
        }
        return Errors.Problem(http, result.Status, result.Code ?? "bad-request", result.Message);
    }

    private static async Task<SuggestionDto> DtoAsync(GrozDbContext db, Suggestion s) =>
        new(s.Id, await db.Leerregios.Where(l => l.Id == s.LeerregioId).Select(l => l.Slug).FirstAsync(), s.Kind.ToString(), s.ServiceId, s.Name, s.Description,
            s.Url, s.Email, s.Message, s.Status.ToString(), s.SubmittedAt, s.ReviewedAt, s.ReviewNote);

    private static ServiceStateDto Dto(Service s) => new(s.Id, s.Name, s.Publication.ToString(), s.Status, s.LastCheckedAt, s.LastModified);

    private static async Task<IResult> SuggestAsync(SuggestionInput input, HttpContext http, PortalCuration curation, GrozDbContext db)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await curation.SuggestAsync(http.User, input, http.RequestAborted);
        return result.Succeeded ? TypedResults.Created($"/api/v1/socialmap/suggestions/{result.Value!.Id}", await DtoAsync(db, result.Value)) : Fail(http, result);
    }

    private static async Task<IResult> ListSuggestionsAsync(string slug, HttpContext http, GrozDbContext db, SuggestionStatus? status)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, http.RequestAborted);
        if (leerregio is null || !http.User.CanManage(leerregio.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var rows = await db.SmSuggestions.AsNoTracking().Where(s => s.LeerregioId == leerregio.Id && (status == null || s.Status == status))
            .OrderBy(s => s.Status).ThenByDescending(s => s.SubmittedAt).Take(500).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(rows.Select(s => new SuggestionDto(s.Id, slug, s.Kind.ToString(), s.ServiceId, s.Name, s.Description, s.Url, s.Email, s.Message,
            s.Status.ToString(), s.SubmittedAt, s.ReviewedAt, s.ReviewNote)).ToList());
    }

    private static async Task<IResult> ReviewAsync(Guid id, ReviewInput input, HttpContext http, PortalCuration curation, GrozDbContext db)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await curation.ReviewAsync(http.User, id, input.Accept, input.Note, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(await DtoAsync(db, result.Value!)) : Fail(http, result);
    }

    private static async Task<IResult> EditAsync(Guid id, ServiceEditInput input, HttpContext http, PortalCuration curation)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await curation.EditAsync(http.User, id, input, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(Dto(result.Value!)) : Fail(http, result);
    }

    private static async Task<IResult> ConfirmAsync(Guid id, HttpContext http, PortalCuration curation)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await curation.ConfirmAsync(http.User, id, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(Dto(result.Value!)) : Fail(http, result);
    }

    private static async Task<IResult> PublicationAsync(Guid id, PublicationInput input, HttpContext http, PortalCuration curation)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (!Enum.TryParse<Publication>(input.Publication, ignoreCase: true, out var publication) || !Enum.IsDefined(publication) || int.TryParse(input.Publication, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["publication"] = ["Published, Archived or Draft"] },
                type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));
        }
        var result = await curation.SetPublicationAsync(http.User, id, publication, http.RequestAborted);
        return result.Succeeded ? TypedResults.Ok(Dto(result.Value!)) : Fail(http, result);
    }

    private static async Task<IResult> RemindersAsync(string slug, HttpContext http, PortalCuration curation, GrozDbContext db, AuditLog audit)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, http.RequestAborted);
        if (leerregio is null || !http.User.CanManage(leerregio.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var report = await curation.SendRemindersAsync(leerregio.Id, $"{http.Request.Scheme}://{http.Request.Host}", http.RequestAborted);
        await audit.WriteAsync("socialmap.reminders-sent", "leerregio", slug, leerregio.Id, $"entries {report.Entries}, mails {report.Mails}", ct: http.RequestAborted);
        return TypedResults.Ok(report);
    }

    private static async Task<IResult> AddMemberAsync(Guid id, MemberInput input, HttpContext http, PortalCuration curation)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await curation.AddMemberAsync(http.User, id, input.Email, http.RequestAborted);
        return result.Succeeded ? TypedResults.NoContent() : Fail(http, result);
    }
}
