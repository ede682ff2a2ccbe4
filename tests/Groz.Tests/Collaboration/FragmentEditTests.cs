using System.Globalization;
using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Collaboration;

/// <summary>
/// Changing and deleting a coded fragment, through the API and the fragment page: the matrix follows, bad input leaves the
/// fragment as it was, another leerregio's fragment does not exist, only coordinators and researchers (with 2FA) may, and
/// every change is in the audit log.
/// </summary>
public sealed class FragmentEditTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private const string Base = "/api/v1/collaboration";

    private async Task<int> FragmentAsync(string token, int conversation, string text, params int[] codes)
    {
        var made = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation}/fragments", token, new { text, codeIds = codes });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        return made.Json.GetProperty("id").GetInt32();
    }

    private async Task<int> HeardAsync(string token, int code, string wijk)
    {
        var wijkId = await app.WijkIdAsync(wijk);
        var matrix = await app.GetAsync($"{Base}/matrix?leerregio=utrecht", token);
        var row = matrix.Json.EnumerateArray().Single(r => r.GetProperty("codeId").GetInt32() == code);
        return row.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("wijkId").GetInt32() == wijkId).GetProperty("heard").GetInt32();
    }

    private Task<string> FragmentStateAsync(int id) => app.DbAsync(async db =>
    {
        var f = await db.ConversationFragments.AsNoTracking().Include(x => x.Codes).SingleAsync(x => x.Id == id);
        return f.Text + "|" + string.Join(',', f.Codes.Select(c => c.CodeId).Order());
    });

    private Task<int> AuditedAsync(string action, int id) =>
        app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == action && a.SubjectId == id.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task The_matrix_follows_a_recode_and_a_delete()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var groen = await app.CodeAsync(token, "Groen in de buurt");
        var speel = await app.CodeAsync(token, "Speelplekken");
        var sub = await app.CodeAsync(token, "Bomen", groen);
        var talk = await app.ConversationAsync(token, "Nieuwegein-Noord");
        var first = await FragmentAsync(token, talk, "Meer bomen graag", sub);
        await FragmentAsync(token, talk, "Het park is fijn", groen);
        Assert.Equal(2, await HeardAsync(token, groen, "Nieuwegein-Noord"));
        Assert.Equal(0, await HeardAsync(token, speel, "Nieuwegein-Noord"));

        var recoded = await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{first}", token, new { text = "Meer speelplekken graag", codeIds = new[] { speel } });
        Assert.Equal(HttpStatusCode.OK, recoded.Status);
        Assert.Equal([speel], recoded.Json.GetProperty("codeIds").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal("Meer speelplekken graag|" + speel, await FragmentStateAsync(first));
        Assert.Equal(1, await HeardAsync(token, groen, "Nieuwegein-Noord"));
        Assert.Equal(1, await HeardAsync(token, speel, "Nieuwegein-Noord"));
        Assert.Equal(1, await AuditedAsync("wijkgesprek.fragment.changed", first));

        // Both codes at once, then back to one: codes are a set, not added on top.
        var both = await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{first}", token, new { text = "Meer speelplekken graag", codeIds = new[] { speel, sub, speel } });
        Assert.Equal(HttpStatusCode.OK, both.Status);
        Assert.Equal(2, await HeardAsync(token, groen, "Nieuwegein-Noord"));

        var deleted = await app.SendAsync(HttpMethod.Delete, $"{Base}/fragments/{first}", token);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.False(await app.DbAsync(db => db.ConversationFragments.AnyAsync(f => f.Id == first)));
        Assert.False(await app.DbAsync(db => db.FragmentCodes.AnyAsync(f => f.FragmentId == first)));
        Assert.Equal(1, await HeardAsync(token, groen, "Nieuwegein-Noord"));
        Assert.Equal(0, await HeardAsync(token, speel, "Nieuwegein-Noord"));
        Assert.Equal(1, await AuditedAsync("wijkgesprek.fragment.deleted", first));
        var again = await app.SendAsync(HttpMethod.Delete, $"{Base}/fragments/{first}", token);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.EndsWith("/problems/unknown-fragment", again.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_at_its_field_and_leaves_the_fragment_as_it_was()
    {
        var token = await app.TokenAsync(GrozRole.Researcher);
        var code = await app.CodeAsync(token, "Eenzaamheid");
        var foreign = await app.CodeAsync(await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), "Vreemde code", leerregio: "leidsche-rijn");
        var talk = await app.ConversationAsync(token, "Kanaleneiland");
        var id = await FragmentAsync(token, talk, "Ik zie weinig mensen", code);
        var before = await FragmentStateAsync(id);
        var snapshot = await app.SnapshotAsync();

        foreach (var (body, field) in new (object, string)[]
        {
            (new { text = "Nieuw", codeIds = Array.Empty<int>() }, "codeIds"),
            (new { text = "Nieuw", codeIds = (int[]?)null }, "codeIds"),
            (new { text = "Nieuw", codeIds = new[] { code, 999_999 } }, "codeIds"),
            (new { text = "Nieuw", codeIds = new[] { foreign } }, "codeIds"),
            (new { text = "   ", codeIds = new[] { code } }, "text"),
            (new { text = new string('x', 4001), codeIds = new[] { code } }, "text"),
        })
        {
            var bad = await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{id}", token, body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.True(bad.Json.GetProperty("errors").TryGetProperty(field, out _), bad.Text);
        }
        var garbage = await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{id}", token, rawJson: "{\"codeIds\": \"veel\"}");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal(before, await FragmentStateAsync(id));
        Assert.Equal(snapshot, await app.SnapshotAsync());
        Assert.Equal(0, await AuditedAsync("wijkgesprek.fragment.changed", id));
    }

    [Theory]
    [InlineData(GrozRole.Resident, "utrecht", false)]
    [InlineData(GrozRole.Volunteer, "utrecht", false)]
    [InlineData(GrozRole.Professional, "utrecht", false)]
    [InlineData(GrozRole.Buurtassistent, "utrecht", false)]
    [InlineData(GrozRole.Coordinator, "leidsche-rijn", false)]
    [InlineData(GrozRole.Researcher, "leidsche-rijn", false)]
    [InlineData(GrozRole.Researcher, "utrecht", true)]
    [InlineData(GrozRole.Coordinator, "utrecht", true)]
    public async Task Only_the_leerregios_coordinators_and_researchers_change_or_delete_a_fragment(GrozRole role, string leerregio, bool may)
    {
        var owner = await app.TokenAsync(GrozRole.Coordinator);
        var code = await app.CodeAsync(owner, $"Matrixcode {role} {leerregio}");
        var talk = await app.ConversationAsync(owner, "Utrecht Oost");
        var id = await FragmentAsync(owner, talk, "Oorspronkelijke tekst", code);
        var before = await FragmentStateAsync(id);
        var token = await app.TokenAsync(role, leerregio);

        var changed = await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{id}", token, new { text = "Andere tekst", codeIds = new[] { code } });
        if (may)
        {
            Assert.Equal(HttpStatusCode.OK, changed.Status);
            Assert.Equal("Andere tekst|" + code, await FragmentStateAsync(id));
            Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(HttpMethod.Delete, $"{Base}/fragments/{id}", token)).Status);
            Assert.False(await app.DbAsync(db => db.ConversationFragments.AnyAsync(f => f.Id == id)));
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, changed.Status);
            Assert.DoesNotContain("Oorspronkelijke", changed.Text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Delete, $"{Base}/fragments/{id}", token)).Status);
            Assert.Equal(before, await FragmentStateAsync(id));
            Assert.Equal(0, await AuditedAsync("wijkgesprek.fragment.changed", id) + await AuditedAsync("wijkgesprek.fragment.deleted", id));
        }
    }

    [Fact]
    public async Task A_read_only_token_cannot_change_a_fragment()
    {
        var owner = await app.TokenAsync(GrozRole.Coordinator);
        var code = await app.CodeAsync(owner, "Alleen lezen");
        var id = await FragmentAsync(owner, await app.ConversationAsync(owner, "Utrecht Oost"), "Tekst", code);
        var reader = await app.TokenAsync(TimeBank.TimeBankApp.Email(GrozRole.Coordinator, "utrecht"), "read");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Put, $"{Base}/fragments/{id}", reader, new { text = "Anders", codeIds = new[] { code } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Delete, $"{Base}/fragments/{id}", reader)).Status);
        Assert.Equal("Tekst|" + code, await FragmentStateAsync(id));
    }

    [Fact]
    public async Task The_openapi_document_lists_put_and_delete_on_a_fragment_with_problem_details()
    {
        var doc = await app.GetAsync("/openapi/v1.json", null);
        var path = doc.Json.GetProperty("paths").GetProperty("/api/v1/collaboration/fragments/{id}");
        foreach (var (method, ok) in new[] { ("put", "200"), ("delete", "204") })
        {
            var responses = path.GetProperty(method).GetProperty("responses");
            Assert.True(responses.TryGetProperty(ok, out _), method);
            Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _), method);
        }
        Assert.True(path.GetProperty("put").GetProperty("responses").TryGetProperty("400", out _));
    }

    private static void AssertLinkedError(Page page, string id)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Html.GetElementById(id + "-error"));
        Assert.NotNull(page.Html.QuerySelector($"[aria-describedby~='{id}-error']"));
        Assert.NotNull(page.Html.QuerySelector($".error-summary a[href='#{id}']"));
    }

    [Fact]
    public async Task On_the_fragment_page_a_coordinator_recodes_and_deletes_and_mistakes_show_at_their_field()
    {
        var owner = await app.TokenAsync(GrozRole.Coordinator);
        var a = await app.CodeAsync(owner, "Paginacode A");
        var b = await app.CodeAsync(owner, "Paginacode B");
        var talk = await app.ConversationAsync(owner, "Utrecht Oost");
        var id = await FragmentAsync(owner, talk, "Op de pagina", a);
        var url = $"/beheer/wijkgesprekken/utrecht/fragment/{id}";

        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, TimeBank.TimeBankApp.Email(GrozRole.Coordinator, "utrecht"));
        var conversation = await client.GetAsync($"/beheer/wijkgesprekken/utrecht/gesprek/{talk}");
        Assert.NotNull(conversation.Html.QuerySelector($"table.fragments a[href='{url}']"));
        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Op de pagina", page.Html.GetElementById("Fragment_Text")!.TextContent.Trim());
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.Html.GetElementById($"code-{a}")!).IsChecked);

        var before = await FragmentStateAsync(id);
        var noCodes = await client.SubmitAsync(page, new Dictionary<string, string> { ["Fragment.CodeIds[]"] = "" });
        AssertLinkedError(noCodes, "Fragment_CodeIds");
        var empty = await client.SubmitAsync(page, new Dictionary<string, string> { ["Fragment.Text"] = "" });
        AssertLinkedError(empty, "Fragment_Text");
        Assert.Equal(before, await FragmentStateAsync(id));

        var saved = await client.SubmitAsync(page, new Dictionary<string, string> { ["Fragment.Text"] = "Op de pagina, anders", ["Fragment.CodeIds[]"] = b.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal($"Op de pagina, anders|{b}", await FragmentStateAsync(id));
        var back = await client.FollowAsync(saved);
        Assert.Contains("Paginacode B", back.Text, StringComparison.Ordinal);

        var deleted = await client.SubmitAsync(await client.GetAsync(url), new Dictionary<string, string>(), "main form[action*='handler=Delete']");
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        Assert.False(await app.DbAsync(db => db.ConversationFragments.AnyAsync(f => f.Id == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).Status);
    }

    [Fact]
    public async Task The_fragment_page_is_not_there_for_a_resident_or_for_another_leerregio()
    {
        var owner = await app.TokenAsync(GrozRole.Coordinator);
        var code = await app.CodeAsync(owner, "Niet voor iedereen");
        var id = await FragmentAsync(owner, await app.ConversationAsync(owner, "Utrecht Oost"), "Verborgen tekst", code);
        var url = $"/beheer/wijkgesprekken/utrecht/fragment/{id}";

        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident, "utrecht"));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync(url)).Status);
        using var other = app.NewClient();
        await app.SignInWithTwoFactorAsync(other, TimeBank.TimeBankApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).Status);
        // Their own leerregio in the address does not help either.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/wijkgesprekken/leidsche-rijn/fragment/{id}")).Status);
        Assert.Equal("Verborgen tekst|" + code, await FragmentStateAsync(id));
    }
}
