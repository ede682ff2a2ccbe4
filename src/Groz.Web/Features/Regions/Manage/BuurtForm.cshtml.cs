using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions.Manage;

/// <summary>Add a buurt (id "nieuw") to a wijk of this leerregio, or edit one.</summary>
public sealed class BuurtFormModel(GrozDbContext db, RegionManagement manage, IStringLocalizer<SharedResource> l) : ManagePageModel(db)
{
    [BindProperty] public RegionManagement.BuurtInput Input { get; set; } = new();

    public Wijk Wijk { get; private set; } = null!;
    public Buurt? Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, int wijkId, string id)
    {
        if (!await LoadBuurtAsync(slug, wijkId, id))
        {
            return NotFound();
        }
        Input = Existing is { } b
            ? new RegionManagement.BuurtInput { Code = b.Code, Name = b.Name, Residents = b.Residents }
            : new RegionManagement.BuurtInput { Code = "BU" + Wijk.Code[2..] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, int wijkId, string id)
    {
        if (!await LoadBuurtAsync(slug, wijkId, id))
        {
            return NotFound();
        }
        var outcome = await manage.SaveBuurtAsync(Wijk, Input, Existing, dryRun: !ModelState.IsValid, HttpContext.RequestAborted);
        if (!ModelState.IsValid || !outcome.Succeeded)
        {
            AddErrors(outcome.Errors);
            return Page();
        }
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, Existing is null ? l["Buurt {0} has been added."] : l["Buurt {0} has been saved."], outcome.Value!.Name);
        return Redirect($"/beheer/leerregios/{Leerregio.Slug}#wijk-{Wijk.Id}");
    }

    private async Task<bool> LoadBuurtAsync(string slug, int wijkId, string id)
    {
        if (!await LoadAsync(slug)
            || await Db.Wijken.FirstOrDefaultAsync(w => w.Id == wijkId && w.LeerregioId == Leerregio.Id) is not { } wijk)
        {
            return false;
        }
        Wijk = wijk;
        if (id == "nieuw")
        {
            return true;
        }
        Existing = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var buurtId)
            ? await Db.Buurten.FirstOrDefaultAsync(b => b.Id == buurtId && b.WijkId == wijk.Id && b.LeerregioId == Leerregio.Id)
            : null;
        return Existing is not null;
    }
}
