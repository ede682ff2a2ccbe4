using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

public sealed class EventPageTests(EventsApp app) : IClassFixture<EventsApp>
{
    [Fact]
    public async Task A_guest_finds_an_activity_signs_up_and_cancels_with_the_link_from_the_mail()
    {
        var e = await app.EventAsync(capacity: 1, title: "Buurtlunch Oost");
        var waiting = await app.GuestAsync(e.Id, "Wim Wachtend");
        await app.DbAsync(db => db.EventRegistrations.Where(r => r.Id == waiting.Registration.Id).ExecuteDeleteAsync());
        await app.DbAsync(db => db.EventOccurrences.Where(o => o.EventId == e.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Taken, 0)));
        using var client = app.NewClient();
        var list = await client.GetAsync("/activiteiten?Wijk=WK034405");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Buurtlunch Oost", list.Text, StringComparison.Ordinal);

        var page = await client.GetAsync($"/activiteiten/{e.Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var ld = JsonDocument.Parse(page.Html.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("Event", ld.GetProperty("@type").GetString());
        Assert.Equal("Buurtlunch Oost", ld.GetProperty("name").GetString());
        Assert.Equal("https://schema.org/EventScheduled", ld.GetProperty("eventStatus").GetString());
        Assert.Equal(TimeZoneInfo.ConvertTime(e.StartsAt, Recurrence.DutchTime), DateTimeOffset.Parse(ld.GetProperty("startDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(page.Html.QuerySelector($"a[href='/activiteiten/{e.Id}/agenda.ics']"));

        // Bad input: nothing is saved, the messages are next to the fields.
        var bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Email"] = "geen-adres" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.NotEmpty(TimeBank.TimeBankTestSupport.ErrorAt(bad, "Input_Name"));
        Assert.NotEmpty(TimeBank.TimeBankTestSupport.ErrorAt(bad, "Input_Email"));
        Assert.Empty(await app.DbAsync(db => db.EventRegistrations.Where(r => r.EventId == e.Id && r.Status != RegistrationStatus.Cancelled).ToListAsync()));

        var done = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Name"] = "Lotte de Vries", ["Input.Email"] = "lotte@example.net" });
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        var registration = await app.DbAsync(db => db.EventRegistrations.SingleAsync(r => r.EventId == e.Id && r.GuestEmail == "lotte@example.net"));
        Assert.Equal(RegistrationStatus.Registered, registration.Status);

        var link = client.LinkInLatestMail("lotte@example.net");
        Assert.StartsWith("/activiteiten/afmelden/", link, StringComparison.Ordinal);
        var cancelPage = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, cancelPage.Status);
        var cancelled = await client.SubmitAsync(cancelPage, new Dictionary<string, string>());
        Assert.NotNull(cancelled.Html.QuerySelector("#cancelled"));
        Assert.Equal(RegistrationStatus.Cancelled, (await app.DbAsync(db => db.EventRegistrations.SingleAsync(r => r.Id == registration.Id))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/activiteiten/afmelden/verzonnen-token")).Status);
    }

    [Fact]
    public async Task A_coordinator_creates_an_activity_on_the_page_and_checks_people_in()
    {
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, EventsApp.Email(GrozRole.Coordinator));
        var form = await client.GetAsync("/beheer/activiteiten/utrecht/bewerken");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var wijkId = (await app.WijkAsync()).WijkId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Fietsles voor vrouwen", ["Input.Description"] = "Leren fietsen in een veilige groep.", ["Input.Theme"] = "leefstijl",
            ["Input.WijkId"] = wijkId, ["Input.Start"] = "2027-05-04T10:00", ["Input.End"] = "2027-05-04T09:00", ["Input.RecurrenceRule"] = "FREQ=OFTEN",
            ["Input.Address"] = "Sportpark", ["Input.Capacity"] = "8", ["Input.Cost"] = "0", ["Input.Status"] = "Published",
        };
        var before = await app.DbAsync(db => db.Events.CountAsync());
        var bad = await client.SubmitAsync(form, fields);
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.NotEmpty(TimeBank.TimeBankTestSupport.ErrorAt(bad, "Input_End"));
        Assert.NotEmpty(TimeBank.TimeBankTestSupport.ErrorAt(bad, "Input_RecurrenceRule"));
        Assert.Equal(before, await app.DbAsync(db => db.Events.CountAsync()));

        fields["Input.End"] = "2027-05-04T11:30";
        fields["Input.RecurrenceRule"] = "FREQ=WEEKLY;COUNT=6";
        var saved = await client.SubmitAsync(bad, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var e = await app.DbAsync(db => db.Events.SingleAsync(x => x.Title == "Fietsles voor vrouwen"));
        // 10:00 in May is summer time: 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 5, 4, 8, 0, 0, TimeSpan.Zero), e.StartsAt);

        // An organiser adds someone who phoned, then checks them in at the door.
        var participants = await client.GetAsync($"/beheer/activiteiten/utrecht/{e.Id}/deelnemers");
        Assert.Equal(HttpStatusCode.OK, participants.Status);
        var added = await client.SubmitAsync(participants, new Dictionary<string, string> { ["Input.Name"] = "Fatima", ["Input.Phone"] = "06 12345678" },
            "main form[action*='handler=Add']");
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var list = await client.FollowAsync(added);
        Assert.Contains("Fatima", list.Text, StringComparison.Ordinal);
        var checkedIn = await client.SubmitAsync(list, new Dictionary<string, string>(), "main form[action*='handler=CheckIn']");
        Assert.Equal(HttpStatusCode.Redirect, checkedIn.Status);
        var r = await app.DbAsync(db => db.EventRegistrations.SingleAsync(x => x.EventId == e.Id));
        Assert.Equal(RegistrationStatus.Attended, r.Status);
        Assert.NotNull(r.AttendedAt);
        Assert.Null(r.UserId);
        Assert.NotNull(r.EnteredByUserId);
    }

    [Fact]
    public async Task Saving_an_activity_unchanged_keeps_its_organiser_and_location()
    {
        // The choices were once built with Guid.ToString() inside the query: SQLite gave upper-case text, no option
        // matched the saved value, and saving the form unchanged silently cleared the organiser and the location.
        var e = await app.EventAsync(title: "Koffie in de Speeltuin");
        var (organization, location) = await app.DbAsync(async db => (
            await db.SmOrganizations.Where(o => o.LeerregioId == e.LeerregioId).OrderBy(o => o.Name).Select(o => o.Id).FirstAsync(),
            await db.SmLocations.Where(x => x.LeerregioId == e.LeerregioId && x.Name != null).OrderBy(x => x.Name).Select(x => x.Id).FirstAsync()));
        await app.DbAsync(db => db.Events.Where(x => x.Id == e.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.OrganizationId, organization).SetProperty(x => x.LocationId, location)));

        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, EventsApp.Email(GrozRole.Coordinator));
        var form = await client.GetAsync($"/beheer/activiteiten/utrecht/bewerken/{e.Id}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var saved = await client.SubmitAsync(form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var after = await app.DbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Id == e.Id));
        Assert.Equal(organization, after.OrganizationId);
        Assert.Equal(location, after.LocationId);
    }

    [Fact]
    public async Task The_pages_speak_English_too()
    {
        using var client = app.NewClient();
        var page = await client.GetAsync("/activiteiten?culture=en");
        Assert.Contains("Activities", page.Html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Add these activities to your calendar", page.Text, StringComparison.Ordinal);
        var dutch = app.NewClient();
        Assert.Contains("Activiteiten", (await dutch.GetAsync("/activiteiten")).Html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        dutch.Dispose();
    }
}
