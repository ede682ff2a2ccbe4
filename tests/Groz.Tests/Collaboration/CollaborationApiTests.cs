using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Collaboration;

/// <summary>Collaborations and bouwstenen through the API: bad input changes nothing, leerregio isolation, who may write.</summary>
public sealed class CollaborationApiTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private async Task<object> BodyAsync(string slug = "utrecht", Guid[]? members = null, string? end = null) => new
    {
        name = "Wijknetwerk test", type = "Network", status = "Active", startsOn = "2026-01-01", endsOn = end,
        members = (members ?? [.. (await app.OrganisationsAsync(slug)).Take(2)]).Select(m => new { organizationId = m, role = "deelnemer" }).ToArray(),
        themes = new[] { "leefstijl" }, wijkIds = new[] { await app.WijkIdAsync(slug == "utrecht" ? "Kanaleneiland" : "Leidsche Rijn") },
    };

    [Fact]
    public async Task Demo_data_has_collaborations_bouwstenen_and_a_network_with_measures()
    {
        var list = await app.GetAsync("/api/v1/collaboration/collaborations?leerregio=utrecht", null);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.True(list.Json.GetArrayLength() >= 3);
        var bouwstenen = await app.GetAsync("/api/v1/collaboration/bouwstenen?leerregio=utrecht", null);
        Assert.Equal(5, bouwstenen.Json.GetArrayLength());
        Assert.Contains(bouwstenen.Json.EnumerateArray(), b => b.GetProperty("trekker").GetString() == "Raedelijn" && b.GetProperty("updates").GetArrayLength() == 3);
        var network = await app.GetAsync("/api/v1/collaboration/network?leerregio=utrecht", null);
        var orgs = network.Json.GetProperty("organisations").EnumerateArray().ToList();
        // Demo: member 3 links Nieuwegein and Oost, member 5 links Oost and Kanaleneiland; the rest of the map is in none.
        Assert.Equal(2, orgs.Count(o => o.GetProperty("broker").GetBoolean()));
        Assert.Contains(orgs, o => o.GetProperty("isolated").GetBoolean());
        Assert.Contains("wijkportaal-data", network.Json.GetProperty("themesWithoutCollaboration").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_coordinator_adds_a_collaboration_and_it_shows_with_members_themes_and_wijken()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var made = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", token, await BodyAsync());
        Assert.Equal(HttpStatusCode.Created, made.Status);
        Assert.Equal(2, made.Json.GetProperty("members").GetArrayLength());
        Assert.Equal("Network", made.Json.GetProperty("type").GetString());
        var id = made.Json.GetProperty("id").GetInt32();
        var edited = await app.SendAsync(HttpMethod.Put, $"/api/v1/collaboration/collaborations/{id}", token, await BodyAsync(members: [.. (await app.OrganisationsAsync()).Take(3)]));
        Assert.Equal(HttpStatusCode.OK, edited.Status);
        Assert.Equal(3, await app.DbAsync(db => db.CollaborationMembers.CountAsync(m => m.CollaborationId == id)));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_changes_nothing()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var before = await app.SnapshotAsync();
        var org = (await app.OrganisationsAsync())[0];

        var none = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", token, await BodyAsync(members: []));
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.True(none.Json.GetProperty("errors").TryGetProperty("members", out _));

        var twice = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", token, await BodyAsync(members: [org, org]));
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Contains("twee keer", twice.Json.GetProperty("errors").GetProperty("members")[0].GetString(), StringComparison.Ordinal);

        var backwards = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", token, await BodyAsync(end: "2025-01-01"));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
        Assert.True(backwards.Json.GetProperty("errors").TryGetProperty("endsOn", out _));

        var foreignOrg = (await app.OrganisationsAsync("leidsche-rijn"))[0];
        var foreign = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", token, await BodyAsync(members: [foreignOrg]));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);

        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Theory]
    [InlineData(GrozRole.Resident, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Professional, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Buurtassistent, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Researcher, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Coordinator, HttpStatusCode.Created)]
    [InlineData(GrozRole.Administrator, HttpStatusCode.Created)]
    public async Task Only_coordinators_and_administrators_add_collaborations(GrozRole role, HttpStatusCode expected)
    {
        var reply = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", await app.TokenAsync(role), await BodyAsync());
        Assert.Equal(expected, reply.Status);
    }

    [Fact]
    public async Task A_coordinator_of_another_leerregio_cannot_change_this_one()
    {
        var other = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        var before = await app.SnapshotAsync();
        var add = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/collaborations?leerregio=utrecht", other, await BodyAsync());
        Assert.Equal(HttpStatusCode.Forbidden, add.Status);
        var id = await app.DbAsync(db => db.Collaborations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        var edit = await app.SendAsync(HttpMethod.Put, $"/api/v1/collaboration/collaborations/{id}", other, await BodyAsync("leidsche-rijn"));
        Assert.Equal(HttpStatusCode.Forbidden, edit.Status);
        var update = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/bouwstenen/samenwerking/updates?leerregio=utrecht", other, new { on = "2026-01-01", text = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, update.Status);
        Assert.Equal(before, await app.SnapshotAsync());
    }

    [Fact]
    public async Task A_coordinator_adds_a_bouwsteen_update_and_sets_the_trekker()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        var added = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/bouwstenen/monitoring/updates?leerregio=leidsche-rijn", token, new { on = "2026-02-01", text = "Eerste meting klaar." });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        var trekker = await app.SendAsync(HttpMethod.Put, "/api/v1/collaboration/bouwstenen/monitoring/trekker?leerregio=leidsche-rijn", token, new { trekker = "Kennisplatform" });
        Assert.Equal("Kennisplatform", trekker.Json.GetProperty("trekker").GetString());
        var empty = await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/bouwstenen/monitoring/updates?leerregio=leidsche-rijn", token, new { on = "2026-02-01", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, "/api/v1/collaboration/bouwstenen/onbekend/updates?leerregio=leidsche-rijn", token, new { on = "2026-02-01", text = "x" })).Status);
    }
}
