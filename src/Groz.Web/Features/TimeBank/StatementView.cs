using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>One page of a statement as the pages show it: the lines of <see cref="Statement.PageAsync"/> with the counterparts' names.</summary>
public sealed record StatementView(List<TimeBankApi.StatementLine> Lines, int Page, int PageSize, int Total, Dictionary<int, string> Names)
{
    public static readonly StatementView Empty = new([], 1, 1, 0, []);

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static async Task<StatementView> LoadAsync(GrozDbContext db, TimeAccount account, int page, int pageSize, CancellationToken ct = default)
    {
        // A hand-typed ?p= far beyond the end is simply an empty page, never an overflow in Skip.
        page = Math.Clamp(page, 1, 1_000_000);
        var (lines, total) = await Statement.PageAsync(db, account, page, pageSize, ct);
        var ids = lines.Select(x => x.CounterpartAccountId).Distinct().ToList();
        var names = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return new StatementView(lines, page, pageSize, total, names);
    }
}
