using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>The statement of any account of the leerregio, with its exports and a correction link per line. Each view is audited.</summary>
public sealed class AccountModel(GrozDbContext db, Banks banks, AuditLog audit, TimeProvider time, IStringLocalizer<SharedResource> l) : TimeBankManageModel(db, banks)
{
    public const int PageSize = 20;

    public TimeBankApi.AccountDto Account { get; private set; } = null!;
    public StatementView Statement { get; private set; } = StatementView.Empty;

    public async Task<IActionResult> OnGetAsync(string slug, int id, int p = 1)
    {
        if (await FindAsync(slug, id) is not { } account)
        {
            return NotFound();
        }
        Account = (await TimeBankApi.ToDtosAsync(Db, [account], HttpContext.RequestAborted))[0];
        Statement = await StatementView.LoadAsync(Db, account, p, PageSize, HttpContext.RequestAborted);
        await audit.WriteAsync("timebank.statement.viewed", "time-account", id.ToString(CultureInfo.InvariantCulture), Leerregio.Id, ct: HttpContext.RequestAborted);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(string slug, int id) => ExportAsync(slug, id, "csv");

    public Task<IActionResult> OnGetXlsxAsync(string slug, int id) => ExportAsync(slug, id, "xlsx");

    private async Task<IActionResult> ExportAsync(string slug, int id, string format)
    {
        if (await FindAsync(slug, id) is not { } account)
        {
            return NotFound();
        }
        var lines = await StatementExport.LinesAsync(Db, account, l, HttpContext.RequestAborted);
        await audit.WriteAsync("timebank.statement.exported", "time-account", id.ToString(CultureInfo.InvariantCulture), Leerregio.Id, format, ct: HttpContext.RequestAborted);
        var name = StatementExport.FileName(account, time.GetUtcNow(), format);
        return format == "csv"
            ? File(StatementExport.Csv(lines, l, Localization.IsDutch), StatementExport.CsvType, name)
            : File(await StatementExport.XlsxAsync(lines, l, HttpContext.RequestAborted), StatementExport.XlsxType, name);
    }

    private async Task<TimeAccount?> FindAsync(string slug, int id) =>
        await LoadAsync(slug) ? await Db.TimeAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.LeerregioId == Leerregio.Id) : null;
}
