using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

public sealed record NetworkCollaboration(int Id, string Name, CollaborationType Type, CollaborationStatus Status, IReadOnlyList<string> Themes, IReadOnlyList<int> WijkIds,
    IReadOnlyList<(Guid OrganizationId, string? Role)> Members);

public sealed record NetworkOrganisation(Guid Id, string Name, int Degree, bool Broker, bool Isolated, IReadOnlyList<int> CollaborationIds);

/// <summary>
/// The network of a leerregio as the page, the table alternative and the API show it: one query, one computation, so the
/// drawing and the table cannot disagree. With a wijk or theme filter only the collaborations in that wijk or on that
/// theme count; isolated organisations are listed only without a filter (an organisation has no wijk of its own).
/// Ended collaborations are left out: the network is who works together now.
/// </summary>
public sealed record Network(IReadOnlyList<NetworkCollaboration> Collaborations, IReadOnlyList<NetworkOrganisation> Organisations,
    IReadOnlyList<string> ThemesWithout, IReadOnlyList<(int Id, string Name)> WijkenWithout)
{
    public static async Task<Network> LoadAsync(GrozDbContext db, int leerregioId, int? wijkId, string? theme, CancellationToken ct = default)
    {
        var all = await db.Collaborations.AsNoTracking().Include(c => c.Members).Include(c => c.Themes).Include(c => c.Wijken)
            .Where(c => c.LeerregioId == leerregioId && c.Status != CollaborationStatus.Ended).OrderBy(c => c.Name).AsSplitQuery().ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
        // Gaps are about the whole leerregio, whatever the filter: a theme or wijk no collaboration works on.
        var themesWithout = Shared.Themes.All.Select(t => t.Code).Where(t => all.All(c => c.Themes.All(x => x.ThemeCode != t))).ToList();
        var wijkenWithout = wijken.Where(w => all.All(c => c.Wijken.All(x => x.WijkId != w.Id))).Select(w => (w.Id, w.Name)).ToList();

        var shown = all.Where(c => (wijkId is null || c.Wijken.Any(w => w.WijkId == wijkId)) && (theme is null || c.Themes.Any(t => t.ThemeCode == theme))).ToList();
        var filtered = wijkId is not null || theme is not null;
        var memberIds = shown.SelectMany(c => c.Members.Select(m => m.OrganizationId)).ToHashSet();
        var organisations = await db.SmOrganizations.AsNoTracking()
            .Where(o => o.LeerregioId == leerregioId && (o.Publication == Publication.Published || memberIds.Contains(o.Id)))
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        if (filtered)
        {
            organisations = [.. organisations.Where(o => memberIds.Contains(o.Id))];
        }
        var measures = NetworkMeasures.Compute(
            [.. organisations.Select(o => new NetworkMeasures.Node(o.Id, o.Name))],
            [.. shown.SelectMany(c => c.Members.Select(m => new NetworkMeasures.Link(c.Id, m.OrganizationId)))]);
        var collaborationsOf = shown.SelectMany(c => c.Members.Select(m => (m.OrganizationId, c.Id))).ToLookup(x => x.OrganizationId, x => x.Id);
        return new Network(
            [.. shown.Select(c => new NetworkCollaboration(c.Id, c.Name, c.Type, c.Status, [.. c.Themes.Select(t => t.ThemeCode).Order()], [.. c.Wijken.Select(w => w.WijkId)],
                [.. c.Members.Select(m => (m.OrganizationId, m.Role))]))],
            [.. measures.Organisations.OrderByDescending(o => o.Degree).ThenBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(o => new NetworkOrganisation(o.OrganizationId, o.Name, o.Degree, o.Broker, o.Isolated, [.. collaborationsOf[o.OrganizationId]]))],
            themesWithout, wijkenWithout);
    }
}
