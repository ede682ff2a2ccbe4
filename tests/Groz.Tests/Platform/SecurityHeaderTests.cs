using System.Net;
using AngleSharp.Html.Dom;
using Groz.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

/// <summary>
/// Crawls the public pages the way a visitor can reach them and holds every response to the security baseline:
/// headers, cookie flags, and an antiforgery token in every POST form.
/// </summary>
public sealed class SecurityHeaderTests(GrozApp app) : IClassFixture<GrozApp>
{
    private const int MaxPages = 50;

    /// <summary>Not reachable by a link from the home page for every visitor, but public and full of forms.</summary>
    private static readonly string[] ExtraStarts = ["/account/inloggen", "/account/registreren"];

    /// <summary>
    /// A browser-like client on a host name other than localhost: the security-header middleware leaves HSTS out
    /// for localhost (so that developers are not locked into https), and production never runs there.
    /// </summary>
    private FormClient NewClient() => new(app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://groz.example"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    }), app);

    [Fact]
    public async Task Every_public_page_has_the_security_headers_secure_cookies_and_tokens_in_post_forms()
    {
        using var client = NewClient();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", .. ExtraStarts]);
        var cookiesChecked = 0;
        var postFormsChecked = 0;

        while (queue.Count > 0 && seen.Count < MaxPages)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path))
            {
                continue;
            }
            var page = await client.GetAsync(path);
            if (page.Status is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect
                && page.Location is { } location)
            {
                // Locations may be relative to the current path ("docs/"), as a browser resolves them.
                var target = new Uri(new Uri(client.Http.BaseAddress!, path), location);
                if (target.Host == client.Http.BaseAddress!.Host)
                {
                    queue.Enqueue(target.PathAndQuery);
                }
            }
            else if (page.Status != HttpStatusCode.OK)
            {
                problems.Add($"{path}: status {(int)page.Status} (a link on the site leads nowhere)");
            }
            CheckHeaders(path, page.Response, problems);
            cookiesChecked += CheckCookies(path, page.Response, problems);
            if (page.Response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            foreach (var form in page.Html.QuerySelectorAll("form").OfType<IHtmlFormElement>()
                         .Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
            {
                postFormsChecked++;
                if (form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]") is not IHtmlInputElement { Value.Length: > 0 })
                {
                    problems.Add($"{path}: <form method=post action={form.GetAttribute("action") ?? "(self)"}> has no __RequestVerificationToken");
                }
            }
            foreach (var link in page.Html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (SameSitePath(link) is { } next && !seen.Contains(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        // The language switch is the one public form that sets a cookie: its cookie gets the same scrutiny.
        var home = await client.GetAsync("/");
        var switched = await client.SubmitAsync(home, new Dictionary<string, string> { ["culture"] = "en" }, "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        CheckHeaders("POST /taal", switched.Response, problems);
        cookiesChecked += CheckCookies("POST /taal", switched.Response, problems);

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in {seen.Count} pages:\n" + string.Join("\n", problems));
        // Guard against a crawl that silently checked nothing.
        Assert.True(seen.Count >= 8, "crawled only: " + string.Join(", ", seen));
        Assert.Contains("/wijken/WK034408", seen);
        Assert.True(cookiesChecked >= 2, $"only {cookiesChecked} Set-Cookie headers seen");
        Assert.True(postFormsChecked >= 3, $"only {postFormsChecked} POST forms seen");
    }

    [Fact]
    public async Task Language_switch_without_its_token_gets_400_and_keeps_the_language()
    {
        using var client = NewClient();
        var home = await client.GetAsync("/");
        var response = await PostWithoutTokenAsync(client, home, "form.language-switch", new() { ["culture"] = "en" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("Culture", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("nl", (await client.GetAsync("/")).Html.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Registration_without_its_token_gets_400_and_creates_no_account()
    {
        using var client = NewClient();
        var form = await client.GetAsync("/account/registreren");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var wijkId = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034408").Select(w => w.Id).FirstAsync());
        const string email = "zonder.token@example.org";
        var response = await PostWithoutTokenAsync(client, form, "main form[method=post]", new()
        {
            ["Input.DisplayName"] = "Zonder Token",
            ["Input.Email"] = email,
            ["Input.Password"] = "een lang en sterk wachtwoord 93",
            ["Input.ConfirmPassword"] = "een lang en sterk wachtwoord 93",
            ["Input.WijkId"] = wijkId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.AcceptPrivacy"] = "true",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Empty(client.MailsTo(email));
    }

    [Fact]
    public async Task Sign_in_without_its_token_gets_400_and_no_session()
    {
        using var client = NewClient();
        var form = await client.GetAsync("/account/inloggen");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var response = await PostWithoutTokenAsync(client, form, "main form[method=post]", new()
        {
            ["Input.Email"] = "bewoner.utrecht@example.org",
            ["Input.Password"] = Groz.Web.Data.DemoData.DemoPassword,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("groz.session=", StringComparison.Ordinal)));
    }

    /// <summary>Posts the form's fields (the antiforgery cookie goes along) but leaves the token field out.</summary>
    private static async Task<HttpResponseMessage> PostWithoutTokenAsync(FormClient client, Page page, string selector, Dictionary<string, string> fields)
    {
        var form = page.Html.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"no {selector} on {page.Url}");
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && i.Name is { Length: > 0 } name && name != "__RequestVerificationToken" && !fields.ContainsKey(name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Concat(fields).ToList();
        var action = form.GetAttribute("action");
        using var content = new FormUrlEncodedContent(values);
        return await client.Http.PostAsync(string.IsNullOrEmpty(action) ? page.Url : action, content);
    }

    private static void CheckHeaders(string path, HttpResponseMessage response, List<string> problems)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : null;

        var csp = Header("Content-Security-Policy");
        if (csp is null)
        {
            problems.Add($"{path}: no Content-Security-Policy");
        }
        else
        {
            if (!csp.Contains("default-src 'self'", StringComparison.Ordinal))
            {
                problems.Add($"{path}: Content-Security-Policy without default-src 'self': {csp}");
            }
            if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
            {
                problems.Add($"{path}: Content-Security-Policy without frame-ancestors 'none': {csp}");
            }
        }
        if (!string.Equals(Header("X-Content-Type-Options"), "nosniff", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{path}: X-Content-Type-Options is not nosniff");
        }
        if (string.IsNullOrEmpty(Header("Referrer-Policy")))
        {
            problems.Add($"{path}: no Referrer-Policy");
        }
        if (Header("X-Frame-Options") is null && csp?.Contains("frame-ancestors", StringComparison.Ordinal) != true)
        {
            problems.Add($"{path}: neither X-Frame-Options nor frame-ancestors");
        }
        if (Header("Strict-Transport-Security") is not { } hsts || !hsts.Contains("max-age=", StringComparison.Ordinal))
        {
            problems.Add($"{path}: no Strict-Transport-Security on https");
        }
    }

    private static int CheckCookies(string path, HttpResponseMessage response, List<string> problems)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return 0;
        }
        var count = 0;
        foreach (var cookie in cookies)
        {
            count++;
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            var name = cookie.Split('=')[0];
            if (!attributes.Contains("secure"))
            {
                problems.Add($"{path}: cookie {name} without Secure");
            }
            if (!attributes.Contains("httponly"))
            {
                problems.Add($"{path}: cookie {name} without HttpOnly");
            }
            if (!attributes.Any(a => a.StartsWith("samesite=", StringComparison.Ordinal)))
            {
                problems.Add($"{path}: cookie {name} without SameSite");
            }
        }
        return count;
    }

    /// <summary>A link to a page of this site ("/x", not "//other" or "https://..."), without its #fragment.</summary>
    private static string? SameSitePath(string href)
    {
        if (href.StartsWith("https://groz.example/", StringComparison.OrdinalIgnoreCase))
        {
            href = href["https://groz.example".Length..];
        }
        if (!Groz.Web.Infrastructure.Platform.IsLocalPath(href))
        {
            return null;
        }
        var hash = href.IndexOf('#', StringComparison.Ordinal);
        var path = hash >= 0 ? href[..hash] : href;
        return path.Length == 0 ? null : path;
    }
}
