using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Activiteiten as people use them: a resident, on a phone-sized screen, builds a programme at the demo proeverij, is
/// refused a session at the same time, and cancels a full session; the first on its waitlist gets the place and a mail
/// (seen in the development outbox). The coordinator then opens the organiser pages. Every page is scanned by axe, so the
/// whole module is: the calendar, an event page, the programme, my activities, and the organiser's list, builder,
/// participants and results.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EventJourneyTests(BrowserFixture browser)
{
    private async Task<(long Id, RegistrationStatus Status)> GuestAsync(int sessionId, string name, string email)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Registrations>()
            .RegisterAsync(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()), sessionId, new RegistrationInput(null, name, email));
        Assert.True(outcome.Succeeded, outcome.Message);
        return (outcome.Value!.Registration.Id, outcome.Value.Registration.Status);
    }

    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_resident_builds_a_proeverij_programme_on_a_phone_and_a_cancelled_place_goes_to_the_waitlist(string code, string leerregio)
    {
        var lang = new Language(code);
        var (resident, coordinator) = ($"bewoner.{leerregio}@example.org", $"activiteiten.{leerregio}@example.org");
        var fair = await browser.App.DbAsync(db => db.Events.SingleAsync(e => e.Kind == EventKind.Proeverij && db.Leerregios.Any(l => l.Id == e.LeerregioId && l.Slug == leerregio)));
        var sessions = await browser.App.DbAsync(db => db.Events.Where(e => e.ParentEventId == fair.Id).ToListAsync());
        // Two places: one taken by a guest, the other the resident's; a second guest then waits.
        var small = sessions.Single(s => s.Title == "Proefles ontspannen ademen");
        var sameTime = sessions.First(s => s.StartsAt == small.StartsAt && s.Id != small.Id);
        var later = sessions.First(s => s.StartsAt > small.EndsAt);
        var waitingEmail = $"wachtend.{leerregio}@example.net";
        await GuestAsync(small.Id, "Eerste Gast", $"eerste.{leerregio}@example.net");

        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await page.GotoAsync("/activiteiten");
            await page.GotoAsync($"/activiteiten/{fair.Id}");
            Assert.Equal(fair.Title, await page.H1Async());
            await lang.SignInAsync(page, resident);
            await page.GotoAsync($"/activiteiten/{fair.Id}");
            await page.FollowAsync(page.Main.Locator($"a[href='/activiteiten/{fair.Id}/programma']").First);

            await page.FollowAsync(page.Locator($"#sessie-{small.Id} button"));
            Assert.Contains(small.Title, await page.Locator(".programme-mine").InnerTextAsync(), StringComparison.Ordinal);
            var waiting = await GuestAsync(small.Id, "Wachtende Gast", waitingEmail);
            Assert.Equal(RegistrationStatus.Waitlisted, waiting.Status);

            // The same time: refused, with the reason at the top of the page.
            await page.FollowAsync(page.Locator($"#sessie-{sameTime.Id} button"));
            Assert.Contains(small.Title, await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
            await page.GotoAsync($"/activiteiten/{fair.Id}/programma");
            await page.FollowAsync(page.Locator($"#sessie-{later.Id} button"));
            Assert.Equal(2, await page.Locator(".programme-mine li").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

            // Cancel the full session: the first on its waitlist gets the place.
            await page.FollowAsync(page.Locator(".programme-mine li", new() { HasText = small.Title }).Locator("button"));
            Assert.Equal(1, await page.Locator(".programme-mine li").CountAsync());
            var promoted = await browser.App.DbAsync(db => db.EventRegistrations.Where(r => r.Id == waiting.Id).Select(r => r.Status).SingleAsync());
            Assert.Equal(RegistrationStatus.Registered, promoted);
            await page.GotoAsync("/activiteiten/mijn");
            Assert.Contains(later.Title, await page.Main.InnerTextAsync(), StringComparison.Ordinal);
            await page.GotoAsync("/dev/outbox");
            Assert.Equal(1, await page.Locator("article", new() { HasText = waitingEmail }).Filter(new() { HasText = small.Title }).Filter(new() { HasText = lang.T("Er is een plek vrij", "A place has become free") }).CountAsync());
        }

        // The coordinator: the list, the programme builder with its numbers, a session's participants, the results.
        // A coordinator of its own: the demo coordinators' first sign-in belongs to CoordinatorJourneyTests.
        var key = (await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Anouk Activiteit", leerregio))!;
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, coordinator, key);
            await page.GotoAsync($"/beheer/activiteiten/{leerregio}");
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/activiteiten/{leerregio}/{fair.Id}/programma']"));
            var row = page.Main.Locator("tbody tr", new() { HasText = small.Title });
            Assert.Contains("2", await row.Locator("td").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
            await page.FollowAsync(row.Locator($"a[href='/beheer/activiteiten/{leerregio}/{small.Id}/deelnemers']"));
            Assert.Contains("Wachtende Gast", await page.Main.InnerTextAsync(), StringComparison.Ordinal);
            await page.GotoAsync($"/beheer/activiteiten/{leerregio}/{fair.Id}/resultaat");
            Assert.Equal(1, await page.Locator("#effect").CountAsync());
            await page.GotoAsync($"/beheer/activiteiten/{leerregio}/bewerken/{fair.Id}");
        }
    }
}
