using System.Net;
using System.Net.Http.Headers;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.SocialMap;

/// <summary>
/// Who may export and import the social map of utrecht. Pages with a cookie session (privileged roles with 2FA), the
/// API with a read+write token. The public download and the HSDS API are open to everyone.
/// </summary>
public sealed class SocialMapPermissionTests(GrozApp app) : IClassFixture<GrozApp>
{
    // page = /beheer/wijkportaal/utrecht · zip = …?handler=export · exp = GET /api/v1/socialmap/leerregios/utrecht/export
    // imp = POST …/import with a body that is not a zip (422: allowed, refused by the import, nothing stored)
    // pub = /wijkportaal/utrecht/hsds.zip · hsds = /api/hsds/services
    private static readonly string[] Matrix =
    [
        // member                | page zip  exp  imp  pub  hsds
        "Resident                | 404  404  404  404  200  200",
        "Professional            | 404  404  404  404  200  200",
        "Buurtassistent          | 404  404  404  404  200  200",
        "Researcher              | 404  404  404  404  200  200",
        "Coordinator             | 200  200  200  422  200  200",
        "Administrator           | 200  200  200  422  200  200",
        "InstallationAdmin       | 200  200  200  422  200  200",
        "CoordinatorLeidscheRijn | 404  404  404  404  200  200",
        "Anonymous               | in   in   401  401  200  200",
    ];

    public static TheoryData<string> Members => new(Matrix.Select(row => row.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Each_member_gets_the_outcome_of_the_matrix(string member)
    {
        var expected = Matrix.Single(r => r.Split('|')[0].Trim() == member).Split('|')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var email = member switch
        {
            "Anonymous" => null,
            "InstallationAdmin" => DemoData.InstallationAdminEmail,
            "CoordinatorLeidscheRijn" => DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"),
            _ => DemoData.DemoEmail(Enum.Parse<GrozRole>(member), "utrecht"),
        };
        var before = await app.MapSnapshotAsync();
        using var client = await app.ClientForAsync(email);
        var actual = new List<string>
        {
            Outcome(await client.Http.GetAsync("/beheer/wijkportaal/utrecht")),
            Outcome(await client.Http.GetAsync("/beheer/wijkportaal/utrecht?handler=export")),
        };
        var token = email is null ? null : await app.TokenForAsync(email, ["read", "write"]);
        using var api = app.NewClient();
        using (var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/socialmap/leerregios/utrecht/export"))
        {
            if (token is not null)
            {
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            actual.Add(Outcome(await api.Http.SendAsync(get)));
        }
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/socialmap/leerregios/utrecht/import") { Content = new ByteArrayContent("geen zip"u8.ToArray()) })
        {
            post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            if (token is not null)
            {
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            actual.Add(Outcome(await api.Http.SendAsync(post)));
        }
        actual.Add(Outcome(await client.Http.GetAsync("/wijkportaal/utrecht/hsds.zip")));
        actual.Add(Outcome(await client.Http.GetAsync("/api/hsds/services")));
        Assert.Equal(string.Join(' ', expected), string.Join(' ', actual));
        Assert.Equal(before, await app.MapSnapshotAsync());
    }

    private static string Outcome(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Redirect or HttpStatusCode.Found when location.Contains("/account/inloggen", StringComparison.Ordinal) => "in",
            var status => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task A_coordinator_imports_through_the_page_and_sees_the_report()
    {
        using var client = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "utrecht"));
        var page = await client.GetAsync("/beheer/wijkportaal/utrecht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var token = page.Html.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await app.MapSnapshotAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(SocialMapTestSupport.ExamplesZip()), "Upload", "hsds.zip" },
        };
        var response = await client.Http.PostAsync("/beheer/wijkportaal/utrecht", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Niet ingelezen", html, StringComparison.Ordinal);
        Assert.Contains("staat niet in het pakket", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.MapSnapshotAsync());
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "socialmap.import-rejected")));
    }
}
