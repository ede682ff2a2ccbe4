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
/// Converting my hours into euros: today's rate, what the caps still allow, a request (or first a calculation of what I
/// would receive), and my earlier requests with their status. The write is <see cref="Conversions.RequestAsync"/>, as in the API.
/// </summary>
[Authorize]
public sealed class ConvertModel(GrozDbContext db, Banks banks, Conversions conversions, UserManager<GrozUser> users, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public int? Hours { get; set; }
        public int? Minutes { get; set; }
        [StringLength(50, ErrorMessage = "Use at most 50 characters.")]
        public string? Iban { get; set; }
        [StringLength(Conversions.MaxHolder, ErrorMessage = "Use at most 70 characters.")]
        public string? AccountHolder { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public TimeAccount? Account { get; private set; }
    public Conversions.Quote? Quote { get; private set; }
    public List<ConversionRequest> Requests { get; private set; } = [];
    /// <summary>Set after "calculate": what the typed hours would bring, nothing written.</summary>
    public decimal? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        if (Account is not null)
        {
            Input.AccountHolder = (await users.GetUserAsync(User))?.DisplayName;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        await LoadAsync();
        if (Account is null)
        {
            return NotFound();
        }
        if (TimeBankPages.ToMinutes(Input.Hours, Input.Minutes, ModelState, l) is { } minutes)
        {
            if (minutes <= 0)
            {
                ModelState.AddModelError("Input.Hours", l["Fill in a number of minutes above zero."]);
            }
            else if (Quote?.Rate is { } rate)
            {
                Preview = Conversions.AmountFor(minutes, rate.EurosPerHour);
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Account is null)
        {
            return NotFound();
        }
        if (TimeBankPages.ToMinutes(Input.Hours, Input.Minutes, ModelState, l) is { } minutes)
        {
            var result = await conversions.RequestAsync(User, new Conversions.RequestInput(Account.Id, minutes, Input.Iban, Input.AccountHolder), ct: HttpContext.RequestAborted);
            if (result.Value is { } made)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Your request to convert {0} into {1} has been sent. A coordinator will look at it."],
                    TimeBank.Minutes.Format(made.Minutes, Localization.IsDutch), Euros.Format(made.AmountEuros, Localization.IsDutch));
                return Redirect("/tijdbank/omzetten");
            }
            var key = result.Field switch
            {
                "Iban" => "Input.Iban",
                "AccountHolder" => "Input.AccountHolder",
                "Minutes" => "Input.Hours",
                _ => "",
            };
            ModelState.AddModelError(key, result.Message ?? "");
        }
        return Page();
    }

    private async Task LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not { LeerregioId: { } home, EmailConfirmed: true })
        {
            return;
        }
        var ct = HttpContext.RequestAborted;
        Account = await banks.MemberAccountAsync(user, home, ct);
        Quote = await conversions.QuoteAsync(Account, ct);
        Requests = await db.Conversions.AsNoTracking().Where(c => c.RequestedByUserId == user.Id).OrderByDescending(c => c.Id).Take(50).ToListAsync(ct);
    }

    public string StatusName(ConversionStatus status) => l[$"timebank.conversion.{status}"];
}
