using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Home;

public sealed class IndexModel(GrozDbContext db) : PageModel
{
    public sealed record WijkCard(string Code, string Name, string GemeenteName, string LeerregioName, List<string> Buurten, int? Members, List<string> Buurtassistenten);

    public List<Leerregio> Leerregios { get; private set; } = [];
    public WijkCard? MyWijk { get; private set; }

    public async Task OnGetAsync()
    {
        Leerregios = await db.Leerregios.AsNoTracking().OrderBy(l => l.Name).ToListAsync();
        if (User.HomeWijkId() is { } wijkId)
        {
            MyWijk = await WijkCardAsync(db, wijkId);
        }
    }

    /// <summary>Member counts below this are shown as "fewer than 10" (small-number suppression).</summary>
    public const int SuppressBelow = 10;

    internal static async Task<WijkCard?> WijkCardAsync(GrozDbContext db, int wijkId)
    {
        var wijk = await db.Wijken.AsNoTracking().Include(w => w.Gemeente).Include(w => w.Leerregio).Include(w => w.Buurten)
            .FirstOrDefaultAsync(w => w.Id == wijkId);
        if (wijk is null)
        {
            return null;
        }
        var members = await db.Users.CountAsync(u => u.WijkId == wijkId && u.ErasedAt == null);
        var assistants = await db.RoleAssignments
            .Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == wijk.LeerregioId && (r.WijkId == wijkId || r.WijkId == null))
            .Select(r => r.User!.DisplayName).Distinct().OrderBy(n => n).ToListAsync();
        return new WijkCard(wijk.Code, wijk.Name, wijk.Gemeente!.Name, wijk.Leerregio!.Name,
            wijk.Buurten.OrderBy(b => b.Name).Select(b => b.Name).ToList(),
            members >= SuppressBelow ? members : null, assistants);
    }
}
