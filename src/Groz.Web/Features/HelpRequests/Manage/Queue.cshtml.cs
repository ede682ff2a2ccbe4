using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>
/// The triage queue of the buurtassistenten (their wijken) and coordinators (every wijk): open requests, overdue first,
/// then new. One query (<see cref="HelpRequests.Queue"/>), paged; the lines carry no personal data, so the list itself
/// needs no audit entry — opening a request does.
/// </summary>
[Authorize]
public sealed class QueueModel(GrozDbContext db, HelpRequests help) : PageModel
{
    public const int PageSize = 50;

    public sealed record Line(int Id, HelpRequestKind Kind, string Wijk, HelpCategory Category, HelpUrgency Urgency, HelpStatus Status, bool OnBehalf, DateTimeOffset CreatedAt, DateTimeOffset Due, bool Overdue);

    public Leerregio Leerregio { get; private set; } = null!;
    [BindProperty(SupportsGet = true, Name = "wijk")] public int? WijkId { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "gesloten")] public bool Closed { get; set; }
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<Line> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Overdue { get; private set; }
    /// <summary>The assistant's unread messages of this leerregio (new requests, answers of volunteers, overdue): the link to the inbox.</summary>
    public int UnreadMessages { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (leerregio is null || !HelpRequests.IsStaffOfLeerregio(User, leerregio.Id))
        {
            return NotFound();
        }
        Leerregio = leerregio;
        var mine = HelpRequests.StaffWijken(User, leerregio.Id);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync();
        Wijken = wijken.Where(w => mine is null || mine.Contains(w.Id)).Select(w => new KeyValuePair<string, string>(w.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), w.Name)).ToList();
        PageNumber = Math.Max(1, PageNumber);
        await help.ExpireAsksInLeerregioAsync(leerregio.Id, HttpContext.RequestAborted);
        var query = help.Queue(User, leerregio.Id, WijkId, Closed);
        Total = await query.CountAsync();
        // Only the columns a line shows: the sort then carries narrow rows instead of whole requests (descriptions of up to
        // 2,000 characters), which keeps a deep page (offset 4,950 of 5,000) in memory, and no personal data is read at all.
        var rows = await query.Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(r => new { r.Id, r.Kind, r.WijkId, r.Category, r.Urgency, r.Status, r.EnteredOnBehalf, r.CreatedAt, r.FirstResponseAt, r.FirstResponseDueAt, r.MatchedAt, r.MatchDueAt })
            .ToListAsync();
        var names = wijken.ToDictionary(w => w.Id, w => w.Name);
        Items = rows.Select(r => new Line(r.Id, r.Kind, names.GetValueOrDefault(r.WijkId, ""), r.Category, r.Urgency, r.Status, r.EnteredOnBehalf, r.CreatedAt,
            r.FirstResponseAt is null ? r.FirstResponseDueAt : r.MatchDueAt, help.IsOverdue(r.FirstResponseAt, r.FirstResponseDueAt, r.MatchedAt, r.MatchDueAt, r.Status))).ToList();
        Overdue = Items.Count(i => i.Overdue);
        var me = User.UserId();
        UnreadMessages = me is null ? 0 : await Notifications.Notifications.Mine(db, me).CountAsync(n => n.ReadAt == null && n.LeerregioId == leerregio.Id);
        return Page();
    }
}
