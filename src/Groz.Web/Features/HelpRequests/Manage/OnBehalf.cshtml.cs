using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>A buurtassistent, coordinator or professional enters a question after a phone call or a visit, with the resident's consent.</summary>
[Authorize]
public sealed class OnBehalfModel(GrozDbContext db, HelpRequests help, IStringLocalizer<SharedResource> l) : PageModel, IHelpFormPage
{
    [BindProperty] public HelpForm Input { get; set; } = new();
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public bool OnBehalf => true;
    public Leerregio Leerregio { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Input.Urgency = HelpUrgency.Normal;
        Input.ContactPreference = ContactPreference.Phone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        if (Input.ToInput(ModelState, l) is not { } input)
        {
            return Page();
        }
        var result = await help.EnterOnBehalfAsync(User, Leerregio.Id, input, ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Message"] = l["The question has been saved."].Value;
            return HelpRequests.IsStaff(User, Leerregio.Id, result.Value!.WijkId)
                ? Redirect($"/beheer/hulpvragen/{slug}/{result.Value.Id}")
                : Redirect($"/hulpvragen/{result.Value.Id}");
        }
        MarketPages.AddErrors(ModelState, result);
        return Page();
    }

    private async Task<bool> LoadAsync(string slug)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (leerregio is null || !(HelpRequests.IsStaffOfLeerregio(User, leerregio.Id)
            || User.Grants().Any(g => g.LeerregioId == leerregio.Id && g.Role == Accounts.GrozRole.Professional)))
        {
            return false;
        }
        Leerregio = leerregio;
        var wijken = HelpRequests.StaffWijken(User, leerregio.Id);
        Wijken = (await HelpPages.WijkOptionsAsync(db, leerregio.Id))
            .Where(w => wijken is null || wijken.Count == 0 || wijken.Contains(int.Parse(w.Key, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return true;
    }
}
