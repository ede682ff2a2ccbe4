using System.ComponentModel.DataAnnotations;
using System.Globalization;
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

/// <summary>
/// "Pay hours" and "give hours away": a member moves hours from their own account through <see cref="RecordTransfer"/>,
/// the same write the API uses. The receiver is chosen by name from the accounts of the member's leerregio
/// (a search narrows the list, without JavaScript); hours and minutes are typed separately.
/// </summary>
[Authorize]
public abstract class TransferFormModel(GrozDbContext db, Banks banks, RecordTransfer record, UserManager<GrozUser> users, IStringLocalizer<SharedResource> l) : PageModel
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
    /// <summary>Part of a name to narrow the list of receivers (a GET form on the same page).</summary>
    [BindProperty(SupportsGet = true, Name = "zoek")] public string? Search { get; set; }

    public List<TimeBankPages.Choice> Choices { get; private set; } = [];
    public TimeAccount? Pool { get; private set; }
    public TimeAccount? Own { get; private set; }

    protected abstract TransferKind Kind { get; }
    /// <summary>Donations may go to the gemeenschapspot too.</summary>
    public bool OffersPool => Kind == TransferKind.Donation;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var minutes = TimeBankPages.ToMinutes(Input.Hours, Input.Minutes, ModelState, l);
        if (minutes is { } amount)
        {
            var result = await record.ExecuteAsync(User, new TransferCommand(Kind, Own!.Id, Input.ToAccountId is { } to ? [to] : [], amount, Input.Description ?? ""),
                ct: HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                var t = result.Transfer!;
                // The receiver need not be in the (searched, shortened) list shown: read the name of the account itself.
                var receiver = await db.TimeAccounts.Where(a => a.Id == t.ToAccountId).Select(a => a.Name).FirstAsync(HttpContext.RequestAborted);
                var hours = Minutes.Format(t.Minutes, Localization.IsDutch);
                TempData["Message"] = t.Status == TransferStatus.Pending
                    ? string.Format(CultureInfo.CurrentCulture, l["Your payment of {0} to {1} waits for their confirmation. The hours move once {1} confirms."], hours, receiver)
                    : string.Format(CultureInfo.CurrentCulture, Kind == TransferKind.Donation ? l["You gave {0} to {1}."] : l["You paid {0} to {1}."], hours, receiver);
                return Redirect("/tijdbank");
            }
            TimeBankPages.AddError(ModelState, result);
        }
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not { LeerregioId: { } home, EmailConfirmed: true })
        {
            return false;
        }
        Own = await banks.MemberAccountAsync(user, home, HttpContext.RequestAborted);
        Pool = OffersPool ? await banks.PoolAsync(home, HttpContext.RequestAborted) : null;
        Choices = await TimeBankPages.ChoicesAsync(db, home, Own.Id, Search, HttpContext.RequestAborted);
        return true;
    }
}
