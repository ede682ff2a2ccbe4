using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>Wijkgesprekken of a leerregio for its coordinators and researchers: the conversations, the codebook and the theme × wijk matrix.</summary>
[Authorize]
public sealed class ManageModel(GrozDbContext db) : PageModel
{
    public Leerregio Leerregio { get; private set; } = null!;
    public Dictionary<int, string> WijkNames { get; private set; } = [];
    public List<NeighbourhoodConversation> Conversations { get; private set; } = [];
    public List<CollaborationApi.CodeDto> Codes { get; private set; } = [];
    public ThemeMatrix Matrix { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr || !Wijkgesprekken.MayResearch(User, lr.Id))
        {
            return NotFound();
        }
        Leerregio = lr;
        WijkNames = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        Conversations = await db.NeighbourhoodConversations.AsNoTracking().Where(c => c.LeerregioId == lr.Id).OrderByDescending(c => c.HeldOn).ThenByDescending(c => c.Id).ToListAsync(ct);
        Codes = await CollaborationApi.CodeListAsync(db, lr.Id, ct);
        Matrix = await ThemeMatrices.ComputeAsync(db, lr.Id, ct);
        return Page();
    }
}
