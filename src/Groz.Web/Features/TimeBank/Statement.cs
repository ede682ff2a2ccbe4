using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>An account's statement: its entries newest first, each with the balance right after it.</summary>
public static class Statement
{
    public static async Task<(List<TimeBankApi.StatementLine> Lines, int Total)> PageAsync(GrozDbContext db, TimeAccount account, int page, int pageSize, CancellationToken ct = default)
    {
        var entries = db.TimeEntries.AsNoTracking().Where(e => e.AccountId == account.Id);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Transfers, e => e.TransferId, t => t.Id, (e, t) => new { e.Id, e.TransferId, e.Minutes, e.At, t.Kind, t.Description, t.FromAccountId, t.ToAccountId })
            // Again after the join: the order of the inner query does not survive it (PostgreSQL returned pages shuffled).
            .OrderByDescending(r => r.Id)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return ([], total);
        }
        // The running balance from the entries alone: everything up to the newest row on the page. Not the stored balance
        // minus newer entries: that balance is read at another moment, and a transfer committed in between shifted every line.
        // One account's entries get their ids while its row is locked, so none with a lower id can still appear later.
        var newestOnPage = rows[0].Id;
        var balance = await entries.Where(e => e.Id <= newestOnPage).SumAsync(e => (int?)e.Minutes, ct) ?? 0;
        var lines = new List<TimeBankApi.StatementLine>(rows.Count);
        foreach (var r in rows)
        {
            var counterpart = r.FromAccountId == account.Id ? r.ToAccountId : r.FromAccountId;
            lines.Add(new TimeBankApi.StatementLine(r.TransferId, r.Kind.ToString(), r.Description, r.At, r.Minutes, balance, counterpart));
            balance -= r.Minutes;
        }
        return (lines, total);
    }
}
