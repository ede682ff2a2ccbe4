using Groz.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// A member adds a passkey and signs in with it, the whole WebAuthn ceremony in Chromium, with a virtual
/// authenticator (the DevTools WebAuthn domain) standing in for a phone's fingerprint sensor.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class PasskeyJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Member_adds_a_passkey_and_signs_in_with_it_without_a_password(string code)
    {
        var lang = new Language(code);
        var email = code == "nl" ? "mantelzorger.utrecht@example.org" : "mantelzorger.leidsche-rijn@example.org";
        await using var page = await browser.NewPageAsync();
        var devTools = await page.DevToolsAsync();
        await devTools.SendAsync("WebAuthn.enable");
        var authenticator = await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        await lang.StartAsync(page);

        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Inloggen", "Sign in"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), email);
        await page.FillAsync(page.Locator("[name='Input.Password']"), "Samen gezond in de wijk");
        await page.SubmitAsync(lang.T("Inloggen", "Sign in"));

        await page.GotoAsync("/account/passkeys");
        Assert.Equal(0, await page.Main.Locator("table tbody tr").CountAsync());
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Button, new() { Name = lang.T("Een passkey toevoegen", "Add a passkey"), Exact = true }));
        Assert.Equal(1, await page.Main.Locator("table tbody tr").CountAsync());
        Assert.Contains(lang.T("Uw passkey is toegevoegd", "Your passkey has been added"), await page.Main.InnerTextAsync(), StringComparison.Ordinal);

        await page.FollowAsync(page.Locator("header").GetByRole(AriaRole.Button, new() { Name = lang.T("Uitloggen", "Sign out"), Exact = true }));
        await page.GotoAsync("/account/inloggen");
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Button, new() { Name = lang.T("Inloggen met een passkey", "Sign in with a passkey"), Exact = true }));

        // Signed in without typing a password: the home page shows the member's wijk and the sign-out button.
        Assert.Equal(1, await page.Locator("#my-wijk").CountAsync());
        Assert.Equal(1, await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = lang.T("Uitloggen", "Sign out"), Exact = true }).CountAsync());
        var authenticatorId = authenticator!.Value.GetProperty("authenticatorId").GetString()!;
        var credentials = await devTools.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        Assert.True(credentials?.GetProperty("credentials")[0].GetProperty("signCount").GetInt32() >= 1, "the authenticator signed in at least once");
    }
}
