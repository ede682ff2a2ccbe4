using System.Net;
using System.Text.Json;
using Groz.Tests.Support;

namespace Groz.Tests.Platform;

public sealed class PlatformTests(GrozApp app) : IClassFixture<GrozApp>
{
    [Fact]
    public async Task Health_endpoints_report_live_and_ready_with_migrations_applied()
    {
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
        var ready = await client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("migrations").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_page_gets_a_friendly_404_page_in_Dutch()
    {
        using var client = app.NewClient();
        var page = await client.GetAsync("/deze-pagina-bestaat-niet");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Pagina niet gevonden", page.Html.QuerySelector("h1")?.TextContent);
        Assert.NotNull(page.Html.QuerySelector("main a[href='/']"));
    }

    [Fact]
    public async Task Unknown_api_route_gets_problem_details_with_a_stable_type()
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/api/v1/bestaat-niet");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/problems/not-found", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Api_problem_titles_follow_accept_language()
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/bestaat-niet");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await client.Http.SendAsync(request);
        var dutch = await client.Http.GetAsync("/api/v1/bestaat-niet");
        Assert.Equal("Not found", JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal("Niet gevonden", JsonDocument.Parse(await dutch.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        using var client = app.NewClient();
        var token = await client.AntiforgeryTokenAsync("/account/inloggen");
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Email", new string('a', 2_000_000))]);
        var response = await client.Http.PostAsync("/account/inloggen", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_upload_gets_the_friendly_413_page()
    {
        using var client = app.NewClient();
        var token = await client.AntiforgeryTokenAsync("/account/inloggen");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[1_200_000]), "file", "wijken.csv" },
        };
        var response = await client.Http.PostAsync("/account/inloggen", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Te groot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_v1_endpoints()
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.1", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/tokens", paths);
        Assert.Contains("/api/v1/leerregios", paths);
        // The HSDS API keeps the path the standard gives it (/api/hsds), under its own tag; the iCalendar feeds keep the
        // addresses people subscribe to in their calendar app (/activiteiten/….ics), listed so that they can be found.
        Assert.All(paths, p => Assert.True(p.StartsWith("/api/v1/", StringComparison.Ordinal) || p.StartsWith("/api/hsds", StringComparison.Ordinal)
            || (p.StartsWith("/activiteiten/", StringComparison.Ordinal) && p.EndsWith(".ics", StringComparison.Ordinal)), p));
    }

    [Fact]
    public async Task Language_switch_sets_a_cookie_and_shows_english()
    {
        using var client = app.NewClient();
        var home = await client.GetAsync("/");
        Assert.Equal("nl", home.Html.DocumentElement.GetAttribute("lang"));
        var switched = await client.SubmitAsync(home, new Dictionary<string, string> { ["culture"] = "en" }, "form.language-switch");
        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        var english = await client.GetAsync("/");
        Assert.Equal("en", english.Html.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Healthy together, close to home", english.Text, StringComparison.Ordinal);
    }
}
