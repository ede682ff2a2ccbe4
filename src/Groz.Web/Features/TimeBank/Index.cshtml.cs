using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>My Tijdbank: balance with given and received, limits, the statement with running balance, and the pool of my leerregio.</summary>
[Authorize]
public sealed class IndexModel(GrozDbContext db, Banks banks, UserManager<GrozUser> users, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 20;

    public TimeBankApi.AccountDto? Account { get; private set; }
    public TimeAccount? Pool { get; private set; }
    public StatementView Statement { get; private set; } = StatementView.Empty;
    /// <summary>Exchanges that wait for a confirmation (from or to me): no hours have moved yet.</summary>
    public List<Transfer> Pending { get; private set; } = [];
    public Dictionary<int, string> Names { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int p = 1)
    {
        if (await OpenAsync() is not { } account)
        {
            return Page();
        }
        Account = (await TimeBankApi.ToDtosAsync(db, [account], HttpContext.RequestAborted))[0];
        Pool = await db.TimeAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.LeerregioId == account.LeerregioId && a.Kind == TimeAccountKind.Pool);
        Statement = await StatementView.LoadAsync(db, account, p, PageSize, HttpContext.RequestAborted);
        Pending = await db.Transfers.AsNoTracking()
            .Where(t => t.Status == TransferStatus.Pending && (t.FromAccountId == account.Id || t.ToAccountId == account.Id))
            .OrderByDescending(t => t.Id).Take(50).ToListAsync();
        var ids = Pending.SelectMany(t => new[] { t.FromAccountId, t.ToAccountId }).Distinct().ToList();
        Names = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync() => ExportAsync("csv");

    public Task<IActionResult> OnGetXlsxAsync() => ExportAsync("xlsx");

    private async Task<IActionResult> ExportAsync(string format)
    {
        if (await OpenAsync() is not { } account)
        {
            return NotFound();
        }
        var lines = await StatementExport.LinesAsync(db, account, l, HttpContext.RequestAborted);
        var name = StatementExport.FileName(account, time.GetUtcNow(), format);
        return format == "csv"
            ? File(StatementExport.Csv(lines, l, Localization.IsDutch), StatementExport.CsvType, name)
            : File(await StatementExport.XlsxAsync(lines, l, HttpContext.RequestAborted), StatementExport.XlsxType, name);
    }

    /// <summary>The member's account in their home leerregio, opened on the first visit. Null for someone without a leerregio.</summary>
    private async Task<TimeAccount?> OpenAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is { LeerregioId: { } home, EmailConfirmed: true } ? await banks.MemberAccountAsync(user, home, HttpContext.RequestAborted) : null;
    }
}
