using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Groz.Browser.Tests.Support;

/// <summary>
/// A browser tab that cannot visit a page without checking it: every method that can load or change a page
/// (GotoAsync, FollowAsync, SubmitAsync, ClickAsync, PressAsync) runs axe-core with the WCAG 2.0/2.1 A and AA rules
/// afterwards and fails the test on any violation. Navigations that bypass these methods (a test clicking a
/// locator itself) are counted and fail the test too, at the next call or when the page is disposed.
/// Content-Security-Policy refusals and script errors fail the test as well.
/// </summary>
public sealed class AxePage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly List<string> _browserErrors = [];
    private int _navigations;
    private int _scannedNavigations;
    private bool _listening;
    private bool _failed;

    public string Url => page.Url;

    /// <summary>How many full checks ran (a test can assert that its journey was checked).</summary>
    public int Scans { get; private set; }

    /// <summary>For reading the page in assertions. Clicking through it is caught as an unchecked navigation.</summary>
    public ILocator Locator(string selector, PageLocatorOptions? options = null) => page.Locator(selector, options);

    public ILocator Main => page.Locator("main");

    public ILocator Link(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public Task<string?> LangAsync() => page.Locator("html").GetAttributeAsync("lang");

    public Task<string> H1Async() => page.Locator("h1").InnerTextAsync();

    public Task<T> EvaluateAsync<T>(string expression) => page.EvaluateAsync<T>(expression);

    /// <summary>The DevTools protocol of this page, e.g. for a virtual WebAuthn authenticator.</summary>
    public Task<ICDPSession> DevToolsAsync() => context.NewCDPSessionAsync(page);

    /// <summary>Opens a path on the app and checks the page. Returns the response (its status, for 404 pages).</summary>
    public Task<IResponse?> GotoAsync(string path) => GuardAsync(async () =>
    {
        var response = await page.GotoAsync(path);
        await CheckAsync();
        return response;
    });

    /// <summary>Clicks a link that downloads a file (the page stays, nothing new to scan) and returns its name and text.</summary>
    public async Task<(string Name, string Text)> DownloadAsync(ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }

    /// <summary>As <see cref="DownloadAsync"/>, for a binary file (XLSX): its name and bytes.</summary>
    public async Task<(string Name, byte[] Bytes)> DownloadBytesAsync(ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(await download.PathAsync()));
    }

    /// <summary>Clicks something that loads another page (a link, a submit button) and checks the new page.</summary>
    public Task FollowAsync(ILocator target) => GuardAsync(async () =>
    {
        var navigated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame)
            {
                navigated.TrySetResult();
            }
        }
        page.FrameNavigated += OnNavigated;
        try
        {
            await target.ClickAsync();
            await navigated.Task.WaitAsync(TimeSpan.FromSeconds(45));
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }
        await LoadedAsync();
        await CheckAsync();
        return true;
    });

    /// <summary>Fills a form field (no page change, so no check).</summary>
    public Task FillAsync(string label, string value) => page.GetByLabel(label, new() { Exact = true }).FillAsync(value);

    public Task FillAsync(ILocator field, string value) => field.FillAsync(value);

    public Task CheckBoxAsync(ILocator box) => box.CheckAsync();

    public Task SelectAsync(ILocator select, string value) => select.SelectOptionAsync(value);

    /// <summary>Submits with a button and checks the page that comes back.</summary>
    public Task SubmitAsync(string buttonName) => FollowAsync(Main.GetByRole(AriaRole.Button, new() { Name = buttonName, Exact = true }));

    /// <summary>Clicks something that changes the page in place (or only its #fragment) and checks it.</summary>
    public Task ClickAsync(ILocator target) => GuardAsync(async () =>
    {
        await target.ClickAsync();
        await LoadedAsync();
        await CheckAsync();
        return true;
    });

    /// <summary>Presses a key (Tab, Enter on a focused link, ...) and checks the page afterwards.</summary>
    public Task PressAsync(string key) => GuardAsync(async () =>
    {
        await page.Keyboard.PressAsync(key);
        await LoadedAsync();
        await CheckAsync();
        return true;
    });

    /// <summary>Waits until the document in the tab has loaded, asked of the page itself. In CI,
    /// WaitForLoadStateAsync(Load) once hung for its whole timeout in a journey that had just downloaded a PDF, with
    /// only "NetworkIdle" fired: Playwright's load-state bookkeeping can be reset by a loader that turns into a
    /// download, and then "load" never comes. The document's readyState has no such gap. It is polled with plain
    /// evaluations: WaitForFunctionAsync evaluates a string with eval, which the app's CSP refuses.</summary>
    private async Task LoadedAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<string>("document.readyState") == "complete")
                {
                    return;
                }
            }
            catch (PlaywrightException) when (waited.Elapsed < LoadTimeout)
            {
                // The document was replaced while we asked (a navigation still arriving): ask the new one.
            }
            if (waited.Elapsed > LoadTimeout)
            {
                throw new TimeoutException($"{page.Url} did not finish loading in {LoadTimeout.TotalSeconds} s.");
            }
            await Task.Delay(25);
        }
    }

    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs one step; a step that failed half-way (page loaded, not checked) is already reported, so the
    /// unchecked-navigation check at dispose stays quiet instead of hiding the real failure.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> step)
    {
        Listen();
        try
        {
            return await step();
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private void Listen()
    {
        if (_listening)
        {
            AssertNothingUnchecked();
            return;
        }
        _listening = true;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Interlocked.Increment(ref _navigations);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_browserErrors)
                {
                    _browserErrors.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_browserErrors)
            {
                _browserErrors.Add($"{page.Url}: script error {error}");
            }
        };
    }

    private async Task CheckAsync()
    {
        var seen = Volatile.Read(ref _navigations);
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        Scans++;
        _scannedNavigations = seen;
        if (result.Violations is { Length: > 0 } violations)
        {
            Assert.Fail(Describe(page.Url, violations));
        }
        lock (_browserErrors)
        {
            if (_browserErrors.Count > 0)
            {
                Assert.Fail("The browser reported:\n" + string.Join("\n", _browserErrors));
            }
        }
    }

    private void AssertNothingUnchecked()
    {
        if (Volatile.Read(ref _navigations) != _scannedNavigations)
        {
            Assert.Fail($"A page was visited without an accessibility check (now at {page.Url}): navigate through AxePage's methods.");
        }
    }

    /// <summary>One readable block per rule: id, impact, what it means, and the selectors of the elements.</summary>
    public static string Describe(string url, IEnumerable<AxeResultItem> violations)
    {
        var list = violations.ToList();
        var text = new StringBuilder($"{list.Count} accessibility violation(s) (WCAG 2.1 A/AA) on {url}:\n");
        foreach (var v in list)
        {
            text.Append($"- {v.Id} [{v.Impact}]: {v.Help} ({v.HelpUrl})\n");
            foreach (var node in v.Nodes)
            {
                var why = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).FirstOrDefault();
                text.Append($"    at {node.Target}: {why}\n      {node.Html}\n");
            }
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_listening && !_failed)
            {
                // A navigation may still be arriving from the last action; give its event a moment.
                await LoadedAsync();
                AssertNothingUnchecked();
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
