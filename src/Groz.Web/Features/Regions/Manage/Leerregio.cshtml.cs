using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Regions.Manage;

public sealed class LeerregioModel(GrozDbContext db) : ManagePageModel(db)
{
    public List<Wijk> Wijken { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Wijken = await Db.Wijken.AsNoTracking().Include(w => w.Gemeente).Include(w => w.Buurten)
            .Where(w => w.LeerregioId == Leerregio.Id)
            .OrderBy(w => w.Gemeente!.Code).ThenBy(w => w.Code).ThenByDescending(w => w.DivisionYear)
            .AsSplitQuery().ToListAsync();
        return Page();
    }
}
