using System.Net;
using AngleSharp.Html.Dom;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Regions;

/// <summary>A coordinator of utrecht cannot see or change anything of leidsche-rijn: 404 everywhere, and nothing changes.</summary>
public sealed class IsolationTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static readonly string Coordinator = DemoData.DemoEmail(GrozRole.Coordinator, "utrecht");

    private sealed record Ids(int UtrechtWijk, int LrWijk, int LrBuurt, int LrAssignment);

    private async Task<Ids> IdsAsync() => new(
        await app.WijkIdAsync("WK034408"),
        await app.WijkIdAsync("WK034409"),
        await app.DbAsync(db => db.Buurten.Where(b => b.Code == "BU03440901").Select(b => b.Id).FirstAsync()),
        await app.DbAsync(db => db.RoleAssignments.Where(r => r.User!.Email == DemoData.DemoEmail(GrozRole.Volunteer, "leidsche-rijn") && r.Role == GrozRole.Volunteer)
            .Select(r => r.Id).FirstAsync()));

    [Fact]
    public async Task Pages_of_another_leerregio_are_404_and_do_not_name_it()
    {
        var ids = await IdsAsync();
        using var client = await app.ClientForAsync(Coordinator);
        string[] urls =
        [
            "/beheer/leerregios/leidsche-rijn", "/beheer/leerregios/leidsche-rijn/leden", "/beheer/leerregios/leidsche-rijn/import",
            "/beheer/leerregios/leidsche-rijn/import?handler=voorbeeld", "/beheer/leerregios/leidsche-rijn/wijken/nieuw",
            $"/beheer/leerregios/leidsche-rijn/wijken/{ids.LrWijk}", $"/beheer/leerregios/leidsche-rijn/wijken/{ids.LrWijk}/buurten/nieuw",
            // Ids of the other leerregio under one's own leerregio's address are not found either.
            $"/beheer/leerregios/utrecht/wijken/{ids.LrWijk}", $"/beheer/leerregios/utrecht/wijken/{ids.LrWijk}/buurten/nieuw",
            $"/beheer/leerregios/utrecht/wijken/{ids.UtrechtWijk}/buurten/{ids.LrBuurt}",
        ];
        foreach (var url in urls)
        {
            var page = await client.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{url}: {page.Status}");
            Assert.DoesNotContain("Leidsche Rijn", page.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Vleuten", page.Text, StringComparison.OrdinalIgnoreCase);
        }
        // A made-up leerregio gets exactly the same answer: nothing tells the two apart.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/leerregios/bestaat-niet")).Status);

        var list = await client.GetAsync("/beheer/leerregios");
        Assert.NotNull(list.Html.QuerySelector("a[href='/beheer/leerregios/utrecht']"));
        Assert.Null(list.Html.QuerySelector("a[href='/beheer/leerregios/leidsche-rijn']"));
    }

    [Fact]
    public async Task Form_posts_into_another_leerregio_are_404_and_change_nothing()
    {
        var ids = await IdsAsync();
        using var client = await app.ClientForAsync(Coordinator);
        var token = await client.AntiforgeryTokenAsync("/beheer/leerregios/utrecht/wijken/nieuw");
        var before = await app.SnapshotAsync();
        var wijk = new Dictionary<string, string>
        {
            ["Input.GemeenteCode"] = "GM0344", ["Input.Code"] = "WK034409", ["Input.Name"] = "Overgenomen", ["Input.DivisionYear"] = "2024",
        };
        (string Url, Dictionary<string, string> Fields)[] posts =
        [
            ("/beheer/leerregios/leidsche-rijn/wijken/nieuw", new(wijk) { ["Input.Code"] = "WK034488" }),
            ($"/beheer/leerregios/leidsche-rijn/wijken/{ids.LrWijk}", wijk),
            ($"/beheer/leerregios/utrecht/wijken/{ids.LrWijk}", wijk),
            ($"/beheer/leerregios/utrecht/wijken/{ids.LrWijk}/buurten/nieuw", new() { ["Input.Code"] = "BU03440988", ["Input.Name"] = "Erbij" }),
            ($"/beheer/leerregios/utrecht/wijken/{ids.UtrechtWijk}/buurten/{ids.LrBuurt}", new() { ["Input.Code"] = "BU03440901", ["Input.Name"] = "Hernoemd" }),
            ("/beheer/leerregios/leidsche-rijn/leden", new() { ["Input.Email"] = Coordinator, ["Input.Role"] = "Administrator" }),
            ("/beheer/leerregios/leidsche-rijn/leden?handler=intrekken", new() { ["id"] = ids.LrAssignment.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            ("/beheer/leerregios/utrecht/leden?handler=intrekken", new() { ["id"] = ids.LrAssignment.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        ];
        foreach (var (url, fields) in posts)
        {
            using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
            var response = await client.Http.PostAsync(url, content);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        }
        using (var upload = new MultipartFormDataContent())
        {
            upload.Add(new StringContent(token), "__RequestVerificationToken");
            upload.Add(new StringContent("gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar\nGM0344,Utrecht,WK034409,Weg,BU03440901,Weg,2024\n"), "Upload", "lr.csv");
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.PostAsync("/beheer/leerregios/leidsche-rijn/import", upload)).StatusCode);
        }

        // In one's own leerregio, a wijk of the other is not a valid choice for a role.
        var grant = await client.SubmitAsync(await client.GetAsync("/beheer/leerregios/utrecht/leden"), new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.DemoEmail(GrozRole.Volunteer, "utrecht"), ["Input.Role"] = "Buurtassistent",
            ["Input.WijkId"] = ids.LrWijk.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "form.grant-form");
        Assert.Equal(HttpStatusCode.OK, grant.Status);
        Assert.Contains("Kies een wijk van deze leerregio", grant.Html.QuerySelector("#Input_WijkId-error")?.TextContent ?? "", StringComparison.Ordinal);

        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task Api_calls_into_another_leerregio_are_404_problems_and_change_nothing()
    {
        var ids = await IdsAsync();
        var token = await app.TokenForAsync(Coordinator, ["read", "write"]);
        using var client = app.NewClient();
        var before = await app.SnapshotAsync();
        var wijk = new { gemeenteCode = "GM0344", code = "WK034409", name = "Overgenomen", divisionYear = 2024 };
        var buurt = new { code = "BU03440901", name = "Hernoemd" };
        (HttpMethod Method, string Url, object? Body)[] calls =
        [
            (HttpMethod.Get, "/api/v1/leerregios/leidsche-rijn/members", null),
            (HttpMethod.Post, "/api/v1/leerregios/leidsche-rijn/members", new { email = Coordinator, role = "Administrator" }),
            (HttpMethod.Delete, $"/api/v1/leerregios/leidsche-rijn/members/{ids.LrAssignment}", null),
            (HttpMethod.Delete, $"/api/v1/leerregios/utrecht/members/{ids.LrAssignment}", null),
            (HttpMethod.Post, "/api/v1/leerregios/leidsche-rijn/wijken", wijk with { }),
            (HttpMethod.Put, $"/api/v1/leerregios/leidsche-rijn/wijken/{ids.LrWijk}", wijk),
            (HttpMethod.Put, $"/api/v1/leerregios/utrecht/wijken/{ids.LrWijk}", wijk),
            (HttpMethod.Post, $"/api/v1/leerregios/utrecht/wijken/{ids.LrWijk}/buurten", new { code = "BU03440988", name = "Erbij" }),
            (HttpMethod.Put, $"/api/v1/leerregios/utrecht/buurten/{ids.LrBuurt}", buurt),
            (HttpMethod.Put, $"/api/v1/leerregios/leidsche-rijn/buurten/{ids.LrBuurt}", buurt),
        ];
        foreach (var (method, url, body) in calls)
        {
            var response = await client.SendJsonAsync(method, url, body, bearer: token);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Leidsche", text, StringComparison.OrdinalIgnoreCase);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/leerregios/leidsche-rijn/import"))
        {
            request.Headers.Authorization = new("Bearer", token);
            request.Content = new StringContent("gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar\nGM0344,Utrecht,WK034409,Weg,BU03440901,Weg,2024\n",
                System.Text.Encoding.UTF8, "text/csv");
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.SendAsync(request)).StatusCode);
        }
        var crossWijk = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/members",
            new { email = DemoData.DemoEmail(GrozRole.Volunteer, "utrecht"), role = "Buurtassistent", wijkId = ids.LrWijk }, bearer: token);
        Assert.Equal(HttpStatusCode.BadRequest, crossWijk.StatusCode);
        Assert.Contains("wijkId", await crossWijk.ErrorFieldsAsync());

        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task The_public_wijken_of_every_leerregio_stay_visible()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var page = await client.GetAsync("/wijken");
        Assert.Contains("Leidsche Rijn", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/leerregios/leidsche-rijn")).StatusCode);
        Assert.IsAssignableFrom<IHtmlDocument>(page.Html);
    }
}
