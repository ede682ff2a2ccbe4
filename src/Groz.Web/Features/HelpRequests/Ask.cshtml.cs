using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>A resident asks for help: one short page in four numbered parts that works on a phone without JavaScript.</summary>
[Authorize]
public sealed class AskModel(GrozDbContext db, HelpRequests help, IStringLocalizer<SharedResource> l) : PageModel, IHelpFormPage
{
    [BindProperty] public HelpForm Input { get; set; } = new();
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public bool OnBehalf => false;
    public bool IsMember { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.WijkId = User.HomeWijkId();
        Input.ContactPreference = ContactPreference.Platform;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (Input.ToInput(ModelState, l) is not { } input)
        {
            return Page();
        }
        var result = await help.AskAsync(User, input, ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Message"] = l["Thank you. A buurtassistent will contact you soon."].Value;
            return Redirect($"/hulpvragen/{result.Value!.Id}");
        }
        MarketPages.AddErrors(ModelState, result);
        return Page();
    }

    private async Task LoadAsync()
    {
        IsMember = User.HomeLeerregioId() is not null;
        if (User.HomeLeerregioId() is { } home)
        {
            Wijken = await HelpPages.WijkOptionsAsync(db, home, HttpContext.RequestAborted);
        }
    }
}
