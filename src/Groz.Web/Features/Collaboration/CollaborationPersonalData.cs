using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// Samenwerking in "download my data" and "delete my account" (AVG art. 15, 17, 20).
/// <para><b>Export</b>: the member's answers to the effectiveness check (collaboration, quarter, score, what helps, what
/// hinders).</para>
/// <para><b>Erasure</b>: the free text of those answers goes (it may say who the member is or works with); the score
/// stays in the collaboration's quarterly average, pointing at the "former member" placeholder like the rest of the
/// account, so that erasing one person does not move a result others already reported on. Conversations and updates a
/// member recorded as coordinator are the leerregio's work and stay.</para>
/// </summary>
public sealed class CollaborationPersonalData(GrozDbContext db) : IPersonalDataPart
{
    public string Name => "collaboration";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct) =>
        await (from a in db.EffectivenessAnswers.AsNoTracking()
               join c in db.Collaborations on a.CollaborationId equals c.Id
               where a.UserId == userId
               orderby a.Quarter, a.Id
               select new { Collaboration = c.Name, a.CollaborationId, a.Quarter, a.Working, a.Helps, a.Hinders }).ToListAsync(ct);

    public Task EraseAsync(string userId, CancellationToken ct) =>
        db.EffectivenessAnswers.Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Helps, (string?)null).SetProperty(a => a.Hinders, (string?)null), ct);
}
