using System.Net;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Regions;

/// <summary>
/// Who may reach which management page and API endpoint of leerregio "utrecht". Each member is the demo account of
/// that role in utrecht (pages with a cookie session, the API with a read+write token); privileged roles have 2FA on.
/// </summary>
public sealed class PermissionMatrixTests(GrozApp app) : IClassFixture<GrozApp>
{
    // Outcomes:  ok = 200 page · in = redirect to the sign-in page · 2fa = redirect to the 2FA set-up page
    //            403 / 404 / 401 = that status · 400 = allowed: the request passed every access check and reached
    //            validation (the test sends an empty body, so nothing changes) · 204 = allowed: a role was revoked.
    // A coordinator without 2FA cannot even get a token (POST /api/v1/tokens refuses); one made anyway carries a role
    // that does not count, so the API treats them like any member who does not manage utrecht.
    //
    // Pages (GET): list = /beheer/leerregios · lr = /beheer/leerregios/utrecht · wk+ = …/wijken/nieuw · wk = …/wijken/{id}
    //              bu+ = …/wijken/{id}/buurten/nieuw · bu = …/buurten/{id} · imp = …/import · csv = …/import?handler=voorbeeld · led = …/leden
    // API (/api/v1/leerregios/utrecht/…): mem = GET members · grant = POST members · rev = DELETE members/{id}
    //              wk+ = POST wijken · wk = PUT wijken/{id} · bu+ = POST wijken/{id}/buurten · bu = PUT buurten/{id} · imp = POST import
    private static readonly string[] Matrix =
    [
        // member                | list  lr   wk+  wk   bu+  bu   imp  csv  led  | mem  grant rev  wk+  wk   bu+  bu   imp
        "Resident                | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Volunteer               | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "InformalCarer           | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Entrepreneur            | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Professional            | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Student                 | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Buurtassistent          | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Researcher              | 403   404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Coordinator             | ok    ok   ok   ok   ok   ok   ok   ok   ok   | 200  400   204  400  400  400  400  400",
        "Administrator           | ok    ok   ok   ok   ok   ok   ok   ok   ok   | 200  400   204  400  400  400  400  400",
        "InstallationAdmin       | ok    ok   ok   ok   ok   ok   ok   ok   ok   | 200  400   204  400  400  400  400  400",
        "CoordinatorWithout2FA   | 2fa   2fa  2fa  2fa  2fa  2fa  2fa  2fa  2fa  | 404  404   404  404  404  404  404  404",
        "CoordinatorLeidscheRijn | ok    404  404  404  404  404  404  404  404  | 404  404   404  404  404  404  404  404",
        "Anonymous               | in    in   in   in   in   in   in   in   in   | 401  401   401  401  401  401  401  401",
    ];

    private const string NoTwoFactorEmail = "coordinator-zonder-2fa@example.org";

    public static TheoryData<string> Members => new(Matrix.Select(row => row.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Each_member_gets_the_outcome_of_the_matrix_on_every_page_and_endpoint(string member)
    {
        var row = Matrix.Single(r => r.Split('|')[0].Trim() == member).Split('|');
        var expectedPages = row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expectedApi = row[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var email = await EmailForAsync(member);
        var wijk = await app.WijkIdAsync("WK034408");
        var buurt = await app.DbAsync(db => db.Buurten.Where(b => b.Code == "BU03440801").Select(b => b.Id).FirstAsync());
        var before = await app.SnapshotAsync();

        var twoFactor = member != "CoordinatorWithout2FA";
        using var client = await app.ClientForAsync(email, twoFactor);
        string[] pages =
        [
            "/beheer/leerregios", "/beheer/leerregios/utrecht", "/beheer/leerregios/utrecht/wijken/nieuw", $"/beheer/leerregios/utrecht/wijken/{wijk}",
            $"/beheer/leerregios/utrecht/wijken/{wijk}/buurten/nieuw", $"/beheer/leerregios/utrecht/wijken/{wijk}/buurten/{buurt}",
            "/beheer/leerregios/utrecht/import", "/beheer/leerregios/utrecht/import?handler=voorbeeld", "/beheer/leerregios/utrecht/leden",
        ];
        var actualPages = new List<string>();
        foreach (var url in pages)
        {
            actualPages.Add(PageOutcome(await client.Http.GetAsync(url)));
        }

        // A fresh assignment to revoke, so that an allowed DELETE has something to remove and a refused one can be checked.
        var target = await app.AddAssignmentAsync(DemoData.DemoEmail(GrozRole.Volunteer, "utrecht"), GrozRole.Student, "utrecht");
        var token = email is null ? null : await app.TokenForAsync(email, ["read", "write"], twoFactor);
        using var api = app.NewClient();
        const string u = "/api/v1/leerregios/utrecht";
        (HttpMethod, string)[] calls =
        [
            (HttpMethod.Get, $"{u}/members"), (HttpMethod.Post, $"{u}/members"), (HttpMethod.Delete, $"{u}/members/{target}"),
            (HttpMethod.Post, $"{u}/wijken"), (HttpMethod.Put, $"{u}/wijken/{wijk}"), (HttpMethod.Post, $"{u}/wijken/{wijk}/buurten"),
            (HttpMethod.Put, $"{u}/buurten/{buurt}"), (HttpMethod.Post, $"{u}/import"),
        ];
        var actualApi = new List<string>();
        foreach (var (method, url) in calls)
        {
            var body = method == HttpMethod.Get || method == HttpMethod.Delete ? null : url.EndsWith("/import", StringComparison.Ordinal) ? null : new { };
            var response = await api.SendJsonAsync(method, url, body, bearer: token);
            actualApi.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(string.Join(' ', expectedPages), string.Join(' ', actualPages));
        Assert.Equal(string.Join(' ', expectedApi), string.Join(' ', actualApi));
        var revoked = !await app.DbAsync(db => db.RoleAssignments.AnyAsync(r => r.Id == target));
        Assert.Equal(expectedApi[2] == "204", revoked);
        if (!revoked)
        {
            await app.DbAsync(async db => await db.RoleAssignments.Where(r => r.Id == target).ExecuteDeleteAsync());
        }
        // Allowed or not, the empty bodies changed nothing.
        Assert.Equal(before, await app.SnapshotAsync());
    }

    private static string PageOutcome(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.OK => "ok",
            HttpStatusCode.Redirect or HttpStatusCode.Found when location.Contains("/account/inloggen", StringComparison.Ordinal) => "in",
            HttpStatusCode.Redirect or HttpStatusCode.Found when location.Contains("/account/tweestaps", StringComparison.Ordinal) => "2fa",
            var status => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) + (location.Length > 0 ? "→" + location : ""),
        };
    }

    private async Task<string?> EmailForAsync(string member) => member switch
    {
        "Anonymous" => null,
        "InstallationAdmin" => DemoData.InstallationAdminEmail,
        "CoordinatorLeidscheRijn" => DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"),
        "CoordinatorWithout2FA" => await CoordinatorWithoutTwoFactorAsync(),
        _ => DemoData.DemoEmail(Enum.Parse<GrozRole>(member), "utrecht"),
    };

    /// <summary>A coordinator of utrecht who never turned on 2FA: the role does not count until they do.</summary>
    private async Task<string> CoordinatorWithoutTwoFactorAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        if (await users.FindByEmailAsync(NoTwoFactorEmail) is null)
        {
            var user = new GrozUser { UserName = NoTwoFactorEmail, Email = NoTwoFactorEmail, EmailConfirmed = true, DisplayName = "Zonder Tweestaps" };
            Assert.True((await users.CreateAsync(user, DemoData.DemoPassword)).Succeeded);
            await app.AddAssignmentAsync(NoTwoFactorEmail, GrozRole.Coordinator, "utrecht");
        }
        return NoTwoFactorEmail;
    }

    [Fact]
    public async Task The_public_wijken_stay_visible_to_everyone()
    {
        using var anonymous = app.NewClient();
        var page = await anonymous.GetAsync("/wijken");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Kanaleneiland", page.Text, StringComparison.Ordinal);
        Assert.Contains("Vleuten-De Meern", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync("/api/v1/leerregios/leidsche-rijn")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Http.GetAsync("/wijken/WK034409")).StatusCode);
    }
}
