using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>The series of a dashboard under /api/v1/monitoring/dashboard: the same charts the pages draw, suppressed the same way.</summary>
public static class DashboardApi
{
    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapApiV1("monitoring", "Monitoring").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/dashboard", DashboardAsync)
            .WithSummary("The dashboard of a leerregio (leerregio=slug) or one of its wijken (wijk=CBS code): the trend of one indicator (indicator=code; kind=Month, Quarter or Year; from/to=yyyy-MM, at most 60 months, by default the last three years), the wijken in the latest period, positive health of the latest wave and the share of lonely respondents per wave. Each chart has its columns (periods, wijken, dimensions, waves) and a line per area with n, value and status per cell. For everyone but the leerregio's coordinators, small cells and the cells that would give them away by subtraction have status Suppressed and no figures.")
            .ProducesValidationProblem().ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> DashboardAsync(string? leerregio, string? wijk, string? indicator, string? kind, string? from, string? to,
        HttpContext http, GrozDbContext db, Dashboards dashboards)
    {
        var ct = http.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == leerregio, ct) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var area = wijk is null ? null : await db.Wijken.AsNoTracking().FirstOrDefaultAsync(w => w.LeerregioId == lr.Id && w.Code == wijk, ct);
        if (wijk is not null && area is null)
        {
            return Errors.Problem(http, 404, "unknown-wijk");
        }
        var outcome = await dashboards.BuildAsync(lr, area, new DashboardQuery(indicator, kind, from, to), hideSmall: !Surveys.SeesSmallNumbers(http.User, lr.Id), ct);
        return outcome.Status switch
        {
            404 => Errors.Problem(http, 404, "unknown-indicator"),
            400 => TypedResults.ValidationProblem(outcome.Errors),
            _ => TypedResults.Ok(outcome.Value),
        };
    }
}
