using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Groz.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Groz.Web.Infrastructure;

public static class Security
{
    public const string SignInPolicy = "signin";
    public const string ApiPolicy = "api";
    public const string LetterCodePolicy = "letter-code";

    public static WebApplicationBuilder AddGrozSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Keys live in the database so that any number of instances behind a load balancer share them.
        services.AddDataProtection().SetApplicationName("Groz").PersistKeysToDbContext<GrozDbContext>();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "groz.af";
            // Antiforgery refuses to run at all on plain http when the cookie must be Secure; `dotnet run` serves
            // http://localhost:5000, so Development follows the request. Everywhere else (behind the TLS proxy) it stays Secure.
            o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind the reverse proxy of the README; KnownProxies/KnownNetworks come from configuration.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        var limits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                if (!Errors.IsApi(context.HttpContext.Request))
                {
                    // People get the friendly page (status code pages, same URL) that says to wait and try again, not JSON.
                    return;
                }
                await Errors.WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate-limited");
            };
            // Per client address, attempts only (POST): sign-in, registration, password reset and token creation.
            // Reading the form (GET) is free, so that a blocked person still sees the page that explains why.
            o.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            // Per client address, each look-up of a welcome-letter code (the page tells whether a code exists, so guessing
            // must stay slow); the form without a code is free. A POST counts whatever it holds: the route form and the
            // API take a letter code in the body, which the limiter cannot read, and nobody makes 20 routes a minute.
            o.AddPolicy(LetterCodePolicy, http => HttpMethods.IsPost(http.Request.Method)
                    || !string.IsNullOrEmpty(http.Request.RouteValues["code"] as string)
                    || !string.IsNullOrEmpty(http.Request.Query["code"]) || !string.IsNullOrEmpty(http.Request.Query["brief"])
                ? RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.LetterCodesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("no-code"));
            o.AddPolicy(ApiPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.Identity?.Name ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.ApiBurst,
                    TokensPerPeriod = limits.ApiPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    public static WebApplication UseGrozSecurityHeaders(this WebApplication app)
    {
        var isDevelopment = app.Environment.IsDevelopment();
        var policies = new HeaderPolicyCollection()
            .AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddPermissionsPolicy(b =>
            {
                b.AddCamera().None();
                b.AddMicrophone().None();
                b.AddGeolocation().Self();
            })
            .AddContentSecurityPolicy(b =>
            {
                b.AddDefaultSrc().Self();
                b.AddObjectSrc().None();
                b.AddBaseUri().Self();
                b.AddFormAction().Self();
                b.AddFrameAncestors().None();
                // The map's tiles come from the one host configured in Wijkportaal:TileUrl; without it, nothing else.
                var img = b.AddImgSrc().Self().Data();
                if (Features.SocialMap.PortalSetup.TileOrigin(app.Configuration["Wijkportaal:TileUrl"]) is { } tiles)
                {
                    img.From(tiles);
                }
            })
            .RemoveServerHeader();
        if (!isDevelopment)
        {
            policies.AddStrictTransportSecurityMaxAge(maxAgeInSeconds: 60 * 60 * 24 * 365);
        }
        app.UseSecurityHeaders(policies);
        return app;
    }
}

public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 10;
    public int ApiPerSecond { get; set; } = 20;
    public int ApiBurst { get; set; } = 100;
    /// <summary>Welcome-letter codes looked up per client address per minute (a code typed from paper counts twice: the check and the route form).</summary>
    public int LetterCodesPerMinute { get; set; } = 20;
}
