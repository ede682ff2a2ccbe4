using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// A member's suggestions and the organisations they keep up to date. Erasure empties the free-text message of their
/// suggestions (the proposed organisation data stays: it is about the organisation, and the review depends on it) and
/// ends their organisation memberships.
/// </summary>
public sealed class PortalPersonalData(GrozDbContext db) : IPersonalDataPart
{
    public string Name => "wijkportaal";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var suggestions = await db.SmSuggestions.AsNoTracking().Where(s => s.SubmittedByUserId == userId).OrderBy(s => s.SubmittedAt)
            .Select(s => new { s.Id, Kind = s.Kind.ToString(), s.ServiceId, s.Name, s.Description, s.Url, s.Email, s.Message, Status = s.Status.ToString(), s.SubmittedAt, s.ReviewedAt, s.ReviewNote })
            .ToListAsync(ct);
        var organizations = await db.SmOrganizationMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.SmOrganizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, m.AddedAt }).ToListAsync(ct);
        return new { suggestions, organizations };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.SmSuggestions.Where(s => s.SubmittedByUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Message, (string?)null), ct);
        await db.SmOrganizationMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
    }
}
