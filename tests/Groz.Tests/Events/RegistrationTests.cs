using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

public sealed class RegistrationTests(EventsApp app) : IClassFixture<EventsApp>
{
    [Fact]
    public async Task Twenty_at_once_for_the_last_five_places_gives_five_places_and_fifteen_on_the_waitlist_in_order()
    {
        var e = await app.EventAsync(capacity: 20);
        for (var i = 0; i < 15; i++)
        {
            await app.GuestAsync(e.Id, $"Eerder {i}");
        }
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, e.Id, new RegistrationInput(null, $"Gelijk {i}", $"gelijk{i}@example.net")));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));

        var all = await app.RegistrationsAsync(e.Id);
        var late = all.Skip(15).ToList();
        Assert.Equal(5, late.Count(r => r.Status == RegistrationStatus.Registered));
        var waitlist = late.Where(r => r.Status == RegistrationStatus.Waitlisted).ToList();
        Assert.Equal(15, waitlist.Count);
        // Arrival order: the row ids are handed out while the place counter is held, so they are the order of arrival.
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (int?)i), waitlist.Select(r => r.WaitlistPosition));
        Assert.True(late.Where(r => r.Status == RegistrationStatus.Registered).Max(r => r.Id) < waitlist.Min(r => r.Id));
        Assert.Equal(20, await app.TakenAsync(e.Id));
    }

    [Fact]
    public async Task Cancelling_by_link_promotes_the_first_on_the_waitlist_with_a_mail()
    {
        var e = await app.EventAsync(capacity: 2);
        var first = await app.GuestAsync(e.Id, "Anna Eerst");
        await app.GuestAsync(e.Id, "Bram Twee");
        var third = await app.GuestAsync(e.Id, "Cor Wacht");
        var fourth = await app.GuestAsync(e.Id, "Dina Later");
        Assert.Equal(RegistrationStatus.Waitlisted, third.Registration.Status);
        Assert.Equal(1, third.Registration.WaitlistPosition);
        Assert.Equal(2, fourth.Registration.WaitlistPosition);

        var cancelled = await app.WithAsync(r => r.CancelByTokenAsync(first.CancelToken));
        Assert.True(cancelled.Succeeded, cancelled.Message);

        var all = await app.RegistrationsAsync(e.Id);
        Assert.Equal(RegistrationStatus.Cancelled, all.Single(r => r.Id == first.Registration.Id).Status);
        Assert.Equal(RegistrationStatus.Registered, all.Single(r => r.Id == third.Registration.Id).Status);
        Assert.Equal(RegistrationStatus.Waitlisted, all.Single(r => r.Id == fourth.Registration.Id).Status);
        Assert.Equal(2, await app.TakenAsync(e.Id));
        using var client = app.NewClient();
        Assert.Contains(client.MailsTo("cor.wacht@example.net"), m => (m.Subject ?? "").Contains("Samen wandelen", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("/activiteiten/", StringComparison.Ordinal));

        // The link works once; the same token again changes nothing.
        var again = await app.WithAsync(r => r.CancelByTokenAsync(first.CancelToken));
        Assert.Equal("already-cancelled", again.Code);
        var wrong = await app.WithAsync(r => r.CancelByTokenAsync("not-a-real-token"));
        Assert.Equal(404, wrong.Status);
        Assert.Equal(2, await app.TakenAsync(e.Id));
    }

    [Fact]
    public async Task The_same_person_twice_is_refused_and_nothing_changes()
    {
        var e = await app.EventAsync(capacity: 5);
        var resident = await app.PrincipalAsync(EventsApp.Email(GrozRole.Resident));
        var once = await app.WithAsync(r => r.RegisterAsync(resident, e.Id, new RegistrationInput()));
        Assert.True(once.Succeeded, once.Message);
        var twice = await app.WithAsync(r => r.RegisterAsync(resident, e.Id, new RegistrationInput()));
        Assert.Equal("already-registered", twice.Code);
        await app.GuestAsync(e.Id, "Els Gast");
        var guestAgain = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, e.Id, new RegistrationInput(null, "Els", "ELS.GAST@example.net")));
        Assert.Equal("already-registered", guestAgain.Code);
        Assert.Equal(2, (await app.RegistrationsAsync(e.Id)).Count);
        Assert.Equal(2, await app.TakenAsync(e.Id));

        // Signed in, cancelling one's own registration frees the person to sign up again.
        var cancel = await app.WithAsync(r => r.CancelAsync(resident, once.Value!.Registration.Id));
        Assert.True(cancel.Succeeded, cancel.Message);
        var back = await app.WithAsync(r => r.RegisterAsync(resident, e.Id, new RegistrationInput()));
        Assert.True(back.Succeeded, back.Message);
        // Someone else cannot cancel it.
        var other = await app.PrincipalAsync(EventsApp.Email(GrozRole.Volunteer));
        Assert.Equal(404, (await app.WithAsync(r => r.CancelAsync(other, back.Value!.Registration.Id))).Status);
    }

    [Fact]
    public async Task Registration_after_closing_or_for_a_time_the_event_does_not_have_is_refused()
    {
        var closed = await app.EventAsync(closes: app.Clock.GetUtcNow().AddMinutes(-1));
        Assert.Equal("registration-closed", (await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, closed.Id, new RegistrationInput(null, "Fee", "fee@example.net")))).Code);
        var past = await app.EventAsync(start: app.Clock.GetUtcNow().AddHours(-2));
        Assert.Equal("registration-closed", (await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, past.Id, new RegistrationInput(null, "Fee", "fee@example.net")))).Code);
        var weekly = await app.EventAsync(rule: "FREQ=WEEKLY;COUNT=4");
        Assert.Equal("unknown-occurrence", (await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, weekly.Id,
            new RegistrationInput(weekly.StartsAt.AddDays(1), "Fee", "fee@example.net")))).Code);
        var guestWithoutContact = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, weekly.Id, new RegistrationInput(null, "Fee")));
        Assert.Equal("validation", guestWithoutContact.Code);
        Assert.Empty(await app.RegistrationsAsync(closed.Id));
        Assert.Empty(await app.RegistrationsAsync(past.Id));
        Assert.Empty(await app.RegistrationsAsync(weekly.Id));

        // The second week of a weekly event is its own occurrence with its own places.
        var second = await app.GuestAsync(weekly.Id, "Gijs Week", weekly.StartsAt.AddDays(7));
        Assert.Equal(weekly.StartsAt.AddDays(7), second.Registration.OccurrenceStartsAt);
    }

    [Fact]
    public async Task Capacity_below_the_places_taken_is_refused_and_a_higher_one_promotes()
    {
        var e = await app.EventAsync(capacity: 2);
        await app.GuestAsync(e.Id, "Hans Een");
        await app.GuestAsync(e.Id, "Ilse Twee");
        var waiting = await app.GuestAsync(e.Id, "Jan Wacht");
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        EventInput Input(int capacity) => new(e.Title, e.Description, e.Theme, e.WijkId, Recurrence.Local(e.StartsAt), Recurrence.Local(e.EndsAt),
            Capacity: capacity, Address: e.Address, RegistrationRequired: true);
        var lower = await app.EditorAsync(ed => ed.UpdateAsync(coordinator, e.Id, Input(1)));
        Assert.Equal("validation", lower.Code);
        Assert.Contains("Capacity", lower.FieldErrors!.Keys);
        Assert.Equal(2, await app.DbAsync(db => Task.FromResult(db.Events.Single(x => x.Id == e.Id).Capacity)));

        var higher = await app.EditorAsync(ed => ed.UpdateAsync(coordinator, e.Id, Input(3)));
        Assert.True(higher.Succeeded, higher.Message);
        Assert.Equal(RegistrationStatus.Registered, (await app.RegistrationsAsync(e.Id)).Single(r => r.Id == waiting.Registration.Id).Status);
        Assert.Equal(3, await app.TakenAsync(e.Id));
    }

    [Fact]
    public async Task Lowering_the_capacity_while_people_register_never_leaves_more_places_taken_than_there_are()
    {
        var e = await app.EventAsync(capacity: 20);
        for (var i = 0; i < 3; i++)
        {
            await app.GuestAsync(e.Id, $"Vooraf {i}");
        }
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        using var start = new ManualResetEventSlim();
        var registering = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, e.Id, new RegistrationInput(null, $"Race {i}", $"race{i}@example.net")));
        })).ToList();
        var lowering = Task.Run(async () =>
        {
            start.Wait();
            return await app.EditorAsync(ed => ed.UpdateAsync(coordinator, e.Id, new EventInput(e.Title, e.Description, e.Theme, e.WijkId,
                Recurrence.Local(e.StartsAt), Recurrence.Local(e.EndsAt), Capacity: 6, Address: e.Address)));
        });
        start.Set();
        await Task.WhenAll(registering);
        await lowering;
        var capacity = await app.DbAsync(db => db.Events.Where(x => x.Id == e.Id).Select(x => x.Capacity).SingleAsync());
        var taken = await app.TakenAsync(e.Id);
        var registered = (await app.RegistrationsAsync(e.Id)).Count(r => r.Status == RegistrationStatus.Registered);
        Assert.Equal(registered, taken);
        Assert.True(taken <= capacity, $"{taken} places taken of {capacity}");
    }
}
