using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Groz.Web.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Accepts a cookie session or a personal access token; every /api/v1 endpoint uses it.</summary>
    public const string ApiPolicy = "api";
    public const string SignInPath = "/account/inloggen";
    public const string TwoFactorSetupPath = "/account/tweestaps";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var sessionMinutes = builder.Configuration.GetValue("Accounts:IdleTimeoutMinutes", 30);

        services.AddIdentity<GrozUser, IdentityRole>(o =>
            {
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length and a blocklist (CommonPasswordValidator), no composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3; // adds the passkey table of .NET 10
            })
            .AddEntityFrameworkStores<GrozDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<GrozClaimsFactory>()
            .AddUserManager<GrozUserManager>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "groz.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(sessionMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/account/uitloggen";
            o.AccessDeniedPath = "/fout/403";
            // API callers get status codes, not redirects to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        foreach (var name in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(name, o =>
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
            });
        }

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokenHandler.SchemeName)
                .RequireAuthenticatedUser());

        services.AddScoped<AuditLog>();
        services.AddScoped<AccountMail>();
        services.AddScoped<ApiTokens>();
        services.AddSingleton<ApiPrincipalCache>();
        services.AddScoped<PersonalData>();
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (Errors.IsApi(ctx.Request))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Members with a role that sees other people's data (buurtassistent, coordinator, researcher, administrator)
    /// must turn on two-factor authentication before they can do anything else.
    /// </summary>
    public static WebApplication UseTwoFactorRequirement(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var user = http.User;
            if (user.Identity?.IsAuthenticated == true && !user.HasTwoFactor()
                && user.FindAll(Access.RoleClaim).Any(c => Enum.TryParse<GrozRole>(c.Value.Split('|')[0], out var r) && GrozRoles.RequiresTwoFactor(r)))
            {
                var path = http.Request.Path;
                var allowed = path.StartsWithSegments(TwoFactorSetupPath) || path.StartsWithSegments("/account/uitloggen")
                    || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/lib")
                    || path.StartsWithSegments("/fout") || path.StartsWithSegments("/taal");
                if (!allowed)
                {
                    if (Errors.IsApi(http.Request))
                    {
                        await Errors.WriteProblemAsync(http, StatusCodes.Status403Forbidden, "two-factor-required");
                        return;
                    }
                    http.Response.Redirect($"{TwoFactorSetupPath}?verplicht=1");
                    return;
                }
            }
            await next(http);
        });
        return app;
    }
}

/// <summary>Identity's error messages in the member's language.</summary>
public sealed class LocalizedIdentityErrors(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private static IdentityError E(string code, string text) => new() { Code = code, Description = text };
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), l["An account with this e-mail address already exists."]);
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), l["An account with this e-mail address already exists."]);
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), l["This is not a valid e-mail address."]);
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), l["Your password must be at least 12 characters long."]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), l["Your password must contain at least 4 different characters."]);
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), l["The password is not correct."]);
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), l["This link or code is no longer valid. Ask for a new one."]);
    public override IdentityError DefaultError() => E(nameof(DefaultError), l["Something went wrong. Please try again."]);
}

/// <summary>
/// Identity's UserManager, plus: every change it saves to a member (security stamp, 2FA, erasure, which the role
/// changes also stamp) drops that member's cached API principals on this instance at once (<see cref="ApiPrincipalCache"/>).
/// </summary>
public sealed class GrozUserManager(
    IUserStore<GrozUser> store, Microsoft.Extensions.Options.IOptions<IdentityOptions> options, IPasswordHasher<GrozUser> hasher,
    IEnumerable<IUserValidator<GrozUser>> userValidators, IEnumerable<IPasswordValidator<GrozUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<GrozUser>> logger,
    ApiPrincipalCache cache)
    : UserManager<GrozUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(GrozUser user)
    {
        var result = await base.UpdateUserAsync(user);
        cache.EvictUser(user.Id);
        return result;
    }
}
