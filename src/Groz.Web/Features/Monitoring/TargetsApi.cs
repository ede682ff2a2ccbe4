using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>Targets under /api/v1/monitoring/targets: coordinators set and remove them; coordinators and researchers read them.</summary>
public static class TargetsApi
{
    /// <summary>Year and value may come as a JSON number or a string: either way the same rules and messages as the page.</summary>
    public sealed record TargetInput(string? Indicator, string? Wijk, JsonElement? Year, JsonElement? Value);

    public static WebApplication MapTargetsApi(this WebApplication app)
    {
        var api = app.MapApiV1("monitoring", "Monitoring").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/targets", ListAsync)
            .WithSummary("The targets of a leerregio (leerregio=slug): per indicator, area (the leerregio, or a wijk by CBS code) and year, the value; which way is better comes from the indicator. Coordinators and researchers.")
            .ProducesProblem(404);
        api.MapPut("/targets", SetAsync).DisableValidation()
            .WithSummary("Set or replace a target of a leerregio (leerregio=slug): indicator (code), wijk (CBS code; leave out for the whole leerregio), year (within 10 years of now) and value (0 or more, a percentage at most 100). A wijk without its own target is measured against the leerregio's. Coordinators; audit-logged.")
            .Produces<TargetDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/targets/{id:int}", RemoveAsync)
            .WithSummary("Remove a target (leerregio=slug); coordinators; audit-logged.")
            .Produces<TargetDto>().ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Regions.Leerregio?> ReadableAsync(HttpContext http, GrozDbContext db, string? slug) =>
        await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, http.RequestAborted) is { } lr && Surveys.MayRead(http.User, lr.Id) ? lr : null;

    private static async Task<IResult> ListAsync(string? leerregio, HttpContext http, GrozDbContext db, Targets targets) =>
        await ReadableAsync(http, db, leerregio) is { } lr
            ? TypedResults.Ok(await targets.ListAsync(lr.Id, http.RequestAborted))
            : Errors.Problem(http, 404, "unknown-leerregio");

    private static string? Text(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        // Anything else (true, an object) is as wrong as an empty field: the same message.
        _ => null,
    };

    private static async Task<IResult> SetAsync(string? leerregio, TargetInput input, HttpContext http, GrozDbContext db, Targets targets)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await targets.SetAsync(http.User, lr.Id, new NewTarget(input.Indicator, input.Wijk, Text(input.Year), Text(input.Value)), http.RequestAborted);
        return outcome.Value is { } t ? TypedResults.Ok(t) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> RemoveAsync(int id, string? leerregio, HttpContext http, GrozDbContext db, Targets targets)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await targets.RemoveAsync(http.User, lr.Id, id, http.RequestAborted);
        return outcome.Value is { } t ? TypedResults.Ok(t) : EventsApi.Problem(http, outcome);
    }
}
