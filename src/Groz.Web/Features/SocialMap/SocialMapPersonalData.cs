using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// The social map holds organisational data, with two exceptions that are personal: a contact that names a person
/// (found by the member's e-mail address) and the member's own changes in the history. Export lists both. Erasure
/// removes the person's name and e-mail from such contacts (the desk, title and phone stay: they belong to the
/// organisation) and takes the member off the history rows (updated_by becomes "Oud-lid").
/// </summary>
public sealed class SocialMapPersonalData(GrozDbContext db) : IPersonalDataPart
{
    public string Name => "socialmap";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(ct);
        var contacts = email is null ? [] : await db.SmContacts.AsNoTracking().Where(c => c.Email != null && c.Email.ToUpper() == email)
            .Select(c => new { c.Id, c.LeerregioId, c.OrganizationId, c.ServiceId, c.Name, c.Title, c.Department, c.Email }).ToListAsync(ct);
        var changes = await db.SmMetadata.AsNoTracking().Where(m => m.UpdatedByUserId == userId).OrderBy(m => m.LastActionDate)
            .Select(m => new { m.ResourceType, m.ResourceId, m.FieldName, m.LastActionType, m.LastActionDate }).ToListAsync(ct);
        return new { contacts, changes };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(ct);
        if (email is not null)
        {
            await db.SmContacts.Where(c => c.Email != null && c.Email.ToUpper() == email)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, (string?)null).SetProperty(c => c.Email, (string?)null), ct);
        }
        await db.SmMetadata.Where(m => m.UpdatedByUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedByUserId, (string?)null).SetProperty(m => m.UpdatedBy, PersonalData.FormerMemberName), ct);
    }
}
