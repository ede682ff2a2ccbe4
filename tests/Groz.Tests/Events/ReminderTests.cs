using System.Text.RegularExpressions;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

/// <summary>The reminder the day before: the Dutch "tomorrow" across summer-time changes, once per person even with two runs at once, links that work.</summary>
public sealed partial class ReminderTests(EventJobsApp app) : IClassFixture<EventJobsApp>
{
    private IReadOnlyList<MimeKit.MimeMessage> Reminders(string email)
    {
        using var client = app.NewClient();
        return client.MailsTo(email).Where(m => (m.Subject ?? "").StartsWith("Herinnering", StringComparison.Ordinal)).ToList();
    }

    private static string Mail(string name) => $"{name.ToLowerInvariant().Replace(' ', '.')}@example.net";

    [Fact]
    public async Task The_day_before_summer_time_tomorrow_is_23_hours_and_only_its_activities_are_reminded()
    {
        // Saturday 27 March 2027, noon; summer time starts Sunday 28 March at 02:00.
        app.AtLocal(2027, 3, 27, 12);
        var (from, to) = EventReminders.Tomorrow(app.Clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(23), to - from);
        var earlySunday = await app.EventAsync(start: EventJobsApp.Local(2027, 3, 28, 0, 30), title: "Nachtwandeling");
        var lateSunday = await app.EventAsync(start: EventJobsApp.Local(2027, 3, 28, 23, 30), title: "Sterrenkijken");
        var monday = await app.EventAsync(start: EventJobsApp.Local(2027, 3, 29, 0, 30), title: "Maandagnacht");
        var saturday = await app.EventAsync(start: EventJobsApp.Local(2027, 3, 27, 23, 30), title: "Zaterdagavond");
        // A weekly walk that began in winter time: Sunday's occurrence is still at 10:00 on the wall clock.
        var weekly = await app.EventAsync(start: EventJobsApp.Local(2027, 3, 7, 10), rule: "FREQ=WEEKLY;BYDAY=SU", title: "Zondagwandeling");
        var sunday10 = EventJobsApp.Local(2027, 3, 28, 10);
        await app.GuestAsync(earlySunday.Id, "Zomer Vroeg");
        await app.GuestAsync(lateSunday.Id, "Zomer Laat");
        await app.GuestAsync(monday.Id, "Zomer Maandag");
        await app.GuestAsync(saturday.Id, "Zomer Zaterdag");
        await app.GuestAsync(weekly.Id, "Zomer Wekelijks", sunday10);

        var result = await app.RemindAsync();

        Assert.Equal(3, result.Sent);
        Assert.Single(Reminders(Mail("Zomer Vroeg")));
        Assert.Single(Reminders(Mail("Zomer Laat")));
        var walk = Assert.Single(Reminders(Mail("Zomer Wekelijks")));
        Assert.Contains("10:00", walk.TextBody, StringComparison.Ordinal);
        Assert.Empty(Reminders(Mail("Zomer Maandag")));
        Assert.Empty(Reminders(Mail("Zomer Zaterdag")));
    }

    [Fact]
    public async Task The_day_before_winter_time_tomorrow_is_25_hours_and_reaches_its_last_half_hour()
    {
        // Saturday 30 October 2027; winter time starts Sunday 31 October at 03:00.
        app.AtLocal(2027, 10, 30, 9);
        var (from, to) = EventReminders.Tomorrow(app.Clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(25), to - from);
        var late = await app.EventAsync(start: EventJobsApp.Local(2027, 10, 31, 23, 30), title: "Laatste wandeling");
        var monday = await app.EventAsync(start: EventJobsApp.Local(2027, 11, 1, 0, 15), title: "Maandagochtend");
        await app.GuestAsync(late.Id, "Winter Laat");
        await app.GuestAsync(monday.Id, "Winter Maandag");

        Assert.Equal(1, (await app.RemindAsync()).Sent);
        Assert.Single(Reminders(Mail("Winter Laat")));
        Assert.Empty(Reminders(Mail("Winter Maandag")));
    }

    [Fact]
    public async Task Two_runs_at_the_same_moment_send_each_reminder_once_and_a_later_run_sends_nothing()
    {
        app.AtLocal(2027, 5, 11, 15);
        var e = await app.EventAsync(capacity: 30, start: EventJobsApp.Local(2027, 5, 12, 10), title: "Dubbel gecontroleerd");
        var names = Enumerable.Range(1, 12).Select(i => $"Eenmaal {i}").ToList();
        foreach (var n in names)
        {
            await app.GuestAsync(e.Id, n);
        }
        var member = EventsApp.Email(GrozRole.Resident);
        var registered = await app.WithAsync(async r => await r.RegisterAsync(await app.PrincipalAsync(member), e.Id, new RegistrationInput()));
        Assert.True(registered.Succeeded, registered.Message);
        var memberBefore = Reminders(member).Count;

        // Four runs at once, each with its own connection: as the job on several app instances.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(app.RemindAsync)));

        Assert.Equal(13, results.Sum(r => r.Sent));
        Assert.All(names, n => Assert.Single(Reminders(Mail(n))));
        Assert.Equal(memberBefore + 1, Reminders(member).Count);
        Assert.Equal(0, (await app.RemindAsync()).Sent);
        app.AtLocal(2027, 5, 11, 23, 50);
        Assert.Equal(0, (await app.RemindAsync()).Sent);
        var marked = await app.DbAsync(db => db.EventRegistrations.CountAsync(r => r.EventId == e.Id && r.ReminderSentAt != null));
        Assert.Equal(13, marked);
    }

    [Fact]
    public async Task The_reminder_has_a_working_cancel_link_and_the_ics_link_and_the_confirmation_link_still_works()
    {
        app.AtLocal(2027, 6, 1, 18);
        var e = await app.EventAsync(capacity: 1, start: EventJobsApp.Local(2027, 6, 2, 19), title: "Zomeravondwandeling");
        var first = await app.GuestAsync(e.Id, "Link Eerste");
        var waiting = await app.GuestAsync(e.Id, "Link Wachtend");
        Assert.Equal(RegistrationStatus.Waitlisted, waiting.Registration.Status);

        Assert.Equal(1, (await app.RemindAsync()).Sent);
        // The waitlist gets no reminder: they have no place (yet).
        Assert.Empty(Reminders(Mail("Link Wachtend")));
        var mail = Assert.Single(Reminders(Mail("Link Eerste")));
        var body = mail.TextBody ?? "";
        Assert.Contains("Zomeravondwandeling", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"/activiteiten/{e.Id}/agenda.ics", body, StringComparison.Ordinal);
        Assert.Contains("19:00", body, StringComparison.Ordinal);
        var token = CancelToken().Match(body).Groups[1].Value;
        Assert.NotEqual(first.CancelToken, token);
        // Both secrets lead to the same registration.
        Assert.Equal(first.Registration.Id, (await app.WithAsync(r => r.ByTokenAsync(first.CancelToken)))?.Id);
        Assert.Equal(first.Registration.Id, (await app.WithAsync(r => r.ByTokenAsync(token)))?.Id);

        using var client = app.NewClient();
        var page = await client.GetAsync($"/activiteiten/afmelden/{token}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Response.StatusCode);
        var done = await client.SubmitAsync(page, new Dictionary<string, string>());
        Assert.Equal(System.Net.HttpStatusCode.OK, done.Response.StatusCode);

        // Cancelled after the reminder: the place goes to the waitlist, who is reminded on the next run; the first is not reminded again.
        var all = await app.RegistrationsAsync(e.Id);
        Assert.Equal(RegistrationStatus.Cancelled, all.Single(r => r.Id == first.Registration.Id).Status);
        Assert.Equal(RegistrationStatus.Registered, all.Single(r => r.Id == waiting.Registration.Id).Status);
        Assert.Equal(1, (await app.RemindAsync()).Sent);
        Assert.Single(Reminders(Mail("Link Wachtend")));
        Assert.Single(Reminders(Mail("Link Eerste")));
    }

    [Fact]
    public async Task A_cancelled_activity_and_a_guest_with_only_a_phone_get_no_reminder()
    {
        app.AtLocal(2027, 9, 14, 8);
        var e = await app.EventAsync(start: EventJobsApp.Local(2027, 9, 15, 10), title: "Gaat niet door");
        await app.GuestAsync(e.Id, "Afgelast Gast");
        var phoneOnly = await app.EventAsync(start: EventJobsApp.Local(2027, 9, 15, 14), title: "Bellen");
        var phone = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, phoneOnly.Id, new RegistrationInput(null, "Telefoon Gast", null, "06 12345678")));
        Assert.True(phone.Succeeded, phone.Message);
        await app.DbAsync(db => db.Events.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, EventStatus.Cancelled)));

        Assert.Equal(0, (await app.RemindAsync()).Sent);
        Assert.Empty(Reminders(Mail("Afgelast Gast")));
        Assert.Null(await app.DbAsync(db => db.EventRegistrations.Where(r => r.EventId == e.Id).Select(r => r.ReminderSentAt).SingleAsync()));
    }

    [GeneratedRegex(@"/activiteiten/afmelden/([A-Za-z0-9_\-]+)")]
    private static partial Regex CancelToken();
}
