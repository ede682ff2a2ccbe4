using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// Samenwerking of a leerregio: the samenwerkingsverbanden, the five bouwstenen, and the partner network as a table
/// (organisation, its collaborations, its measures) with the gaps; filters on wijk and theme. Public, like the wijkportaal.
/// </summary>
public sealed class IndexModel(GrozDbContext db, Collaborations collaborations) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Wijk { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }

    public Leerregio Leerregio { get; private set; } = null!;
    public Dictionary<int, string> WijkNames { get; private set; } = [];
    public Network Network { get; private set; } = null!;
    public List<Bouwsteen> Bouwstenen { get; private set; } = [];
    public Dictionary<int, string> CollaborationNames { get; private set; } = [];
    public bool MayEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr)
        {
            return NotFound();
        }
        Leerregio = lr;
        WijkNames = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        if (Wijk is { } w && !WijkNames.ContainsKey(w))
        {
            Wijk = null;
        }
        if (Theme is not null && !Shared.Themes.IsKnown(Theme))
        {
            Theme = null;
        }
        Network = await Network.LoadAsync(db, lr.Id, Wijk, Theme, ct);
        CollaborationNames = Network.Collaborations.ToDictionary(c => c.Id, c => c.Name);
        Bouwstenen = await collaborations.BouwstenenAsync(lr.Id, ct);
        MayEdit = User.CanManage(lr.Id);
        return Page();
    }
}
