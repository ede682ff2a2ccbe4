using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Browser.Tests.Support;

public static class JourneyAccounts
{
    /// <summary>
    /// A coordinator of its own for one journey (demo password), with two-step verification on (returns the
    /// authenticator key) or, for a journey that enrols in the browser, off (returns null). The demo coordinators' first sign-in (enrolment) belongs to CoordinatorJourneyTests, and a
    /// TOTP code counts once, so journeys that run side by side must not share an account.
    /// </summary>
    public static async Task<string?> CoordinatorOfItsOwnAsync(this GrozApp app, string email, string name, string leerregio = "utrecht", bool twoFactor = true)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
                var leerregioId = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
                var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, LeerregioId = leerregioId, CreatedAt = TimeProvider.System.GetUtcNow() };
                var created = await users.CreateAsync(user, DemoData.DemoPassword);
                Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
                db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = GrozRole.Coordinator, LeerregioId = leerregioId, GrantedAt = TimeProvider.System.GetUtcNow() });
                await db.SaveChangesAsync();
            }
        }
        return twoFactor ? await app.EnableTwoFactorAsync(email) : null;
    }
}
