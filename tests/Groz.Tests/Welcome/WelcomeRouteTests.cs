using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Tests.SocialMap;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Welcome;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Welcome;

public sealed class WelcomeRouteTests(WelcomeApp app) : IClassFixture<WelcomeApp>
{
    private static Dictionary<string, string> Form(string? postcode, string? interests, string? situations = null, string? wijk = null) => new()
    {
        ["Input.Postcode"] = postcode ?? "",
        ["Input.Wijk"] = wijk ?? "",
        ["Input.Interests[]"] = interests ?? "",
        ["Input.Situations[]"] = situations ?? "",
    };

    private Task<int> RouteCountAsync() => app.DbAsync(db => db.WelcomeRoutes.CountAsync());

    private async Task<(Page Page, string Code)> MakeRouteAsync(FormClient client, string postcode, string interests, string? situations = null)
    {
        var posted = await client.PostFormAsync("/welkom", Form(postcode, interests, situations));
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.StartsWith("/welkom/r/", posted.Location, StringComparison.Ordinal);
        return (await client.FollowAsync(posted), posted.Location!["/welkom/r/".Length..]);
    }

    private static List<string> Titles(Page page, string section) =>
        page.Html.QuerySelectorAll($"section[aria-labelledby={section}] li h3").Select(h => h.TextContent.Trim()).ToList();

    [Fact]
    public async Task The_route_for_a_fixed_postcode_and_interests_shows_exactly_the_matching_services_and_activities()
    {
        // Utrecht Oost (3581, 3584, 3585) in leerregio utrecht, where the demo buurtassistent works; the resident chooses leefstijl and "I am 65 or older".
        await app.AddServiceAsync(new TestService("Wandelen in Oost") { WijkCode = "WK034405", Theme = "leefstijl", Free = true });
        await app.AddServiceAsync(new TestService("Koffie voor ouderen") { WijkCode = "WK034405", Group = "ouderen" });
        await app.AddServiceAsync(new TestService("Beweeg-app") { Digital = true, Theme = "leefstijl" });
        await app.AddServiceAsync(new TestService("Mantelzorgsteunpunt") { WijkCode = "WK034405", Theme = "zorg-voor-elkaar" });
        await app.AddServiceAsync(new TestService("Sporten in Kanaleneiland") { WijkCode = "WK034408", Theme = "leefstijl" });
        await app.AddServiceAsync(new TestService("Fietsen in Leidsche Rijn", "leidsche-rijn") { WijkCode = "WK034409", Theme = "leefstijl" });
        await app.AddServiceAsync(new TestService("Yoga in concept") { WijkCode = "WK034405", Theme = "leefstijl", Publication = Groz.Web.Features.SocialMap.Publication.Draft });
        var now = app.Clock.GetUtcNow();
        await app.AddEventAsync("Buurtwandeling", "WK034405", "leefstijl", now.AddDays(3));
        await app.AddEventAsync("Wekelijks bewegen", "WK034405", "leefstijl", now.AddDays(1), "FREQ=WEEKLY;COUNT=10");
        await app.AddEventAsync("Seniorenlunch", "WK034405", "zorg-voor-elkaar", now.AddDays(5), targetGroup: "ouderen");
        await app.AddEventAsync("Repair café", "WK034405", "zorg-voor-elkaar", now.AddDays(4));
        await app.AddEventAsync("Sport in Kanaleneiland", "WK034408", "leefstijl", now.AddDays(2));
        await app.AddEventAsync("Zomerfeest", "WK034405", "leefstijl", now.AddDays(80));
        await app.AddEventAsync("Nog niet open", "WK034405", "leefstijl", now.AddDays(6), status: Groz.Web.Features.Events.EventStatus.Draft);

        using var client = app.NewClient();
        // Lowercase and without a space, as people type it on a phone.
        var (page, code) = await MakeRouteAsync(client, "3584ab", "leefstijl", "older");

        Assert.Contains("Utrecht Oost", page.Html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Koffie voor ouderen", "Wandelen in Oost"], Titles(page, "services"));
        Assert.Equal(["Beweeg-app"], Titles(page, "online"));
        Assert.Equal(["Wekelijks bewegen", "Buurtwandeling", "Seniorenlunch"], Titles(page, "activities"));
        Assert.Contains("Samira", page.Html.QuerySelector("section[aria-labelledby=assistants]")!.TextContent, StringComparison.Ordinal);

        // The API gives the same route as JSON.
        var json = await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/welcome/routes/{code}");
        Assert.Equal("WK034405", json.GetProperty("wijk").GetString());
        Assert.Equal(["Koffie voor ouderen", "Wandelen in Oost"], json.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        Assert.Equal(["Beweeg-app"], json.GetProperty("online").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        Assert.Equal(["Wekelijks bewegen", "Buurtwandeling", "Seniorenlunch"], json.GetProperty("activities").EnumerateArray().Select(s => s.GetProperty("title").GetString()!));

        // Only the wijk and the choices are stored: no postcode, no name.
        var route = await app.DbAsync(db => db.WelcomeRoutes.OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal("leefstijl", route.Interests);
        Assert.Equal("older", route.Situations);
        Assert.Equal(await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034405").Select(w => w.Id).FirstAsync()), route.WijkId);
        Assert.NotEqual(code, route.CodeHash);
    }

    [Fact]
    public async Task A_route_made_through_the_API_can_be_read_and_removed_with_its_code()
    {
        using var client = app.NewClient();
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes", new { postcode = "3541 AB", interests = new[] { "sociale-basis" }, situations = new[] { "just-moved" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        Assert.Equal("WK034409", body.GetProperty("route").GetProperty("wijk").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/api/v1/welcome/routes/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/welcome/routes/{code}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/api/v1/welcome/routes/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/welkom/r/" + code)).StatusCode);
    }

    [Theory]
    [InlineData("9999 ZZ", "We do not know this postcode")]
    [InlineData("35A1 BC", "Enter a postcode like 3541 AB")]
    [InlineData("", "Fill in your postcode, or choose your wijk")]
    public async Task A_postcode_that_is_unknown_or_wrong_gets_a_clear_message_with_the_wijk_list_and_stores_nothing(string postcode, string message)
    {
        using var client = app.NewClient();
        await client.SubmitAsync(await client.GetAsync("/"), new Dictionary<string, string> { ["culture"] = "en" }, "form.language-switch");
        var before = await RouteCountAsync();
        var page = await client.PostFormAsync("/welkom", Form(postcode, "leefstijl"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Html.QuerySelector("#Input_Postcode-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Html.QuerySelector("#Input_Postcode")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Html.QuerySelector("#Input_Wijk option[value=WK034409]"));
        Assert.Equal(before, await RouteCountAsync());

        var api = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes", new { postcode, interests = new[] { "leefstijl" } });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.True((await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("postcode", out _));
        Assert.Equal(before, await RouteCountAsync());
    }

    [Fact]
    public async Task An_unknown_postcode_can_be_followed_by_choosing_the_wijk()
    {
        using var client = app.NewClient();
        var posted = await client.PostFormAsync("/welkom", Form("9999 ZZ", "leefstijl", wijk: "WK034410"));
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var page = await client.FollowAsync(posted);
        Assert.Contains("Vleuten-De Meern", page.Html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_or_unknown_interests_and_situations_are_refused_with_a_message_and_nothing_is_stored()
    {
        using var client = app.NewClient();
        var before = await RouteCountAsync();
        var page = await client.PostFormAsync("/welkom", Form("3541 AB", null));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Kies minstens één onderwerp", page.Html.QuerySelector("#Input_Interests-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Html.QuerySelector(".error-summary a[href='#Input_Interests']"));

        var api = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes", new { postcode = "3541 AB", interests = Array.Empty<string>(), situations = new[] { "rich" } });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var errors = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("interests", out _));
        Assert.True(errors.TryGetProperty("situations", out _));

        var unknown = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes", new { postcode = "3541 AB", interests = new[] { "<script>" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(before, await RouteCountAsync());
    }

    [Fact]
    public async Task Asking_for_a_welkomstmaatje_creates_a_welcome_help_request_for_the_wijks_assistants_only_with_consent()
    {
        using var client = app.NewClient();
        var (page, code) = await MakeRouteAsync(client, "3585 AB", "zorg-voor-elkaar", "just-moved");
        var requestsBefore = await app.DbAsync(db => db.HelpRequests.CountAsync());

        // Without consent: a clear message, nothing stored.
        var refused = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Maatje.Name"] = "Noor Bakker", ["Maatje.ContactPreference"] = "Phone", ["Maatje.Phone"] = "06 12345678",
        }, "form[action*=Maatje]");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotNull(refused.Html.QuerySelector("#Maatje_Consent-error"));
        Assert.Equal(requestsBefore, await app.DbAsync(db => db.HelpRequests.CountAsync()));

        // Phone chosen without a number, and no name: each gets its message.
        var incomplete = await client.SubmitAsync(page, new Dictionary<string, string> { ["Maatje.ContactPreference"] = "Phone", ["Maatje.Consent"] = "true" }, "form[action*=Maatje]");
        Assert.NotNull(incomplete.Html.QuerySelector("#Maatje_Name-error"));
        Assert.NotNull(incomplete.Html.QuerySelector("#Maatje_Phone-error"));
        Assert.Equal(requestsBefore, await app.DbAsync(db => db.HelpRequests.CountAsync()));

        var asked = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Maatje.Name"] = "Noor Bakker", ["Maatje.ContactPreference"] = "Phone", ["Maatje.Phone"] = "06 12345678", ["Maatje.Consent"] = "true",
            ["Maatje.Message"] = "Ik spreek ook Engels.",
        }, "form[action*=Maatje]");
        Assert.Equal(HttpStatusCode.Redirect, asked.Status);
        var done = await client.FollowAsync(asked);
        Assert.NotNull(done.Html.QuerySelector("#maatje .notice"));
        Assert.Null(done.Html.QuerySelector("form[action*=Maatje]"));

        var request = await app.DbAsync(db => db.HelpRequests.OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal(HelpRequestKind.Welcome, request.Kind);
        Assert.Equal("Noor Bakker", request.ContactName);
        Assert.Equal("06 12345678", request.ContactPhone);
        Assert.Null(request.ResidentUserId);
        Assert.Equal(await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034405").Select(w => w.Id).FirstAsync()), request.WijkId);
        Assert.Contains("Ik spreek ook Engels.", request.Description, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.HelpConsents.AnyAsync(c => c.HelpRequestId == request.Id && c.Kind == HelpConsentKind.Processing)));
        Assert.Equal(request.Id, await app.DbAsync(db => db.WelcomeRoutes.Where(r => r.MaatjeRequestId != null).OrderByDescending(r => r.Id).Select(r => r.MaatjeRequestId).FirstAsync()));
        // The wijk's buurtassistent hears of it in their inbox.
        var assistant = await app.DbAsync(db => db.Users.Where(u => u.Email == DemoData.DemoEmail(GrozRole.Buurtassistent, "utrecht")).Select(u => u.Id).SingleAsync());
        Assert.True(await app.DbAsync(db => db.Set<Groz.Web.Features.Notifications.Notification>().AnyAsync(n => n.UserId == assistant && n.SubjectId == request.Id.ToString())));

        // Once per route.
        var again = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/welcome/routes/{code}/maatje", new { name = "Noor", contactPreference = "Phone", phone = "0612345678", consent = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(requestsBefore + 1, await app.DbAsync(db => db.HelpRequests.CountAsync()));
    }

    [Fact]
    public async Task The_API_refuses_a_maatje_request_without_consent()
    {
        using var client = app.NewClient();
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes", new { wijk = "WK034410", interests = new[] { "leefstijl" } });
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var before = await app.DbAsync(db => db.HelpRequests.CountAsync());
        var refused = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/welcome/routes/{code}/maatje", new { name = "Sam", contactPreference = "Email", email = "sam@example.org", consent = false });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("consent", out _));
        Assert.Equal(before, await app.DbAsync(db => db.HelpRequests.CountAsync()));
        var ok = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/welcome/routes/{code}/maatje", new { name = "Sam", contactPreference = "Email", email = "sam@example.org", consent = true });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendJsonAsync(HttpMethod.Post, "/api/v1/welcome/routes/geen-code/maatje", new { consent = true })).StatusCode);
    }

    [Fact]
    public async Task Expired_routes_are_removed_by_retention_and_their_link_stops_working()
    {
        using var client = app.NewClient();
        var (_, code) = await MakeRouteAsync(client, "3581 AA", "leefstijl");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            app.Clock.Offset = TimeSpan.FromDays(91);
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<WelcomeRetention>().RunAsync();
                Assert.True(result.Routes >= 1);
            }
            finally
            {
                app.Clock.Offset = TimeSpan.Zero;
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/welkom/r/" + code)).Status);
    }
}
