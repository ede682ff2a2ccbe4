using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>Corrects a transfer with a reversing transfer and a reason (RecordTransfer.ReverseAsync audits it); the original stays.</summary>
public sealed class ReverseModel(GrozDbContext db, Banks banks, RecordTransfer record, IStringLocalizer<SharedResource> l) : TimeBankManageModel(db, banks)
{
    public sealed class InputModel
    {
        [StringLength(RecordTransfer.MaxDescription, ErrorMessage = "Use at most 500 characters.")]
        public string? Reason { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Transfer Transfer { get; private set; } = null!;
    public Dictionary<int, string> Names { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, long transferId) =>
        await FindAsync(slug, transferId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, long transferId)
    {
        if (!await FindAsync(slug, transferId))
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var result = await record.ReverseAsync(User, transferId, Input.Reason ?? "", ct: HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Transfer {0} has been corrected."], transferId);
                return Redirect($"{Home}/rekeningen/{Transfer.FromAccountId}");
            }
            TimeBankPages.AddError(ModelState, result);
        }
        return Page();
    }

    private async Task<bool> FindAsync(string slug, long transferId)
    {
        if (!await LoadAsync(slug)
            || await Db.Transfers.AsNoTracking().Include(t => t.Entries).FirstOrDefaultAsync(t => t.Id == transferId && t.LeerregioId == Leerregio.Id) is not { } transfer)
        {
            return false;
        }
        Transfer = transfer;
        var ids = transfer.Entries.Select(e => e.AccountId).Append(transfer.FromAccountId).Append(transfer.ToAccountId).Distinct().ToList();
        Names = await Db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name);
        return true;
    }
}
