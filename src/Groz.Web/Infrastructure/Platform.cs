using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Routing.Template;

namespace Groz.Web.Infrastructure;

/// <summary>The parts of the platform that are not a module: pages root, limits, logging, health.</summary>
public static class Platform
{
    /// <summary>Bodies above this get 413; routes that take uploads raise it with <see cref="AllowLargeUpload"/>.</summary>
    public const long MaxRequestBytes = 1_000_000;

    public static WebApplicationBuilder AddGrozPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBytes;
            o.AddServerHeader = false;
        });
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBytes);
        builder.Services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/Accounts/Manage");
            })
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddMvcOptions(o =>
            {
                o.ModelBinderProviders.Insert(0, new DecimalModelBinderProvider());
                var l = builder.Services.BuildLocalizerForBinding();
                o.ModelBindingMessageProvider.SetValueMustNotBeNullAccessor(_ => l("This field is required."));
                o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, _) => l("This value is not valid."));
                o.ModelBindingMessageProvider.SetValueIsInvalidAccessor(_ => l("This value is not valid."));
                o.ModelBindingMessageProvider.SetMissingBindRequiredValueAccessor(_ => l("This field is required."));
                o.ModelBindingMessageProvider.SetUnknownValueIsInvalidAccessor(_ => l("This value is not valid."));
                o.ModelBindingMessageProvider.SetValueMustBeANumberAccessor(_ => l("Enter a number."));
                o.ModelBindingMessageProvider.SetNonPropertyValueMustBeANumberAccessor(() => l("Enter a number."));
                o.ModelBindingMessageProvider.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => l("This value is not valid."));
                o.ModelBindingMessageProvider.SetNonPropertyUnknownValueIsInvalidAccessor(() => l("This value is not valid."));
                o.ModelBindingMessageProvider.SetMissingKeyOrValueAccessor(() => l("This field is required."));
                o.ModelBindingMessageProvider.SetMissingRequestBodyRequiredValueAccessor(() => l("This field is required."));
            });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });

        if (builder.Environment.IsProduction())
        {
            // Structured JSON logs; scopes and request paths carry no personal data (no query strings, no e-mail).
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = false; o.UseUtcTimestamp = true; });
        }
        return builder;
    }

    /// <summary>Model binding messages are looked up when binding fails, in the culture of that request.</summary>
    private static Func<string, string> BuildLocalizerForBinding(this IServiceCollection _) =>
        key => Accessor?.HttpContext?.RequestServices.GetService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()?[key].Value ?? key;

    internal static IHttpContextAccessor? Accessor { get; private set; }

    public static WebApplication UseGrozForwardedHeaders(this WebApplication app)
    {
        Accessor = app.Services.GetRequiredService<IHttpContextAccessor>();
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// 413 for a declared body above the limit, before anything reads it. Kestrel enforces the same limit for
    /// bodies without a length; this check makes the answer the same behind any server or proxy.
    /// </summary>
    /// <summary>
    /// Lets one route take a larger body than <see cref="MaxRequestBytes"/> (an HSDS package, a document upload). The size
    /// check runs before routing (so that an oversized form can still be answered with the friendly page), which is why
    /// the route is registered here by its template instead of as endpoint metadata. A Razor page that takes such an
    /// upload also needs [RequestFormLimits] for its multipart form.
    /// </summary>
    public static WebApplicationBuilder AllowLargeUpload(this WebApplicationBuilder builder, string routeTemplate, long maxBytes)
    {
        builder.Services.Configure<UploadLimits>(o => o.Routes.Add(
            (new TemplateMatcher(TemplateParser.Parse(routeTemplate.TrimStart('/')), new RouteValueDictionary()), maxBytes)));
        return builder;
    }

    public sealed class UploadLimits
    {
        public List<(TemplateMatcher Route, long MaxBytes)> Routes { get; } = [];

        public long? For(PathString path)
        {
            foreach (var (route, max) in Routes)
            {
                if (route.TryMatch(path, new RouteValueDictionary()))
                {
                    return max;
                }
            }
            return null;
        }
    }

    public static WebApplication UseRequestSizeLimit(this WebApplication app)
    {
        var uploads = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadLimits>>().Value;
        app.Use(async (http, next) =>
        {
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            var allowed = MaxRequestBytes;
            if (uploads.For(http.Request.Path) is { } larger)
            {
                allowed = larger;
                if (feature is { IsReadOnly: false })
                {
                    feature.MaxRequestBodySize = larger;
                }
            }
            var limit = feature?.MaxRequestBodySize ?? allowed;
            if (http.Request.ContentLength > Math.Min(limit, allowed))
            {
                if (Errors.IsApi(http.Request))
                {
                    http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
                // People get the friendly page. It is served as a GET, so that nothing tries to read the oversized
                // body (re-executing the POST would make model binding read a multipart form above its limit).
                http.Request.Method = HttpMethods.Get;
                http.Request.Path = "/fout/413";
                http.Request.QueryString = QueryString.Empty;
                http.Request.Headers.ContentType = default;
            }
            await next(http);
        });
        return app;
    }

    /// <summary>A path on this site, never "//host" or "/\\host" (which browsers treat as another site).</summary>
    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static WebApplication MapGrozPlatform(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(http.Response.Body, new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
                });
            },
        });
        // The language switch: a form posts here, the cookie keeps the choice for a year.
        app.MapPost("/taal", async (HttpContext http, TimeProvider time, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }
            var culture = http.Request.Form["culture"].ToString();
            var returnUrl = http.Request.Form["returnUrl"].ToString();
            var chosen = culture == "en" ? Localization.English : Localization.Dutch;
            http.Response.Cookies.Append(Localization.CultureCookie,
                Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.MakeCookieValue(new(chosen)),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl : "/");
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
