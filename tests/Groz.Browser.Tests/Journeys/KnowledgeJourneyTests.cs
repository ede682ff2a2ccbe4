using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Groz.Web.Features.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The Kennisbank as a coordinator and a resident use it: the coordinator goes from the Kennisbank to the form, first
/// tries a program disguised as a PDF (refused, with the message at the field), uploads a real PDF, finds it by a word
/// that is only inside the file, adds a new version with what changed and opens it; then a resident of the same
/// leerregio reads it. Every page is scanned by axe: the list, the search results, the form with and without errors,
/// the document page with its versions and the new-version form.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KnowledgeJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_coordinator_uploads_a_pdf_finds_it_by_a_word_inside_adds_a_version_and_a_resident_reads_it(string code, string leerregio)
    {
        var lang = new Language(code);
        var email = $"kennisbank.{leerregio}@example.org";
        // A coordinator of its own: enabling 2FA on a shared demo account breaks the journeys that enrol it.
        var key = (await browser.App.CoordinatorOfItsOwnAsync(email, "Kees Kennis", leerregio))!;
        // A word that appears nowhere else: only the text inside the PDF can make the search find it.
        var word = $"buurtkompas{code}";
        var title = lang.T("Plan voor een buurtmoestuin", "Plan for a neighbourhood garden") + " " + leerregio;

        int documentId;
        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, email, key);
            await page.GotoAsync("/kennisbank");
            await page.FollowAsync(page.Main.Locator($"a[href='/kennisbank/beheer/{leerregio}']"));

            // A program with a .pdf name: refused by its content, the message at the file field, nothing saved.
            await page.FillAsync(page.Main.Locator("#Input_Title"), title);
            await page.SelectAsync(page.Main.Locator("select[name='Input.Kind']"), nameof(DocumentKind.ProjectPlan));
            await page.Main.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "plan.pdf", MimeType = "application/pdf", Buffer = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0] });
            await page.SubmitAsync(lang.T("Document toevoegen", "Add the document"));
            Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
            Assert.Equal("true", await page.Main.Locator("#Upload").GetAttributeAsync("aria-invalid"));
            Assert.False(await browser.App.DbAsync(db => db.KnowledgeDocuments.AnyAsync(d => d.Title == title)));

            await page.FillAsync(page.Main.Locator("#Input_Title"), title);
            await page.FillAsync(page.Main.Locator("#Input_Summary"), lang.T("Hoe we samen een moestuin beginnen.", "How we start a garden together."));
            await page.SelectAsync(page.Main.Locator("select[name='Input.Kind']"), nameof(DocumentKind.ProjectPlan));
            await page.CheckBoxAsync(page.Main.Locator("#theme-leefstijl"));
            await page.SelectAsync(page.Main.Locator("select[name='Input.Bouwsteen']"), nameof(BouwsteenKind.Samenwerking));
            var pdf = KnowledgeSamples.Pdf("Projectplan buurtmoestuin", $"Met het {word} vinden bewoners de moestuin.");
            await page.Main.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "moestuin.pdf", MimeType = "application/pdf", Buffer = pdf });
            await page.SubmitAsync(lang.T("Document toevoegen", "Add the document"));
            Assert.Equal(title, await page.H1Async());
            documentId = await browser.App.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Title == title).Select(d => d.Id).SingleAsync());

            // Found by the word inside the file, with the word marked in the snippet.
            await page.GotoAsync("/kennisbank");
            await page.FillAsync(page.Main.Locator("#Q"), word);
            await page.SubmitAsync(lang.T("Zoeken", "Search"));
            var hit = page.Main.Locator(".kb-results li");
            Assert.Equal(1, await hit.CountAsync());
            Assert.Equal(word, await hit.Locator("mark").InnerTextAsync(), ignoreCase: true);
            await page.FollowAsync(hit.Locator($"a[href='/kennisbank/{documentId}']"));

            // A new version, with what changed; the first stays in the list.
            await page.FollowAsync(page.Main.Locator($"a[href='/kennisbank/beheer/{leerregio}/{documentId}']"));
            var change = lang.T("Begroting voor 2027 toegevoegd.", "Budget for 2027 added.");
            await page.FillAsync(page.Main.Locator("#Input_ChangeNote"), change);
            await page.Main.Locator("#Upload").SetInputFilesAsync(new FilePayload
            {
                Name = "moestuin-v2.pdf",
                MimeType = "application/pdf",
                Buffer = KnowledgeSamples.Pdf("Projectplan buurtmoestuin", $"Met het {word} vinden bewoners de moestuin.", "Begroting 2027: 2500 euro."),
            });
            await page.SubmitAsync(lang.T("Nieuwe versie opslaan", "Save the new version"));
            Assert.Equal(title, await page.H1Async());
            var versions = page.Main.Locator("table tbody tr");
            Assert.Equal(2, await versions.CountAsync());
            Assert.Contains(change, await versions.First.InnerTextAsync(), StringComparison.Ordinal);
            var (name, _) = await page.DownloadBytesAsync(page.Main.Locator("a.button[download]"));
            Assert.Equal("moestuin-v2.pdf", name);
        }

        // A resident of the leerregio reads it (it is for members only) and sees both versions.
        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, $"bewoner.{leerregio}@example.org");
            await page.GotoAsync("/kennisbank");
            await page.FillAsync(page.Main.Locator("#Q"), word);
            await page.SubmitAsync(lang.T("Zoeken", "Search"));
            await page.FollowAsync(page.Main.Locator($".kb-results a[href='/kennisbank/{documentId}']"));
            Assert.Equal(title, await page.H1Async());
            Assert.Equal(0, await page.Main.Locator($"a[href='/kennisbank/beheer/{leerregio}/{documentId}']").CountAsync());
            Assert.Equal(2, await page.Main.Locator("table tbody tr").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        }

        // A visitor does not: the document is for members of the leerregio only.
        await using (var page = await browser.NewPageAsync())
        {
            var response = await page.GotoAsync($"/kennisbank/{documentId}");
            Assert.Equal(404, response!.Status);
        }
    }

    [Fact]
    public async Task A_coordinator_moves_a_subsidy_deadline_on_the_page_after_a_wrong_amount()
    {
        var lang = new Language("nl");
        var email = "subsidie.utrecht@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(email, "Sanne Subsidie", "utrecht"))!;
        var title = "Subsidie Samen Gezond in de Wijk";
        var id = await browser.App.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Title == title).Select(d => d.Id).SingleAsync());
        var moved = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(75);
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);
        await lang.SignInAsync(page, email, key);
        await page.GotoAsync($"/kennisbank/{id}");
        await page.FollowAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = "Datum of bedrag wijzigen", Exact = true }));

        await page.FillAsync(page.Main.Locator("#Subsidy_SubsidyDeadline"), moved.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync(page.Main.Locator("#Subsidy_SubsidyAmount"), "veel");
        await page.SubmitAsync("Datum en bedrag opslaan");
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        Assert.Equal("true", await page.Main.Locator("#Subsidy_SubsidyAmount").GetAttributeAsync("aria-invalid"));
        Assert.Equal(25000m, await browser.App.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Id == id).Select(d => d.SubsidyAmount).SingleAsync()));

        await page.FillAsync(page.Main.Locator("#Subsidy_SubsidyAmount"), "30000,50");
        await page.SubmitAsync("Datum en bedrag opslaan");
        Assert.Equal(title, await page.H1Async());
        var facts = await page.Main.Locator(".kb-facts").InnerTextAsync();
        Assert.Contains("30.000,50", facts, StringComparison.Ordinal);
        Assert.Equal(moved, await browser.App.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Id == id).Select(d => d.SubsidyDeadline).SingleAsync()));
    }

    [Theory]
    [InlineData("nl", "utrecht")]
    [InlineData("en", "leidsche-rijn")]
    public async Task A_coordinator_posts_an_update_with_an_attachment_a_resident_responds_and_follows_a_theme(string code, string leerregio)
    {
        var lang = new Language(code);
        var email = $"leren.{leerregio}@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(email, "Lies Leren", leerregio))!;
        var text = lang.T("De eerste leerkring over buurtdata is gestart.", "The first learning circle on neighbourhood data has started.") + " " + Guid.NewGuid().ToString("N")[..6];

        await using (var page = await browser.NewPageAsync())
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, email, key);
            await page.GotoAsync($"/leren/{leerregio}");
            await page.FollowAsync(page.Main.Locator($"a[href='/leren/{leerregio}/bericht']"));
            // Nothing chosen: the messages at the top and at the fields.
            await page.SubmitAsync(lang.T("Bericht plaatsen", "Post the update"));
            Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
            await page.SelectAsync(page.Main.Locator("select[name='Input.Bouwsteen']"), nameof(BouwsteenKind.DataIct));
            await page.FillAsync(page.Main.Locator("#Input_Text"), text);
            await page.Main.Locator("#Attachments").SetInputFilesAsync(new FilePayload { Name = "leerkring.pdf", MimeType = "application/pdf", Buffer = KnowledgeSamples.Pdf("Leerkring buurtdata") });
            await page.SubmitAsync(lang.T("Bericht plaatsen", "Post the update"));
            var update = page.Main.Locator("article.learn-update", new() { HasText = text });
            Assert.Equal(1, await update.CountAsync());
            Assert.Equal(1, await update.Locator("a[download]").CountAsync());
        }

        await using (var page = await browser.NewPageAsync(390, 844))
        {
            await lang.StartAsync(page);
            await lang.SignInAsync(page, $"bewoner.{leerregio}@example.org");
            await page.GotoAsync($"/leren/{leerregio}");
            var update = page.Main.Locator("article.learn-update", new() { HasText = text });
            await page.FillAsync(update.Locator("textarea"), lang.T("Mag ik meedoen?", "May I join?"));
            await page.FollowAsync(update.Locator("button[type=submit]").Last);
            Assert.Contains(lang.T("Mag ik meedoen?", "May I join?"), await page.Main.Locator("article.learn-update", new() { HasText = text }).InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

            await page.FollowAsync(page.Main.Locator("a[href='/kennisbank/volgen']"));
            await page.CheckBoxAsync(page.Main.Locator("#theme-zorg-voor-elkaar"));
            await page.SubmitAsync(lang.T("Opslaan wat ik volg", "Save what I follow"));
            Assert.Equal(1, await page.Main.Locator("[role=status]").CountAsync());
            Assert.True(await page.Main.Locator("#theme-zorg-voor-elkaar").IsCheckedAsync());
            await page.SubmitAsync(lang.T("Niets meer volgen", "Stop following everything"));
            Assert.False(await page.Main.Locator("#theme-zorg-voor-elkaar").IsCheckedAsync());
        }
    }
}
