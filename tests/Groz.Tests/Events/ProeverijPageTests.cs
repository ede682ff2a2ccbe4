using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

/// <summary>The proeverij's pages without JavaScript: the demo fair, a programme built and changed, the organiser's pages.</summary>
public sealed class ProeverijPageTests(EventsApp app) : IClassFixture<EventsApp>
{
    [Fact]
    public async Task A_resident_builds_a_programme_is_refused_an_overlap_and_cancels_a_session_on_the_page()
    {
        // The demo fair of Utrecht: eight stands, twelve sessions over three slots.
        var fair = await app.DbAsync(db => db.Events.SingleAsync(e => e.Kind == EventKind.Proeverij && db.Leerregios.Any(l => l.Id == e.LeerregioId && l.Slug == "utrecht")));
        Assert.Equal(8, await app.DbAsync(db => db.ProeverijStands.CountAsync(s => s.ProeverijEventId == fair.Id)));
        Assert.Equal(12, await app.DbAsync(db => db.ProeverijSessions.CountAsync(s => s.ProeverijEventId == fair.Id)));
        Assert.Equal(3, await app.DbAsync(db => db.ProeverijSlots.CountAsync(s => s.ProeverijEventId == fair.Id)));
        var sessions = await app.DbAsync(db => db.Events.Where(e => e.ParentEventId == fair.Id).OrderBy(e => e.StartsAt).ThenBy(e => e.Id).ToListAsync());
        var (first, sameTime) = (sessions[0], sessions[1]);
        Assert.Equal(first.StartsAt, sameTime.StartsAt);

        using var client = app.NewClient();
        var detail = await client.GetAsync($"/activiteiten/{fair.Id}");
        Assert.NotNull(detail.Html.QuerySelector($"a[href='/activiteiten/{fair.Id}/programma']"));
        await client.SignInAsync(EventsApp.Email(GrozRole.Resident));
        var page = await client.GetAsync($"/activiteiten/{fair.Id}/programma");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        page = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string> { ["sessionId"] = first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"#sessie-{first.Id} form"));
        Assert.Contains(first.Title, page.Html.QuerySelector(".programme-mine")!.TextContent, StringComparison.Ordinal);
        var refused = await client.SubmitAsync(page, new Dictionary<string, string>(), $"#sessie-{sameTime.Id} form");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(first.Title, refused.Html.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var userId = await app.UserIdAsync(EventsApp.Email(GrozRole.Resident));
        Assert.False(await app.DbAsync(db => db.EventRegistrations.AnyAsync(r => r.EventId == sameTime.Id && r.UserId == userId)));

        page = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string>(), ".programme-mine form"));
        Assert.Null(page.Html.QuerySelector(".programme-mine"));
        Assert.Equal(RegistrationStatus.Cancelled, await app.DbAsync(db => db.EventRegistrations.Where(r => r.EventId == first.Id && r.UserId == userId).Select(r => r.Status).SingleAsync()));
        // A session's own address leads to its place in the programme.
        Assert.Equal($"/activiteiten/{fair.Id}/programma#sessie-{first.Id}", (await client.GetAsync($"/activiteiten/{first.Id}")).Location);

        var mine = await client.GetAsync("/activiteiten/mijn");
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        var made = await client.SubmitAsync(mine, new Dictionary<string, string>());
        var url = made.Html.QuerySelector("#feed-url")!.GetAttribute("value")!;
        Assert.Equal("text/calendar", (await client.Http.GetAsync(new Uri(url).PathAndQuery)).Content.Headers.ContentType?.MediaType);
        // Organiser pages are not for a resident.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/beheer/activiteiten/utrecht/{fair.Id}/programma")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/beheer/activiteiten/utrecht/{fair.Id}/resultaat")).Status);
    }

    [Fact]
    public async Task A_coordinator_adds_a_stand_slot_and_session_and_sees_the_numbers_and_results()
    {
        var fair = await app.FairAsync(stands: 1);
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, EventsApp.Email(GrozRole.Coordinator));
        var url = $"/beheer/activiteiten/utrecht/{fair.Proeverij.Id}/programma";
        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var badSlot = await client.SubmitAsync(page, new Dictionary<string, string> { ["Slot.Start"] = "2001-01-01T10:00", ["Slot.End"] = "2001-01-01T09:00" }, "form[action*='handler=Slot']");
        Assert.NotEmpty(TimeBank.TimeBankTestSupport.ErrorAt(badSlot, "Slot_End"));
        var stand = await client.SubmitAsync(page, new Dictionary<string, string> { ["Stand.Name"] = "Kraam van de bibliotheek", ["Stand.Theme"] = "sociale-basis", ["Stand.Description"] = "Lezen en leren." },
            "form[action*='handler=Stand']");
        Assert.Equal(HttpStatusCode.Redirect, stand.Status);
        page = await client.GetAsync(url);
        var standId = await app.DbAsync(db => db.ProeverijStands.Where(s => s.Name == "Kraam van de bibliotheek").Select(s => s.Id).SingleAsync());
        var session = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Session.StandId"] = standId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Session.SlotId"] = fair.Slots[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Session.Type"] = "Workshop", ["Session.Title"] = "Voorleesuurtje", ["Session.Description"] = "Samen lezen.", ["Session.Capacity"] = "5",
        }, "form[action*='handler=Session']");
        Assert.Equal(HttpStatusCode.Redirect, session.Status);
        page = await client.GetAsync(url);
        Assert.Contains("Voorleesuurtje", page.Html.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var results = await client.GetAsync($"/beheer/activiteiten/utrecht/{fair.Proeverij.Id}/resultaat");
        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.NotNull(results.Html.QuerySelector("#effect"));
        // Another leerregio's coordinator finds nothing.
        using var other = app.NewClient();
        await app.SignInWithTwoFactorAsync(other, EventsApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/activiteiten/leidsche-rijn/{fair.Proeverij.Id}/programma")).Status);
    }
}
