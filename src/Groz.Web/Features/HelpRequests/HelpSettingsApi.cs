using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// /api/v1/helprequests/leerregios/{slug}/settings (coordinators change, the leerregio's staff read) and
/// /api/v1/helprequests/profile (my volunteer profile). A PUT replaces the whole; it is idempotent by nature, so no
/// Idempotency-Key. Bad input: a validation problem with a message per field, and nothing changed.
/// </summary>
public static class HelpSettingsApi
{
    public sealed record TargetDto(string Urgency, int FirstResponseMinutes, int MatchMinutes);
    public sealed record SettingsDto(string Leerregio, IReadOnlyList<TargetDto> Targets, int AskExpiryMinutes, int RetentionDays);
    public sealed record ProfileDto(int LeerregioId, bool Exists, IReadOnlyList<string> Categories, IReadOnlyList<int> WijkIds, string Availability,
        IReadOnlyList<string> Weekdays, bool Available, DateTimeOffset? UpdatedAt);
    public sealed record ProfileInput(HelpCategory[]? Categories, int[]? WijkIds, string? Availability, DayOfWeek[]? Weekdays, bool? Available);

    public static WebApplication MapHelpSettingsApi(this WebApplication app)
    {
        var api = app.MapApiV1("helprequests", "HelpRequests").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/leerregios/{slug}/settings", GetSettingsAsync)
            .WithSummary("The Hulpvragen settings of a leerregio: targets per urgency in minutes, how long a volunteer's link stays valid, retention in days (the leerregio's staff).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/leerregios/{slug}/settings", PutSettingsAsync).DisableValidation()
            .WithSummary("Replace the settings (coordinators): a target for each urgency (60 minutes to 30 days for the first response, up to 90 days for the match, "
                + "never shorter than the first response, more urgent never longer than less urgent), ask expiry 60 minutes to 14 days, retention 30 to 3650 days. Audited.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/profile", GetProfileAsync)
            .WithSummary("My volunteer profile: the kinds of help I like to give, my wijken, when I can help and whether I can be asked now.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/profile", PutProfileAsync).DisableValidation()
            .WithSummary("Save my volunteer profile (categories, wijkIds of my leerregio, availability text up to 200 characters, weekdays, available=false to pause).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static SettingsDto ToDto(string slug, HelpRequestSettings s) => new(slug,
        HelpSettingsEditing.Urgencies.Select(u =>
        {
            var t = s.Targets.FirstOrDefault(x => x.Urgency == u);
            var d = HelpTarget.Defaults.First(x => x.Urgency == u);
            return new TargetDto(u.ToString(), t?.FirstResponseMinutes ?? d.FirstResponse, t?.MatchMinutes ?? d.Match);
        }).ToList(),
        s.AskExpiryMinutes, s.RetentionDays);

    public static ProfileDto ToDto(VolunteerProfileView p) => new(p.LeerregioId, p.Exists, p.Categories.Select(c => c.ToString()).ToList(), p.WijkIds,
        p.Availability, p.Weekdays.Select(d => d.ToString()).ToList(), p.Available, p.UpdatedAt);

    private static async Task<IResult> GetSettingsAsync(string slug, HttpContext http, GrozDbContext db, HelpRequests help)
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (lr is null || !HelpSettingsEditing.MayRead(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        return TypedResults.Ok(ToDto(slug, await help.SettingsAsync(lr.Id, http.RequestAborted)));
    }

    private static async Task<IResult> PutSettingsAsync(string slug, HelpSettingsInput? input, HttpContext http, GrozDbContext db, HelpSettingsEditing editing)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (lr is null || !HelpSettingsEditing.MayRead(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var result = await editing.UpdateAsync(http.User, lr.Id, input ?? new HelpSettingsInput(null, null, null), http.RequestAborted);
        return result.Value is { } s ? TypedResults.Ok(ToDto(slug, s)) : Failed(http, result);
    }

    private static async Task<IResult> GetProfileAsync(HttpContext http, HelpVolunteering volunteering)
    {
        var p = await volunteering.GetAsync(http.User, http.RequestAborted);
        return p is null ? Errors.Problem(http, 403, "not-a-member") : TypedResults.Ok(ToDto(p));
    }

    private static async Task<IResult> PutProfileAsync(ProfileInput? input, HttpContext http, HelpVolunteering volunteering)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var result = await volunteering.SaveAsync(http.User,
            new VolunteerProfileInput(input?.Categories, input?.WijkIds, input?.Availability, input?.Weekdays, input?.Available), http.RequestAborted);
        return result.Value is { } p ? TypedResults.Ok(ToDto(p)) : Failed(http, result);
    }

    /// <summary>Field errors under the JSON names (each dotted part camel-cased), or the problem of the refusal.</summary>
    private static IResult Failed<T>(HttpContext http, Outcome<T> result) where T : class
    {
        var fields = result.FieldErrors ?? (result.Field is { Length: > 0 } f ? new Dictionary<string, string> { [f] = result.Message! } : null);
        if (result.Status == 400 && fields is not null)
        {
            return TypedResults.ValidationProblem(
                fields.ToDictionary(e => string.Join('.', e.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)), e => new[] { e.Value }),
                type: Errors.TypeUri(result.Code ?? "validation"), title: Errors.Title(http, result.Code ?? "validation"));
        }
        return Errors.Problem(http, result.Status, result.Code!, result.Message);
    }
}
