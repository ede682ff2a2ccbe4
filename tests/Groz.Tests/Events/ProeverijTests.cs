using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

/// <summary>The proeverij's programme: overlap refused (also at the same moment), a waitlist per session, and bad input.</summary>
public sealed class ProeverijTests(EventsApp app) : IClassFixture<EventsApp>
{
    private static RegistrationInput Guest(string name) => new(null, name, $"{name.ToLowerInvariant().Replace(' ', '.')}@example.net");

    [Fact]
    public async Task An_overlapping_session_is_refused_with_a_clear_message_and_nothing_changes()
    {
        var fair = await app.FairAsync();
        var yoga = await app.SessionAsync(fair, stand: 0, slot: 0, title: "Proefles yoga");
        var cooking = await app.SessionAsync(fair, stand: 1, slot: 0, title: "Gezond koken");
        var later = await app.SessionAsync(fair, stand: 1, slot: 1, title: "Proeverij thee");
        var resident = await app.PrincipalAsync(EventsApp.Email(GrozRole.Resident));

        var first = await app.WithAsync(r => r.RegisterAsync(resident, yoga.Id, new RegistrationInput()));
        Assert.True(first.Succeeded, first.Message);
        var clash = await app.WithAsync(r => r.RegisterAsync(resident, cooking.Id, new RegistrationInput()));
        Assert.Equal("overlapping-session", clash.Code);
        Assert.Equal(409, clash.Status);
        Assert.Contains("Proefles yoga", clash.Message, StringComparison.Ordinal);
        Assert.Empty(await app.RegistrationsAsync(cooking.Id));
        Assert.Equal(0, await app.TakenAsync(cooking.Id));

        var next = await app.WithAsync(r => r.RegisterAsync(resident, later.Id, new RegistrationInput()));
        Assert.True(next.Succeeded, next.Message);
        // Cancel the first: then the other session of that slot is free for them.
        var cancelled = await app.WithAsync(r => r.CancelAsync(resident, first.Value!.Registration.Id));
        Assert.True(cancelled.Succeeded, cancelled.Message);
        var now = await app.WithAsync(r => r.RegisterAsync(resident, cooking.Id, new RegistrationInput()));
        Assert.True(now.Succeeded, now.Message);
    }

    [Fact]
    public async Task Two_overlapping_sessions_asked_for_at_the_same_moment_give_each_person_only_one()
    {
        var fair = await app.FairAsync();
        var a = await app.SessionAsync(fair, 0, 0, capacity: 3, title: "Workshop A");
        var b = await app.SessionAsync(fair, 1, 0, capacity: 3, title: "Workshop B");
        const int people = 8;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, people).SelectMany(i => new[] { a.Id, b.Id }.Select(session => Task.Run(async () =>
        {
            start.Wait();
            return await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, session, Guest($"Tegelijk {i}")));
        }))).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);
        Assert.All(outcomes, o => Assert.True(o.Succeeded || o.Code is "overlapping-session", o.Message));
        Assert.Equal(people, outcomes.Count(o => o.Succeeded));
        var all = (await app.RegistrationsAsync(a.Id)).Concat(await app.RegistrationsAsync(b.Id)).ToList();
        Assert.Equal(people, all.Count);
        Assert.Equal(people, all.Select(r => r.GuestEmail).Distinct().Count());
        // No overbooking either: three places each, the rest on the waitlists in order.
        foreach (var id in new[] { a.Id, b.Id })
        {
            Assert.Equal(Math.Min(3, all.Count(r => r.EventId == id)), await app.TakenAsync(id));
            var waiting = all.Where(r => r.EventId == id && r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistPosition).Order().ToList();
            Assert.Equal(Enumerable.Range(1, waiting.Count).Select(i => (int?)i), waiting);
        }
    }

    [Fact]
    public async Task Cancelling_one_session_promotes_the_first_on_its_own_waitlist_and_mails_them()
    {
        var fair = await app.FairAsync();
        var tasting = await app.SessionAsync(fair, 0, 0, capacity: 1, title: "Proeverij kruiden");
        var other = await app.SessionAsync(fair, 1, 1, capacity: 1, title: "Workshop fietsen");
        var anna = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, tasting.Id, Guest("Anna Plek")));
        var bram = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, tasting.Id, Guest("Bram Wacht")));
        var cor = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, other.Id, Guest("Cor Plek")));
        var dina = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, other.Id, Guest("Dina Wacht")));
        Assert.Equal(RegistrationStatus.Waitlisted, bram.Value!.Registration.Status);
        Assert.Equal(RegistrationStatus.Waitlisted, dina.Value!.Registration.Status);
        // Being on the waitlist of a session holds that time too: Bram cannot take an overlapping one meanwhile.
        var third = await app.SessionAsync(fair, 1, 0, capacity: 5, title: "Workshop brood");
        Assert.Equal("overlapping-session", (await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, third.Id, Guest("Bram Wacht")))).Code);

        var cancelled = await app.WithAsync(r => r.CancelByTokenAsync(anna.Value!.CancelToken));
        Assert.True(cancelled.Succeeded, cancelled.Message);
        Assert.Equal(RegistrationStatus.Registered, (await app.RegistrationsAsync(tasting.Id)).Single(r => r.Id == bram.Value.Registration.Id).Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await app.RegistrationsAsync(other.Id)).Single(r => r.Id == dina.Value.Registration.Id).Status);
        Assert.Equal(1, await app.TakenAsync(tasting.Id));
        using var client = app.NewClient();
        Assert.Contains(client.MailsTo("bram.wacht@example.net"), m => (m.Subject ?? "").Contains("Proeverij kruiden", StringComparison.Ordinal));
        Assert.DoesNotContain(client.MailsTo("dina.wacht@example.net"), m => (m.Subject ?? "").Contains("place has become free", StringComparison.OrdinalIgnoreCase)
            || (m.Subject ?? "").Contains("plek vrij", StringComparison.OrdinalIgnoreCase));
        Assert.True(cor.Succeeded);
    }

    [Fact]
    public async Task Bad_programme_input_is_refused_with_every_message_and_changes_nothing()
    {
        var fair = await app.FairAsync();
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        var local = Recurrence.Local(fair.Proeverij.StartsAt);
        var slotsBefore = await app.DbAsync(db => db.ProeverijSlots.CountAsync(s => s.ProeverijEventId == fair.Proeverij.Id));

        var backwards = await app.ProgrammeEditorAsync(x => x.AddSlotAsync(coordinator, fair.Proeverij.Id, new SlotInput("Terug", local.AddHours(2), local.AddHours(1))));
        Assert.Equal("validation", backwards.Code);
        Assert.True(backwards.FieldErrors!.ContainsKey("End"));
        var outside = await app.ProgrammeEditorAsync(x => x.AddSlotAsync(coordinator, fair.Proeverij.Id, new SlotInput("Avond", local.AddHours(7), local.AddHours(8))));
        Assert.True(outside.FieldErrors!.ContainsKey("Start"));
        var nextDay = await app.ProgrammeEditorAsync(x => x.AddSlotAsync(coordinator, fair.Proeverij.Id, new SlotInput("Morgen", local.AddDays(1), local.AddDays(1).AddHours(1))));
        Assert.True(nextDay.FieldErrors!.ContainsKey("Start"));
        Assert.Equal(slotsBefore, await app.DbAsync(db => db.ProeverijSlots.CountAsync(s => s.ProeverijEventId == fair.Proeverij.Id)));

        var session = await app.SessionAsync(fair, 0, 0, capacity: 3);
        var stand = await app.DbAsync(db => db.ProeverijSessions.SingleAsync(s => s.EventId == session.Id));
        var badSession = await app.ProgrammeEditorAsync(x => x.AddSessionAsync(coordinator, fair.Proeverij.Id, new SessionInput(-1, -1, "", "", (SessionType)9, 0)));
        Assert.Equal(["Capacity", "Description", "SlotId", "StandId", "Title", "Type"], badSession.FieldErrors!.Keys.Order(StringComparer.Ordinal));

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, session.Id, Guest($"Al Binnen {i}")))).Succeeded);
        }
        var lower = await app.ProgrammeEditorAsync(x => x.UpdateSessionAsync(coordinator, session.Id,
            new SessionInput(stand.StandId, stand.SlotId, session.Title, session.Description, SessionType.Workshop, 1)));
        Assert.True(lower.FieldErrors!.ContainsKey("Capacity"), lower.Message);
        var moved = await app.ProgrammeEditorAsync(x => x.UpdateSessionAsync(coordinator, session.Id,
            new SessionInput(stand.StandId, fair.Slots[2].Id, session.Title, session.Description, SessionType.Workshop, 3)));
        Assert.True(moved.FieldErrors!.ContainsKey("SlotId"), moved.Message);
        var unchanged = await app.DbAsync(db => db.Events.SingleAsync(e => e.Id == session.Id));
        Assert.Equal(3, unchanged.Capacity);
        Assert.Equal(fair.Slots[0].StartsAt, unchanged.StartsAt);

        // The same person twice for one session.
        Assert.Equal("already-registered", (await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, session.Id, Guest("Al Binnen 0")))).Code);
        Assert.Equal(2, await app.TakenAsync(session.Id));
        // A removal with people signed up is refused.
        Assert.Equal("session-has-registrations", (await app.ProgrammeEditorAsync(x => x.DeleteSessionAsync(coordinator, session.Id))).Code);

        // More places: the session is still listed only in its proeverij, never on its own in the calendar.
        var list = await app.DbAsync(db => EventListing.UpcomingAsync(db, fair.Proeverij.StartsAt.AddDays(-1), fair.Proeverij.StartsAt.AddDays(1)));
        Assert.Contains(list, o => o.Event.Id == fair.Proeverij.Id);
        Assert.DoesNotContain(list, o => o.Event.Id == session.Id);
    }
}
