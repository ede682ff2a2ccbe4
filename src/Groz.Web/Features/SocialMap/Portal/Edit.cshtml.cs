using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>Edit an entry (coordinators; professionals of the owning organisation), confirm it is still right, publish or archive it (coordinators).</summary>
[Authorize]
public sealed class EditModel(GrozDbContext db, PortalCuration curation, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public ServiceEditInput Input { get; set; } = new();

    public Service Item { get; private set; } = null!;
    public bool CanManage { get; private set; }

    public List<KeyValuePair<string, string>> Statuses() =>
    [
        new("active", l["Running"]), new("temporarily closed", l["Temporarily closed"]), new("inactive", l["Not running at the moment"]), new("defunct", l["Stopped"]),
    ];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = new ServiceEditInput
        {
            Name = Item.Name, Description = Item.Description, Url = Item.Url, Email = Item.Email, FeesDescription = Item.FeesDescription,
            EligibilityDescription = Item.EligibilityDescription, ApplicationProcess = Item.ApplicationProcess, Status = Item.Status,
            MinimumAge = Item.MinimumAge?.ToString("0", CultureInfo.InvariantCulture), MaximumAge = Item.MaximumAge?.ToString("0", CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var result = await curation.EditAsync(User, id, Input, HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            MarketPages.AddErrors(ModelState, result);
            return await LoadAsync(id) ? Page() : NotFound();
        }
        TempData["Message"] = l["Saved. The entry now shows today as last checked."].Value;
        return Redirect($"/wijkportaal/dienst/{id}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id)
    {
        var result = await curation.ConfirmAsync(User, id, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Message"] = l["Thank you. The entry now shows today as last checked."].Value;
        return Redirect($"/wijkportaal/dienst/{id}");
    }

    public async Task<IActionResult> OnPostPublicationAsync(Guid id, Publication publication)
    {
        var result = await curation.SetPublicationAsync(User, id, publication, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Message"] = publication switch
        {
            Publication.Published => l["Published: everyone can find this entry."].Value,
            Publication.Archived => l["Archived: the entry is no longer shown."].Value,
            _ => l["The entry is a draft again: only editors see it."].Value,
        };
        return Redirect($"/wijkportaal/dienst/{id}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var s = await db.SmServices.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, HttpContext.RequestAborted);
        if (s is null || !await curation.CanEditAsync(User, s, HttpContext.RequestAborted))
        {
            return false;
        }
        Item = s;
        CanManage = User.CanManage(s.LeerregioId);
        return true;
    }
}
