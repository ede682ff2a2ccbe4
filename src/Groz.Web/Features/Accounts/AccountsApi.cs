using System.ComponentModel.DataAnnotations;
using Groz.Web.Data;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Accounts;

public static class AccountsApi
{
    public sealed record TokenRequest(
        [property: Required, EmailAddress, MaxLength(256)] string Email,
        [property: Required, MaxLength(256)] string Password,
        [property: MaxLength(10)] string? TotpCode,
        [property: MaxLength(100)] string? Name,
        string[]? Scopes,
        [property: Range(1, ApiTokens.MaxLifetimeDays)] int? LifetimeDays);

    public sealed record TokenResponse(int Id, string Token, string Name, string[] Scopes, DateTimeOffset ExpiresAt);

    public sealed record TokenInfo(int Id, string Name, string Prefix, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt);

    public sealed record Me(string Id, string Email, string DisplayName, int? LeerregioId, int? WijkId, string[] Interests, bool TwoFactorEnabled, RoleInfo[] Roles);

    public sealed record RoleInfo(string Role, int? LeerregioId, int? WijkId);

    private static readonly GrozRole[] TwoFactorRoles = GrozRoles.All.Where(GrozRoles.RequiresTwoFactor).ToArray();

    public static WebApplication MapAccountsApi(this WebApplication app)
    {
        var tokens = app.MapApiV1("tokens", "Accounts");
        tokens.MapPost("/", CreateTokenAsync).RequireRateLimiting(Infrastructure.Security.SignInPolicy).AllowAnonymous()
            .WithSummary("Create a personal access token with e-mail, password and (when 2FA is on) a TOTP code.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        tokens.MapGet("/", ListTokensAsync).RequireAuthorization(AccountsSetup.ApiPolicy).WithSummary("My personal access tokens.");
        tokens.MapDelete("/{id:int}", RevokeTokenAsync).RequireAuthorization(AccountsSetup.ApiPolicy).WithSummary("Revoke one of my tokens.");

        var me = app.MapApiV1("me", "Accounts").RequireAuthorization(AccountsSetup.ApiPolicy);
        me.MapGet("/", GetMeAsync).WithSummary("The signed-in member.");
        me.MapGet("/export", ExportAsync).WithSummary("Everything Groz holds about me, as JSON (AVG art. 15 and 20).");
        return app;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> CreateTokenAsync(
        TokenRequest request, HttpContext http, UserManager<GrozUser> users, SignInManager<GrozUser> signIn, ApiTokens apiTokens, AuditLog audit, GrozDbContext db)
    {
        var scopes = request.Scopes is { Length: > 0 } ? request.Scopes : ["read"];
        if (scopes.Any(s => !ApiTokens.KnownScopes.Contains(s)))
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "unknown-scope", string.Join(", ", ApiTokens.KnownScopes));
        }
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null || user.ErasedAt is not null)
        {
            await audit.WriteAsync("token.create.failed", detail: "unknown e-mail");
            return (ProblemHttpResult)Errors.Problem(http, 401, "invalid-credentials");
        }
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            await audit.WriteAsync("token.create.locked-out", "user", user.Id, userId: user.Id);
            return (ProblemHttpResult)Errors.Problem(http, 401, "locked-out");
        }
        if (check.IsNotAllowed)
        {
            return (ProblemHttpResult)Errors.Problem(http, 401, "email-not-confirmed");
        }
        if (!check.Succeeded)
        {
            await audit.WriteAsync("token.create.failed", "user", user.Id, userId: user.Id);
            return (ProblemHttpResult)Errors.Problem(http, 401, "invalid-credentials");
        }
        if (user.TwoFactorEnabled)
        {
            var code = (request.TotpCode ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.AccessFailedAsync(user);
                await audit.WriteAsync("token.create.2fa-failed", "user", user.Id, userId: user.Id);
                return (ProblemHttpResult)Errors.Problem(http, 401, "two-factor-code-invalid");
            }
        }
        else if (await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && TwoFactorRoles.Contains(r.Role)))
        {
            return (ProblemHttpResult)Errors.Problem(http, 403, "two-factor-required");
        }
        var created = await apiTokens.CreateAsync(user.Id, request.Name ?? "API", scopes, request.LifetimeDays ?? 90);
        await audit.WriteAsync("token.created", "api-token", created.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.LeerregioId, userId: user.Id);
        return TypedResults.Created($"/api/v1/tokens/{created.Token.Id}",
            new TokenResponse(created.Token.Id, created.Secret, created.Token.Name, created.Token.Scopes.Split(' '), created.Token.ExpiresAt));
    }

    private static async Task<Ok<List<TokenInfo>>> ListTokensAsync(HttpContext http, GrozDbContext db)
    {
        var userId = http.User.UserId();
        var list = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt }).ToListAsync();
        return TypedResults.Ok(list.Select(t => new TokenInfo(t.Id, t.Name, t.Prefix, t.Scopes.Split(' '), t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToList());
    }

    private static async Task<Results<NoContent, NotFound>> RevokeTokenAsync(int id, HttpContext http, GrozDbContext db, TimeProvider time, AuditLog audit, ApiPrincipalCache cache)
    {
        var userId = http.User.UserId();
        // The owner check is part of the WHERE clause: someone else's token id is simply not found.
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null);
        if (token is null)
        {
            return TypedResults.NotFound();
        }
        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        cache.EvictUser(token.UserId);
        await audit.WriteAsync("token.revoked", "api-token", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> GetMeAsync(HttpContext http, UserManager<GrozUser> users, GrozDbContext db)
    {
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }
        var roles = await db.RoleAssignments.Where(r => r.UserId == user.Id).OrderBy(r => r.Id)
            .Select(r => new RoleInfo(r.Role.ToString(), r.LeerregioId, r.WijkId)).ToArrayAsync();
        return TypedResults.Ok(new Me(user.Id, user.Email!, user.DisplayName, user.LeerregioId, user.WijkId,
            user.Interests.Split(',', StringSplitOptions.RemoveEmptyEntries), user.TwoFactorEnabled, roles));
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, UnauthorizedHttpResult>> ExportAsync(HttpContext http, UserManager<GrozUser> users, PersonalData personalData)
    {
        var user = await users.GetUserAsync(http.User);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await personalData.ExportAsync(user));
    }
}
