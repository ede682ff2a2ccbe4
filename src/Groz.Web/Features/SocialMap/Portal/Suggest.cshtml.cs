using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>Suggest a new entry, or (with ?dienst=id) a correction of one. Any signed-in member; a coordinator reviews it.</summary>
[Authorize]
public sealed class SuggestModel(GrozDbContext db, PortalCuration curation, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "dienst")] public Guid? ServiceId { get; set; }
    [BindProperty] public SuggestionInput Input { get; set; } = new();

    public Service? Service { get; private set; }
    public List<KeyValuePair<string, string>> Leerregios { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Input.ServiceId = ServiceId;
        var result = await curation.SuggestAsync(User, Input, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            MarketPages.AddErrors(ModelState, result);
            return Page();
        }
        TempData["Message"] = l["Thank you. A coordinator will look at your suggestion."].Value;
        return Redirect(ServiceId is { } id ? $"/wijkportaal/dienst/{id}" : "/wijkportaal");
    }

    private async Task<bool> LoadAsync()
    {
        if (ServiceId is { } id)
        {
            Service = await curation.FindVisibleAsync(User, id, HttpContext.RequestAborted);
            return Service is not null;
        }
        Leerregios = await db.Leerregios.AsNoTracking().OrderBy(x => x.Name).Select(x => new KeyValuePair<string, string>(x.Slug, x.Name)).ToListAsync(HttpContext.RequestAborted);
        if (Input.Leerregio is null && User.HomeLeerregioId() is { } home)
        {
            Input.Leerregio = await db.Leerregios.Where(x => x.Id == home).Select(x => x.Slug).FirstOrDefaultAsync(HttpContext.RequestAborted);
        }
        return true;
    }
}
