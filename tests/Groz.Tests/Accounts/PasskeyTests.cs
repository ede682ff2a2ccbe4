using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Accounts;

/// <summary>The server side of passkeys. The full WebAuthn ceremony runs in the browser tests with a virtual authenticator.</summary>
public sealed class PasskeyTests(GrozApp app) : IClassFixture<GrozApp>
{
    [Fact]
    public async Task Creation_options_name_this_site_and_the_member_and_need_antiforgery()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Resident, "leidsche-rijn");
        await client.SignInAsync(email);
        var without = await client.Http.PostAsync("/account/passkeys?handler=Options", null);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);

        var csrf = await client.AntiforgeryTokenAsync("/account/passkeys");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkeys?handler=Options");
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("localhost", json.RootElement.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal(email, json.RootElement.GetProperty("user").GetProperty("name").GetString());
        Assert.True(json.RootElement.GetProperty("challenge").GetString()!.Length >= 16);
    }

    [Fact]
    public async Task A_forged_credential_adds_nothing_and_signs_nobody_in()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Volunteer, "leidsche-rijn");
        await client.SignInAsync(email);
        const string forged = """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"},"clientExtensionResults":{}}""";
        var add = await client.PostFormAsync("/account/passkeys", new Dictionary<string, string> { ["CredentialJson"] = forged }, "main form[data-passkey]");
        Assert.True(add.Text.Contains("kon niet worden toegevoegd", StringComparison.Ordinal), $"{(int)add.Status} {add.Location} {add.Html.QuerySelector("main")?.TextContent}");
        Assert.Equal(0, await app.DbAsync(db => db.UserPasskeys.CountAsync()));

        using var anonymous = app.NewClient();
        var signIn = await anonymous.PostFormAsync("/account/inloggen", new Dictionary<string, string> { ["CredentialJson"] = forged }, "main form[data-passkey]");
        Assert.Null(signIn.Location);
        Assert.Contains("Inloggen met deze passkey lukte niet", signIn.Text, StringComparison.Ordinal);
        Assert.Null((await anonymous.GetAsync("/")).Html.QuerySelector("form[action='/account/uitloggen']"));
    }
}
