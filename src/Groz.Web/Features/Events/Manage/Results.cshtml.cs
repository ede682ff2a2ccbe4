using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events.Manage;

/// <summary>After the activity: the anonymous feedback totals and, for a proeverij, its effect per stand (<see cref="ProeverijEffect"/>).</summary>
[Authorize]
public sealed class ResultsModel(GrozDbContext db, EventFeedbackService feedback, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Event Event { get; private set; } = null!;
    public FeedbackSummary Feedback { get; private set; } = null!;
    public ProeverijEffectReport? Effect { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id && db.Leerregios.Any(r => r.Id == x.LeerregioId && r.Slug == Slug));
        if (e is null || !await Registrations.CanManageAsync(db, User, e))
        {
            return NotFound();
        }
        Event = e;
        Feedback = await feedback.SummaryAsync(e.Id, HttpContext.RequestAborted);
        Effect = e.Kind == EventKind.Proeverij ? await ProeverijEffect.MeasureAsync(db, e.Id, time.GetUtcNow(), ct: HttpContext.RequestAborted) : null;
        return Page();
    }
}
