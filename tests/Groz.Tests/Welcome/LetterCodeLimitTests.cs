using System.Net;
using System.Net.Http.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Welcome;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Welcome;

/// <summary>The app with a low limit on letter-code look-ups, so that guessing codes is cut off after a few tries.</summary>
public sealed class LowLetterLimitApp : GrozApp
{
    public const int Limit = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:LetterCodesPerMinute", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A visitor from <paramref name="address"/> (the test server has no remote address, so the forwarded one counts).</summary>
    public FormClient VisitorFrom(string address)
    {
        var client = NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

public sealed class LetterCodeLimitTests(LowLetterLimitApp app) : IClassFixture<LowLetterLimitApp>
{
    [Fact]
    public async Task After_the_limit_a_wrong_code_gets_a_clear_429_page_while_a_right_code_from_another_address_still_works()
    {
        var code = await app.DbAsync(db => db.WelcomeLetters.OrderBy(x => x.Id).Select(x => x.Code).FirstAsync());

        using var guesser = app.VisitorFrom("203.0.113.10");
        for (var i = 0; i < LowLetterLimitApp.Limit; i++)
        {
            var wrong = await guesser.GetAsync($"/welkom/brief/ZZZZ-ZZZ{i + 2}");
            Assert.Equal(HttpStatusCode.OK, wrong.Status);
            Assert.NotNull(wrong.Html.QuerySelector("#Code-error"));
        }
        var blocked = await guesser.GetAsync("/welkom/brief/ZZZZ-ZZZZ");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("text/html", blocked.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Te veel pogingen", blocked.Html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Wacht een minuut", blocked.Text, StringComparison.Ordinal);
        Assert.True(blocked.Response.Headers.RetryAfter is not null);
        // The same with the code in the query string, and through the route form's ?brief=: also counted.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/welkom/brief?code=ZZZZ-ZZZZ")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/welkom?brief=ZZZZZZZZ")).Status);
        // A code in a form or JSON body is counted too: the route form's POST and the API's POST /routes.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.SubmitAsync(await guesser.GetAsync("/welkom"),
            new Dictionary<string, string> { ["Input.Letter"] = "ZZZZ-ZZZZ" })).Status);
        using (var api = await guesser.Http.PostAsJsonAsync("/api/v1/welcome/routes", new { wijk = "WK034408", interests = new[] { "leefstijl" }, letter = "ZZZZ-ZZZZ" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        }
        // The form without a code stays open, so the page that explains is never blocked itself.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/welkom/brief")).Status);
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/welkom")).Status);

        // A resident elsewhere types the right code: it opens the route.
        using var resident = app.VisitorFrom("198.51.100.20");
        var right = await resident.GetAsync("/welkom/brief/" + WelcomeRoutes.ShowLetterCode(code));
        Assert.Equal(HttpStatusCode.Redirect, right.Status);
        Assert.StartsWith("/welkom?brief=", right.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await resident.FollowAsync(right)).Status);
    }
}
