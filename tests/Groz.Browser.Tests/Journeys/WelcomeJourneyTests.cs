using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Welkom in de wijk as a new resident walks it, on a phone-sized screen and without an account: from the home page to
/// the welcome route, a first try without a postcode (the message links to the field), then postcode and interests, the
/// personal welcome page, and a request for a welkomstmaatje (first without consent, then with). Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class WelcomeJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl", "3584 ab", "Utrecht Oost")]
    [InlineData("en", "3541AB", "Leidsche Rijn")]
    public async Task A_new_resident_follows_the_welcome_route_on_a_phone_and_asks_for_a_welkomstmaatje(string code, string postcode, string wijk)
    {
        var lang = new Language(code);
        var name = lang.T("Noor de Wit", "Sam Fletcher");
        await using var page = await browser.NewPageAsync(390, 844);
        await lang.StartAsync(page);
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Nieuw in de wijk? Begin uw welkomstroute", "New in the wijk? Start your welcome route"), Exact = true }));
        Assert.Equal(lang.T("Welkom in de wijk", "Welcome to the wijk"), await page.H1Async());

        // Sent without a postcode or interests: the summary links to both fields.
        await page.SubmitAsync(lang.T("Toon mijn welkomstpagina", "Show my welcome page"));
        Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_Postcode']").CountAsync());
        Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_Interests']").CountAsync());
        Assert.Equal("true", await page.Locator("#Input_Postcode").GetAttributeAsync("aria-invalid"));

        await page.FillAsync(page.Locator("#Input_Postcode"), postcode);
        await page.CheckBoxAsync(page.Locator("#interest-leefstijl"));
        await page.CheckBoxAsync(page.Locator("#interest-sociale-basis"));
        await page.CheckBoxAsync(page.Locator("#situation-just-moved"));
        await page.SubmitAsync(lang.T("Toon mijn welkomstpagina", "Show my welcome page"));
        Assert.Matches("/welkom/r/[A-Za-z0-9_-]{20}$", page.Url);
        Assert.Equal(lang.T($"Welkom in {wijk}!", $"Welcome to {wijk}!"), await page.H1Async());
        Assert.True(await page.Main.Locator("section[aria-labelledby=services] li, section[aria-labelledby=activities] li").CountAsync() > 0);
        Assert.Contains("Samira", await page.Main.Locator("section[aria-labelledby=assistants]").InnerTextAsync(), StringComparison.Ordinal);
        // Nothing sticks out sideways on a phone.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        // The maatje: first without consent, then with.
        await page.FillAsync(page.Locator("#Maatje_Name"), name);
        await page.CheckBoxAsync(page.Locator("#Maatje_ContactPreference_Phone"));
        await page.FillAsync(page.Locator("#Maatje_Phone"), "06 12345678");
        await page.SubmitAsync(lang.T("Koppel mij aan een welkomstmaatje", "Link me to a welkomstmaatje"));
        Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Maatje_Consent']").CountAsync());
        await page.CheckBoxAsync(page.Locator("#Maatje_Consent"));
        await page.SubmitAsync(lang.T("Koppel mij aan een welkomstmaatje", "Link me to a welkomstmaatje"));
        Assert.Contains(lang.T("Een buurtassistent neemt contact met u op", "A buurtassistent will contact you"),
            await page.Main.Locator("#maatje .notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        var request = await browser.App.DbAsync(db => db.HelpRequests.Where(r => r.ContactName == name).SingleAsync());
        Assert.Equal(HelpRequestKind.Welcome, request.Kind);
        Assert.Null(request.ResidentUserId);
        Assert.True(page.Scans >= 5);
    }
}

/// <summary>A coordinator uploads the municipality's new addresses (one broken row) and opens the printable letters; axe-clean.</summary>
[Collection(BrowserCollection.Second)]
public sealed class WelcomeLettersJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_coordinator_uploads_new_addresses_sees_the_skipped_row_and_opens_the_letters()
    {
        var lang = new Language("nl");
        // A coordinator of its own: turning on 2FA for the shared demo coordinator would break the journey that
        // expects that account to be sent to set up two-step verification first.
        var coordinator = "coordinator.welkom@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Wim Welkom"))!;
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);
        await lang.SignInAsync(page, coordinator, key);
        await page.GotoAsync("/beheer/welkom/utrecht");
        Assert.Equal("Welkomstbrieven van Leerregio Utrecht", await page.H1Async());
        var csv = "straat;huisnummer;postcode;plaats\nBiltstraat;400;3581 AB;Utrecht\nBiltstraat;;3581 AB;Utrecht\n"u8.ToArray();
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "adressen.csv", MimeType = "text/csv", Buffer = csv });
        await page.SubmitAsync("Maak de brieven");
        Assert.Contains("1 brieven gemaakt, 1 regels overgeslagen.", await page.Main.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Het huisnummer is geen getal.", await page.Main.Locator(".notice table").InnerTextAsync(), StringComparison.Ordinal);
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Print de brieven", Exact = true }));
        Assert.Equal(1, await page.Main.Locator("article.welcome-letter").CountAsync());
        Assert.Contains("Biltstraat 400", await page.Main.Locator("article.welcome-letter address").InnerTextAsync(), StringComparison.Ordinal);

        // Later: which codes were used? The newest batch is on top of the list.
        await page.GotoAsync("/beheer/welkom/utrecht");
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "0 van 1: bekijk welke", Exact = true }).First);
        Assert.StartsWith("Briefcodes van", await page.H1Async(), StringComparison.Ordinal);
        Assert.Contains("1 brieven, 0 codes gebruikt, 1 nog niet gebruikt.", await page.Main.Locator(".lead").InnerTextAsync(), StringComparison.Ordinal);
        var row = await page.Main.Locator("table tbody tr").InnerTextAsync();
        Assert.Contains("Biltstraat 400", row, StringComparison.Ordinal);
        Assert.Contains("Nog niet", row, StringComparison.Ordinal);
    }
}
