using System.Net;
using Groz.Tests.TimeBank;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Collaboration;

public sealed class CollaborationApp : TimeBankApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Monitoring:IndicatorJob", "false"), new("HelpRequests:RetentionJob", "false")];

    public Task<int> LeerregioIdAsync(string slug = "utrecht") => DbAsync(db => db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync());

    public Task<int> WijkIdAsync(string name) => DbAsync(db => db.Wijken.Where(w => w.Name == name).Select(w => w.Id).SingleAsync());

    public Task<List<Guid>> OrganisationsAsync(string slug = "utrecht") => DbAsync(db =>
        db.SmOrganizations.Where(o => o.Publication == Publication.Published && db.Leerregios.Any(l => l.Id == o.LeerregioId && l.Slug == slug)).OrderBy(o => o.Name).Select(o => o.Id).ToListAsync());

    /// <summary>A code of the leerregio's codebook made through the API; its id.</summary>
    public async Task<int> CodeAsync(string token, string name, int? parent = null, string leerregio = "utrecht")
    {
        var made = await SendAsync(HttpMethod.Post, $"/api/v1/collaboration/codes?leerregio={leerregio}", token, new { name, parentId = parent });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        return made.Json.GetProperty("id").GetInt32();
    }

    /// <summary>A focus group in Utrecht's <paramref name="wijk"/> with notes, made through the API; its id.</summary>
    public async Task<int> ConversationAsync(string token, string wijk)
    {
        var made = await SendAsync(HttpMethod.Post, "/api/v1/collaboration/conversations?leerregio=utrecht", token, new
        {
            heldOn = "2026-01-10", wijkId = await WijkIdAsync(wijk), format = "FocusGroup", place = "Buurthuis", participants = "Residents, Volunteers",
            participantCount = 8, facilitator = "Onderzoeker", summary = "Focusgroep over ontmoeten", notes = "Geheime aantekening",
        });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        return made.Json.GetProperty("id").GetInt32();
    }

    public Task<string> SnapshotAsync() => DbAsync(async db => string.Join('|',
        await db.Collaborations.CountAsync(), await db.CollaborationMembers.CountAsync(), await db.Codes.CountAsync(), await db.FragmentCodes.CountAsync(),
        await db.ThemeUrgencies.CountAsync(), await db.NeighbourhoodConversations.CountAsync(), await db.ConversationFragments.CountAsync()));
}
