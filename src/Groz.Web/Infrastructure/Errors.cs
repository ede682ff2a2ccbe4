using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Infrastructure;

/// <summary>
/// The one error path (DESIGN habit 3). API errors are RFC 9457 ProblemDetails with a stable <c>type</c>
/// (<c>/problems/{code}</c>) and a title in the caller's language; pages get a friendly page instead.
/// </summary>
public static class Errors
{
    public static string TypeUri(string code) => $"/problems/{code}";

    public static WebApplicationBuilder AddGrozErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            // Framework-made problems (400 from binding, 404, 405, 413, 500) get our stable type and a translated title.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                // Field errors (ValidationProblem) get their own stable type, so clients can tell them from a broken request.
                var code = problem is HttpValidationProblemDetails ? "validation" : CodeFor(problem.Status ?? 500);
                problem.Type = TypeUri(code);
                problem.Title = Title(ctx.HttpContext, code);
            }
            if (problem.Status == 503)
            {
                ctx.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            problem.Extensions.Remove("traceId");
            problem.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        return builder;
    }

    public static WebApplication UseGrozErrors(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(http => IsApi(http.Request), api => api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor }));
            app.UseWhen(http => !IsApi(http.Request), pages => pages.UseExceptionHandler(
                new ExceptionHandlerOptions { ExceptionHandlingPath = "/fout/500", StatusCodeSelector = StatusFor }));
        }
        // Empty error responses: ProblemDetails for API callers, a friendly page (same status, same URL) for people.
        app.UseWhen(http => IsApi(http.Request), api => api.UseStatusCodePages());
        app.UseWhen(http => !IsApi(http.Request), pages => pages.UseStatusCodePagesWithReExecute("/fout/{0}"));
        return app;
    }

    /// <summary>Seconds a caller is asked to wait after a 503 (Retry-After).</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// 503 for a database that is too busy to answer in time (a command timeout, a lock wait, a dropped connection):
    /// the request did nothing, and trying again in a moment may work. A client that sent an Idempotency-Key can
    /// safely resend it. Everything else is our fault: 500.
    /// </summary>
    public static int StatusFor(Exception exception) => IsTransient(exception) ? 503 : 500;

    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            // SQLite reports a lock it waited for in vain as BUSY (5) or LOCKED (6), and does not mark it transient.
            if (e is TimeoutException || e is System.Data.Common.DbException { IsTransient: true }
                || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Machine callers: the JSON API and the OpenAPI document (the reference page at /api/docs is for people).</summary>
    public static bool IsApi(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/api/docs")) || request.Path.StartsWithSegments("/openapi");

    public static string CodeFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "rate-limited",
        503 => "unavailable",
        _ => "server-error",
    };

    public static string Title(HttpContext http, string code)
    {
        var localizer = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var text = localizer[$"problem.{code}"];
        return text.ResourceNotFound ? code : text.Value;
    }

    public static async Task WriteProblemAsync(HttpContext http, int status, string code, string? detail = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = TypeUri(code), Title = Title(http, code), Detail = detail };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>A broken domain rule, for API endpoints: ProblemDetails with our stable type and a translated title.</summary>
    public static IResult Problem(HttpContext http, int status, string code, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = TypeUri(code), Title = Title(http, code), Detail = detail });
}
