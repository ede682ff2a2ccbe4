using System.Globalization;
using System.Security.Claims;
using Groz.Tests.TimeBank;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Events;

/// <summary>The real app with helpers for activities: events made straight in the database, and the services called as a given person.</summary>
public class EventsApp : TimeBankApp
{
    public const string Api = "/api/v1/events";

    public Task<(int LeerregioId, int WijkId)> WijkAsync(string code = "WK034405") => DbAsync(async db =>
    {
        var w = await db.Wijken.SingleAsync(x => x.Code == code);
        return (w.LeerregioId, w.Id);
    });

    /// <summary>A published event a week from now (or at <paramref name="start"/>), with a free-text address.</summary>
    public async Task<Event> EventAsync(int? capacity = 20, string? rule = null, DateTimeOffset? start = null, string wijk = "WK034405",
        DateTimeOffset? closes = null, string title = "Samen wandelen", string theme = "leefstijl")
    {
        var (leerregio, wijkId) = await WijkAsync(wijk);
        var slug = await DbAsync(db => db.Leerregios.Where(l => l.Id == leerregio).Select(l => l.Slug).SingleAsync());
        var coordinator = await UserIdAsync(Email(GrozRole.Coordinator, slug));
        var now = Clock.GetUtcNow();
        var at = start ?? new DateTimeOffset(now.Year, now.Month, now.Day, 9, 0, 0, TimeSpan.Zero).AddDays(7);
        var e = new Event
        {
            LeerregioId = leerregio, WijkId = wijkId, Title = title, Description = "Een rondje door de wijk.", Theme = theme,
            Address = "Buurthuis, Hoofdstraat 1", StartsAt = at, EndsAt = at.AddHours(1), RecurrenceRule = rule, Capacity = capacity,
            RegistrationRequired = true, RegistrationClosesAt = closes, Status = EventStatus.Published, CreatedByUserId = coordinator,
            CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow(),
        };
        await DbAsync(async db => { db.Events.Add(e); await db.SaveChangesAsync(); });
        return e;
    }

    public Task<string> UserIdAsync(string email) => DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>The principal a signed-in member has (2FA on, so privileged roles count), built from their role assignments.</summary>
    public Task<ClaimsPrincipal> PrincipalAsync(string email) => DbAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id), new(Access.TwoFactorClaim, "1") };
        if (user.LeerregioId is { } l)
        {
            claims.Add(new(Access.LeerregioClaim, l.ToString(CultureInfo.InvariantCulture)));
        }
        foreach (var r in await db.RoleAssignments.Where(r => r.UserId == user.Id).ToListAsync())
        {
            claims.Add(new(Access.RoleClaim, Access.Encode(r.Role, r.LeerregioId, r.WijkId)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    });

    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    /// <summary>Runs the registration service in a scope of its own, as one request would.</summary>
    public async Task<T> WithAsync<T>(Func<Registrations, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<Registrations>());
    }

    public async Task<T> EditorAsync<T>(Func<EventEditor, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<EventEditor>());
    }

    public Task<NewRegistration> GuestAsync(int eventId, string name, DateTimeOffset? occurrence = null) => WithAsync(async r =>
    {
        var outcome = await r.RegisterAsync(Anonymous, eventId, new RegistrationInput(occurrence, name, $"{name.ToLowerInvariant().Replace(' ', '.')}@example.net"));
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Value!;
    });

    public Task<List<EventRegistration>> RegistrationsAsync(int eventId) =>
        DbAsync(db => db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId).OrderBy(r => r.Id).ToListAsync());

    public Task<int> TakenAsync(int eventId) => DbAsync(db => db.EventOccurrences.Where(o => o.EventId == eventId).SumAsync(o => o.Taken));
}
