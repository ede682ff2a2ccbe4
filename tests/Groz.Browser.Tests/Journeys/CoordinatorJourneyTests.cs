using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// A coordinator's first day: sign in, turn on two-step verification as the role demands (with a real TOTP code),
/// add a wijk (first with a code of the wrong gemeente), and give a member a role. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CoordinatorJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl", "utrecht", "WK034491")]
    [InlineData("en", "leidsche-rijn", "WK034492")]
    public async Task Coordinator_turns_on_2fa_adds_a_wijk_and_grants_a_role(string code, string leerregio, string wijkCode)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);

        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Inloggen", "Sign in"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), $"coordinator.{leerregio}@example.org");
        await page.FillAsync(page.Locator("[name='Input.Password']"), "Samen gezond in de wijk");
        await page.SubmitAsync(lang.T("Inloggen", "Sign in"));

        // The role sees other people's data: first two-step verification, before anything else.
        Assert.Contains("/account/tweestaps", page.Url, StringComparison.Ordinal);
        var key = (await page.Main.Locator(".code").First.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.FillAsync(page.Locator("[name='Input.Code']"), AccountHelpers.TotpCode(key));
        await page.SubmitAsync(lang.T("Aanzetten", "Turn on"));
        Assert.Equal(10, await page.Main.Locator("ul.code li").CountAsync());
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Ik heb ze opgeschreven, verder", "I wrote them down, continue"), Exact = true }));

        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Beheer", "Management"), Exact = true }));
        await page.FollowAsync(page.Main.Locator($"a[href='/beheer/leerregios/{leerregio}']").First);
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Wijk toevoegen", "Add a wijk"), Exact = true }));

        // A wijk code that does not carry the gemeente's digits is refused, next to the field and in the summary.
        await page.FillAsync(page.Locator("[name='Input.GemeenteCode']"), "GM0344");
        await page.FillAsync(page.Locator("[name='Input.Code']"), "WK039991");
        await page.FillAsync(page.Locator("[name='Input.Name']"), "Proefwijk " + code);
        await page.FillAsync(page.Locator("[name='Input.DivisionYear']"), "2024");
        await page.SubmitAsync(lang.T("Wijk toevoegen", "Add wijk"));
        Assert.Equal("true", await page.Locator("[name='Input.Code']").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_Code']").CountAsync());

        await page.FillAsync(page.Locator("[name='Input.Code']"), wijkCode);
        await page.SubmitAsync(lang.T("Wijk toevoegen", "Add wijk"));
        Assert.Contains("Proefwijk " + code, await page.Main.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(wijkCode, await page.Main.InnerTextAsync(), StringComparison.Ordinal);

        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Leden en rollen", "Members and roles"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), $"student.{leerregio}@example.org");
        await page.SelectAsync(page.Locator("select[name='Input.Role']"), "Volunteer");
        await page.SubmitAsync(lang.T("Rol geven", "Grant role"));
        var row = page.Main.Locator("tr", new() { HasText = "Daan Mulder" }).Filter(new() { HasText = lang.T("Vrijwilliger", "Volunteer") });
        Assert.Equal(1, await row.CountAsync());
    }
}
