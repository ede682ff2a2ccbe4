using System.Globalization;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Notifications;

/// <summary>
/// One message in a member's in-platform inbox ("Berichten"). Platform-level because Hulpvragen is only the first module
/// to need it (Activiteiten and Kennisbank will want the same list and unread count). The text is a resource key plus
/// plain arguments and is put together when it is read, so every reader gets it in their own language. What goes in the
/// arguments is what the recipient may know anyway (a request number, a wijk, a first name): never notes or health details.
/// </summary>
public sealed class Notification
{
    public const int MaxArgs = 1000;

    public long Id { get; set; }
    public required string UserId { get; set; }
    public int? LeerregioId { get; set; }
    /// <summary>Stable dotted name, e.g. "help.matched": for filtering, the API and the tests.</summary>
    public required string Kind { get; set; }
    /// <summary>Resource key of the text, with {0}, {1}… for <see cref="Args"/>.</summary>
    public required string TextKey { get; set; }
    /// <summary>JSON array of strings.</summary>
    public string? Args { get; set; }
    /// <summary>Local path the message leads to; the target page checks access again.</summary>
    public required string Link { get; set; }
    /// <summary>What it is about (e.g. "HelpRequest" and its id), so that opening that page marks its messages read.</summary>
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(x => x.Kind).HasMaxLength(60);
        b.Property(x => x.TextKey).HasMaxLength(100);
        b.Property(x => x.Args).HasMaxLength(Notification.MaxArgs);
        b.Property(x => x.Link).HasMaxLength(300);
        b.Property(x => x.SubjectType).HasMaxLength(40);
        b.Property(x => x.SubjectId).HasMaxLength(40);
        // A member's messages go with the member (erasure deletes the account's own rows).
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        // The inbox, newest first, and the unread count: both read one user's rows only.
        b.HasIndex(x => new { x.UserId, x.ReadAt, x.Id });
        // "Already told about this?" (overdue) and "mark read what this page shows".
        b.HasIndex(x => new { x.SubjectType, x.SubjectId, x.Kind });
    }
}

/// <summary>The one small API of the inbox that every module uses. Adds go into the caller's unit of work (and transaction).</summary>
public static class Notifications
{
    public const int PageSize = 30;

    /// <summary>
    /// Queues a message for <paramref name="userId"/> in <paramref name="db"/>'s change tracker; it is written with the
    /// caller's next SaveChanges, so it exists exactly when the change it reports does.
    /// </summary>
    public static Task AddAsync(GrozDbContext db, string userId, string kind, string textKey, string link,
        DateTimeOffset at, (string Type, string Id)? subject = null, int? leerregioId = null, params string[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("A notification links to a local path", nameof(link));
        }
        var json = args.Length == 0 ? null : JsonSerializer.Serialize(args);
        db.Set<Notification>().Add(new Notification
        {
            UserId = userId, Kind = kind, TextKey = textKey, Link = link, CreatedAt = at, LeerregioId = leerregioId,
            Args = json is { Length: > Notification.MaxArgs } ? json[..Notification.MaxArgs] : json,
            SubjectType = subject?.Type, SubjectId = subject?.Id,
        });
        return Task.CompletedTask;
    }

    /// <summary>The same message for several people (e.g. the buurtassistenten of a wijk).</summary>
    public static async Task AddAsync(GrozDbContext db, IEnumerable<string> userIds, string kind, string textKey, string link,
        DateTimeOffset at, (string Type, string Id)? subject = null, int? leerregioId = null, params string[] args)
    {
        foreach (var userId in userIds.Distinct())
        {
            await AddAsync(db, userId, kind, textKey, link, at, subject, leerregioId, args);
        }
    }

    public static IQueryable<Notification> Mine(GrozDbContext db, string userId) =>
        db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);

    public static Task<int> UnreadCountAsync(GrozDbContext db, string userId, CancellationToken ct = default) =>
        db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>Marks one of the user's own messages read. False when it is not theirs (or does not exist): the same 404 for both.</summary>
    public static async Task<bool> MarkReadAsync(GrozDbContext db, string userId, long id, DateTimeOffset at, CancellationToken ct = default)
    {
        if (!await db.Set<Notification>().AnyAsync(n => n.Id == id && n.UserId == userId, ct))
        {
            return false;
        }
        await db.Set<Notification>().Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, at), ct);
        return true;
    }

    public static Task<int> MarkAllReadAsync(GrozDbContext db, string userId, DateTimeOffset at, CancellationToken ct = default) =>
        db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, at), ct);

    /// <summary>Opening the page a message is about counts as reading it (only the viewer's own messages).</summary>
    public static Task<int> MarkSubjectReadAsync(GrozDbContext db, string userId, string subjectType, string subjectId, DateTimeOffset at, CancellationToken ct = default) =>
        db.Set<Notification>().Where(n => n.UserId == userId && n.SubjectType == subjectType && n.SubjectId == subjectId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, at), ct);

    /// <summary>The message in the reader's language.</summary>
    public static string Text(Notification n, IStringLocalizer l)
    {
        var args = n.Args is null ? [] : JsonSerializer.Deserialize<string[]>(n.Args) ?? [];
        return string.Format(CultureInfo.CurrentCulture, l[n.TextKey].Value, args.Cast<object>().ToArray());
    }
}
