using System.Text;
using Groz.Browser.Tests.Support;
using Groz.Tests.Support;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// A coordinator loads GGD figures into the monitor: from the monitor page to the import page, a file with one row for a
/// wijk of another leerregio; the good rows are in and the report names the bad row, its column and the reason.
/// Every page is scanned by axe (the report table included).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitoringImportJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task A_coordinator_imports_a_csv_with_one_bad_row_and_reads_the_rejection_report(string code)
    {
        var lang = new Language(code);
        var email = $"monitor-import.{code}@example.org";
        // A coordinator of its own: enabling 2FA on a shared demo account breaks the journeys that enrol it.
        var key = (await browser.App.CoordinatorOfItsOwnAsync(email, "Mila Monitor"))!;
        var csv = $"\uFEFFindicator;gebied;periode;waarde;n\nggd.lonely;WK034408;2022;46,5;210\nggd.lonely;WK034405;2022;38;190\nggd.lonely;WK034409;2022;45;300\n";

        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page);
        await lang.SignInAsync(page, email, key);
        await page.GotoAsync("/beheer/monitoring/utrecht");
        await page.FollowAsync(page.Main.Locator("a[href='/beheer/monitoring/utrecht/import']"));
        Assert.Equal(lang.T("Cijfers in de monitor laden", "Import figures into the monitor"), await page.H1Async());

        await page.SelectAsync(page.Main.Locator("select[name=Kind]"), "Ggd");
        await page.Main.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "ggd-2022.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.SubmitAsync(lang.T("Importeren", "Import"));

        var status = await page.Main.Locator("[role=status]").InnerTextAsync();
        Assert.Contains(lang.T("2 van de 3 regels geladen; 1 afgekeurd.", "2 of 3 rows imported; 1 rejected."), status, StringComparison.Ordinal);
        var row = page.Main.Locator("table tbody tr");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("4", (await row.Locator("th").InnerTextAsync()).Trim());
        Assert.Equal("gebied", (await row.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("WK034409", await row.Locator("td").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
    }
}
