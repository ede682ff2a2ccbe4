using Groz.Browser.Tests.Support;

namespace Groz.Browser.Tests.Journeys;

/// <summary>WCAG 1.4.10 (reflow at 320 CSS px) and 2.4.1 (bypass blocks) on a phone-sized screen.</summary>
[Collection(BrowserCollection.Second)]
public sealed class ReflowTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Home_and_wijken_fit_320_px_and_the_skip_link_comes_first(string code)
    {
        var lang = new Language(code);
        await using var page = await browser.NewPageAsync(width: 320, height: 640);
        await lang.StartAsync(page);

        foreach (var path in new[] { "/", "/wijken", "/wijken?postcode=3526+KA", "/wijken/WK034408" })
        {
            await page.GotoAsync(path);
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 320, $"{path} scrolls sideways at 320 px: scrollWidth {scrollWidth}");

            // The first Tab lands on the skip link; Enter moves focus to main.
            await page.PressAsync("Tab");
            Assert.Equal("skip-link", await page.EvaluateAsync<string>("document.activeElement.className"));
            Assert.Equal(lang.T("Naar de inhoud", "Skip to content"), await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
            Assert.True(await page.EvaluateAsync<bool>("(() => { const r = document.activeElement.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= 320; })()"),
                "the focused skip link is visible on screen");
            await page.PressAsync("Enter");
            Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        }
    }
}
