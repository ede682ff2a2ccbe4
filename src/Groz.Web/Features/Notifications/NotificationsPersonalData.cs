using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Notifications;

/// <summary>My messages in my data export; erasure deletes them (nobody else depends on them).</summary>
public sealed class NotificationsPersonalData(GrozDbContext db, IStringLocalizer<SharedResource> l) : IPersonalDataPart
{
    public string Name => "notifications";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var rows = await Notifications.Mine(db, userId).OrderBy(n => n.Id).ToListAsync(ct);
        return rows.Select(n => new { n.Kind, Text = Notifications.Text(n, l), n.Link, n.CreatedAt, n.ReadAt }).ToList();
    }

    public Task EraseAsync(string userId, CancellationToken ct) =>
        db.Set<Notification>().Where(n => n.UserId == userId).ExecuteDeleteAsync(ct);
}

public static class NotificationsSetup
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPersonalDataPart, NotificationsPersonalData>();
        return builder;
    }
}
