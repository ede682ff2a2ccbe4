using System.Net;
using System.Net.Http.Headers;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Tests.Collaboration;

/// <summary>The research export: coordinators and researchers of the leerregio only, no notes or facilitators in it, every download audited.</summary>
public sealed class ResearchExportTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private const string Base = "/api/v1/collaboration";

    private async Task<HttpResponseMessage> GetAsync(string url, string token)
    {
        using var http = app.NewHttp();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    [Fact]
    public async Task A_researcher_exports_coded_fragments_without_notes_or_facilitator_and_it_is_audited()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var wijk = await app.WijkIdAsync("Utrecht Oost");
        var code = await app.SendAsync(HttpMethod.Post, $"{Base}/codes?leerregio=utrecht", token, new { name = "Exportthema" });
        var codeId = code.Json.GetProperty("id").GetInt32();
        var talk = await app.SendAsync(HttpMethod.Post, $"{Base}/conversations?leerregio=utrecht", token, new
        {
            heldOn = "2026-01-12", wijkId = wijk, format = "Conversation", place = "Street", participants = "Residents", participantCount = 6,
            facilitator = "Jansen van het buurtteam", summary = "Over de markt", notes = "Vertrouwelijke aantekening",
        });
        var talkId = talk.Json.GetProperty("id").GetInt32();
        await app.SendAsync(HttpMethod.Post, $"{Base}/conversations/{talkId}/fragments", token, new { text = "=De markt is te duur", codeIds = new[] { codeId } });

        var researcher = await app.TokenAsync(GrozRole.Researcher);
        var before = await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "collaboration.export"));
        var csv = await GetAsync($"{Base}/export/fragments.csv?leerregio=utrecht", researcher);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("fragment_id,conversation_id,held_on,wijk_code", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("WK034405,Conversation,Street,Residents,6,", text, StringComparison.Ordinal);
        Assert.Contains("'=De markt is te duur", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Vertrouwelijke aantekening", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jansen", text, StringComparison.Ordinal);
        Assert.Equal(before + 1, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "collaboration.export")));

        var memberships = await (await GetAsync($"{Base}/export/memberships.csv?leerregio=utrecht", researcher)).Content.ReadAsStringAsync();
        var expected = await app.DbAsync(db => db.CollaborationMembers.CountAsync(m => db.Collaborations.Any(c => c.Id == m.CollaborationId && db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht"))));
        Assert.Equal(expected + 1, memberships.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var xlsx = await GetAsync($"{Base}/export.xlsx?leerregio=utrecht", researcher);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal(["collaborations", "memberships", "fragments"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "fragments").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => Equals(r["text"], "'=De markt is te duur") && Equals(r["code"], "Exportthema"));
        Assert.Equal(before + 3, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "collaboration.export")));
    }

    [Fact]
    public async Task The_export_is_not_there_for_a_resident_an_unknown_part_or_another_leerregio()
    {
        var resident = await app.TokenAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{Base}/export/fragments.csv?leerregio=utrecht", resident)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{Base}/export.xlsx?leerregio=utrecht", resident)).StatusCode);
        var other = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{Base}/export/fragments.csv?leerregio=utrecht", other)).StatusCode);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{Base}/export/notes.csv?leerregio=utrecht", coordinator)).StatusCode);
        using var anonymous = app.NewHttp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Base}/export.xlsx?leerregio=utrecht")).StatusCode);
    }
}
