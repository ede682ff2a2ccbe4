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

    public Task<string> SnapshotAsync() => DbAsync(async db => string.Join('|',
        await db.Collaborations.CountAsync(), await db.CollaborationMembers.CountAsync(), await db.Codes.CountAsync(), await db.FragmentCodes.CountAsync(),
        await db.ThemeUrgencies.CountAsync(), await db.NeighbourhoodConversations.CountAsync(), await db.ConversationFragments.CountAsync()));
}
