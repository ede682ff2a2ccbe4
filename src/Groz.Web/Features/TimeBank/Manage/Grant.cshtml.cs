using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>A grant: hours from the gemeenschapspot to one member, through <see cref="RecordTransfer"/>; audited.</summary>
public sealed class GrantModel(GrozDbContext db, Banks banks, RecordTransfer record, IStringLocalizer<SharedResource> l) : PoolPaymentModel(db, banks)
{
    public sealed class InputModel
    {
        public int? ToAccountId { get; set; }
        public int? Hours { get; set; }
        public int? Minutes { get; set; }
        [StringLength(RecordTransfer.MaxDescription, ErrorMessage = "Use at most 500 characters.")]
        public string? Description { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadWithChoicesAsync(slug))
        {
            return NotFound();
        }
        if (TimeBankPages.ToMinutes(Input.Hours, Input.Minutes, ModelState, l) is { } minutes)
        {
            var result = await record.ExecuteAsync(User, new TransferCommand(TransferKind.Grant, Pool.Id, Input.ToAccountId is { } to ? [to] : [], minutes, Input.Description ?? ""),
                ct: HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                var t = result.Transfer!;
                var name = await Db.TimeAccounts.Where(a => a.Id == t.ToAccountId).Select(a => a.Name).FirstAsync(HttpContext.RequestAborted);
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["{0} granted to {1} from the gemeenschapspot."], Minutes.Format(t.Minutes, Localization.IsDutch), name);
                return Redirect(Home);
            }
            TimeBankPages.AddError(ModelState, result);
        }
        return Page();
    }
}
