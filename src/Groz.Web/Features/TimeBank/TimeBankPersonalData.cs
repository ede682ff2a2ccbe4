using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// The Tijdbank's part of "my data". Erasing keeps every account and entry (others' balances depend on them, and
/// the ledger is append-only) but takes the member's name off the account: it becomes a "former member".
/// </summary>
public sealed class TimeBankPersonalData(GrozDbContext db) : IPersonalDataPart
{
    public string Name => "timebank";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var accounts = await db.TimeAccounts.AsNoTracking().Where(a => a.UserId == userId).ToListAsync(ct);
        var ids = accounts.Select(a => a.Id).ToList();
        var entries = await db.TimeEntries.AsNoTracking().Where(e => ids.Contains(e.AccountId)).OrderBy(e => e.Id)
            .Join(db.Transfers, e => e.TransferId, t => t.Id, (e, t) => new { e.AccountId, e.TransferId, t.Kind, t.Description, e.Minutes, e.At })
            .ToListAsync(ct);
        return new
        {
            accounts = accounts.Select(a => new { a.Id, a.LeerregioId, Kind = a.Kind.ToString(), a.Name, a.BalanceMinutes, a.CreatedAt }),
            entries = entries.Select(e => new { e.AccountId, e.TransferId, Kind = e.Kind.ToString(), e.Description, e.Minutes, e.At }),
        };
    }

    public Task EraseAsync(string userId, CancellationToken ct) =>
        db.TimeAccounts.Where(a => a.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, PersonalData.FormerMemberName), ct);
}
