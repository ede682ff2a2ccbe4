using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>All accounts of the leerregio with their balances (paged), the pool, and the bank's settings at a glance.</summary>
public sealed class IndexModel(GrozDbContext db, Banks banks) : TimeBankManageModel(db, banks)
{
    public const int PageSize = 50;

    public List<TimeBankApi.AccountDto> Accounts { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(string slug, int p = 1)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        PageNumber = Math.Clamp(p, 1, 1_000_000);
        var query = Db.TimeAccounts.AsNoTracking().Where(a => a.LeerregioId == Leerregio.Id);
        Total = await query.CountAsync();
        var page = await query.OrderBy(a => a.Kind == TimeAccountKind.Pool ? 0 : a.Kind == TimeAccountKind.Conversion ? 1 : 2).ThenBy(a => a.Name).ThenBy(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
        Accounts = await TimeBankApi.ToDtosAsync(Db, page, HttpContext.RequestAborted);
        return Page();
    }
}
