using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>What I signed up for, and the secret address of my own calendar feed (<see cref="PersonalCalendar"/>).</summary>
[Authorize]
public sealed class MineModel(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(EventRegistration Registration, Event Event, string? Proeverij);

    public List<Row> Rows { get; private set; } = [];
    public DateTimeOffset? FeedSince { get; private set; }
    /// <summary>Only right after it was made: the secret is not stored, so it cannot be shown again.</summary>
    public string? NewFeedUrl { get; private set; }

    private async Task LoadAsync()
    {
        var userId = User.UserId()!;
        var since = time.GetUtcNow().AddDays(-1);
        var rows = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.UserId == userId && r.OccurrenceStartsAt >= since && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted))
            .Join(db.Events, r => r.EventId, e => e.Id, (r, e) => new { r, e, Parent = db.Events.Where(p => p.Id == e.ParentEventId).Select(p => p.Title).FirstOrDefault() })
            .OrderBy(x => x.r.OccurrenceStartsAt).Take(200).ToListAsync();
        Rows = rows.Select(x => new Row(x.r, x.e, x.Parent)).ToList();
        FeedSince = await PersonalCalendar.CreatedAtAsync(db, userId);
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostFeedAsync()
    {
        var token = await PersonalCalendar.NewTokenAsync(db, User.UserId()!, time.GetUtcNow(), HttpContext.RequestAborted);
        await LoadAsync();
        NewFeedUrl = AccountLinks.Absolute(HttpContext, PersonalCalendar.Path(token));
        ViewData["Message"] = l["Your calendar address is ready. Copy it now: for your safety we cannot show it again."].Value;
        return Page();
    }
}
