using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Notifications;

/// <summary>
/// "Berichten": the signed-in member's own messages, newest first, unread marked, each with a link to what it is about.
/// Only rows of the member are ever read or changed (the user id is part of every WHERE), so a foreign id is a 404.
/// </summary>
[Authorize]
public sealed class IndexModel(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Line(long Id, string Text, string Link, DateTimeOffset CreatedAt, bool Unread);

    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "ongelezen")] public bool UnreadOnly { get; set; }
    public List<Line> Items { get; private set; } = [];
    public int Unread { get; private set; }
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var userId = User.UserId()!;
        PageNumber = Math.Max(1, PageNumber);
        Unread = await Notifications.UnreadCountAsync(db, userId, HttpContext.RequestAborted);
        var q = Notifications.Mine(db, userId);
        if (UnreadOnly)
        {
            q = q.Where(n => n.ReadAt == null);
        }
        Total = await q.CountAsync(HttpContext.RequestAborted);
        var rows = await q.OrderByDescending(n => n.Id).Skip((PageNumber - 1) * Notifications.PageSize).Take(Notifications.PageSize).ToListAsync(HttpContext.RequestAborted);
        Items = rows.Select(n => new Line(n.Id, Notifications.Text(n, l), n.Link, n.CreatedAt, n.ReadAt is null)).ToList();
    }

    public async Task<IActionResult> OnPostReadAsync(long id)
    {
        if (!await Notifications.MarkReadAsync(db, User.UserId()!, id, time.GetUtcNow(), HttpContext.RequestAborted))
        {
            return NotFound();
        }
        TempData["Message"] = l["Marked as read."].Value;
        return Redirect("/berichten");
    }

    /// <summary>Opens what the message is about and marks it read on the way (a POST, so that a prefetch reads nothing).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id)
    {
        var userId = User.UserId()!;
        var link = await Notifications.Mine(db, userId).Where(n => n.Id == id).Select(n => n.Link).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (link is null)
        {
            return NotFound();
        }
        await Notifications.MarkReadAsync(db, userId, id, time.GetUtcNow(), HttpContext.RequestAborted);
        return LocalRedirect(link);
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        var marked = await Notifications.MarkAllReadAsync(db, User.UserId()!, time.GetUtcNow(), HttpContext.RequestAborted);
        TempData["Message"] = l["{0} messages marked as read.", marked].Value;
        return Redirect("/berichten");
    }
}
