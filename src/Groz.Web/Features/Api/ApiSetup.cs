using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.OpenApi;

namespace Groz.Web.Features.Api;

public static class ApiSetup
{
    public static WebApplicationBuilder AddGrozApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidation();
        builder.Services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "Groz API",
                    Version = "v1",
                    Description = "The API of Groz, the neighbourhood platform of the GROZ leerregio's. Errors are RFC 9457 problem details. "
                        + "Authenticate with a personal access token (POST /api/v1/tokens) as `Authorization: Bearer …`, or with the sign-in cookie plus an X-CSRF-TOKEN header for changes.",
                };
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A personal access token: groz_xxxxxxxx_…",
                };
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>The root of every module's API: rate limited, antiforgery for cookie sessions, in the OpenAPI document.</summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup($"/api/v1/{prefix}")
            .WithTags(tag)
            .RequireRateLimiting(Security.ApiPolicy)
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static WebApplication MapGrozApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}

/// <summary>
/// A browser session's cookie is sent on any cross-site request, so a change made with it must carry the
/// antiforgery token (header X-CSRF-TOKEN). Bearer tokens are not sent by browsers by themselves and need none.
/// </summary>
public sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        var viaCookie = http.User.Identity is { IsAuthenticated: true, AuthenticationType: not ApiTokenHandler.SchemeName };
        if (unsafeMethod && viaCookie && !await antiforgery.IsRequestValidAsync(http))
        {
            return Errors.Problem(http, StatusCodes.Status400BadRequest, "antiforgery");
        }
        return await next(context);
    }
}
