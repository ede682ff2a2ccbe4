using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Shared;
using Groz.Web.Features.SocialMap;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// Welkom in de wijk under /api/v1/welcome. The route is public and needs no account (like the page): anyone holding a
/// route's code may read it, ask for a maatje once, or remove it. Letters: the leerregio's coordinators only.
/// </summary>
public static class WelcomeApi
{
    public sealed record OptionDto(string Code, string Name);
    public sealed record OptionsDto(IReadOnlyList<OptionDto> Interests, IReadOnlyList<OptionDto> Situations);
    public sealed record RouteInput(string? Postcode, string? Wijk, List<string>? Interests, List<string>? Situations, string? Letter);
    public sealed record ServiceDto(Guid Id, string Name, string? Organization, string? Summary, string? Address, string OpeningHours, bool Free, bool Digital, string Url);
    public sealed record ActivityDto(int EventId, string Title, string Theme, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Url);
    public sealed record RouteDto(string Wijk, string WijkName, string Leerregio, IReadOnlyList<string> Interests, IReadOnlyList<string> Situations,
        IReadOnlyList<ServiceDto> Services, IReadOnlyList<ServiceDto> Online, IReadOnlyList<ActivityDto> Activities, IReadOnlyList<string> Buurtassistenten,
        bool MaatjeAsked, DateTimeOffset ExpiresAt);
    public sealed record CreatedRouteDto(string Code, string Url, RouteDto Route);
    public sealed record MaatjeInput(string? Name, ContactPreference? ContactPreference, string? Phone, string? Email, string? Message, bool? Consent);
    public sealed record MaatjeDto(bool Asked, string Wijk);
    public sealed record RowErrorDto(int Line, string Reason);
    public sealed record BatchDto(int Id, string? FileName, int Letters, int Skipped, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int Used);
    public sealed record ImportDto(BatchDto Batch, IReadOnlyList<RowErrorDto> Errors);
    public sealed record LetterDto(int Id, string Street, string HouseNumber, string Postcode, string City, string Wijk, string Code, string Url, DateTimeOffset? UsedAt);

    public static WebApplication MapWelcomeApi(this WebApplication app)
    {
        var open = app.MapApiV1("welcome", "Welkom in de wijk");
        open.MapGet("/options", Options).WithSummary("The interests (GROZ themes) and situations a welcome route can be made with, in the caller's language.");
        open.MapPost("/routes", CreateAsync).DisableValidation().RequireRateLimiting(Infrastructure.Security.LetterCodePolicy)
            .WithSummary("Make a welcome route (no account needed): postcode (1234 AB) or wijk (CBS code), interests (theme codes, at least one), situations (codes), optional letter code. Returns the route's secret code; only its hash is stored.")
            .ProducesValidationProblem();
        open.MapGet("/routes/{code}", GetAsync).WithSummary("A welcome route by its code: matching services nearby and online, upcoming activities that fit, the buurtassistenten.").ProducesProblem(404);
        open.MapPost("/routes/{code}/maatje", MaatjeAsync).DisableValidation()
            .WithSummary("Ask for a welkomstmaatje: name, contactPreference (Phone or Email), phone, email, message, consent (must be true). Creates a help request of kind Welcome for the wijk's buurtassistenten; once per route.")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        open.MapDelete("/routes/{code}", DeleteAsync).WithSummary("Remove a welcome route before its retention ends.").ProducesProblem(404);

        var api = app.MapApiV1("welcome", "Welkom in de wijk").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/letters", BatchesAsync).WithSummary("The welcome-letter batches of a leerregio (leerregio=slug; its coordinators).").ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/letters", ImportAsync).Accepts<string>("text/csv")
            .WithSummary("Import new addresses (leerregio=slug; coordinators): CSV with straat, huisnummer, toevoeging (optional), postcode, plaats; ; or , separated, UTF-8 with or without BOM. Broken rows are reported with their line number and skipped; the rest become letters with a personal code.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/letters/{id:int}", LettersAsync).WithSummary("The letters of a batch with their codes and links (coordinators of its leerregio).").ProducesProblem(404);
        return app;
    }

    private static IResult Options(IStringLocalizer<SharedResource> l) =>
        TypedResults.Ok(new OptionsDto(
            [.. Themes.All.Select(t => new OptionDto(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn))],
            [.. WelcomeSituations.All.Select(s => new OptionDto(s.Code, l[s.English]))]));

    private static async Task<IResult> CreateAsync(RouteInput input, HttpContext http, WelcomeRoutes routes)
    {
        var (choice, errors) = await routes.CheckAsync(new WelcomeInput
        {
            Postcode = input.Postcode, Wijk = input.Wijk, Interests = input.Interests ?? [], Situations = input.Situations ?? [], Letter = input.Letter,
        }, http.RequestAborted);
        if (choice is null)
        {
            return Invalid(http, errors);
        }
        if (choice.LetterId is not null)
        {
            await routes.OpenLetterAsync(input.Letter, http.RequestAborted);
        }
        var (route, code) = await routes.CreateAsync(choice, http.RequestAborted);
        var dto = Dto(await routes.BuildAsync(route, http.RequestAborted), http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>());
        return TypedResults.Created($"/api/v1/welcome/routes/{code}", new CreatedRouteDto(code, $"/welkom/r/{code}", dto));
    }

    private static IResult Invalid(HttpContext http, Dictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
            type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));

    private static async Task<IResult> GetAsync(string code, HttpContext http, WelcomeRoutes routes, IStringLocalizer<SharedResource> l) =>
        await routes.FindAsync(code, http.RequestAborted) is { } route
            ? TypedResults.Ok(Dto(await routes.BuildAsync(route, http.RequestAborted), l))
            : Errors.Problem(http, 404, "not-found");

    private static async Task<IResult> MaatjeAsync(string code, MaatjeInput input, HttpContext http, WelcomeRoutes routes, GrozDbContext db)
    {
        if (await routes.FindAsync(code, http.RequestAborted) is not { } route)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var outcome = await routes.AskMaatjeAsync(route, new WelcomeMaatjeInput(input.Name, input.ContactPreference, input.Phone, input.Email, input.Message, input.Consent == true), http.RequestAborted);
        if (!outcome.Succeeded)
        {
            return EventsApi.Problem(http, outcome);
        }
        var wijk = await db.Wijken.Where(w => w.Id == route.WijkId).Select(w => w.Code).SingleAsync(http.RequestAborted);
        return TypedResults.Created($"/api/v1/welcome/routes/{code}", new MaatjeDto(true, wijk));
    }

    private static async Task<IResult> DeleteAsync(string code, HttpContext http, WelcomeRoutes routes)
    {
        if (await routes.FindAsync(code, http.RequestAborted) is not { } route)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        await routes.DeleteAsync(route, http.RequestAborted);
        return TypedResults.NoContent();
    }

    public static RouteDto Dto(WelcomePage p, IStringLocalizer l)
    {
        static ServiceDto S(SearchResultItem s) => new(s.Id, s.Name, s.Organization, s.Summary, s.Address, s.OpeningHours, s.Free, s.Digital, $"/wijkportaal/dienst/{s.Id}");
        return new RouteDto(p.WijkCode, p.WijkName, p.LeerregioName, p.Interests, p.Situations, [.. p.Services.Select(S)], [.. p.Online.Select(S)],
            [.. p.Activities.Select(o => new ActivityDto(o.Event.Id, o.Event.Title, o.Event.Theme, o.StartsAt, o.EndsAt, $"/activiteiten/{o.Event.Id}"))],
            p.Assistants, p.Route.MaatjeRequestId is not null, p.Route.ExpiresAt);
    }

    /// <summary>The leerregio by slug when the caller may manage its letters; else the problem to return.</summary>
    private static async Task<(Regions.Leerregio? Leerregio, IResult? Problem)> ManagedAsync(string? slug, HttpContext http, GrozDbContext db)
    {
        var lr = string.IsNullOrWhiteSpace(slug) ? null : await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, http.RequestAborted);
        if (lr is null)
        {
            return (null, Errors.Problem(http, 404, "unknown-leerregio"));
        }
        return WelcomeLetters.MayManage(http.User, lr.Id) ? (lr, null) : (null, Errors.Problem(http, 403, "coordinators-only"));
    }

    private static async Task<IResult> BatchesAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        var (lr, problem) = await ManagedAsync(leerregio, http, db);
        if (lr is null)
        {
            return problem!;
        }
        var batches = await db.WelcomeLetterBatches.AsNoTracking().Where(b => b.LeerregioId == lr.Id).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Select(b => new BatchDto(b.Id, b.FileName, b.Letters, b.Skipped, b.CreatedAt, b.ExpiresAt, db.WelcomeLetters.Count(x => x.BatchId == b.Id && x.UsedAt != null)))
            .ToListAsync(http.RequestAborted);
        return TypedResults.Ok(batches);
    }

    private static async Task<IResult> ImportAsync(string? leerregio, HttpContext http, GrozDbContext db, WelcomeLetters letters, AuditLog audit)
    {
        var (lr, problem) = await ManagedAsync(leerregio, http, db);
        if (lr is null)
        {
            return problem!;
        }
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await letters.ImportAsync(lr.Id, http.Request.Body, null, http.User.UserId(), http.RequestAborted);
        if (result.Batch is not { } b)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [result.FileError!] });
        }
        await audit.WriteAsync("welcome.letters-imported", nameof(WelcomeLetterBatch), b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), lr.Id, $"{b.Letters}/{b.Skipped}");
        return TypedResults.Created($"/api/v1/welcome/letters/{b.Id}", new ImportDto(new BatchDto(b.Id, b.FileName, b.Letters, b.Skipped, b.CreatedAt, b.ExpiresAt, 0),
            [.. result.RowErrors.Select(e => new RowErrorDto(e.Line, e.Reason))]));
    }

    private static async Task<IResult> LettersAsync(int id, HttpContext http, GrozDbContext db, WelcomeLetters letters)
    {
        var batch = await db.WelcomeLetterBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, http.RequestAborted);
        if (batch is null || !WelcomeLetters.MayManage(http.User, batch.LeerregioId))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == batch.LeerregioId).ToDictionaryAsync(w => w.Id, w => w.Code, http.RequestAborted);
        var list = await letters.LettersAsync(id, http.RequestAborted);
        return TypedResults.Ok(list.Select(x => new LetterDto(x.Id, x.Street, x.HouseNumber, x.Postcode, x.City, wijken.GetValueOrDefault(x.WijkId, ""),
            WelcomeRoutes.ShowLetterCode(x.Code), $"/welkom/brief/{x.Code}", x.UsedAt)).ToList());
    }
}
