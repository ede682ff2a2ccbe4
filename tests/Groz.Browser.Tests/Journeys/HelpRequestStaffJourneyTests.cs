using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The Hulpvragen pages around the main road: an entrepreneur asks for a vitaal werken programme, a volunteer opens
/// "what I like to help with", and a coordinator (two-step verification) goes from the queue to the report, the
/// retention page, the settings (saved unchanged) and the vitaal werken question. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class HelpRequestStaffJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_entrepreneur_asks_for_vitaal_werken_and_the_coordinator_walks_report_retention_settings_and_the_question()
    {
        var lang = new Language("nl");
        var company = "Bakkerij De Verse Korst";
        string id;

        // 1. The entrepreneur, on a phone-sized screen.
        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, "ondernemer.utrecht@example.org");
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Hulpvragen", Exact = true }));
            await page.FollowAsync(page.Main.Locator("a[href='/hulpvragen/vitaal-werken']"));
            // Sent empty first: the error summary is scanned too.
            await page.SubmitAsync("Vraag versturen");
            Assert.True(await page.Main.Locator(".error-summary").CountAsync() > 0);
            var kanaleneiland = await page.Locator("#Input_WijkId option", new() { HasTextString = "Kanaleneiland" }).GetAttributeAsync("value");
            await page.SelectAsync(page.Locator("#Input_WijkId"), kanaleneiland!);
            await page.FillAsync(page.Locator("#Input_CompanyName"), company);
            await page.FillAsync(page.Locator("#Input_StaffCount"), "12");
            await page.FillAsync(page.Locator("#Input_Wish"), "Meer bewegen en minder stress voor ons team.");
            await page.FillAsync(page.Locator("#Input_ContactEmail"), "ondernemer.utrecht@example.org");
            await page.CheckBoxAsync(page.Locator("#Input_ProcessingConsent"));
            await page.SubmitAsync("Vraag versturen");
            Assert.Empty(await page.Main.Locator(".error-summary").AllAsync());
            Assert.Contains("verstuurd=", page.Url, StringComparison.Ordinal);
            id = page.Url.Split("verstuurd=")[1];
        }

        // 2. A volunteer looks at what they like to help with.
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, "vrijwilliger.utrecht@example.org");
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Hulpvragen", Exact = true }));
            await page.FollowAsync(page.Main.Locator("a[href='/hulpvragen/vrijwilliger']"));
            Assert.False(string.IsNullOrWhiteSpace(await page.H1Async()));
        }

        // 3. The coordinator.
        const string email = "coordinator.hulpvragen@example.org";
        var key = await browser.App.CoordinatorOfItsOwnAsync(email, "Hanna Hulp");
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, email, key);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Hulpvragen", Exact = true }));
            await page.FollowAsync(page.Main.Locator("a[href='/beheer/hulpvragen/utrecht']").First);

            await page.FollowAsync(page.Main.Locator("a[href='/beheer/hulpvragen/utrecht/rapport']"));
            await page.SubmitAsync("Toon overzicht");
            Assert.True(await page.Main.Locator("table").CountAsync() > 0);

            await page.GotoAsync("/beheer/hulpvragen/utrecht");
            await page.FollowAsync(page.Main.Locator("a[href='/beheer/hulpvragen/utrecht/bewaartermijn']"));
            Assert.Equal("Bewaartermijn van hulpvragen", await page.H1Async());

            await page.GotoAsync("/beheer/hulpvragen/utrecht");
            await page.FollowAsync(page.Main.Locator("a[href='/beheer/hulpvragen/utrecht/instellingen']"));
            await page.SubmitAsync("Instellingen opslaan");
            Assert.Empty(await page.Main.Locator(".error-summary").AllAsync());

            await page.GotoAsync("/beheer/hulpvragen/utrecht");
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/hulpvragen/utrecht/vitaal/{id}']"));
            Assert.Contains(company, await page.Main.InnerTextAsync(), StringComparison.Ordinal);
        }
    }
}
