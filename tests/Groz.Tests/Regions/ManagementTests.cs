using System.Net;
using System.Text;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Regions;

/// <summary>The /beheer forms and the matching API endpoints: what works, and every kind of bad input (message at the field, nothing changes).</summary>
public sealed class ManagementTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static readonly string Coordinator = DemoData.DemoEmail(GrozRole.Coordinator, "utrecht");
    private static readonly string Administrator = DemoData.DemoEmail(GrozRole.Administrator, "utrecht");
    private static readonly string Volunteer = DemoData.DemoEmail(GrozRole.Volunteer, "utrecht");

    private static string ErrorAt(Page page, string fieldId) => page.Html.QuerySelector($"#{fieldId}-error")?.TextContent ?? "";

    private Task<string> StampAsync(string email) => app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp!).FirstAsync());

    [Fact]
    public async Task A_coordinator_adds_and_edits_a_wijk_with_a_new_gemeente_and_adds_a_buurt()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var added = await client.PostFormAsync("/beheer/leerregios/utrecht/wijken/nieuw", new Dictionary<string, string>
        {
            ["Input.GemeenteCode"] = "gm0321", ["Input.GemeenteName"] = "Houten", ["Input.Code"] = "WK032101", ["Input.Name"] = "Houten-Noord",
            ["Input.DivisionYear"] = "2024", ["Input.Residents"] = "12000", ["Input.Postcodes"] = "3991, 3992",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var wijk = await app.DbAsync(db => db.Wijken.Include(w => w.Gemeente).Include(w => w.Leerregio).FirstAsync(w => w.Code == "WK032101"));
        Assert.Equal(("Houten-Noord", "GM0321", "Houten", "utrecht", 12000, "3991 3992"),
            (wijk.Name, wijk.Gemeente!.Code, wijk.Gemeente.Name, wijk.Leerregio!.Slug, wijk.Residents!.Value, wijk.Postcodes));
        Assert.Equal(1, await app.AuditCountAsync("wijk.created"));
        var overview = await client.GetAsync("/beheer/leerregios/utrecht");
        Assert.Contains("Houten-Noord", overview.Text, StringComparison.Ordinal);
        Assert.Contains("WK032101", overview.Text, StringComparison.Ordinal);

        var edited = await client.PostFormAsync($"/beheer/leerregios/utrecht/wijken/{wijk.Id}", new Dictionary<string, string> { ["Input.Name"] = "Houten Noord", ["Input.Postcodes"] = "3991" });
        Assert.Equal(HttpStatusCode.Redirect, edited.Status);
        var saved = await app.DbAsync(db => db.Wijken.AsNoTracking().FirstAsync(w => w.Id == wijk.Id));
        Assert.Equal(("Houten Noord", "3991"), (saved.Name, saved.Postcodes));

        var buurtForm = await client.GetAsync($"/beheer/leerregios/utrecht/wijken/{wijk.Id}/buurten/nieuw");
        Assert.Equal("BU032101", (buurtForm.Html.QuerySelector("#Input_Code") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        var buurt = await client.SubmitAsync(buurtForm, new Dictionary<string, string> { ["Input.Code"] = "BU03210101", ["Input.Name"] = "Oude Dorp", ["Input.Residents"] = "4000" });
        Assert.Equal(HttpStatusCode.Redirect, buurt.Status);
        Assert.True(await app.DbAsync(db => db.Buurten.AnyAsync(b => b.Code == "BU03210101" && b.WijkId == wijk.Id && b.DivisionYear == 2024 && b.LeerregioId == wijk.LeerregioId)));

        // With buurten under it, the wijk's code can no longer change (their codes follow it).
        var recode = await client.PostFormAsync($"/beheer/leerregios/utrecht/wijken/{wijk.Id}", new Dictionary<string, string> { ["Input.Code"] = "WK032102" });
        Assert.Equal(HttpStatusCode.OK, recode.Status);
        Assert.Contains("kunnen de code en het jaar niet veranderen", ErrorAt(recode, "Input_Code"), StringComparison.Ordinal);
    }

    public static TheoryData<string, Dictionary<string, string>, string, string> BadWijken => new()
    {
        { "gemeente code", new() { ["Input.GemeenteCode"] = "GM34" }, "Input_GemeenteCode", "Vul de gemeentecode in" },
        { "wijk code", new() { ["Input.Code"] = "WK3440" }, "Input_Code", "Vul de wijkcode in" },
        { "wijk of another gemeente", new() { ["Input.Code"] = "WK035699" }, "Input_Code", "moet beginnen met WK0344" },
        { "existing code", new() { ["Input.Code"] = "WK034408" }, "Input_Code", "Er is al een wijk met code WK034408" },
        { "no name", new() { ["Input.Name"] = " " }, "Input_Name", "Vul een naam in" },
        { "year", new() { ["Input.DivisionYear"] = "1990" }, "Input_DivisionYear", "Vul het jaar van de CBS-indeling in" },
        { "year not a number", new() { ["Input.DivisionYear"] = "twintig" }, "Input_DivisionYear", "" },
        { "residents", new() { ["Input.Residents"] = "-5" }, "Input_Residents", "Vul een aantal inwoners in" },
        { "postcodes", new() { ["Input.Postcodes"] = "3526KA" }, "Input_Postcodes", "Postcodes zijn steeds vier cijfers" },
        { "new gemeente without a name", new() { ["Input.GemeenteCode"] = "GM0399", ["Input.Code"] = "WK039901" }, "Input_GemeenteName", "Vul de naam in" },
    };

    [Theory]
    [MemberData(nameof(BadWijken))]
    public async Task A_bad_wijk_shows_the_message_next_to_the_field_and_saves_nothing(string kind, Dictionary<string, string> bad, string fieldId, string message)
    {
        using var client = await app.ClientForAsync(Coordinator);
        var before = await app.SnapshotAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.GemeenteCode"] = "GM0344", ["Input.Code"] = "WK034477", ["Input.Name"] = "Testwijk", ["Input.DivisionYear"] = "2024",
            ["Input.Residents"] = "", ["Input.Postcodes"] = "3527",
        };
        foreach (var (k, v) in bad)
        {
            fields[k] = v;
        }

        var page = await client.PostFormAsync("/beheer/leerregios/utrecht/wijken/nieuw", fields);

        Assert.True(page.Status == HttpStatusCode.OK, kind);
        var error = ErrorAt(page, fieldId);
        Assert.True(error.Length > 0 && error.Contains(message, StringComparison.Ordinal), $"{kind}: '{error}'");
        var input = page.Html.QuerySelector($"#{fieldId}")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains($"{fieldId}-error", input.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.NotNull(page.Html.QuerySelector($".error-summary a[href='#{fieldId}']"));
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Theory]
    [InlineData("BU03440901", "Naam", "Input_Code", "moet beginnen met BU034408")]
    [InlineData("BU0344080", "Naam", "Input_Code", "Vul de buurtcode in")]
    [InlineData("BU03440801", "Naam", "Input_Code", "Er is al een buurt met code BU03440801")]
    [InlineData("BU03440877", "", "Input_Name", "Vul een naam in")]
    public async Task A_bad_buurt_shows_the_message_and_saves_nothing(string code, string name, string fieldId, string message)
    {
        using var client = await app.ClientForAsync(Coordinator);
        var wijk = await app.WijkIdAsync("WK034408");
        var before = await app.SnapshotAsync();
        var page = await client.PostFormAsync($"/beheer/leerregios/utrecht/wijken/{wijk}/buurten/nieuw",
            new Dictionary<string, string> { ["Input.Code"] = code, ["Input.Name"] = name });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, ErrorAt(page, fieldId), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task The_installation_admin_creates_a_leerregio_and_bad_input_is_refused()
    {
        using var admin = await app.ClientForAsync(DemoData.InstallationAdminEmail);
        var before = await app.SnapshotAsync();
        foreach (var (slug, name, field) in new[] { ("Niet Goed", "Naam", "Input_Slug"), ("utrecht", "Dubbel", "Input_Slug"), ("zeist", "", "Input_Name") })
        {
            var page = await admin.PostFormAsync("/beheer/leerregios", new Dictionary<string, string> { ["Input.Slug"] = slug, ["Input.Name"] = name });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.NotEqual("", ErrorAt(page, field));
        }
        Assert.Equal(before, await app.SnapshotAsync());

        var created = await admin.PostFormAsync("/beheer/leerregios", new Dictionary<string, string> { ["Input.Slug"] = "zeist", ["Input.Name"] = "Leerregio Zeist" });
        Assert.Equal("/beheer/leerregios/zeist", created.Location);
        Assert.True(await app.DbAsync(db => db.Leerregios.AnyAsync(l => l.Slug == "zeist")));

        // A coordinator sees no form and cannot post one.
        using var coordinator = await app.ClientForAsync(Coordinator);
        var list = await coordinator.GetAsync("/beheer/leerregios");
        Assert.Null(list.Html.QuerySelector("main form[method=post]"));
        var token = await coordinator.AntiforgeryTokenAsync("/beheer/leerregios/utrecht/wijken/nieuw");
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Slug", "amersfoort"), new("Input.Name", "Amersfoort")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.Http.PostAsync("/beheer/leerregios", content)).StatusCode);
        Assert.False(await app.DbAsync(db => db.Leerregios.AnyAsync(l => l.Slug == "amersfoort")));
    }

    [Fact]
    public async Task Granting_and_revoking_a_role_is_audited_and_renews_the_members_security_stamp()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var wijk = await app.WijkIdAsync("WK034405");
        var viewed = await app.AuditCountAsync("members.viewed");
        var members = await client.GetAsync("/beheer/leerregios/utrecht/leden");
        Assert.Contains("Joost Bakker", members.Text, StringComparison.Ordinal);
        Assert.Equal(viewed + 1, await app.AuditCountAsync("members.viewed"));
        // A coordinator is not offered the administrator role.
        Assert.Null(members.Html.QuerySelector("#Input_Role option[value=Administrator]"));
        var stamp = await StampAsync(Volunteer);

        var granted = await client.SubmitAsync(members, new Dictionary<string, string>
        {
            ["Input.Email"] = Volunteer, ["Input.Role"] = "Buurtassistent", ["Input.WijkId"] = wijk.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "form.grant-form");

        Assert.Equal(HttpStatusCode.Redirect, granted.Status);
        var assignment = await app.DbAsync(db => db.RoleAssignments.SingleAsync(r => r.User!.Email == Volunteer && r.Role == GrozRole.Buurtassistent));
        Assert.Equal(wijk, assignment.WijkId);
        Assert.NotNull(assignment.GrantedByUserId);
        Assert.Equal(1, await app.AuditCountAsync("role.granted"));
        var stampAfterGrant = await StampAsync(Volunteer);
        Assert.NotEqual(stamp, stampAfterGrant);

        var list = await client.GetAsync("/beheer/leerregios/utrecht/leden");
        Assert.Contains("Utrecht Oost", list.Text, StringComparison.Ordinal);
        // The revoke button of exactly this assignment.
        var revoked = await client.SubmitAsync(list, new Dictionary<string, string>(), $"form.revoke-form:has(input[name=id][value='{assignment.Id}'])");
        Assert.Equal(HttpStatusCode.Redirect, revoked.Status);
        Assert.False(await app.DbAsync(db => db.RoleAssignments.AnyAsync(r => r.Id == assignment.Id)));
        Assert.Equal(1, await app.AuditCountAsync("role.revoked"));
        Assert.NotEqual(stampAfterGrant, await StampAsync(Volunteer));
    }

    public static TheoryData<string, Dictionary<string, string>, string, string> BadGrants => new()
    {
        { "unknown account", new() { ["Input.Email"] = "niemand@example.org" }, "Input_Email", "Er is geen account met dit e-mailadres" },
        { "not an e-mail", new() { ["Input.Email"] = "niemand" }, "Input_Email", "Vul het e-mailadres in" },
        { "no role", new() { ["Input.Role"] = "" }, "Input_Role", "Kies een rol" },
        { "administrator by a coordinator", new() { ["Input.Role"] = "Administrator" }, "Input_Role", "Alleen een beheerder van deze leerregio" },
        { "role already held", new() { ["Input.Role"] = "Volunteer" }, "Input_Role", "Dit lid heeft deze rol hier al" },
        { "unknown wijk", new() { ["Input.WijkId"] = "999999" }, "Input_WijkId", "Kies een wijk van deze leerregio" },
    };

    [Theory]
    [MemberData(nameof(BadGrants))]
    public async Task A_bad_grant_shows_the_message_and_changes_nothing(string kind, Dictionary<string, string> bad, string fieldId, string message)
    {
        using var client = await app.ClientForAsync(Coordinator);
        var before = await app.SnapshotAsync();
        var granted = await app.AuditCountAsync("role.granted");
        var fields = new Dictionary<string, string> { ["Input.Email"] = Volunteer, ["Input.Role"] = "Student", ["Input.WijkId"] = "" };
        foreach (var (k, v) in bad)
        {
            fields[k] = v;
        }
        var page = await client.SubmitAsync(await client.GetAsync("/beheer/leerregios/utrecht/leden"), fields, "form.grant-form");
        Assert.True(page.Status == HttpStatusCode.OK, kind);
        Assert.Contains(message, ErrorAt(page, fieldId), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(granted, await app.AuditCountAsync("role.granted"));
    }

    [Fact]
    public async Task Only_an_administrator_grants_or_revokes_the_administrator_role()
    {
        var coordinatorToken = await app.TokenForAsync(Coordinator, ["read", "write"]);
        var adminToken = await app.TokenForAsync(Administrator, ["read", "write"]);
        using var client = app.NewClient();
        var before = await app.SnapshotAsync();

        var refused = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/members", new { email = Volunteer, role = "Administrator" }, bearer: coordinatorToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("/problems/role-not-grantable", (await refused.JsonAsync()).GetProperty("type").GetString());
        var adminAssignment = await app.DbAsync(db => db.RoleAssignments.Where(r => r.User!.Email == Administrator && r.Role == GrozRole.Administrator).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/leerregios/utrecht/members/{adminAssignment}", null, bearer: coordinatorToken)).StatusCode);
        using (var page = await app.ClientForAsync(Coordinator))
        {
            var token = await page.AntiforgeryTokenAsync("/beheer/leerregios/utrecht/wijken/nieuw");
            using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", adminAssignment.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            Assert.Equal(HttpStatusCode.Forbidden, (await page.Http.PostAsync("/beheer/leerregios/utrecht/leden?handler=intrekken", content)).StatusCode);
        }
        Assert.Equal(before, await app.SnapshotAsync());

        var allowed = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/members", new { email = Volunteer, role = "Administrator" }, bearer: adminToken);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var id = (await allowed.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal("Administrator", await app.DbAsync(db => db.RoleAssignments.Where(r => r.Id == id).Select(r => r.Role.ToString()).FirstAsync()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/leerregios/utrecht/members/{id}", null, bearer: adminToken)).StatusCode);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task The_api_adds_and_changes_wijken_and_buurten_and_lists_members_with_an_audit_entry()
    {
        var token = await app.TokenForAsync(Coordinator, ["read", "write"]);
        using var client = app.NewClient();
        var viewed = await app.AuditCountAsync("members.viewed");
        var members = await client.SendJsonAsync(HttpMethod.Get, "/api/v1/leerregios/utrecht/members", null, bearer: token);
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        Assert.Contains((await members.JsonAsync()).EnumerateArray(), m => m.GetProperty("displayName").GetString() == "Pieter Jansen" && m.GetProperty("role").GetString() == "Coordinator");
        Assert.Equal(viewed + 1, await app.AuditCountAsync("members.viewed"));

        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/wijken",
            new { gemeenteCode = "GM0356", code = "WK035603", name = "Nieuwegein-Midden", divisionYear = 2024, residents = 9000, postcodes = "3430" }, bearer: token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var wijk = await created.JsonAsync();
        Assert.Equal(("WK035603", "Nieuwegein"), (wijk.GetProperty("code").GetString(), wijk.GetProperty("gemeenteName").GetString()));
        var id = wijk.GetProperty("id").GetInt32();
        var updated = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/leerregios/utrecht/wijken/{id}",
            new { gemeenteCode = "GM0356", code = "WK035603", name = "Nieuwegein Midden", divisionYear = 2024 }, bearer: token);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var buurt = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/leerregios/utrecht/wijken/{id}/buurten", new { code = "BU03560301", name = "Merwestein" }, bearer: token);
        Assert.Equal(HttpStatusCode.Created, buurt.StatusCode);
        var buurtId = (await buurt.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/leerregios/utrecht/buurten/{buurtId}", new { code = "BU03560301", name = "Merwestein-Noord", residents = 3000 }, bearer: token)).StatusCode);
        Assert.Equal("Merwestein-Noord", await app.DbAsync(db => db.Buurten.Where(b => b.Id == buurtId).Select(b => b.Name).FirstAsync()));
        Assert.Equal("Nieuwegein Midden", await app.DbAsync(db => db.Wijken.Where(w => w.Id == id).Select(w => w.Name).FirstAsync()));
    }

    [Fact]
    public async Task Bad_api_input_gets_a_validation_problem_naming_each_field_and_changes_nothing()
    {
        var token = await app.TokenForAsync(Coordinator, ["read", "write"]);
        var readOnly = await app.TokenForAsync(Coordinator, ["read"]);
        using var client = app.NewClient();
        var wijk = await app.WijkIdAsync("WK034408");
        var buurt = await app.DbAsync(db => db.Buurten.Where(b => b.Code == "BU03440801").Select(b => b.Id).FirstAsync());
        var before = await app.SnapshotAsync();

        var badWijk = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/wijken",
            new { gemeenteCode = "GM34", code = "WK99", name = "", divisionYear = 1990, residents = -1, postcodes = "35" }, bearer: token);
        Assert.Equal(HttpStatusCode.BadRequest, badWijk.StatusCode);
        Assert.Equal("application/problem+json", badWijk.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["code", "divisionYear", "gemeenteCode", "name", "postcodes", "residents"], (await badWijk.ErrorFieldsAsync()).Order());

        var wrongParent = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/leerregios/utrecht/wijken/{wijk}",
            new { gemeenteCode = "GM0356", code = "WK034408", name = "Kanaleneiland", divisionYear = 2024 }, bearer: token);
        Assert.Equal(HttpStatusCode.BadRequest, wrongParent.StatusCode);
        Assert.Equal(["code"], await wrongParent.ErrorFieldsAsync());

        var badBuurt = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/leerregios/utrecht/buurten/{buurt}", new { code = "BU03440901", name = "" }, bearer: token);
        Assert.Equal(["code", "name"], (await badBuurt.ErrorFieldsAsync()).Order());

        var badGrant = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/members", new { email = "niemand@example.org" }, bearer: token);
        Assert.Equal(["email", "role"], (await badGrant.ErrorFieldsAsync()).Order());

        var unknownRole = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/members", new { email = Volunteer, role = "Koning" }, bearer: token);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal("application/problem+json", unknownRole.Content.Headers.ContentType?.MediaType);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/leerregios/utrecht/import"))
        {
            request.Headers.Authorization = new("Bearer", token);
            request.Content = new StringContent("gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar\nGM0344,Utrecht,WK034466,Goed,BU03446601,Goed,2024\nGM0344,Utrecht,WK03446,Fout,BU03446602,Fout,2024\n",
                Encoding.UTF8, "text/csv");
            var import = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
            var errors = (await import.JsonAsync()).GetProperty("errors").GetProperty("csv").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains(errors, e => e!.StartsWith("Regel 3:", StringComparison.Ordinal) || e.StartsWith("Line 3:", StringComparison.Ordinal));
        }

        var scopeless = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/wijken",
            new { gemeenteCode = "GM0344", code = "WK034466", name = "Goed", divisionYear = 2024 }, bearer: readOnly);
        Assert.Equal(HttpStatusCode.Forbidden, scopeless.StatusCode);
        Assert.Equal("/problems/write-scope-required", (await scopeless.JsonAsync()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Get, "/api/v1/leerregios/utrecht/members", null, bearer: readOnly)).StatusCode);

        // A browser session must send the antiforgery token with a change.
        using var browser = await app.ClientForAsync(Coordinator);
        var noCsrf = await browser.SendJsonAsync(HttpMethod.Post, "/api/v1/leerregios/utrecht/wijken", new { gemeenteCode = "GM0344", code = "WK034466", name = "Goed", divisionYear = 2024 });
        Assert.Equal(HttpStatusCode.BadRequest, noCsrf.StatusCode);

        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task The_import_page_imports_a_good_file_and_shows_the_line_errors_of_a_bad_one()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var example = await client.Http.GetAsync("/beheer/leerregios/utrecht/import?handler=voorbeeld");
        Assert.Equal("text/csv", example.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar", await example.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var before = await app.SnapshotAsync();
        var empty = await UploadAsync(client, null);
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("Kies een CSV-bestand", ErrorAt(empty, "Upload"), StringComparison.Ordinal);

        var bad = await UploadAsync(client, "gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar\nGM0344,Utrecht,WK034455,Goed,BU03445501,Goed,2024\nGM0344,Utrecht,WK034455,Goed,BU0344550,Fout,2024\n");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Er is niets geïmporteerd", ErrorAt(bad, "Upload"), StringComparison.Ordinal);
        Assert.Contains(bad.Html.QuerySelectorAll(".import-errors li"), li => li.TextContent.StartsWith("Regel 3:", StringComparison.Ordinal));

        var tooLarge = await UploadAsync(client, "gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar\n" + new string('x', 950_000));
        Assert.Equal(HttpStatusCode.OK, tooLarge.Status);
        Assert.Contains("te groot", ErrorAt(tooLarge, "Upload"), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync());

        var good = await UploadAsync(client, "gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar,inwoners\nGM0344,Utrecht,WK034455,Paginawijk,BU03445501,Paginabuurt,2024,700\n");
        Assert.Equal("/beheer/leerregios/utrecht", good.Location);
        Assert.True(await app.DbAsync(db => db.Buurten.AnyAsync(b => b.Code == "BU03445501" && b.Wijk!.Leerregio!.Slug == "utrecht")));
        Assert.True(await app.AuditCountAsync("regions.imported") >= 1);
    }

    private static async Task<Page> UploadAsync(FormClient client, string? csv)
    {
        var form = await client.GetAsync("/beheer/leerregios/utrecht/import");
        var token = form.Html.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (csv is not null)
        {
            content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "wijken.csv");
        }
        var response = await client.Http.PostAsync("/beheer/leerregios/utrecht/import", content);
        return new Page(response, new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()), "/beheer/leerregios/utrecht/import");
    }
}
