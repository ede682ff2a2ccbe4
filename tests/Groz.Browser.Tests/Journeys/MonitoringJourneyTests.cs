using Groz.Browser.Tests.Support;
using Microsoft.Playwright;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Browser.Tests.Journeys;

/// <summary>
/// The monitor as a coordinator uses it: from the public monitor to the beheer dashboard of one wijk, a chart switched to
/// its table with the keyboard, and the figures downloaded as XLSX (a real workbook that holds the rows). A coordinator of
/// its own, so that enabling 2FA leaves the demo coordinator alone. Every page is scanned by axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitoringJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task A_coordinator_opens_the_wijk_dashboard_switches_a_chart_to_its_table_and_exports_xlsx(string code)
    {
        var lang = new Language(code);
        var coordinator = $"monitor.{code}@example.org";
        var key = (await browser.App.CoordinatorOfItsOwnAsync(coordinator, "Mila Monitor"))!;
        await using var page = await browser.NewPageAsync();
        await lang.StartAsync(page, "/monitoring/utrecht");
        Assert.Contains("Utrecht", await page.H1Async(), StringComparison.Ordinal);
        await lang.SignInAsync(page, coordinator, key);
        await page.GotoAsync("/beheer/monitoring/utrecht/dashboard");
        await page.FollowAsync(page.Main.Locator("nav a", new() { HasText = "Kanaleneiland" }));
        Assert.Equal(lang.T("Dashboard van Kanaleneiland", "Dashboard of Kanaleneiland"), await page.H1Async());

        // The first chart is drawn and its table hidden; the button (by keyboard) shows the table instead.
        var toggle = page.Main.Locator(".chart-toggle").First;
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-pressed"));
        var controls = (await toggle.GetAttributeAsync("aria-controls"))!.Split(' ');
        var table = page.Main.Locator($"#{controls[0]}");
        Assert.False(await table.IsVisibleAsync());
        await toggle.FocusAsync();
        await page.PressAsync("Enter");
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-pressed"));
        Assert.True(await table.IsVisibleAsync());
        Assert.False(await page.Main.Locator($"#{controls[1]}").IsVisibleAsync());
        var shownRows = await table.Locator("tbody tr").CountAsync();
        Assert.True(shownRows > 0);

        var (name, bytes) = await page.DownloadBytesAsync(page.Main.GetByRole(AriaRole.Link, new() { Name = lang.T("Downloaden als Excel (XLSX)", "Download as Excel (XLSX)"), Exact = true }));
        Assert.EndsWith(".xlsx", name, StringComparison.Ordinal);
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.NotEmpty(rows);
        Assert.Contains(rows, r => r.Values.Any(v => v?.ToString() == "WK034408"));
    }
}
