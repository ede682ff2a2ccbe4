using System.Globalization;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// The weekly digest for members who follow a bouwsteen or a theme: new documents and versions they may read (about a
/// followed bouwsteen or theme) and bouwsteen updates (of a followed bouwsteen, from every leerregio: updates are public).
/// <list type="bullet">
/// <item>At most one mail per <see cref="KnowledgeOptions.DigestDays"/> days per member: the last one's time is the newest
/// row in <see cref="DigestItem"/>.</item>
/// <item>Never the same item twice: each item sent is a row with a unique key (member, type, id), written in the same
/// transaction before the mail goes; a parallel run hits the key and sends nothing.</item>
/// <item>Nothing sent when there is nothing new. Only what appeared after the member started following and within the
/// last period (an update dated earlier than that, typed in late, is not news any more).</item>
/// <item>The mail ends with the link to the page where the member stops following (one button for all).</item>
/// </list>
/// </summary>
public sealed class KnowledgeDigest(GrozDbContext db, TimeProvider time, Mailer mailer, IOptions<KnowledgeOptions> options, IConfiguration configuration,
    KnowledgeLibrary library, IStringLocalizer<SharedResource> l, ILogger<KnowledgeDigest> logger)
{
    public const int MaxItems = 50;
    public const string FollowPage = "/kennisbank/volgen";

    /// <summary>A job has no request to take the host from: App:PublicUrl (set in production) or else localhost.</summary>
    public static string Origin(IConfiguration configuration) =>
        configuration["App:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : "http://localhost:5000";

    public sealed record Item(string Type, int Id, string Title, string Link, DateTimeOffset At, string? Note);

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var period = TimeSpan.FromDays(Math.Max(1, options.Value.DigestDays));
        var userIds = await db.Set<KnowledgeFollow>().Select(f => f.UserId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var sent = 0;
        foreach (var userId in userIds)
        {
            var last = await db.Set<DigestItem>().Where(i => i.UserId == userId).MaxAsync(i => (DateTimeOffset?)i.SentAt, ct);
            if (last is { } l0 && now - l0 < period)
            {
                continue;
            }
            if (await SendOneAsync(userId, now, period, ct))
            {
                sent++;
            }
        }
        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} Kennisbank digests", sent);
        }
        return sent;
    }

    /// <summary>What the member's next digest holds (empty: nothing is sent).</summary>
    public async Task<List<Item>> ItemsAsync(string userId, DateTimeOffset now, TimeSpan period, CancellationToken ct = default)
    {
        var follows = await db.Set<KnowledgeFollow>().AsNoTracking().Where(f => f.UserId == userId).ToListAsync(ct);
        if (follows.Count == 0)
        {
            return [];
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.ErasedAt == null).Select(u => new { u.LeerregioId }).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return [];
        }
        var member = await db.RoleAssignments.Where(r => r.UserId == userId && r.LeerregioId != null).Select(r => r.LeerregioId!.Value).ToListAsync(ct);
        if (user.LeerregioId is { } home)
        {
            member.Add(home);
        }
        var since = now - period;
        var bouwstenen = follows.Where(f => f.Kind == FollowKind.Bouwsteen).Select(f => LearningEnvironment.ParseBouwsteen(f.Code)).OfType<BouwsteenKind>().ToList();
        var themes = follows.Where(f => f.Kind == FollowKind.Theme).Select(f => f.Code).ToList();
        var followedSince = follows.Min(f => f.CreatedAt);
        var start = since > followedSince ? since : followedSince;
        var sentVersions = db.Set<DigestItem>().Where(i => i.UserId == userId && i.ItemType == "version").Select(i => i.ItemId);
        var sentUpdates = db.Set<DigestItem>().Where(i => i.UserId == userId && i.ItemType == "update").Select(i => i.ItemId);

        var versions = await (from v in db.KnowledgeVersions.AsNoTracking()
                              join d in db.KnowledgeDocuments on v.DocumentId equals d.Id
                              where v.CreatedAt > start && v.CreatedAt <= now && !sentVersions.Contains(v.Id)
                                  && (d.Sharing == KnowledgeSharing.AllLeerregios || member.Contains(d.LeerregioId))
                                  && ((d.Bouwsteen != null && bouwstenen.Contains(d.Bouwsteen.Value)) || d.Themes.Any(t => themes.Contains(t)))
                              orderby v.CreatedAt descending, v.Id descending
                              select new { v.Id, d.Title, DocumentId = d.Id, v.Number, v.ChangeNote, v.CreatedAt })
            .Take(MaxItems).ToListAsync(ct);
        var codes = bouwstenen.Select(b => LearningEnvironment.Codes[b]).ToList();
        var fromDay = DateOnly.FromDateTime(Recurrence.Local(start));
        var updates = await (from u in db.BouwsteenUpdates.AsNoTracking()
                             join b in db.Bouwstenen on u.BouwsteenId equals b.Id
                             join lr in db.Leerregios on b.LeerregioId equals lr.Id
                             where codes.Contains(b.Code) && u.On >= fromDay && !sentUpdates.Contains(u.Id)
                             orderby u.On descending, u.Id descending
                             select new { u.Id, u.Text, b.Code, lr.Slug, lr.Name, u.On })
            .Take(MaxItems).ToListAsync(ct);
        return
        [
            .. versions.Select(v => new Item("version", v.Id, v.Title, $"/kennisbank/{v.DocumentId}", v.CreatedAt, v.Number > 1 ? v.ChangeNote : null)),
            .. updates.Select(u => new Item("update", u.Id, $"{u.Name}: {BouwsteenTitle(u.Code)}", $"/leren/{u.Slug}#update-{u.Id}",
                EventReminders.StartOfDay(u.On), u.Text.Length > 200 ? u.Text[..200] + "…" : u.Text)),
        ];
    }

    private string BouwsteenTitle(string code) =>
        LearningEnvironment.KindOf(code) is { } kind ? library.BouwsteenName(kind) : code;

    private async Task<bool> SendOneAsync(string userId, DateTimeOffset now, TimeSpan period, CancellationToken ct)
    {
        var items = await ItemsAsync(userId, now, period, ct);
        if (items.Count == 0)
        {
            return false;
        }
        var to = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.EmailConfirmed && u.ErasedAt == null)
            .Select(u => new { u.Email, u.PreferredCulture }).FirstOrDefaultAsync(ct);
        if (to?.Email is null)
        {
            return false;
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Set<DigestItem>().AddRange(items.Select(i => new DigestItem { UserId = userId, ItemType = i.Type, ItemId = i.Id, SentAt = now }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another run sent these first.
            db.ChangeTracker.Clear();
            return false;
        }
        db.ChangeTracker.Clear();
        try
        {
            await mailer.SendAsync(Mail(to.Email, to.PreferredCulture, items), ct);
        }
        catch (Exception ex) when (SubsidyReminders.MailFailed(ex))
        {
            // Undo the claim, so the next run sends these items after all; the other members' digests go on.
            logger.LogWarning(ex, "Digest for {UserId} not sent; the next run tries again", userId);
            await db.Set<DigestItem>().Where(i => i.UserId == userId && i.SentAt == now).ExecuteDeleteAsync(CancellationToken.None);
            return false;
        }
        return true;
    }

    private OutgoingMail Mail(string to, string culture, List<Item> items)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            var c = new CultureInfo(culture == "en" ? "en" : "nl");
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (c, c);
            var origin = Origin(configuration);
            var text = new StringBuilder();
            text.AppendLine(l["New in the Kennisbank about what you follow:"]).AppendLine();
            foreach (var i in items)
            {
                text.Append("* ").AppendLine(i.Title);
                if (i.Note is { Length: > 0 } note)
                {
                    text.Append("  ").AppendLine(note.ReplaceLineEndings(" "));
                }
                text.Append("  ").Append(origin).AppendLine(i.Link).AppendLine();
            }
            text.AppendLine(string.Format(c, l["Stop following or follow something else: {0}"], origin + FollowPage));
            return new OutgoingMail(to, l["Kennisbank: what is new this week"], text.ToString());
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}

/// <summary>Every hour: the digests that are due (each member at most once per period). Off with Knowledge:DigestJob=false.</summary>
public sealed class KnowledgeDigestJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<KnowledgeDigestJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Knowledge:DigestJob", TimeSpan.FromMinutes(3), TimeSpan.FromHours(1))
{
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<KnowledgeDigest>().RunAsync(ct);
}
