using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The Tijdbank as its members use it: a resident pays a volunteer for help and sees the line and the new balance,
/// then gives hours to the gemeenschapspot; the volunteer, in a browser of their own, finds the hours on their
/// statement; an administrator of the leerregio (two-step verification first) grants hours from the pool.
/// Every page on the way is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class TimeBankJourneyTests(BrowserFixture browser)
{
    private Task<(int Id, int Balance)> AccountAsync(string email) => browser.App.DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Member && db.Users.Any(u => u.Id == a.UserId && u.Email == email))
            .Select(a => new ValueTuple<int, int>(a.Id, a.BalanceMinutes)).SingleAsync());

    private Task<int> PoolBalanceAsync(string leerregio) => browser.App.DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Pool && db.Leerregios.Any(l => l.Id == a.LeerregioId && l.Slug == leerregio))
            .Select(a => a.BalanceMinutes).SingleAsync());

    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task Resident_pays_a_volunteer_and_gives_to_the_pool_the_volunteer_sees_it_and_an_administrator_grants_hours(string code, string leerregio)
    {
        var lang = new Language(code);
        var dutch = lang.Dutch;
        var (resident, volunteer, administrator) = ($"bewoner.{leerregio}@example.org", $"vrijwilliger.{leerregio}@example.org", $"beheerder.{leerregio}@example.org");
        var description = lang.T("Hulp bij het ophangen van een lamp", "Help hanging a lamp");

        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, resident);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            Assert.Equal("Tijdbank", await page.H1Async());
            var (myId, before) = await AccountAsync(resident);
            Assert.Equal(Minutes.Format(before, dutch), await page.Locator("#balance").InnerTextAsync());

            // First without choosing anyone: the message stands at the list of names.
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Uren betalen", "Pay hours"), Exact = true }));
            await page.FillAsync(page.Locator("[name='Input.Hours']"), "1");
            await page.FillAsync(page.Locator("[name='Input.Minutes']"), "30");
            await page.FillAsync(page.Locator("[name='Input.Description']"), description);
            await page.SubmitAsync(lang.T("Uren betalen", "Pay hours"));
            Assert.Equal("true", await page.Locator("#Input_ToAccountId").GetAttributeAsync("aria-invalid"));
            Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_ToAccountId']").CountAsync());

            await page.Locator("#Input_ToAccountId").SelectOptionAsync(new SelectOptionValue { Label = "Joost Bakker" });
            await page.SubmitAsync(lang.T("Uren betalen", "Pay hours"));
            Assert.EndsWith("/tijdbank", page.Url, StringComparison.Ordinal);
            Assert.Contains(lang.T("U hebt 1 u 30 min betaald aan Joost Bakker.", "You paid 1 h 30 min to Joost Bakker."), await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(Minutes.Format(before - 90, dutch), await page.Locator("#balance").InnerTextAsync());
            var line = page.Main.Locator("table.statement tbody tr").First;
            Assert.Contains(description, await line.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Joost Bakker", await line.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(Minutes.Format(before - 90, dutch), await line.InnerTextAsync(), StringComparison.Ordinal);

            var poolBefore = await PoolBalanceAsync(leerregio);
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Uren schenken", "Give hours away"), Exact = true }));
            await page.Locator("#Input_ToAccountId").SelectOptionAsync(new SelectOptionValue { Label = lang.T("Gemeenschapspot (voor buren die hulp nodig hebben)", "Gemeenschapspot (for neighbours who need help)") });
            await page.FillAsync(page.Locator("[name='Input.Hours']"), "0");
            await page.FillAsync(page.Locator("[name='Input.Minutes']"), "45");
            await page.FillAsync(page.Locator("[name='Input.Description']"), lang.T("Voor de buren", "For the neighbours"));
            await page.SubmitAsync(lang.T("Uren schenken", "Give hours"));
            Assert.Equal(Minutes.Format(poolBefore + 45, dutch), await page.Locator("#pool").InnerTextAsync());
            Assert.Equal(Minutes.Format(before - 135, dutch), await page.Locator("#balance").InnerTextAsync());
            Assert.Equal(before - 135, (await AccountAsync(resident)).Balance);
            Assert.True(myId > 0);
        }

        // The volunteer, in a browser of their own, finds the hours on their statement.
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, volunteer);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            var line = page.Main.Locator("table.statement tbody tr", new() { HasText = description });
            Assert.Equal(1, await line.CountAsync());
            Assert.Contains("Fatima de Vries", await line.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(Minutes.Format(90, dutch), await line.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(Minutes.Format((await AccountAsync(volunteer)).Balance, dutch), await page.Locator("#balance").InnerTextAsync());
        }

        // An administrator of the leerregio: two-step verification first, then a grant from the pool.
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, administrator);
            Assert.Contains("/account/tweestaps", page.Url, StringComparison.Ordinal);
            var key = (await page.Main.Locator(".code").First.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            await page.FillAsync(page.Locator("[name='Input.Code']"), AccountHelpers.TotpCode(key));
            await page.SubmitAsync(lang.T("Aanzetten", "Turn on"));
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Ik heb ze opgeschreven, verder", "I wrote them down, continue"), Exact = true }));

            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Beheer", "Management"), Exact = true }));
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/leerregios/{leerregio}']").First);
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            var pool = await PoolBalanceAsync(leerregio);
            Assert.Equal(Minutes.Format(pool, dutch), await page.Locator("#pool").InnerTextAsync());
            var residentBefore = (await AccountAsync(resident)).Balance;

            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Uren toekennen uit de pot", "Grant hours from the pool"), Exact = true }));
            await page.Locator("#Input_ToAccountId").SelectOptionAsync(new SelectOptionValue { Label = "Fatima de Vries" });
            await page.FillAsync(page.Locator("[name='Input.Hours']"), "0");
            await page.FillAsync(page.Locator("[name='Input.Minutes']"), "20");
            await page.FillAsync(page.Locator("[name='Input.Description']"), lang.T("Dank voor de hulp bij de buurtschoonmaak", "Thanks for helping with the clean-up"));
            await page.SubmitAsync(lang.T("Uren toekennen", "Grant hours"));
            Assert.Contains(lang.T("20 min toegekend aan Fatima de Vries", "20 min granted to Fatima de Vries"), await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(Minutes.Format(pool - 20, dutch), await page.Locator("#pool").InnerTextAsync());
            Assert.Equal(residentBefore + 20, (await AccountAsync(resident)).Balance);

            // The resident's statement, as the administrator sees it, shows the grant.
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Fatima de Vries", Exact = true }));
            var grantRow = page.Main.Locator("table.statement tbody tr", new() { HasText = lang.T("Toekenning", "Grant") });
            Assert.Equal(1, await grantRow.CountAsync());

            // The other coordinator pages, their error states included, pass axe too (nothing is changed here).
            await page.FollowAsync(grantRow.Locator("a"));
            await page.SubmitAsync(lang.T("Deze overboeking corrigeren", "Correct this transfer"));
            Assert.Equal("true", await page.Locator("#Input_Reason").GetAttributeAsync("aria-invalid"));
            await page.GotoAsync($"/beheer/tijdbank/{leerregio}/groepsbetaling");
            await page.FillAsync(page.Locator("[name='Input.Minutes']"), "10");
            await page.FillAsync(page.Locator("[name='Input.Description']"), lang.T("Buurtschoonmaak", "Clean-up"));
            await page.SubmitAsync(lang.T("Groep betalen", "Pay the group"));
            Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_ToAccountIds']").CountAsync());
            await page.GotoAsync($"/beheer/tijdbank/{leerregio}/instellingen");
            await page.FillAsync(page.Locator("[name='Input.MemberMinHours']"), "5");
            await page.SubmitAsync(lang.T("Instellingen opslaan", "Save settings"));
            Assert.Equal("true", await page.Locator("#Input_MemberMinHours").GetAttributeAsync("aria-invalid"));
            Assert.Equal(residentBefore + 20, (await AccountAsync(resident)).Balance);

            // The report of this year so far counts the grant; a period that ends before it starts is refused at the field.
            await page.GotoAsync($"/beheer/tijdbank/{leerregio}");
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Overzicht", "Report"), Exact = true }));
            Assert.NotEqual(Minutes.Format(0, dutch), await page.Locator("#contributed").InnerTextAsync());
            await page.FillAsync(page.Locator("[name='Input.To']"), "2000-01-01");
            await page.SubmitAsync(lang.T("Toon overzicht", "Show report"));
            Assert.Equal("true", await page.Locator("#Input_To").GetAttributeAsync("aria-invalid"));
        }
    }
}
