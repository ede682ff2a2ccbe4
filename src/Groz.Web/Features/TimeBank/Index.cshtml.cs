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
public sealed class IndexModel(GrozDbContext db, Banks banks, UserManager<GrozUser> users, TimeProvider time, RecordTransfer record, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 20;

    public TimeBankApi.AccountDto? Account { get; private set; }
    public TimeAccount? Pool { get; private set; }
    public StatementView Statement { get; private set; } = StatementView.Empty;
    /// <summary>Exchanges that wait for my confirmation: no hours have moved yet.</summary>
    public List<Transfer> ToConfirm { get; private set; } = [];
    /// <summary>Exchanges I asked for that wait for the other member: I may cancel them.</summary>
    public List<Transfer> Asked { get; private set; } = [];
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
        var pending = await db.Transfers.AsNoTracking()
            .Where(t => t.Status == TransferStatus.Pending && (t.FromAccountId == account.Id || t.ToAccountId == account.Id))
            .OrderByDescending(t => t.Id).Take(50).ToListAsync();
        // Overdue ones expire now, once (a conditional UPDATE), and are no longer shown as waiting.
        var settings = await banks.EnsureAsync(account.LeerregioId, HttpContext.RequestAborted);
        foreach (var t in pending)
        {
            await record.ExpireIfDueAsync(t, settings, HttpContext.RequestAborted);
        }
        var me = User.UserId();
        ToConfirm = pending.Where(t => t.Status == TransferStatus.Pending && t.ToAccountId == account.Id).ToList();
        Asked = pending.Where(t => t.Status == TransferStatus.Pending && t.CreatedByUserId == me && t.ToAccountId != account.Id).ToList();
        var ids = pending.SelectMany(t => new[] { t.FromAccountId, t.ToAccountId }).Distinct().ToList();
        Names = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name);
        return Page();
    }

    public Task<IActionResult> OnPostConfirmAsync(long id) => ResolveAsync(id, Resolution.Confirm);

    public Task<IActionResult> OnPostRejectAsync(long id) => ResolveAsync(id, Resolution.Reject);

    public Task<IActionResult> OnPostCancelAsync(long id) => ResolveAsync(id, Resolution.Cancel);

    /// <summary>The same write as the API's /confirm, /reject and /cancel; a second click gets "already answered".</summary>
    private async Task<IActionResult> ResolveAsync(long id, Resolution resolution)
    {
        var result = await record.ResolveAsync(User, id, resolution, ct: HttpContext.RequestAborted);
        TempData["Message"] = result.Succeeded
            ? resolution switch
            {
                Resolution.Confirm => l["You confirmed the exchange: the hours have moved."].Value,
                Resolution.Reject => l["You refused the exchange: no hours have moved."].Value,
                _ => l["You cancelled your request: no hours have moved."].Value,
            }
            : result.Message;
        return Redirect("/tijdbank");
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
