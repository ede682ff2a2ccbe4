using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Accounts;

public sealed class TokenApiTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Member_creates_a_token_with_password_and_uses_it_as_bearer()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Resident, "utrecht");
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword, name = "Mijn script" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await JsonAsync(created)).GetProperty("token").GetString()!;
        Assert.StartsWith("groz_", token, StringComparison.Ordinal);
        // Only the hash is stored.
        Assert.False(await app.DbAsync(db => db.ApiTokens.AnyAsync(t => t.SecretHash == token)));

        using var anonymous = app.NewClient();
        var me = await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v1/me", null, bearer: token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await JsonAsync(me)).GetProperty("email").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v1/me", null, bearer: token + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/v1/me")).StatusCode);

        // Revoking works at once.
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}", null, bearer: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v1/me", null, bearer: token)).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_unknown_scope_and_malformed_body_are_problems_and_create_nothing()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Volunteer, "leidsche-rijn");
        var before = await app.DbAsync(db => db.ApiTokens.CountAsync());

        var wrong = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = "niet goed genoeg hoor" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("/problems/invalid-credentials", (await JsonAsync(wrong)).GetProperty("type").GetString());

        var scope = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword, scopes = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
        Assert.Equal("/problems/unknown-scope", (await JsonAsync(scope)).GetProperty("type").GetString());

        var missing = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email = "geen-adres" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        using var garbage = new StringContent("{ dit is geen json", System.Text.Encoding.UTF8, "application/json");
        var malformed = await client.Http.PostAsync("/api/v1/tokens", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        Assert.Equal(before, await app.DbAsync(db => db.ApiTokens.CountAsync()));
    }

    [Fact]
    public async Task Privileged_member_needs_2fa_on_and_a_valid_code_for_a_token()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Researcher, "utrecht");
        var without2fa = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword });
        Assert.Equal(HttpStatusCode.Forbidden, without2fa.StatusCode);

        var key = await app.EnableTwoFactorAsync(email);
        var noCode = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword });
        Assert.Equal("/problems/two-factor-code-invalid", (await JsonAsync(noCode)).GetProperty("type").GetString());
        var ok = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword, totpCode = AccountHelpers.TotpCode(key) });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task Cookie_session_changes_through_the_api_need_the_antiforgery_header()
    {
        using var client = app.NewClient();
        using var other = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Student, "utrecht");
        var create = await other.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword });
        await client.SignInAsync(email);
        var id = (await JsonAsync(create)).GetProperty("id").GetInt32();

        var withoutHeader = await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}", null);
        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        Assert.Equal("/problems/antiforgery", (await JsonAsync(withoutHeader)).GetProperty("type").GetString());
        Assert.True(await app.DbAsync(db => db.ApiTokens.AnyAsync(t => t.Id == id && t.RevokedAt == null)));

        var csrf = await client.AntiforgeryTokenAsync("/account");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}", null, csrf)).StatusCode);
    }

    [Fact]
    public async Task Someone_elses_token_cannot_be_revoked()
    {
        using var client = app.NewClient();
        var owner = DemoData.DemoEmail(GrozRole.Entrepreneur, "leidsche-rijn");
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email = owner, password = DemoData.DemoPassword });
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();
        var other = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email = DemoData.DemoEmail(GrozRole.Professional, "leidsche-rijn"), password = DemoData.DemoPassword });
        var otherToken = (await JsonAsync(other)).GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/tokens/{id}", null, bearer: otherToken)).StatusCode);
        Assert.True(await app.DbAsync(db => db.ApiTokens.AnyAsync(t => t.Id == id && t.RevokedAt == null)));
    }

    [Fact]
    public async Task Tokens_page_shows_the_secret_once_and_revokes()
    {
        using var client = app.NewClient();
        await client.SignInAsync(DemoData.DemoEmail(GrozRole.Professional, "utrecht"));
        var made = await client.PostFormAsync("/account/tokens", new Dictionary<string, string> { ["Input.Name"] = "Agenda-koppeling", ["Input.Scopes[]"] = "read" }, "main form[action*='handler=Create']");
        var secret = made.Html.QuerySelector("#token-secret")!.TextContent;
        using var anonymous = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v1/me", null, bearer: secret)).StatusCode);
        var list = await client.GetAsync("/account/tokens");
        Assert.Null(list.Html.QuerySelector("#token-secret"));
        Assert.Contains("Agenda-koppeling", list.Text, StringComparison.Ordinal);
        await client.SubmitAsync(list, new Dictionary<string, string>(), "main form[action*='handler=Revoke']");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendJsonAsync(HttpMethod.Get, "/api/v1/me", null, bearer: secret)).StatusCode);
    }
}
