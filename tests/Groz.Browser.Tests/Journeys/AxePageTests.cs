using Groz.Browser.Tests.Support;
using Xunit.Sdk;

namespace Groz.Browser.Tests.Journeys;

/// <summary>The checks themselves: a page with a known defect must fail, and a navigation around the wrapper too.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AxePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_violation_fails_the_test_with_rule_impact_and_selector()
    {
        await using var page = await browser.NewPageAsync();
        var failure = await Assert.ThrowsAsync<FailException>(() =>
            page.GotoAsync("data:text/html,<!DOCTYPE html><html lang=nl><title>t</title><main><input id=naamloos></main>"));
        Assert.Contains("label [critical]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#naamloos", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_navigation_around_the_wrapper_is_caught()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.Link("Wijken").First.ClickAsync(); // deliberately not through page.FollowAsync
        await Assert.ThrowsAsync<FailException>(async () => await page.DisposeAsync());
    }
}
