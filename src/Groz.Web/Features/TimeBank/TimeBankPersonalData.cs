using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// The Tijdbank's part of "my data". Erasing keeps every account and entry (others' balances depend on them, and
/// the ledger is append-only) but takes the member's name off the account: it becomes a "former member".
/// Conversion requests are financial records and stay (amount, dates, status). A conversion that was paid keeps its
/// account holder and its protected IBAN, and so does the kept SEPA file: the payer must keep payment records for
/// seven years (the fiscal duty to keep records, art. 52 AWR), which the AVG allows (art. 17(3)(b)). A conversion
/// that never paid out (pending, approved, refused) loses the account holder's name and the IBAN, since nothing
/// obliges us to keep them; an erased member's pending request can then no longer be approved, only refused.
/// The export shows the member's requests with the IBAN masked, as every page does.
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
            conversions = (await db.Conversions.AsNoTracking().Where(c => c.RequestedByUserId == userId).OrderBy(c => c.Id).ToListAsync(ct)).Select(ConversionApi.ToDto),
        };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        await db.TimeAccounts.Where(a => a.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, PersonalData.FormerMemberName), ct);
        await db.Conversions.Where(c => c.RequestedByUserId == userId && c.Status != ConversionStatus.Paid)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AccountHolder, PersonalData.FormerMemberName).SetProperty(c => c.IbanProtected, "")
                .SetProperty(c => c.IbanMasked, "—"), ct);
    }
}
