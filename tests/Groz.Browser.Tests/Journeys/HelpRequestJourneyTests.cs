using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// Hulpvragen as people use it: a resident asks for help on a phone-sized screen; the wijk's buurtassistent (two-step
/// verification) accepts the question in the queue and asks the volunteer the matching suggests; the volunteer, in a
/// browser of their own, says yes, starts, and finishes with the hours recorded in the Tijdbank. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Second)]
public sealed class HelpRequestJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_resident_asks_on_a_phone_the_assistant_matches_and_the_volunteer_helps_and_records_the_hours(string code, string leerregio)
    {
        var lang = new Language(code);
        var (resident, assistant, volunteer) = ($"bewoner.{leerregio}@example.org", $"buurtassistent.{leerregio}@example.org", $"vrijwilliger.{leerregio}@example.org");
        var description = lang.T("Wie kan vrijdag boodschappen voor mij doen? Mijn enkel is verstuikt.", "Who can do my shopping on Friday? I sprained my ankle.");
        int id;

        // 1. The resident, on a phone-sized screen.
        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, resident);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Hulpvragen", "Hulpvragen"), Exact = true }));
            await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Hulp vragen", "Ask for help"), Exact = true }));
            // Sent empty first: the summary links to the fields.
            await page.SubmitAsync(lang.T("Vraag versturen", "Send my question"));
            Assert.Equal(1, await page.Main.Locator(".error-summary a[href='#Input_Category']").CountAsync());
            await page.CheckBoxAsync(page.Locator("#Input_Category_Groceries"));
            await page.FillAsync(page.Locator("#Input_Description"), description);
            await page.FillAsync(page.Locator("#Input_PreferredFrom"), "10:00");
            await page.FillAsync(page.Locator("#Input_PreferredUntil"), "16:00");
            await page.SubmitAsync(lang.T("Vraag versturen", "Send my question"));
            Assert.Matches("/hulpvragen/[0-9]+$", page.Url);
            id = int.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(description, await page.Main.Locator("p.user-text").InnerTextAsync(), StringComparison.Ordinal);
            // Nothing sticks out sideways on a phone.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        }

        // 2. The buurtassistent triages and asks the volunteer the matching puts first.
        var key = await browser.App.EnableTwoFactorAsync(assistant);
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, assistant, key);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Hulpvragen", Exact = true }));
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/hulpvragen/{leerregio}']").First);
            await page.FollowAsync(page.Main.Locator($"a[href='/beheer/hulpvragen/{leerregio}/{id}']"));
            Assert.Contains(description, await page.Main.Locator("p.user-text").First.InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator("#Urgency").SelectOptionAsync("High");
            await page.SubmitAsync(lang.T("Vraag aannemen", "Accept the request"));
            var suggestion = page.Main.Locator("fieldset#VolunteerUserIds .checks > div").First;
            Assert.Contains("Joost Bakker", await suggestion.InnerTextAsync(), StringComparison.Ordinal);
            await page.CheckBoxAsync(suggestion.Locator("input"));
            await page.SubmitAsync(lang.T("Gekozen vrijwilligers vragen", "Ask the chosen volunteers"));
            Assert.Contains(lang.T("Vrijwilliger gevraagd", "Volunteer asked"), await page.Main.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
        }

        // 3. The volunteer says yes, starts, and finishes with the hours.
        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, volunteer);
            await page.FollowAsync(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Hulpvragen", Exact = true }));
            await page.FollowAsync(page.Main.Locator($"a[href='/hulpvragen/{id}']").First);
            // A volunteer sees the first name only; how to reach the resident only after saying yes.
            var reach = lang.T("Bereikbaar via", "How to reach");
            Assert.DoesNotContain("de Vries", await page.Main.InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(reach, await page.Main.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
            await page.SubmitAsync(lang.T("Ja, ik help", "Yes, I will help"));
            Assert.Contains(reach, await page.Main.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("de Vries", await page.Main.InnerTextAsync(), StringComparison.Ordinal);
            await page.SubmitAsync(lang.T("Ik ben begonnen", "I have started"));
            await page.FillAsync(page.Locator("#Hours"), "1");
            await page.FillAsync(page.Locator("#Minutes"), "30");
            await page.SubmitAsync(lang.T("De hulp is klaar", "The help is done"));
            Assert.Contains(lang.T("Klaar", "Done"), await page.Main.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
        }

        // 4. The resident reads in Berichten who helps and that the help is done, and opens the follow-up question from there.
        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, resident);
            var inbox = page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = lang.T("Berichten", "Messages") });
            Assert.True(int.Parse(await inbox.Locator(".badge").First.EvaluateAsync<string>("b => b.firstChild.textContent"), System.Globalization.CultureInfo.InvariantCulture) >= 3);
            await page.FollowAsync(inbox);
            var messages = await page.Main.Locator("ul.messages").InnerTextAsync();
            Assert.Contains(lang.T($"Een buurtassistent heeft uw hulpvraag #{id} opgepakt.", $"A buurtassistent has picked up your help request #{id}."), messages, StringComparison.Ordinal);
            Assert.Contains(lang.T($"Joost gaat u helpen met uw hulpvraag #{id}.", $"Joost will help you with your help request #{id}."), messages, StringComparison.Ordinal);
            var followUp = page.Main.Locator("li.message").Filter(new() { HasText = lang.T($"uw hulpvraag #{id} is klaar", $"your help request #{id} is done") });
            await page.FollowAsync(followUp.GetByRole(AriaRole.Button, new() { Name = lang.T("Bekijken", "View"), Exact = true }));
            Assert.EndsWith($"/hulpvragen/{id}/gelukt", page.Url, StringComparison.Ordinal);
            // The request's own page lists its messages, and reading them there empties the count for it.
            await page.GotoAsync($"/hulpvragen/{id}");
            Assert.Contains(lang.T("Berichten over deze vraag", "Messages about this question"), await page.Main.InnerTextAsync(), StringComparison.Ordinal);
        }

        await browser.App.DbAsync(async db =>
        {
            var r = await db.HelpRequests.SingleAsync(x => x.Id == id);
            Assert.Equal(HelpStatus.Done, r.Status);
            Assert.Equal(HelpUrgency.High, r.Urgency);
            Assert.Equal(90, r.HelpedMinutes);
            var transfer = await db.Transfers.SingleAsync(t => t.Id == r.TransferId);
            // The volunteer's record is a payment request the resident confirms in the Tijdbank.
            Assert.Equal((TransferKind.Exchange, 90, true), (transfer.Kind, transfer.Minutes, transfer.PaymentRequest));
        });
    }
}
