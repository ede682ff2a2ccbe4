using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Notifications;

/// <summary>
/// /api/v1/notifications: my messages (newest first, text in the caller's language), the unread count, mark one or all
/// read. Someone else's message is a 404 and stays as it was.
/// </summary>
public static class NotificationsApi
{
    public sealed record NotificationDto(long Id, string Kind, string Text, string Link, string? SubjectType, string? SubjectId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
    public sealed record InboxDto(int Unread, int Total, int Page, IReadOnlyList<NotificationDto> Items);
    public sealed record CountDto(int Unread);

    public static WebApplication MapNotificationsApi(this WebApplication app)
    {
        var api = app.MapApiV1("notifications", "Notifications").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/", ListAsync)
            .WithSummary("My messages, newest first, 30 a page (page=1…); unread=true for only the unread ones. Texts in the language of the request.");
        api.MapGet("/unread-count", CountAsync).WithSummary("How many of my messages are unread.");
        api.MapPost("/{id:long}/read", ReadAsync).WithSummary("Mark one of my messages read (404 for a message that is not mine).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/read-all", ReadAllAsync).WithSummary("Mark all my messages read; returns how many there were unread.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, GrozDbContext db, IStringLocalizer<SharedResource> l, bool? unread, int? page)
    {
        var userId = http.User.UserId()!;
        var p = Math.Clamp(page ?? 1, 1, 100_000);
        var q = Notifications.Mine(db, userId);
        if (unread == true)
        {
            q = q.Where(n => n.ReadAt == null);
        }
        var total = await q.CountAsync(http.RequestAborted);
        var rows = await q.OrderByDescending(n => n.Id).Skip((p - 1) * Notifications.PageSize).Take(Notifications.PageSize).ToListAsync(http.RequestAborted);
        return Results.Ok(new InboxDto(await Notifications.UnreadCountAsync(db, userId, http.RequestAborted), total, p,
            rows.Select(n => new NotificationDto(n.Id, n.Kind, Notifications.Text(n, l), n.Link, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt)).ToList()));
    }

    private static async Task<IResult> CountAsync(HttpContext http, GrozDbContext db) =>
        Results.Ok(new CountDto(await Notifications.UnreadCountAsync(db, http.User.UserId()!, http.RequestAborted)));

    private static async Task<IResult> ReadAsync(long id, HttpContext http, GrozDbContext db, TimeProvider time) =>
        await Notifications.MarkReadAsync(db, http.User.UserId()!, id, time.GetUtcNow(), http.RequestAborted)
            ? Results.NoContent()
            : Errors.Problem(http, 404, "not-found");

    private static async Task<IResult> ReadAllAsync(HttpContext http, GrozDbContext db, TimeProvider time) =>
        Results.Ok(new { Marked = await Notifications.MarkAllReadAsync(db, http.User.UserId()!, time.GetUtcNow(), http.RequestAborted) });
}
