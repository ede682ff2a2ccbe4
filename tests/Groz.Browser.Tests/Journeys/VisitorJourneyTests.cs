using Groz.Browser.Tests.Support;

namespace Groz.Browser.Tests.Journeys;

/// <summary>A visitor without an account: home, finding a wijk by postcode, the statements, a wrong URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VisitorJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Visitor_finds_Kanaleneiland_by_postcode(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);
        Assert.Equal(lang.T("Samen gezond, dicht bij huis", "Healthy together, close to home"), await page.H1Async());

        await page.FollowAsync(page.Locator("nav").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Wijken", Exact = true }));
        Assert.EndsWith("/wijken", page.Url, StringComparison.Ordinal);
        Assert.Equal(lang.T("Leerregio's en wijken", "Leerregio's and wijken"), await page.H1Async());

        await page.FillAsync(lang.T("Uw postcode", "Your postcode"), "3526 KA");
        await page.SubmitAsync(lang.T("Zoeken", "Find"));
        var results = page.Locator("#results + ul");
        Assert.Contains("Kanaleneiland", await results.InnerTextAsync(), StringComparison.Ordinal);

        await page.FollowAsync(results.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Kanaleneiland" }));
        Assert.EndsWith("/wijken/WK034408", page.Url, StringComparison.Ordinal);
        Assert.Equal("Kanaleneiland", await page.H1Async());
        Assert.Equal(code, await page.LangAsync());
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Invalid_postcode_shows_an_error_linked_to_the_field(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page, "/wijken");
        await page.FillAsync(lang.T("Uw postcode", "Your postcode"), "12");
        await page.SubmitAsync(lang.T("Zoeken", "Find"));

        var error = page.Locator("#postcode-error");
        Assert.Equal(lang.T("Vul een postcode in zoals 3526 KA of 3526.", "Enter a postcode like 3526 KA or 3526."), await error.InnerTextAsync());
        var field = page.Locator("#postcode");
        Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
        Assert.Contains("postcode-error", await field.GetAttributeAsync("aria-describedby") ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Privacy_accessibility_and_API_pages_are_reachable_from_the_footer(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);

        await page.FollowAsync(page.Locator("footer").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Privacy", Exact = true }));
        Assert.EndsWith("/privacy", page.Url, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await page.H1Async()));

        await page.FollowAsync(page.Locator("footer").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = lang.T("Toegankelijkheid", "Accessibility"), Exact = true }));
        Assert.EndsWith("/toegankelijkheid", page.Url, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await page.H1Async()));
        Assert.Equal(code, await page.LangAsync());

        await page.FollowAsync(page.Locator("footer a[href='/api/docs']"));
        Assert.False(string.IsNullOrWhiteSpace(await page.H1Async()));
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Unknown_address_shows_the_friendly_404_page(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);

        var response = await page.GotoAsync("/deze-pagina-bestaat-niet");
        Assert.Equal(404, response?.Status);
        Assert.Equal(lang.T("Pagina niet gevonden", "Page not found"), await page.H1Async());
        await page.FollowAsync(page.Main.Locator("a[href='/']"));
        Assert.Equal(lang.T("Samen gezond, dicht bij huis", "Healthy together, close to home"), await page.H1Async());
    }
}
