using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// A bulk payment: the same time from the gemeenschapspot to each of the chosen members (e.g. after a neighbourhood
/// clean-up), as one transfer in one transaction: everybody gets it, or nobody does. Audited.
/// </summary>
public sealed class BulkModel(GrozDbContext db, Banks banks, RecordTransfer record, IStringLocalizer<SharedResource> l) : PoolPaymentModel(db, banks)
{
    public sealed class InputModel
    {
        public List<int> ToAccountIds { get; set; } = [];
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
            var result = await record.ExecuteAsync(User, new TransferCommand(TransferKind.Bulk, Pool.Id, Input.ToAccountIds, minutes, Input.Description ?? ""),
                ct: HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                var t = result.Transfer!;
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["{0} paid to each of {1} members from the gemeenschapspot."],
                    Minutes.Format(minutes, Localization.IsDutch), Input.ToAccountIds.Count);
                return Redirect(Home);
            }
            if (result.Field == "ToAccountId")
            {
                ModelState.AddModelError("Input.ToAccountIds", result.Message ?? "");
            }
            else
            {
                TimeBankPages.AddError(ModelState, result);
            }
        }
        return Page();
    }
}
