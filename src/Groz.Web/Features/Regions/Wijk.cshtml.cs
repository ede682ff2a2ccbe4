using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Regions;

public sealed class WijkModel(GrozDbContext db) : PageModel
{
    public RegionsApi.WijkDto Wijk { get; private set; } = null!;
    public string LeerregioName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code)
    {
        var wijk = await db.Wijken.AsNoTracking().Include(w => w.Gemeente).Include(w => w.Buurten).Include(w => w.Leerregio)
            .Where(w => w.Code == code).OrderByDescending(w => w.DivisionYear).FirstOrDefaultAsync();
        if (wijk is null)
        {
            return NotFound();
        }
        Wijk = RegionsApi.ToDto(wijk);
        LeerregioName = wijk.Leerregio!.Name;
        return Page();
    }
}
