using Groz.Browser.Tests.Support;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Vraag en aanbod as two neighbours use it: a student offers help; an informal carer, in a browser of their own, finds
/// it with the search form, responds and writes a message; the student asks for payment in the conversation, the carer
/// confirms it there; both statements show the exchange; the carer then gives hours to the gemeenschapspot.
/// Every page on the way is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MarketJourneyTests(BrowserFixture browser)
{
    private Task<int> BalanceAsync(string email) => browser.App.DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Member && db.Users.Any(u => u.Id == a.UserId && u.Email == email)).Select(a => a.BalanceMinutes).SingleAsync());

    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_member_offers_help_another_finds_it_responds_and_confirms_the_payment_request_and_both_statements_show_it(string code, string leerregio)
    {
        var lang = new Language(code);
        var dutch = lang.Dutch;
        var (provider, receiver) = ($"student.{leerregio}@example.org", $"mantelzorger.{leerregio}@example.org");
        var title = lang.T("Hulp bij het plakken van een fietsband " + leerregio, "Help fixing a flat tyre " + leerregio);
        var description = lang.T("Band geplakt", "Tyre fixed");
        var (providerBefore, receiverBefore) = (await BalanceAsync(provider), await BalanceAsync(receiver));

        await using var a = await browser.NewPageAsync();
        await lang.StartAsync(a);
        await lang.SignInAsync(a, provider);
        await a.FollowAsync(a.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
        await a.FollowAsync(a.Main.GetByRole(AriaRole.Link, new() { Name = "Vraag en aanbod", Exact = true }));
        await a.FollowAsync(a.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Hulp aanbieden of vragen", "Post an offer or request"), Exact = true }));
        // First without a title: the summary links to the field.
        await a.SubmitAsync(lang.T("Plaatsen", "Post"));
        Assert.Equal("true", await a.Locator("#Input_Title").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await a.Main.Locator(".error-summary a[href='#Input_Title']").CountAsync());
        await a.Locator("#Input_Kind_Offer").CheckAsync();
        await a.FillAsync(a.Locator("#Input_Title"), title);
        await a.FillAsync(a.Locator("#Input_Description"), lang.T("Ik heb plakspullen en een pomp.", "I have a repair kit and a pump."));
        await a.Locator("#Input_Theme").SelectOptionAsync("vitaal-werken");
        await a.SubmitAsync(lang.T("Plaatsen", "Post"));
        Assert.Equal(title, await a.H1Async());

        // The other member, in a browser of their own, finds it with the search form and responds.
        await using var b = await browser.NewPageAsync();
        await lang.StartAsync(b);
        await lang.SignInAsync(b, receiver);
        await b.FollowAsync(b.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
        await b.FollowAsync(b.Main.GetByRole(AriaRole.Link, new() { Name = "Vraag en aanbod", Exact = true }));
        await b.FillAsync(b.Locator("#q"), lang.T("fietsband", "flat tyre"));
        await b.Locator("#soort").SelectOptionAsync("Offer");
        await b.SubmitAsync(lang.T("Zoeken", "Search"));
        await b.FollowAsync(b.Main.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }));
        await b.SubmitAsync(lang.T("Reageren", "Respond"));
        Assert.Contains("/tijdbank/gesprekken/", b.Url, StringComparison.Ordinal);
        await b.FillAsync(b.Locator("#Input_Text"), lang.T("Mijn achterband is lek. Kunt u zaterdag?", "My rear tyre is flat. Could you come on Saturday?"));
        await b.SubmitAsync(lang.T("Versturen", "Send"));
        Assert.Contains(lang.T("Mijn achterband is lek", "My rear tyre is flat"), await b.Main.Locator(".messages").InnerTextAsync(), StringComparison.Ordinal);
        var conversationUrl = b.Url.Split('#')[0];

        // The provider finds the conversation (marked new) and asks for payment.
        await a.FollowAsync(a.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
        await a.FollowAsync(a.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Mijn gesprekken", "My conversations"), Exact = true }));
        var row = a.Main.Locator("table.conversations tbody tr", new() { HasText = title });
        Assert.Contains(lang.T("nieuw bericht", "new message"), await row.InnerTextAsync(), StringComparison.Ordinal);
        await a.FollowAsync(row.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }));
        await a.FillAsync(a.Locator("#Exchange_Hours"), "0");
        await a.FillAsync(a.Locator("#Exchange_Minutes"), "45");
        await a.FillAsync(a.Locator("#Exchange_Description"), description);
        await a.SubmitAsync(lang.T("Om betaling vragen", "Ask for payment"));
        Assert.Contains(lang.T("Wacht op bevestiging", "Waiting for confirmation"), await a.Main.Locator(".message-exchange").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(providerBefore, await BalanceAsync(provider));

        // The receiver confirms it in the conversation: now the hours move.
        await b.GotoAsync(conversationUrl);
        await b.SubmitAsync(lang.T("Bevestigen en betalen", "Confirm and pay"));
        Assert.Contains(lang.T("Gedaan", "Completed"), await b.Main.Locator(".message-exchange").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(providerBefore + 45, await BalanceAsync(provider));
        Assert.Equal(receiverBefore - 45, await BalanceAsync(receiver));

        // Both statements show it.
        foreach (var (page, balance) in new[] { (a, providerBefore + 45), (b, receiverBefore - 45) })
        {
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            var line = page.Main.Locator("table.statement tbody tr", new() { HasText = description });
            Assert.Equal(1, await line.CountAsync());
            Assert.Contains(Minutes.Format(45, dutch), await line.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(Minutes.Format(balance, dutch), await page.Locator("#balance").InnerTextAsync());
        }

        // Then the receiver gives hours to the gemeenschapspot.
        await b.FollowAsync(b.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Uren schenken", "Give hours away"), Exact = true }));
        await b.Locator("#Input_ToAccountId").SelectOptionAsync(new SelectOptionValue { Label = lang.T("Gemeenschapspot (voor buren die hulp nodig hebben)", "Gemeenschapspot (for neighbours who need help)") });
        await b.FillAsync(b.Locator("[name='Input.Hours']"), "0");
        await b.FillAsync(b.Locator("[name='Input.Minutes']"), "15");
        await b.FillAsync(b.Locator("[name='Input.Description']"), lang.T("Voor de buren", "For the neighbours"));
        await b.SubmitAsync(lang.T("Uren schenken", "Give hours"));
        Assert.Equal(receiverBefore - 60, await BalanceAsync(receiver));

        // The winkel passes axe as well.
        await b.FollowAsync(b.Main.GetByRole(AriaRole.Link, new() { Name = "Winkel", Exact = true }));
        Assert.Equal("Winkel", await b.H1Async());
    }
}
