using Groz.Browser.Tests.Support;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The survey builder as a coordinator new to it uses it: a survey of one own question with a consent text, a wave opened
/// and its link copied; then a resident follows that link, answers and agrees. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitoringSurveyJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task A_coordinator_builds_a_survey_opens_a_wave_and_a_resident_fills_it_in(string code)
    {
        var lang = new Language(code);
        var coordinator = $"vragenlijst.{code}@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Vera Vragenlijst"))!;
        string link;
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page, "/");
            await lang.SignInAsync(page, coordinator, key);
            await page.GotoAsync("/beheer/monitoring/utrecht");
            var form = page.Main.Locator("form[action*=Survey]");
            await page.FillAsync(form.GetByLabel(lang.T("Titel", "Title"), new() { Exact = true }), "Ontmoeten " + code);
            await page.SelectAsync(form.GetByLabel(lang.T("Eenzaamheidsschaal (De Jong Gierveld)", "Loneliness scale (De Jong Gierveld)")), "");
            await form.GetByLabel(lang.T("Voeg de zes vragen over positieve gezondheid toe", "Add the six questions on positive health")).UncheckAsync();
            await page.SelectAsync(form.GetByLabel(lang.T("Anoniem of niet", "Anonymity"), new() { Exact = true }), "Anonymous");
            await page.FillAsync(form.GetByLabel(lang.T("Versie van de toestemmingstekst", "Version of the consent text")), "2026-4");
            await page.FillAsync(form.GetByLabel(lang.T("Toestemmingstekst", "Consent text"), new() { Exact = true }), "Wij tellen alleen totalen per wijk.");
            await page.SubmitAsync(lang.T("Maak de vragenlijst", "Make the survey"));
            Assert.Equal("Ontmoeten " + code, await page.H1Async());

            var question = page.Main.Locator("form.question-form");
            await page.SelectAsync(question.GetByLabel(lang.T("Soort vraag", "Kind of question")), "SingleChoice");
            await page.FillAsync(question.GetByLabel(lang.T("Vraag in het Nederlands", "Question in Dutch"), new() { Exact = true }), "Hoe vaak spreekt u buren?");
            await page.FillAsync(question.GetByLabel(lang.T("Vraag in het Engels (mag leeg)", "Question in English (optional)")), "How often do you talk to neighbours?");
            await page.FillAsync(question.GetByLabel(lang.T("Antwoorden in het Nederlands, één per regel", "Answers in Dutch, one per line"), new() { Exact = true }), "Nooit\nSoms\nVaak");
            await page.FillAsync(question.GetByLabel(lang.T("Antwoorden in het Engels, één per regel (mag leeg)", "Answers in English, one per line (optional)")), "Never\nSometimes\nOften");
            await page.SubmitAsync(lang.T("Vraag toevoegen", "Add the question"));
            Assert.Equal(1, await page.Main.Locator("ol.question-list > li").CountAsync());

            var wave = page.Main.Locator("form.wave-form");
            await page.FillAsync(wave.GetByLabel(lang.T("Naam van de ronde", "Name of the wave")), "Najaar");
            await page.SubmitAsync(lang.T("Open de ronde", "Open the wave"));
            link = (await page.Main.Locator("a.share-link").InnerTextAsync()).Trim();
            Assert.Contains("/monitoring/vragenlijst/", link, StringComparison.Ordinal);
        }

        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page, "/");
            await lang.SignInAsync(page, "bewoner.utrecht@example.org");
            await page.GotoAsync(new Uri(link).PathAndQuery);
            Assert.Equal("Ontmoeten " + code, await page.H1Async());
            Assert.Contains("Wij tellen alleen totalen per wijk.", await page.Main.Locator(".consent-text").InnerTextAsync(), StringComparison.Ordinal);
            await page.Main.GetByLabel(lang.T("Soms", "Sometimes"), new() { Exact = true }).CheckAsync();
            await page.Main.Locator("#Consent").CheckAsync();
            await page.SubmitAsync(lang.T("Verstuur mijn antwoorden", "Send my answers"));
            Assert.True(await page.Main.Locator("p[role=status]").IsVisibleAsync());
        }
    }
}
