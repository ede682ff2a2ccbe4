using System.Net;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Accounts;

public sealed class SignInTests(GrozApp app) : IClassFixture<GrozApp>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Entrepreneur, "utrecht");
        for (var i = 0; i < 4; i++)
        {
            var wrong = await client.SignInAsync(email, "helemaal niet goed " + i);
            Assert.Contains("E-mailadres of wachtwoord klopt niet", wrong.Text, StringComparison.Ordinal);
        }
        var fifth = await client.SignInAsync(email, "helemaal niet goed 5");
        Assert.Contains("15 minuten geblokkeerd", fifth.Text, StringComparison.Ordinal);
        var right = await client.SignInAsync(email);
        Assert.Null(right.Location);
        Assert.Contains("geblokkeerd", right.Text, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync()) > DateTimeOffset.UnixEpoch);
        var userId = await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Assert.True(await app.DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == userId && a.Action == "account.signin.failed")) >= 4);
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.UserId == userId && a.Action == "account.locked-out")));
    }

    [Fact]
    public async Task Unknown_address_gets_the_same_message_as_a_wrong_password()
    {
        using var client = app.NewClient();
        var unknown = await client.SignInAsync("bestaat.niet@example.org", "een lang wachtwoord hier");
        var wrong = await client.SignInAsync(DemoData.DemoEmail(GrozRole.Student, "utrecht"), "een lang wachtwoord hier");
        Assert.Equal(unknown.Html.QuerySelector(".error-summary")!.TextContent, wrong.Html.QuerySelector(".error-summary")!.TextContent);
    }

    [Fact]
    public async Task Privileged_roles_must_turn_on_2fa_before_anything_else()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Buurtassistent, "leidsche-rijn");
        Assert.Equal("/", (await client.SignInAsync(email)).Location);
        var home = await client.GetAsync("/");
        Assert.Equal("/account/tweestaps?verplicht=1", home.Location);
        var api = await client.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("/problems/two-factor-required", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var setup = await client.GetAsync("/account/tweestaps?verplicht=1");
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        Assert.Contains("eerst tweestapsverificatie aan", setup.Text, StringComparison.Ordinal);
        var key = setup.Html.QuerySelector("main .code")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await client.SubmitAsync(setup, new Dictionary<string, string> { ["Input.Code"] = AccountHelpers.TotpCode(key) });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).Status);
        // The role may not switch it off again.
        var manage = await client.GetAsync("/account/tweestaps");
        Assert.Null(manage.Html.QuerySelector("form[action*='handler=Disable']"));
    }

    [Fact]
    public async Task Pages_of_my_account_need_sign_in()
    {
        using var client = app.NewClient();
        foreach (var url in new[] { "/account", "/account/tweestaps", "/account/mijn-gegevens", "/account/tokens", "/account/wachtwoord" })
        {
            var page = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.StartsWith("/account/inloggen", new Uri(new Uri("https://localhost"), page.Location).PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Profile_changes_are_saved_and_bad_input_changes_nothing()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Volunteer, "utrecht");
        await client.SignInAsync(email);
        var oost = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034405").Select(w => w.Id).SingleAsync());
        var saved = await client.PostFormAsync("/account", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Joost B.", ["Input.WijkId"] = oost.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Interests[]"] = "vitaal-werken",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var user = await app.DbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal(("Joost B.", oost, "vitaal-werken"), (user.DisplayName, user.WijkId!.Value, user.Interests));

        var bad = await client.PostFormAsync("/account", new Dictionary<string, string> { ["Input.DisplayName"] = "", ["Input.WijkId"] = "424242", ["Input.Interests[]"] = "onzin" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Vul uw naam in", bad.Text, StringComparison.Ordinal);
        var after = await app.DbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal(("Joost B.", oost, "vitaal-werken"), (after.DisplayName, after.WijkId!.Value, after.Interests));
    }

    [Fact]
    public async Task Form_post_without_antiforgery_token_is_rejected_and_changes_nothing()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.InformalCarer, "utrecht");
        await client.SignInAsync(email);
        using var content = new FormUrlEncodedContent([new("Input.DisplayName", "Aangepast door aanvaller")]);
        var response = await client.Http.PostAsync("/account", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("Aangepast door aanvaller", await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync()));
    }
}

public sealed class LowRateLimitApp : GrozApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:SignInPerMinute", "3")];
}

public sealed class RateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    [Fact]
    public async Task Sign_in_attempts_above_the_limit_get_429()
    {
        using var client = app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.SignInAsync("iemand@example.org", "een wachtwoord van lengte")).Status);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var api = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email = "iemand@example.org", password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
