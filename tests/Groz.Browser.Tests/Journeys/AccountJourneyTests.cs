using Groz.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>A new resident: register with a wijk, confirm by mail, sign in, see "Mijn wijk", sign out.</summary>
[Collection(BrowserCollection.Second)]
public sealed class AccountJourneyTests(BrowserFixture browser)
{
    private const string Password = "een fietstocht langs de vaart";

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task New_member_registers_confirms_signs_in_sees_their_wijk_and_signs_out(string code)
    {
        var lang = new Language(code);
        var email = $"nieuw.{code}.{Guid.NewGuid():N}@example.org";
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);

        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Account maken", "Create account"), Exact = true }));
        Assert.EndsWith("/account/registreren", page.Url, StringComparison.Ordinal);

        // First an empty form: the errors must be checked by axe too, and each one tied to its field.
        await page.SubmitAsync(lang.T("Account maken", "Create account"));
        var invalid = page.Locator("main [aria-invalid=true]");
        Assert.True(await invalid.CountAsync() >= 3, "the empty required fields are marked invalid");
        foreach (var field in await invalid.AllAsync())
        {
            var describedBy = (await field.GetAttributeAsync("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var texts = await Task.WhenAll(describedBy.Select(id => page.Locator($"[id='{id}']").InnerTextAsync()));
            Assert.True(texts.Any(t => t.Length > 0), $"{await field.GetAttributeAsync("name")} is invalid but its error is not linked with aria-describedby");
        }

        await page.FillAsync(page.Locator("[name='Input.DisplayName']"), "Fatima");
        await page.FillAsync(page.Locator("[name='Input.Email']"), email);
        await page.FillAsync(page.Locator("[name='Input.Password']"), Password);
        await page.FillAsync(page.Locator("[name='Input.ConfirmPassword']"), Password);
        var kanaleneiland = await page.Locator("select[name='Input.WijkId'] option", new() { HasText = "Kanaleneiland" }).GetAttributeAsync("value");
        await page.SelectAsync(page.Locator("select[name='Input.WijkId']"), kanaleneiland!);
        await page.CheckBoxAsync(page.Locator("[name='Input.Interests']").First);
        await page.CheckBoxAsync(page.Locator("[name='Input.AcceptPrivacy']"));
        await page.SubmitAsync(lang.T("Account maken", "Create account"));
        Assert.Equal(lang.T("Kijk in uw e-mail", "Check your e-mail"), await page.H1Async());

        // The development outbox shows the mail; its confirmation link is followed like a link in a mail program.
        await page.GotoAsync("/dev/outbox");
        var mail = page.Locator("article", new() { HasText = email });
        await page.FollowAsync(mail.Locator("a[href*='/account/bevestigen']").First);
        Assert.Equal(lang.T("Uw e-mailadres is bevestigd", "Your e-mail address is confirmed"), await page.H1Async());

        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Inloggen", "Sign in"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), email);
        await page.FillAsync(page.Locator("[name='Input.Password']"), Password);
        await page.SubmitAsync(lang.T("Inloggen", "Sign in"));

        Assert.Equal(browser.App.BaseAddress.ToString(), page.Url);
        Assert.Equal($"{lang.T("Mijn wijk", "My wijk")}: Kanaleneiland", await page.Locator("#my-wijk").InnerTextAsync());
        Assert.Equal(code, await page.LangAsync());

        await page.FollowAsync(page.Locator("header").GetByRole(AriaRole.Button, new() { Name = lang.T("Uitloggen", "Sign out"), Exact = true }));
        Assert.Equal(0, await page.Locator("#my-wijk").CountAsync());
        Assert.Equal(1, await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Inloggen", "Sign in"), Exact = true }).CountAsync());
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Wrong_password_shows_an_error_and_does_not_sign_in(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);

        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Inloggen", "Sign in"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), "bewoner.utrecht@example.org");
        await page.FillAsync(page.Locator("[name='Input.Password']"), "dit is niet het goede wachtwoord");
        await page.SubmitAsync(lang.T("Inloggen", "Sign in"));

        Assert.EndsWith("/account/inloggen", page.Url, StringComparison.Ordinal);
        var error = page.Locator(".error-summary[role=alert]");
        Assert.False(string.IsNullOrWhiteSpace(await error.InnerTextAsync()), "an error message is shown");
        Assert.Equal(0, await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = lang.T("Uitloggen", "Sign out") }).CountAsync());
    }
}
