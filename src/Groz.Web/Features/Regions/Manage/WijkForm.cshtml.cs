using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions.Manage;

/// <summary>Add a wijk (id "nieuw") or edit one of this leerregio.</summary>
public sealed class WijkFormModel(GrozDbContext db, RegionManagement manage, IStringLocalizer<SharedResource> l) : ManagePageModel(db)
{
    [BindProperty] public RegionManagement.WijkInput Input { get; set; } = new();

    public Wijk? Existing { get; private set; }
    public List<Gemeente> KnownGemeenten { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string id)
    {
        if (!await LoadWijkAsync(slug, id))
        {
            return NotFound();
        }
        Input = Existing is { } w
            ? new RegionManagement.WijkInput
            {
                GemeenteCode = w.Gemeente!.Code, Code = w.Code, Name = w.Name, DivisionYear = w.DivisionYear,
                Residents = w.Residents, Postcodes = w.Postcodes,
            }
            : new RegionManagement.WijkInput { DivisionYear = KnownGemeenten.Select(g => g.DivisionYear).DefaultIfEmpty(DemoData.DivisionYear).Max() };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string id)
    {
        if (!await LoadWijkAsync(slug, id))
        {
            return NotFound();
        }
        // Input that did not even bind (letters in a number field) already has its message; check the rest as well.
        var outcome = await manage.SaveWijkAsync(Leerregio, Input, Existing, dryRun: !ModelState.IsValid, HttpContext.RequestAborted);
        if (!ModelState.IsValid || !outcome.Succeeded)
        {
            AddErrors(outcome.Errors);
            return Page();
        }
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, Existing is null ? l["Wijk {0} has been added."] : l["Wijk {0} has been saved."], outcome.Value!.Name);
        return Redirect($"/beheer/leerregios/{Leerregio.Slug}#wijk-{outcome.Value.Id}");
    }

    private async Task<bool> LoadWijkAsync(string slug, string id)
    {
        if (!await LoadAsync(slug))
        {
            return false;
        }
        KnownGemeenten = await Db.Gemeenten.AsNoTracking().OrderBy(g => g.Code).ThenByDescending(g => g.DivisionYear).ToListAsync();
        if (id == "nieuw")
        {
            return true;
        }
        // The leerregio in the WHERE clause: a wijk of another leerregio is not found.
        Existing = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var wijkId)
            ? await Db.Wijken.Include(w => w.Gemeente).FirstOrDefaultAsync(w => w.Id == wijkId && w.LeerregioId == Leerregio.Id)
            : null;
        return Existing is not null;
    }
}
