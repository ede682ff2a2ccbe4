using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// The in-platform inbox of Hulpvragen: my own questions, the questions I was asked to help with, the help I said yes to,
/// and for staff the way to their queue. Lists carry no one else's personal data; opening a request does (audited).
/// </summary>
[Authorize]
public sealed class IndexModel(GrozDbContext db, HelpRequests help) : PageModel
{
    public sealed record Line(int Id, HelpCategory Category, HelpStatus Status, string Wijk, DateTimeOffset At);
    public sealed record AskLine(int AskId, int RequestId, HelpCategory Category, string Wijk, AskAnswer Answer, DateTimeOffset ExpiresAt);

    public List<Line> Mine { get; private set; } = [];
    public List<AskLine> Asks { get; private set; } = [];
    public List<Line> Helping { get; private set; } = [];
    public List<(string Slug, string Name)> Queues { get; private set; } = [];
    public List<(string Slug, string Name)> OnBehalfIn { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var userId = User.UserId();
        if (userId is not null)
        {
            await help.ExpireAsksOfVolunteerAsync(userId, HttpContext.RequestAborted);
        }
        Mine = await (from r in db.HelpRequests.AsNoTracking()
                      where r.ResidentUserId == userId
                      join w in db.Wijken on r.WijkId equals w.Id
                      orderby r.Id descending
                      select new Line(r.Id, r.Category, r.Status, w.Name, r.CreatedAt)).Take(50).ToListAsync();
        Asks = await (from a in db.HelpMatchAsks.AsNoTracking()
                      where a.VolunteerUserId == userId && a.Answer == AskAnswer.Pending
                      join r in db.HelpRequests on a.HelpRequestId equals r.Id
                      join w in db.Wijken on r.WijkId equals w.Id
                      orderby a.Id descending
                      select new AskLine(a.Id, r.Id, r.Category, w.Name, a.Answer, a.ExpiresAt)).Take(50).ToListAsync();
        Helping = await (from r in db.HelpRequests.AsNoTracking()
                         where r.MatchedVolunteerUserId == userId
                         join w in db.Wijken on r.WijkId equals w.Id
                         orderby r.Id descending
                         select new Line(r.Id, r.Category, r.Status, w.Name, r.MatchedAt ?? r.CreatedAt)).Take(50).ToListAsync();
        var leerregios = await db.Leerregios.AsNoTracking().OrderBy(x => x.Name).Select(x => new { x.Id, x.Slug, x.Name }).ToListAsync();
        Queues = leerregios.Where(x => HelpRequests.IsStaffOfLeerregio(User, x.Id)).Select(x => (x.Slug, x.Name)).ToList();
        OnBehalfIn = leerregios.Where(x => !HelpRequests.IsStaffOfLeerregio(User, x.Id) && User.Grants().Any(g => g.LeerregioId == x.Id && g.Role == GrozRole.Professional))
            .Select(x => (x.Slug, x.Name)).ToList();
    }
}
