using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// Kennisbank and leeromgeving in "download my data" and "delete my account" (AVG art. 15, 17, 20).
/// <para><b>Export</b>: the member's comments (on which document or update, text, date), what they follow, which items
/// their digests already contained, and the subsidy reminders sent or waiting for them.</para>
/// <para><b>Erasure</b>: comments, follows, digest history and reminders are deleted; nobody else's records depend on
/// them (a waiting reminder would otherwise be retried to the erased account's invalid address).
/// Documents, versions and bouwsteen updates a member published as coordinator are the leerregio's knowledge and stay,
/// shown under the "former member" name like every other record of an erased account.</para>
/// </summary>
public sealed class KnowledgePersonalData(GrozDbContext db) : IPersonalDataPart
{
    public string Name => "knowledge";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct) => new
    {
        Comments = await (from c in db.Set<KnowledgeComment>().AsNoTracking()
                          where c.AuthorUserId == userId
                          orderby c.CreatedAt, c.Id
                          select new
                          {
                              c.DocumentId, Document = db.KnowledgeDocuments.Where(d => d.Id == c.DocumentId).Select(d => d.Title).FirstOrDefault(),
                              c.UpdateId, c.Text, c.CreatedAt,
                          }).ToListAsync(ct),
        Follows = await db.Set<KnowledgeFollow>().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Id)
            .Select(f => new { Kind = f.Kind.ToString(), f.Code, f.CreatedAt }).ToListAsync(ct),
        DigestItems = await db.Set<DigestItem>().AsNoTracking().Where(i => i.UserId == userId).OrderBy(i => i.Id)
            .Select(i => new { i.ItemType, i.ItemId, i.SentAt }).ToListAsync(ct),
        SubsidyReminders = await db.Set<SubsidyReminderMail>().AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Id)
            .Select(m => new { m.DocumentId, m.Deadline, m.CreatedAt, m.SentAt }).ToListAsync(ct),
    };

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.Set<KnowledgeComment>().Where(c => c.AuthorUserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<KnowledgeFollow>().Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<DigestItem>().Where(i => i.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<SubsidyReminderMail>().Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
    }
}
