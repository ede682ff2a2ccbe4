using Groz.Browser.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Samenwerking and wijkgesprekken as a new coordinator walks them: add a theme to the codebook, record a focus group,
/// code two fragments from it, and see the theme × wijk matrix count them; recode one to another theme and see the matrix
/// move it; then start a samenwerkingsverband (three members: more rows than the form first shows) and find it
/// in the network's table (the accessible alternative of the drawing). Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class CollaborationJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_coordinator_records_a_focus_group_codes_it_and_starts_a_collaboration(string code, string leerregio)
    {
        var lang = new Language(code);
        var email = $"samenwerking.{leerregio}@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(email, "Sanne Samenwerking", leerregio))!;
        var wijk = await browser.App.DbAsync(db => db.Wijken.Where(w => db.Leerregios.Any(l => l.Id == w.LeerregioId && l.Slug == leerregio)).OrderBy(w => w.Name).FirstAsync());
        var orgs = await browser.App.DbAsync(db => db.SmOrganizations
            .Where(o => o.Publication == Groz.Web.Features.SocialMap.Publication.Published && db.Leerregios.Any(l => l.Id == o.LeerregioId && l.Slug == leerregio)).OrderBy(o => o.Name).Take(3).ToListAsync());
        var theme = $"Samen koken ({code})";

        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);
        await lang.SignInAsync(page, email, key);
        await page.GotoAsync($"/beheer/wijkgesprekken/{leerregio}");

        // The codebook: a new theme.
        await page.FollowAsync(page.Main.Locator($"a[href='/beheer/wijkgesprekken/{leerregio}/codeboek']"));
        await page.FillAsync(page.Locator("#Input_Name"), theme);
        await page.SubmitAsync(lang.T("Code toevoegen", "Add code"));
        Assert.Contains(theme, await page.Main.InnerTextAsync(), StringComparison.Ordinal);
        var other = $"Samen sporten ({code})";
        await page.FillAsync(page.Locator("#Input_Name"), other);
        await page.SubmitAsync(lang.T("Code toevoegen", "Add code"));
        Assert.Contains(other, await page.Main.InnerTextAsync(), StringComparison.Ordinal);

        // A focus group; a first try without a summary is refused with the reason at the field.
        await page.GotoAsync($"/beheer/wijkgesprekken/{leerregio}");
        await page.FollowAsync(page.Main.Locator($"a[href='/beheer/wijkgesprekken/{leerregio}/gesprek/bewerken']"));
        await page.SelectAsync(page.Locator("#Input_WijkId"), wijk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectAsync(page.Locator("#Input_Format"), "FocusGroup");
        await page.SelectAsync(page.Locator("#Input_Place"), "Buurthuis");
        await page.CheckBoxAsync(page.Locator("#participant-Residents"));
        await page.CheckBoxAsync(page.Locator("#participant-Volunteers"));
        await page.FillAsync(page.Locator("#Input_ParticipantCount"), "11");
        await page.FillAsync(page.Locator("#Input_Facilitator"), "Buurtteam");
        await page.SubmitAsync(lang.T("Opslaan", "Save"));
        Assert.Equal("true", await page.Locator("#Input_Summary").GetAttributeAsync("aria-invalid"));
        await page.FillAsync(page.Locator("#Input_Summary"), lang.T("Bewoners willen samen koken en eten.", "Residents want to cook and eat together."));
        await page.SubmitAsync(lang.T("Opslaan", "Save"));

        // Two fragments, both coded with the new theme.
        foreach (var text in new[] { lang.T("Een kookclub in het buurthuis", "A cooking club at the community centre"), lang.T("Samen eten tegen eenzaamheid", "Eating together against loneliness") })
        {
            await page.FillAsync(page.Locator("#Fragment_Text"), text);
            await page.CheckBoxAsync(page.Main.GetByLabel(theme, new() { Exact = true }));
            await page.SubmitAsync(lang.T("Fragment toevoegen", "Add fragment"));
        }
        Assert.Equal(2, await page.Locator("table.fragments tbody tr").CountAsync());

        // The matrix counts them in the wijk of the conversation.
        await page.GotoAsync($"/beheer/wijkgesprekken/{leerregio}");
        var headers = await page.Locator("table.matrix thead th").AllInnerTextsAsync();
        var row = page.Locator("table.matrix tbody tr", new() { HasText = theme });
        Assert.Equal("2", (await row.Locator("th, td").Nth(headers.ToList().IndexOf(wijk.Name)).InnerTextAsync()).Trim());

        // One fragment was coded wrongly: recode it to the other theme, and the matrix moves it.
        var conversation = await browser.App.DbAsync(db => db.NeighbourhoodConversations
            .Where(c => c.Summary == lang.T("Bewoners willen samen koken en eten.", "Residents want to cook and eat together.") && db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == leerregio))
            .Select(c => c.Id).SingleAsync());
        await page.GotoAsync($"/beheer/wijkgesprekken/{leerregio}/gesprek/{conversation}");
        await page.FollowAsync(page.Locator("table.fragments tbody tr", new() { HasText = lang.T("Samen eten tegen eenzaamheid", "Eating together against loneliness") })
            .GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = lang.T("Wijzigen", "Change"), Exact = true }));
        Assert.Equal(lang.T("Fragment wijzigen", "Change fragment"), await page.H1Async());
        await page.Main.GetByLabel(theme, new() { Exact = true }).UncheckAsync();
        await page.SubmitAsync(lang.T("Fragment opslaan", "Save fragment"));
        // No code left is refused, with the reason under the codes.
        Assert.Equal("Fragment_CodeIds-error", await page.Locator("fieldset#Fragment_CodeIds").GetAttributeAsync("aria-describedby"));
        Assert.True(await page.Locator("#Fragment_CodeIds-error").IsVisibleAsync());
        await page.CheckBoxAsync(page.Main.GetByLabel(other, new() { Exact = true }));
        await page.SubmitAsync(lang.T("Fragment opslaan", "Save fragment"));
        Assert.Contains(other, await page.Locator("table.fragments").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync($"/beheer/wijkgesprekken/{leerregio}");
        var column = (await page.Locator("table.matrix thead th").AllInnerTextsAsync()).ToList().IndexOf(wijk.Name);
        Assert.Equal("1", (await page.Locator("table.matrix tbody tr", new() { HasText = theme }).Locator("th, td").Nth(column).InnerTextAsync()).Trim());
        Assert.Equal("1", (await page.Locator("table.matrix tbody tr", new() { HasText = other }).Locator("th, td").Nth(column).InnerTextAsync()).Trim());

        // A samenwerkingsverband on this theme's wijk; the network table lists it at its members.
        var name = lang.T("Kookclub ", "Cooking club ") + wijk.Name;
        await page.GotoAsync($"/samenwerking/{leerregio}");
        await page.FollowAsync(page.Main.Locator($"a[href='/samenwerking/{leerregio}/verband/bewerken']"));
        await page.FillAsync(page.Locator("#Input_Name"), name);
        await page.SelectAsync(page.Locator("#Input_Type"), "Project");
        await page.FillAsync(page.Locator("#Input_StartsOn"), "2026-03-01");
        await page.SelectAsync(page.Locator("#Input_Members_0__OrganizationId"), orgs[0].Id.ToString());
        await page.FillAsync(page.Locator("#Input_Members_0__Role"), "trekker");
        await page.SelectAsync(page.Locator("#Input_Members_1__OrganizationId"), orgs[1].Id.ToString());
        // Two rows are not enough: more rows keep what was typed.
        Assert.Equal(0, await page.Locator("#Input_Members_2__OrganizationId").CountAsync());
        await page.SubmitAsync(lang.T("Meer rijen", "More rows"));
        Assert.Equal(name, await page.Locator("#Input_Name").InputValueAsync());
        Assert.Equal("trekker", await page.Locator("#Input_Members_0__Role").InputValueAsync());
        await page.SelectAsync(page.Locator("#Input_Members_2__OrganizationId"), orgs[2].Id.ToString());
        await page.CheckBoxAsync(page.Locator($"#wijk-{wijk.Id}"));
        await page.SubmitAsync(lang.T("Opslaan", "Save"));
        Assert.Equal(name, await page.H1Async());
        await page.GotoAsync($"/samenwerking/{leerregio}?wijk={wijk.Id}");
        // The drawing is there (from the same table), marked as an image that points to the table.
        Assert.Equal("img", await page.Locator("#network-graph").GetAttributeAsync("role"));
        Assert.True(await page.Locator("#network-graph canvas").CountAsync() > 0);
        foreach (var org in orgs)
        {
            var orgRow = page.Locator("table.network-table tbody tr", new() { Has = page.Locator("th", new() { HasText = org.Name }) });
            Assert.Contains(name, await orgRow.First.InnerTextAsync(), StringComparison.Ordinal);
        }
    }
}
