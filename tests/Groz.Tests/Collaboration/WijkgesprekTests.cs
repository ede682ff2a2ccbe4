using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Collaboration;

/// <summary>Wijkgesprekken, codebook, urgency and the matrix: notes for coordinators and researchers only, merges keep fragments.</summary>
public sealed class WijkgesprekTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private const string Base = "/api/v1/collaboration";

    private async Task FragmentAsync(string token, int conversation, params int[] codes)
    {
        var made = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{conversation}/fragments", token, new { text = "Wat we hoorden", codeIds = codes });
        Assert.Equal(HttpStatusCode.Created, made.Status);
    }

    private async Task<(int Heard, int? Urgency)> CellAsync(string token, int code, string wijk)
    {
        var wijkId = await app.WijkIdAsync(wijk);
        var matrix = await app.GetAsync($"{Base}/matrix?leerregio=utrecht", token);
        var row = matrix.Json.EnumerateArray().Single(r => r.GetProperty("codeId").GetInt32() == code);
        var cell = row.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("wijkId").GetInt32() == wijkId);
        return (cell.GetProperty("heard").GetInt32(), cell.GetProperty("urgency").ValueKind == System.Text.Json.JsonValueKind.Null ? null : cell.GetProperty("urgency").GetInt32());
    }

    [Fact]
    public async Task Matrix_counts_fragments_per_theme_with_its_subthemes_once_and_shows_urgency()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var theme = await app.CodeAsync(token, "Matrixthema");
        var sub1 = await app.CodeAsync(token, "Sub een", theme);
        var sub2 = await app.CodeAsync(token, "Sub twee", theme);
        var talk = await app.ConversationAsync(token, "Utrecht Oost");
        await FragmentAsync(token, talk, sub1, sub2);
        await FragmentAsync(token, talk, theme);
        Assert.Equal((2, null), await CellAsync(token, theme, "Utrecht Oost"));
        Assert.Equal(0, (await CellAsync(token, theme, "Kanaleneiland")).Heard);
        var matrix = await app.GetAsync($"{Base}/matrix?leerregio=utrecht", token);
        Assert.True(matrix.Json.EnumerateArray().Single(r => r.GetProperty("codeId").GetInt32() == theme).GetProperty("oneWijkOnly").GetBoolean());

        var set = await app.SendAsync(HttpMethod.Put, $"{Base}/urgencies?leerregio=utrecht", token, new { wijkId = await app.WijkIdAsync("Utrecht Oost"), codeId = theme, level = 4, rationale = "Vaak gehoord" });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal((2, 4), await CellAsync(token, theme, "Utrecht Oost"));
    }

    [Fact]
    public async Task Merging_two_codes_keeps_every_coded_fragment()
    {
        var token = await app.TokenAsync(GrozRole.Researcher);
        var theme = await app.CodeAsync(token, "Samenvoegthema");
        var a = await app.CodeAsync(token, "Code A", theme);
        var b = await app.CodeAsync(token, "Code B", theme);
        var child = await app.CodeAsync(token, "Onder A", a);
        var talk = await app.ConversationAsync(token, "Kanaleneiland");
        await FragmentAsync(token, talk, a);
        await FragmentAsync(token, talk, a, b);
        await FragmentAsync(token, talk, b);
        await FragmentAsync(token, talk, child);
        var fragments = await app.DbAsync(db => db.ConversationFragments.Where(f => f.ConversationId == talk).Select(f => f.Id).ToListAsync());

        var merged = await app.SendAsync(HttpMethod.Post, $"{Base}/codes/{a}/merge", token, new { targetId = b });
        Assert.Equal(HttpStatusCode.OK, merged.Status);
        Assert.Equal(3, merged.Json.GetProperty("fragments").GetInt32());
        Assert.False(await app.DbAsync(db => db.Codes.AnyAsync(c => c.Id == a)));
        Assert.Equal(b, await app.DbAsync(db => db.Codes.Where(c => c.Id == child).Select(c => c.ParentId).SingleAsync()));
        // Every fragment still has a code.
        Assert.All(fragments, f => Assert.True(app.DbAsync(db => db.FragmentCodes.AnyAsync(x => x.FragmentId == f)).Result));
        Assert.Equal(4, (await CellAsync(token, theme, "Kanaleneiland")).Heard);
    }

    [Fact]
    public async Task A_cycle_an_urgency_out_of_range_and_a_foreign_code_are_refused_and_change_nothing()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var top = await app.CodeAsync(token, "Cyclusthema");
        var middle = await app.CodeAsync(token, "Midden", top);
        var bottom = await app.CodeAsync(token, "Onder", middle);
        var before = await app.SnapshotAsync();
        var cycle = await app.SendAsync(HttpMethod.Put, $"{Base}/codes/{top}", token, new { name = "Cyclusthema", parentId = bottom });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.Status);
        Assert.True(cycle.Json.GetProperty("errors").TryGetProperty("parentId", out _));
        Assert.Null(await app.DbAsync(db => db.Codes.Where(c => c.Id == top).Select(c => c.ParentId).SingleAsync()));

        foreach (var level in new[] { 0, 6, -1 })
        {
            var bad = await app.SendAsync(HttpMethod.Put, $"{Base}/urgencies?leerregio=utrecht", token, new { wijkId = await app.WijkIdAsync("Kanaleneiland"), codeId = top, level, rationale = "x" });
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.True(bad.Json.GetProperty("errors").TryGetProperty("level", out _));
        }
        var foreignWijk = await app.SendAsync(HttpMethod.Put, $"{Base}/urgencies?leerregio=utrecht", token, new { wijkId = await app.WijkIdAsync("Leidsche Rijn"), codeId = top, level = 3, rationale = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, foreignWijk.Status);
        var noCodes = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{await app.DbAsync(db => db.NeighbourhoodConversations.Select(c => c.Id).FirstAsync())}/fragments", token, new { text = "x", codeIds = Array.Empty<int>() });
        Assert.Equal(HttpStatusCode.BadRequest, noCodes.Status);
        var noKinds = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations?leerregio=utrecht", token, new { heldOn = "2026-01-10", wijkId = await app.WijkIdAsync("Kanaleneiland"), format = "Conversation", place = "Buurthuis", participantCount = 0, facilitator = "", summary = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noKinds.Status);
        var errors = noKinds.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("participants", out _) && errors.TryGetProperty("participantCount", out _) && errors.TryGetProperty("summary", out _));
        Assert.Equal(before, await app.SnapshotAsync());
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
    public async Task Notes_and_fragments_are_for_the_leerregios_coordinators_and_researchers_only(GrozRole role, string leerregio, bool sees)
    {
        var id = await app.DbAsync(db => db.NeighbourhoodConversations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht") && c.Notes != null).Select(c => c.Id).FirstAsync());
        var token = await app.TokenAsync(role, leerregio);
        var audited = await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "wijkgesprek.notes.viewed" && a.SubjectId == id.ToString()));
        var one = await app.GetAsync($"{Base}/conversations/{id}", token);
        var list = await app.GetAsync($"{Base}/conversations?leerregio=utrecht", token);
        var matrix = await app.GetAsync($"{Base}/matrix?leerregio=utrecht", token);
        var fragment = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{id}/fragments", token, new { text = "x", codeIds = new[] { 1 } });
        if (sees)
        {
            Assert.Equal(HttpStatusCode.OK, one.Status);
            Assert.NotNull(one.Json.GetProperty("notes").GetString());
            Assert.True(one.Json.GetProperty("fragments").GetArrayLength() > 0);
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.Equal(HttpStatusCode.OK, matrix.Status);
            Assert.Equal(audited + 1, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "wijkgesprek.notes.viewed" && a.SubjectId == id.ToString())));
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, one.Status);
            Assert.DoesNotContain("aantekening", one.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.NotFound, list.Status);
            Assert.Equal(HttpStatusCode.NotFound, matrix.Status);
            Assert.Equal(HttpStatusCode.NotFound, fragment.Status);
            Assert.Equal(audited, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "wijkgesprek.notes.viewed" && a.SubjectId == id.ToString())));
        }
    }

    [Fact]
    public async Task A_theme_links_to_a_collaboration_and_to_a_document_address()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var theme = await app.CodeAsync(token, "Actiethema");
        var collab = await app.DbAsync(db => db.Collaborations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        var linked = await app.SendAsync(HttpMethod.Post, $"{Base}/actions?leerregio=utrecht", token, new { codeId = theme, kind = "Collaboration", targetId = collab });
        Assert.Equal(HttpStatusCode.Created, linked.Status);
        Assert.Equal($"/samenwerking/utrecht/verband/{collab}", linked.Json.GetProperty("url").GetString());
        var doc = await app.SendAsync(HttpMethod.Post, $"{Base}/actions?leerregio=utrecht", token, new { codeId = theme, kind = "Document", url = "https://example.org/plan.pdf", title = "Plan" });
        Assert.Equal(HttpStatusCode.Created, doc.Status);
        var foreign = await app.DbAsync(db => db.Collaborations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "leidsche-rijn")).Select(c => c.Id).FirstAsync());
        var refused = await app.SendAsync(HttpMethod.Post, $"{Base}/actions?leerregio=utrecht", token, new { codeId = theme, kind = "Collaboration", targetId = foreign });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }
}
