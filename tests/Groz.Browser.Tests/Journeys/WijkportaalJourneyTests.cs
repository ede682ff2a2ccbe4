using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Language = Groz.Browser.Tests.Support.Language;
using Location = Groz.Web.Features.SocialMap.Location;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The Wijkportaal on a phone: a resident finds a free walking group in Kanaleneiland that meets on Tuesday, with the
/// map switched off, and opens its page (JSON-LD in the head, no CSP complaint). Then a short curation round: the
/// resident suggests a correction, the coordinator accepts it. Axe checks every page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WijkportaalJourneyTests(BrowserFixture browser)
{
    private async Task<Guid> AddWalkingGroupAsync(string name)
    {
        var id = Guid.NewGuid();
        await browser.App.DbAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var wijk = await db.Wijken.SingleAsync(w => w.Code == "WK034408");
            var location = Guid.NewGuid();
            db.SmServices.Add(new Service
            {
                Id = id, LeerregioId = wijk.LeerregioId, Name = name, Description = "Elke dinsdag lopen we samen een uur door het Beatrixpark.",
                Publication = Publication.Published, LastModified = now, CreatedAt = now, LastCheckedAt = now,
            });
            db.SmLocations.Add(new Location { Id = location, LeerregioId = wijk.LeerregioId, LocationType = "physical", Name = "Buurthuis De Boog", WijkId = wijk.Id, Latitude = 52.078, Longitude = 5.099 });
            db.SmAddresses.Add(new Address { Id = Guid.NewGuid(), LeerregioId = wijk.LeerregioId, LocationId = location, Address1 = "Marshalllaan 2", City = "Utrecht", StateProvince = "Utrecht", PostalCode = "3527 AB", Country = "NL", AddressType = "physical" });
            db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), LeerregioId = wijk.LeerregioId, ServiceId = id, LocationId = location });
            db.SmSchedules.Add(new Schedule { Id = Guid.NewGuid(), LeerregioId = wijk.LeerregioId, ServiceId = id, Freq = "WEEKLY", Byday = "TU", OpensAt = new(10, 0), ClosesAt = new(11, 0) });
            db.SmCostOptions.Add(new CostOption { Id = Guid.NewGuid(), LeerregioId = wijk.LeerregioId, ServiceId = id, Currency = "EUR", Amount = 0 });
            db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = wijk.LeerregioId, LinkId = id, LinkType = "service", TaxonomyTermId = SocialMapTaxonomies.ThemeTermId("leefstijl") });
            await db.SaveChangesAsync();
        });
        await using var scope = browser.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SearchIndex>().SyncAsync();
        return id;
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Resident_finds_a_free_walking_group_open_on_tuesday_on_a_phone_without_the_map(string code)
    {
        var lang = new Language(code);
        var name = lang.T("Wandelgroep De Boog", "Walking group De Boog");
        var id = await AddWalkingGroupAsync(name);
        await using var page = await browser.NewPageAsync(width: 375, height: 740);
        await lang.StartAsync(page);
        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Wijkportaal", Exact = true }));
        Assert.Equal("Wijkportaal", await page.H1Async());

        await page.FillAsync(page.Locator("#q"), lang.T("wandelen", "walking"));
        await page.SelectAsync(page.Locator("#wijk"), "WK034408");
        await page.SelectAsync(page.Locator("#dag"), "TU");
        await page.CheckBoxAsync(page.Locator("#gratis"));
        await page.CheckBoxAsync(page.Locator("#kaart"));
        await page.SubmitAsync(lang.T("Zoeken", "Search"));

        Assert.Contains("kaart=uit", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#portal-map").CountAsync());
        Assert.Equal(0, await page.Locator("script[src*='leaflet']").CountAsync());
        var result = page.Main.Locator(".portal-result", new() { HasText = name });
        Assert.Equal(1, await result.CountAsync());
        Assert.Contains(lang.T("Gratis", "Free"), await result.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 375, "the results fit a 375 px screen");

        await page.FollowAsync(result.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }));
        Assert.Equal(name, await page.H1Async());
        Assert.EndsWith($"/wijkportaal/dienst/{id}", page.Url, StringComparison.Ordinal);
        var details = await page.Main.InnerTextAsync();
        Assert.Contains("10:00–11:00", details, StringComparison.Ordinal);
        Assert.Contains("Marshalllaan 2", details, StringComparison.Ordinal);
        // JSON-LD is data: the browser does not run it, so CSP (script-src 'self') has nothing to block; AxePage fails on any CSP report.
        var ld = await page.Locator("script[type='application/ld+json']").TextContentAsync();
        Assert.Contains("\"@type\":\"Service\"", ld, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 375, "the detail page fits a 375 px screen");

        // The printable overview of the wijk.
        await page.GotoAsync("/wijkportaal/wijk/WK034408/overzicht");
        Assert.Contains(name, await page.Main.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(page.Scans >= 5);
    }

    [Fact]
    public async Task Resident_suggests_a_correction_and_the_coordinator_publishes_it()
    {
        var lang = new Language("nl");
        var id = await AddWalkingGroupAsync("Wandelclub Kanaleneiland");
        await using (var page = await browser.NewPageAsync(width: 375, height: 740))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, "bewoner.utrecht@example.org");
            await page.GotoAsync($"/wijkportaal/dienst/{id}");
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Verbetering voorstellen", Exact = true }));
            await page.FillAsync(page.Locator("[name='Input.Name']"), "Wandelclub Kanaleneiland-Noord");
            await page.FillAsync(page.Locator("[name='Input.Message']"), "We lopen nu vanaf de bibliotheek.");
            await page.SubmitAsync("Voorstel versturen");
            Assert.Contains("Een coördinator kijkt naar uw voorstel", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        }
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            const string coordinator = "coordinator.wijkportaal@example.org";
            await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Wies Portaal", twoFactor: false);
            await lang.SignInAsync(page, coordinator);
            Assert.Contains("/account/tweestaps", page.Url, StringComparison.Ordinal);
            var key = (await page.Main.Locator(".code").First.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            await page.FillAsync(page.Locator("[name='Input.Code']"), AccountHelpers.TotpCode(key));
            await page.SubmitAsync("Aanzetten");
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Ik heb ze opgeschreven, verder", Exact = true }));

            await page.GotoAsync("/wijkportaal");
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Voorstellen om te beoordelen", Exact = true }));
            var card = page.Main.Locator(".portal-suggestions li", new() { HasText = "Wandelclub Kanaleneiland-Noord" });
            Assert.Contains("We lopen nu vanaf de bibliotheek.", await card.InnerTextAsync(), StringComparison.Ordinal);
            await page.FollowAsync(card.GetByRole(AriaRole.Button, new() { Name = "Goedkeuren", Exact = true }));
            Assert.Contains("Goedgekeurd", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);

            await page.GotoAsync($"/wijkportaal/dienst/{id}");
            Assert.Equal("Wandelclub Kanaleneiland-Noord", await page.H1Async());
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Dit onderdeel aanpassen", Exact = true }));
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Button, new() { Name = "Alles klopt nog", Exact = true }));
            Assert.Contains("Laatst gecontroleerd op", await page.Locator(".portal-checked").InnerTextAsync(), StringComparison.Ordinal);
        }
    }
}
