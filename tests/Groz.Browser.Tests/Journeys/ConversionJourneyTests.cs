using System.Xml;
using System.Xml.Schema;
using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Converting hours into euros as people do it: a student asks to have half an hour paid out (first with a mistyped IBAN);
/// a second coordinator of the leerregio signs in with two-step verification, approves the request, makes the SEPA file
/// and downloads it (it validates against the ISO 20022 schema), then looks at the budgets. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class ConversionJourneyTests(BrowserFixture browser)
{
    private static void AssertValidPain001(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(SepaCreditTransfer.Namespace, Path.Combine(AppContext.BaseDirectory, "TimeBank", "pain.001.001.03.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_member_asks_to_convert_hours_a_second_coordinator_approves_and_downloads_the_sepa_file(string code, string leerregio)
    {
        var lang = new Language(code);
        var student = $"student.{leerregio}@example.org";
        var holder = lang.T("D. Mulder", "D. Mulder-Smith");
        var iban = Iban.Make("NL", "INGB000" + (leerregio == "utrecht" ? "1112223" : "4445556"));

        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, student);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Uren omzetten in euro's", "Convert hours into euros"), Exact = true }));
            Assert.Equal(lang.T("Uren omzetten in euro's", "Convert hours into euros"), await page.H1Async());

            // A mistyped IBAN: the message stands at the field and in the summary; nothing is asked yet.
            await page.FillAsync(page.Locator("[name='Input.Hours']"), "0");
            await page.FillAsync(page.Locator("[name='Input.Minutes']"), "30");
            await page.FillAsync(page.Locator("[name='Input.Iban']"), iban[..^1] + (iban[^1] == '0' ? "1" : "0"));
            await page.FillAsync(page.Locator("[name='Input.AccountHolder']"), holder);
            await page.SubmitAsync(lang.T("Omzetten aanvragen", "Ask to convert"));
            Assert.Equal("true", await page.Locator("#Input_Iban").GetAttributeAsync("aria-invalid"));
            Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_Iban']").CountAsync());

            await page.FillAsync(page.Locator("[name='Input.Iban']"), Iban.Grouped(iban));
            await page.SubmitAsync(lang.T("Bereken wat ik krijg", "Calculate what I receive"));
            Assert.Contains("5", await page.Locator("#preview").InnerTextAsync(), StringComparison.Ordinal);
            await page.SubmitAsync(lang.T("Omzetten aanvragen", "Ask to convert"));
            Assert.EndsWith("/tijdbank/omzetten", page.Url, StringComparison.Ordinal);
            var row = page.Main.Locator("table.conversions tbody tr").First;
            Assert.Contains(Iban.Mask(iban), await row.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(lang.T("Wacht op besluit", "Waiting for a decision"), await row.InnerTextAsync(), StringComparison.Ordinal);
        }

        var coordinator = $"coordinator2.{leerregio}@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Tweede Coördinator", leerregio))!;
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, coordinator);
            Assert.Contains("/account/inloggen/tweestaps", page.Url, StringComparison.Ordinal);
            await page.FillAsync(page.Locator("[name='Input.Code']"), AccountHelpers.TotpCode(key));
            await page.SubmitAsync(lang.T("Inloggen", "Sign in"));

            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Beheer", "Management"), Exact = true }));
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/leerregios/{leerregio}']").First);
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Tijdbank", Exact = true }));
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Omzettingen naar euro's", "Conversions into euros"), Exact = true }));

            // Refusing needs a reason: the message stands at that row's field.
            var mine = page.Main.Locator("#pending tbody tr", new() { HasText = holder });
            Assert.Equal(1, await mine.CountAsync());
            await page.FollowAsync(mine.GetByRole(AriaRole.Button, new() { Name = lang.T("Afwijzen", "Refuse the request"), Exact = true }));
            mine = page.Main.Locator("#pending tbody tr", new() { HasText = holder });
            Assert.Equal("true", await mine.Locator("input[name='reason']").GetAttributeAsync("aria-invalid"));

            await page.FollowAsync(mine.Locator("form[action*='handler=approve'] button"));
            Assert.Contains(lang.T("goedgekeurd", "approved"), await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await page.Main.Locator("#approved tbody tr", new() { HasText = holder }).CountAsync());

            await page.SubmitAsync(lang.T("SEPA-bestand maken", "Make SEPA file"));
            Assert.Contains("SEPA", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
            var (name, xml) = await page.DownloadAsync(page.Main.Locator("#batches tbody a").First);
            Assert.EndsWith(".xml", name, StringComparison.Ordinal);
            AssertValidPain001(xml);
            Assert.Contains($"<IBAN>{iban}</IBAN>", xml, StringComparison.Ordinal);
            Assert.Equal(ConversionStatus.Paid, await browser.App.DbAsync(db => db.Conversions.Where(c => c.AccountHolder == holder).OrderByDescending(c => c.Id).Select(c => c.Status).FirstAsync()));

            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Budgetten, tarieven en instellingen", "Budgets, rates and settings"), Exact = true }));
            Assert.Contains("Gemeente Utrecht", await page.Locator("#budgets").InnerTextAsync(), StringComparison.Ordinal);
            // The forms' error states pass axe too (nothing is changed).
            await page.FillAsync(page.Locator("[name='NewBudget.Funder']"), "");
            await page.SubmitAsync(lang.T("Budget toevoegen", "Add budget"));
            Assert.Equal("true", await page.Locator("#NewBudget_Funder").GetAttributeAsync("aria-invalid"));
        }
    }
}
