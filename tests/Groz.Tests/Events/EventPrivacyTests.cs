using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Events;

/// <summary>Registrations in "download my data" and "delete my account", guest retention, and walk-ins at the door.</summary>
public sealed class EventPrivacyTests(EventJobsApp app) : IClassFixture<EventJobsApp>
{
    private async Task<T> PersonalAsync<T>(string email, Func<PersonalData, GrozUser, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        return await action(scope.ServiceProvider.GetRequiredService<PersonalData>(), user);
    }

    [Fact]
    public async Task Export_holds_the_members_registrations_and_guest_ones_under_their_own_address_and_erasure_frees_their_places()
    {
        app.Clock.Offset = TimeSpan.Zero;
        var email = EventsApp.Email(GrozRole.Volunteer);
        var member = await app.PrincipalAsync(email);
        var full = await app.EventAsync(capacity: 1, title: "Volle wandeling");
        var mine = await app.WithAsync(r => r.RegisterAsync(member, full.Id, new RegistrationInput()));
        Assert.Equal(RegistrationStatus.Registered, mine.Value!.Registration.Status);
        var waiting = await app.GuestAsync(full.Id, "Wacht Op Plek");
        var other = await app.EventAsync(capacity: 10, title: "Als gast");
        var asGuest = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, other.Id, new RegistrationInput(null, "Vrijwilliger Zelf", email.ToUpperInvariant())));
        Assert.True(asGuest.Succeeded, asGuest.Message);
        var stranger = await app.GuestAsync(other.Id, "Iemand Anders");

        var export = await PersonalAsync(email, (p, u) => p.ExportAsync(u));
        var json = JsonSerializer.Serialize(export["events"]);
        Assert.Contains("Volle wandeling", json, StringComparison.Ordinal);
        Assert.Contains("Vrijwilliger Zelf", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Iemand Anders", json, StringComparison.Ordinal);

        await PersonalAsync(email, async (p, u) => { await p.EraseAsync(u); return 0; });

        var rows = await app.DbAsync(db => db.EventRegistrations.AsNoTracking().Where(r => r.EventId == full.Id || r.EventId == other.Id).ToListAsync());
        Assert.Equal(RegistrationStatus.Cancelled, rows.Single(r => r.Id == mine.Value.Registration.Id).Status);
        // The first on the waitlist got the freed place, as with any cancellation.
        Assert.Equal(RegistrationStatus.Registered, rows.Single(r => r.Id == waiting.Registration.Id).Status);
        var guestRow = rows.Single(r => r.Id == asGuest.Value!.Registration.Id);
        Assert.Equal(RegistrationStatus.Cancelled, guestRow.Status);
        Assert.Null(guestRow.GuestEmail);
        Assert.Equal(EventRetention.Placeholder, guestRow.GuestName);
        Assert.Equal("Iemand Anders", rows.Single(r => r.Id == stranger.Registration.Id).GuestName);
        Assert.Equal(1, await app.DbAsync(db => db.EventOccurrences.Where(o => o.EventId == full.Id).SumAsync(o => o.Taken)));
    }

    [Fact]
    public async Task Retention_clears_guests_of_long_past_dates_and_keeps_the_attendance_counts()
    {
        app.Clock.Offset = TimeSpan.Zero;
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        var old = await app.EventAsync(capacity: 10, title: "Lang geleden");
        var present = await app.GuestAsync(old.Id, "Oud Aanwezig");
        var absent = await app.GuestAsync(old.Id, "Oud Afwezig");
        var member = await app.WithAsync(async r => await r.RegisterAsync(await app.PrincipalAsync(EventsApp.Email(GrozRole.Resident)), old.Id, new RegistrationInput()));
        Assert.True(member.Succeeded, member.Message);
        Assert.True((await app.WithAsync(r => r.SetAttendanceAsync(coordinator, present.Registration.Id, true))).Succeeded);
        var recent = await app.EventAsync(capacity: 10, start: old.StartsAt.AddDays(EventRetention.DefaultDays - 20), title: "Onlangs");
        var recentGuest = await app.GuestAsync(recent.Id, "Recent Gast");

        // A day past the retention period of the old date; the recent one is 20 days younger.
        app.At(old.StartsAt.AddDays(EventRetention.DefaultDays + 1));
        var result = await app.RetainAsync();

        Assert.True(result.Pseudonymised >= 2);
        var rows = await app.RegistrationsAsync(old.Id);
        foreach (var guest in rows.Where(r => r.UserId == null))
        {
            Assert.Equal(EventRetention.Placeholder, guest.GuestName);
            Assert.Null(guest.GuestEmail);
            Assert.Null(guest.GuestPhone);
            Assert.NotNull(guest.PseudonymisedAt);
        }
        Assert.Equal(RegistrationStatus.Attended, rows.Single(r => r.Id == present.Registration.Id).Status);
        Assert.NotNull(rows.Single(r => r.Id == present.Registration.Id).AttendedAt);
        Assert.Equal(RegistrationStatus.Registered, rows.Single(r => r.Id == absent.Registration.Id).Status);
        Assert.NotNull(rows.Single(r => r.Id == member.Value!.Registration.Id).UserId);
        Assert.Equal(3, await app.TakenAsync(old.Id));
        Assert.Equal("Recent Gast", (await app.RegistrationsAsync(recent.Id)).Single(r => r.Id == recentGuest.Registration.Id).GuestName);
        Assert.Equal(0, (await app.RetainAsync()).Pseudonymised);
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "event-guests.pseudonymised")));
        app.Clock.Offset = TimeSpan.Zero;
    }

    [Fact]
    public async Task A_walk_in_after_the_start_of_a_full_date_is_checked_in_at_once_and_nobody_else_may_add_one()
    {
        app.Clock.Offset = TimeSpan.Zero;
        var e = await app.EventAsync(capacity: 1, title: "Vol binnenlopen");
        await app.GuestAsync(e.Id, "Had Een Plek");
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        app.At(e.StartsAt.AddMinutes(20));
        var late = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, e.Id, new RegistrationInput(e.StartsAt, "Te Laat", "te.laat@example.net")));
        Assert.Equal("registration-closed", late.Code);

        var walkIn = await app.WithAsync(r => r.WalkInAsync(coordinator, e.Id, e.StartsAt, "Loopt Binnen", null, null));
        Assert.True(walkIn.Succeeded, walkIn.Message);
        Assert.Equal(RegistrationStatus.Attended, walkIn.Value!.Registration.Status);
        Assert.Equal(2, await app.TakenAsync(e.Id));
        // Two walk-ins without contact details are two people.
        Assert.True((await app.WithAsync(r => r.WalkInAsync(coordinator, e.Id, e.StartsAt, "Loopt Binnen", null, null))).Succeeded);

        var resident = await app.PrincipalAsync(EventsApp.Email(GrozRole.Resident));
        Assert.Equal(404, (await app.WithAsync(r => r.WalkInAsync(resident, e.Id, e.StartsAt, "Niet Van Mij", null, null))).Status);
        var otherLeerregio = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(404, (await app.WithAsync(r => r.WalkInAsync(otherLeerregio, e.Id, e.StartsAt, "Niet Van Mij", null, null))).Status);
        Assert.Equal(400, (await app.WithAsync(r => r.WalkInAsync(coordinator, e.Id, e.StartsAt, " ", "geen-adres", null))).Status);
        Assert.Equal(404, (await app.WithAsync(r => r.WalkInAsync(coordinator, e.Id, e.StartsAt.AddMinutes(5), "Verkeerde Tijd", null, null))).Status);
        app.At(e.EndsAt + Registrations.WalkInGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(409, (await app.WithAsync(r => r.WalkInAsync(coordinator, e.Id, e.StartsAt, "Veel Te Laat", null, null))).Status);
        Assert.Equal(3, (await app.RegistrationsAsync(e.Id)).Count);
        Assert.Equal(3, await app.TakenAsync(e.Id));
        app.Clock.Offset = TimeSpan.Zero;
    }
}
