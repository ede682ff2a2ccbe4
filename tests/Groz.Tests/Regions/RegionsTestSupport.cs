using System.Globalization;
using System.Text;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Regions;

public static class RegionsTestHelpers
{
    /// <summary>
    /// A browser-like client signed in through the real sign-in pages as this member (null: anonymous). Members with a
    /// privileged role get 2FA turned on first and sign in with a TOTP code, unless <paramref name="turnOnTwoFactor"/> is false.
    /// </summary>
    public static async Task<FormClient> ClientForAsync(this GrozApp app, string? email, bool turnOnTwoFactor = true)
    {
        var client = app.NewClient();
        if (email is null)
        {
            return client;
        }
        if (turnOnTwoFactor && await app.IsPrivilegedAsync(email))
        {
            await app.SignInWithTwoFactorAsync(client, email);
        }
        else
        {
            var page = await client.SignInAsync(email);
            if (page.Location is null)
            {
                throw new InvalidOperationException($"sign-in of {email} failed: {page.Text}");
            }
        }
        return client;
    }

    private static Task<bool> IsPrivilegedAsync(this GrozApp app, string email) => app.DbAsync(async db =>
        (await db.RoleAssignments.Where(r => r.User!.Email == email).Select(r => r.Role).ToListAsync()).Any(GrozRoles.RequiresTwoFactor));

    /// <summary>Turns 2FA on in the database (with a fresh authenticator key) for members whose roles require it.</summary>
    public static async Task EnableTwoFactorIfPrivilegedAsync(this GrozApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no account " + email);
        var privileged = await db.RoleAssignments.Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync();
        if (!user.TwoFactorEnabled && privileged.Any(GrozRoles.RequiresTwoFactor))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
    }

    /// <summary>A personal access token for the member, made the way /api/v1/tokens makes them.</summary>
    public static async Task<string> TokenForAsync(this GrozApp app, string email, string[] scopes, bool turnOnTwoFactor = true)
    {
        if (turnOnTwoFactor)
        {
            await app.EnableTwoFactorIfPrivilegedAsync(email);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException("no account " + email);
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(user.Id, "test", scopes.Length > 0 ? scopes : ["read", "write"], 1);
        return created.Secret;
    }

    /// <summary>Every row of the regions and roles tables in one string: equal before and after means nothing changed.</summary>
    public static Task<string> SnapshotAsync(this GrozApp app) => app.DbAsync(async db =>
    {
        var s = new StringBuilder();
        foreach (var l in await db.Leerregios.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"L{l.Id}:{l.Slug}:{l.Name}:{l.Description}\n");
        foreach (var g in await db.Gemeenten.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"G{g.Id}:{g.Code}:{g.Name}:{g.DivisionYear}\n");
        foreach (var w in await db.Wijken.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"W{w.Id}:{w.Code}:{w.Name}:{w.DivisionYear}:{w.GemeenteId}:{w.LeerregioId}:{w.Residents}:{w.Postcodes}\n");
        foreach (var b in await db.Buurten.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"B{b.Id}:{b.Code}:{b.Name}:{b.DivisionYear}:{b.WijkId}:{b.LeerregioId}:{b.Residents}\n");
        foreach (var r in await db.RoleAssignments.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"R{r.Id}:{r.UserId}:{r.Role}:{r.LeerregioId}:{r.WijkId}\n");
        return s.ToString();
    });

    public static Task<int> LeerregioIdAsync(this GrozApp app, string slug = "utrecht") =>
        app.DbAsync(db => db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync());

    public static Task<int> WijkIdAsync(this GrozApp app, string code) =>
        app.DbAsync(db => db.Wijken.Where(w => w.Code == code).Select(w => w.Id).FirstAsync());

    public static Task<int> AuditCountAsync(this GrozApp app, string action) =>
        app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == action));

    /// <summary>Adds a role assignment directly in the database (test set-up), returning its id.</summary>
    public static Task<int> AddAssignmentAsync(this GrozApp app, string email, GrozRole role, string slug) => app.DbAsync(async db =>
    {
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync();
        var leerregioId = await db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).FirstAsync();
        var assignment = new RoleAssignment { UserId = userId, Role = role, LeerregioId = leerregioId, GrantedAt = DateTimeOffset.UnixEpoch };
        db.RoleAssignments.Add(assignment);
        await db.SaveChangesAsync();
        return assignment.Id;
    });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>The field names a ValidationProblem reports.</summary>
    public static async Task<HashSet<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToHashSet() : [];
    }
}
