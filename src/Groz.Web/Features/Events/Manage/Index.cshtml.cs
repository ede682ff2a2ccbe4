using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events.Manage;

/// <summary>The activities an organiser or coordinator looks after in one leerregio.</summary>
[Authorize]
public sealed class IndexModel(GrozDbContext db, EventEditor editor) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    public string LeerregioName { get; private set; } = "";
    public List<Event> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == Slug);
        if (leerregio is null || !await editor.MayCreateAsync(User, leerregio.Id))
        {
            return NotFound();
        }
        LeerregioName = leerregio.Name;
        var q = db.Events.AsNoTracking().Where(e => e.LeerregioId == leerregio.Id && e.Kind != EventKind.Session);
        if (!User.CanManage(leerregio.Id))
        {
            var userId = User.UserId();
            q = q.Where(e => e.OrganizationId != null && db.SmOrganizationMembers.Any(m => m.OrganizationId == e.OrganizationId && m.UserId == userId));
        }
        Events = await q.OrderByDescending(e => e.StartsAt).Take(500).ToListAsync();
        return Page();
    }
}
