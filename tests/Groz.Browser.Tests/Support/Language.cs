using Microsoft.Playwright;

namespace Groz.Browser.Tests.Support;

/// <summary>The words a journey looks for, in the language it runs in (Dutch is the default, English via the switch).</summary>
public sealed record Language(string Code)
{
    public bool Dutch => Code == "nl";

    /// <summary>Dutch text or English text, for the language of this run.</summary>
    public string T(string dutch, string english) => Dutch ? dutch : english;

    /// <summary>Opens the home page and, for English, presses the language switch in the header (POST /taal).</summary>
    public async Task StartAsync(AxePage page, string path = "/")
    {
        await page.GotoAsync(path);
        if (!Dutch)
        {
            await page.FollowAsync(page.Locator("form.language-switch button"));
        }
        Assert.Equal(Code, await page.LangAsync());
    }

    /// <summary>Signs in from the menu with the demo password, and the authenticator code when <paramref name="totpKey"/> is given.</summary>
    public async Task SignInAsync(AxePage page, string email, string? totpKey = null)
    {
        await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = T("Inloggen", "Sign in"), Exact = true }));
        await page.FillAsync(page.Locator("[name='Input.Email']"), email);
        await page.FillAsync(page.Locator("[name='Input.Password']"), Groz.Web.Data.DemoData.DemoPassword);
        await page.SubmitAsync(T("Inloggen", "Sign in"));
        if (totpKey is not null)
        {
            await page.FillAsync(page.Locator("[name='Input.Code']"), Groz.Tests.Support.AccountHelpers.TotpCode(totpKey));
            await page.SubmitAsync(T("Inloggen", "Sign in"));
        }
    }
}
