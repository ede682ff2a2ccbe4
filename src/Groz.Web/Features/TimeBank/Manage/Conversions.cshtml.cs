using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// The coordinators' list of conversions: approve or refuse what waits (never one's own: four eyes), cancel an approved
/// payout before it is exported, export the approved ones as a SEPA file, and download earlier files again.
/// </summary>
public sealed class ConversionsModel(GrozDbContext db, Banks banks, Conversions conversions, IStringLocalizer<SharedResource> l) : TimeBankManageModel(db, banks)
{
    public const int Recent = 50;

    public sealed record Row(ConversionRequest Conversion, string AccountName);

    public List<Row> Pending { get; private set; } = [];
    public List<Row> Approved { get; private set; } = [];
    public List<Row> Decided { get; private set; } = [];
    public List<PayoutBatch> Batches { get; private set; } = [];
    public ConversionSettings ConversionSettings { get; private set; } = null!;

    [BindProperty(Name = "datum")] public string? ExecutionDate { get; set; }

    public string? UserId => User.UserId();

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        await FillAsync();
        ExecutionDate = conversions.Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(string slug, long id)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var result = await conversions.ApproveAsync(User, id, null, null, ct: HttpContext.RequestAborted);
        return await AfterAsync(result, id, "approve", l["The conversion has been approved; its amount is reserved on a budget."]);
    }

    public async Task<IActionResult> OnPostRejectAsync(string slug, long id, string? reason)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var result = await conversions.RejectAsync(User, id, reason, ct: HttpContext.RequestAborted);
        return await AfterAsync(result, id, "reason", l["The conversion has been refused; the hours went back to the member."]);
    }

    public async Task<IActionResult> OnPostExportAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(ExecutionDate))
        {
            if (DateOnly.TryParseExact(ExecutionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
            }
            else
            {
                ModelState.AddModelError("datum", l["Choose an execution date from today to one year ahead."]);
            }
        }
        if (ModelState.IsValid)
        {
            var result = await conversions.ExportAsync(User, Leerregio.Id, date, ct: HttpContext.RequestAborted);
            if (result.Value is { } batch)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["SEPA file {0} made: {1} payouts, together {2}. Download it below and hand it to the bank."],
                    batch.MessageId, batch.NumberOfTransactions, Euros.Format(batch.ControlSum, Localization.IsDutch));
                return Redirect($"{Home}/omzettingen");
            }
            ModelState.AddModelError(result.Field == "RequestedExecutionDate" ? "datum" : "", result.Message ?? "");
        }
        await FillAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetXmlAsync(string slug, long id)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var batch = await Db.PayoutBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.LeerregioId == Leerregio.Id);
        if (batch is null)
        {
            return NotFound();
        }
        var xml = await conversions.XmlAsync(batch, HttpContext.RequestAborted);
        return File(System.Text.Encoding.UTF8.GetBytes(xml), "application/xml", ConversionApi.FileName(batch));
    }

    /// <summary>Success: back to the list with a message. A refusal: the list again, the message at the row's reason field (or on top).</summary>
    private async Task<IActionResult> AfterAsync(Outcome<ConversionRequest> result, long id, string field, string done)
    {
        if (result.Value is not null)
        {
            TempData["Message"] = done;
            return Redirect($"{Home}/omzettingen");
        }
        ModelState.AddModelError(result.Field == "Reason" ? $"{field}-{id}" : "", result.Message ?? "");
        await FillAsync();
        ExecutionDate ??= conversions.Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Page();
    }

    private async Task FillAsync()
    {
        var id = Leerregio.Id;
        var ct = HttpContext.RequestAborted;
        ConversionSettings = await conversions.SettingsAsync(id, ct);
        var rows = Db.Conversions.AsNoTracking().Where(c => c.LeerregioId == id)
            .Join(Db.TimeAccounts, c => c.AccountId, a => a.Id, (c, a) => new { c, a.Name });
        Pending = (await rows.Where(x => x.c.Status == ConversionStatus.Pending).OrderBy(x => x.c.Id).Take(500).ToListAsync(ct)).Select(x => new Row(x.c, x.Name)).ToList();
        Approved = (await rows.Where(x => x.c.Status == ConversionStatus.Approved).OrderBy(x => x.c.Id).Take(500).ToListAsync(ct)).Select(x => new Row(x.c, x.Name)).ToList();
        Decided = (await rows.Where(x => x.c.Status == ConversionStatus.Paid || x.c.Status == ConversionStatus.Rejected).OrderByDescending(x => x.c.Id)
            .Take(Recent).ToListAsync(ct)).Select(x => new Row(x.c, x.Name)).ToList();
        Batches = await Db.PayoutBatches.AsNoTracking().Where(b => b.LeerregioId == id).OrderByDescending(b => b.Id).Take(Recent).ToListAsync(ct);
    }

    public string StatusName(ConversionStatus status) => l[$"timebank.conversion.{status}"];

    public string? ErrorFor(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
