using Microsoft.Playwright;

namespace Groz.Browser.Tests.Support;

/// <summary>One app and one Chromium for the whole browser run; every test gets its own context (cookies, viewport).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // The machine has no network: without these flags Chromium keeps trying to reach Google and floods refused connections.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Debian's Chromium; never `playwright install` (no downloads here, and no second browser to keep up to date).
            ExecutablePath = Environment.GetEnvironmentVariable("GROZ_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (no cookies) with one page that scans every page it visits.</summary>
    public async Task<AxePage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = "nl-NL",
            IgnoreHTTPSErrors = true, // the throwaway certificate of BrowserApp
        });
        // Generous limits: on a 2-core machine that also runs the app, a page can take seconds under load (the API
        // reference, the largest page, once needed more than a minute at load average 30). They only
        // decide how long a real failure takes to report, never whether a slow page passes an assertion.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return new AxePage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

/// <summary>
/// The journeys in two halves of about equal run time (6 minutes each in the last full run). xUnit runs the two
/// collections side by side, and each gets its own fixture: its own app, database and Chromium, so the halves share
/// no accounts or state. One browser tab plus the app used about three quarters of one core; the second half uses
/// the other core. A new journey class goes in the half that is shorter at the time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";

    public const string Second = "browser-2";
}

[CollectionDefinition(BrowserCollection.Second)]
public sealed class SecondBrowserCollection : ICollectionFixture<BrowserFixture>;
