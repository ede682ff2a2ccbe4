using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// The reminder before a subsidy's deadline: <see cref="KnowledgeOptions.ReminderDaysBefore"/> days before the closing
/// day (Dutch calendar), the leerregio's coordinators and the members who follow the subsidy's bouwsteen or one of its
/// themes (and may read it) get a message in their inbox and a mail.
/// <para>Once: the document is claimed with one conditional UPDATE (ReminderSentAt still empty and the deadline still the
/// one read) in the same transaction as the inbox messages and one <see cref="SubsidyReminderMail"/> per person with a
/// confirmed address, so a parallel run or instance finds it claimed and a failure leaves none of them. A moved
/// deadline clears ReminderSentAt (<see cref="KnowledgeLibrary.MoveDeadlineAsync"/>), which arms the reminder again.</para>
/// <para>Mails go after the commit, each claimed on its own (SentAt empty → now) as the activity reminders do: a mail the
/// server refuses gets its SentAt back to empty and the next run tries again (at most <see cref="MaxAttempts"/> times,
/// and only while the deadline is still the one the mail names and not passed); the others go on regardless.</para>
/// <para>A deadline found late (added 3 days before it) still gets its reminder at once; a deadline in the past never.</para>
/// </summary>
public sealed class SubsidyReminders(GrozDbContext db, TimeProvider time, Mailer mailer, IOptions<KnowledgeOptions> options, IConfiguration configuration,
    IStringLocalizer<SharedResource> l, ILogger<SubsidyReminders> logger)
{
    public const string Kind = "knowledge.subsidy-deadline";

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(Recurrence.Local(now));
        var until = today.AddDays(Math.Max(0, options.Value.ReminderDaysBefore));
        var due = await db.KnowledgeDocuments.AsNoTracking()
            .Where(d => d.Kind == DocumentKind.Subsidy && d.ReminderSentAt == null && d.SubsidyDeadline != null
                && d.SubsidyDeadline >= today && d.SubsidyDeadline <= until)
            .OrderBy(d => d.SubsidyDeadline).ThenBy(d => d.Id)
            .Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var d in due)
        {
            if (await RemindAsync(d, now, ct))
            {
                sent++;
            }
        }
        var mailed = await SendMailsAsync(now, today, ct);
        if (sent > 0 || mailed > 0)
        {
            logger.LogInformation("Sent subsidy deadline reminders for {Count} documents, {Mails} mails", sent, mailed);
        }
        return sent;
    }

    /// <summary>A mail that is refused this often (an address the server never takes) is given up, so it is not tried every hour until the deadline.</summary>
    public const int MaxAttempts = 24;

    /// <summary>
    /// What a mail server or a wrong address throws: the mail did not go, and trying later may help. Anything else is a bug
    /// and stops the run (the claim is undone first).
    /// </summary>
    public static bool MailFailed(Exception ex) => ex is IOException or TimeoutException or System.Net.Sockets.SocketException
        or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException or MailKit.Net.Smtp.SmtpCommandException
        or MailKit.Net.Smtp.SmtpProtocolException or MimeKit.ParseException;

    /// <summary>Every reminder mail not sent yet whose deadline still holds and is not passed; each claimed on its own.</summary>
    private async Task<int> SendMailsAsync(DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var pending = await (from m in db.Set<SubsidyReminderMail>().AsNoTracking()
                             join d in db.KnowledgeDocuments.AsNoTracking() on m.DocumentId equals d.Id
                             join u in db.Users on m.UserId equals u.Id
                             where m.SentAt == null && m.Attempts < MaxAttempts && m.Deadline >= today && d.SubsidyDeadline == m.Deadline
                                 && u.ErasedAt == null && u.EmailConfirmed && u.Email != null
                             orderby m.Id
                             select new { m.Id, Document = d, Recipient = new Recipient(u.Id, u.Email, u.PreferredCulture) })
            .Take(1000).ToListAsync(ct);
        var mailed = 0;
        foreach (var p in pending)
        {
            var claimed = await db.Set<SubsidyReminderMail>().Where(m => m.Id == p.Id && m.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct) == 1;
            if (!claimed)
            {
                continue;
            }
            try
            {
                await mailer.SendAsync(Mail(p.Document, p.Recipient), ct);
                mailed++;
            }
            catch (Exception ex) when (MailFailed(ex))
            {
                logger.LogWarning(ex, "Subsidy reminder mail {MailId} for document {Id} not sent; the next run tries again", p.Id, p.Document.Id);
                await UnclaimAsync(p.Id, now);
            }
            catch
            {
                // Shutting down mid-send (a deploy) or an error nobody foresaw: the mail may not have gone, so it must not
                // stay marked as sent; the run stops and the next one tries again.
                await UnclaimAsync(p.Id, now);
                throw;
            }
        }
        return mailed;
    }

    private Task<int> UnclaimAsync(long id, DateTimeOffset claimedAt) =>
        db.Set<SubsidyReminderMail>().Where(m => m.Id == id && m.SentAt == claimedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)null), CancellationToken.None);

    private sealed record Recipient(string UserId, string? Email, string Culture);

    private async Task<bool> RemindAsync(KnowledgeDocument d, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = await RecipientsAsync(d, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.KnowledgeDocuments
                .Where(x => x.Id == d.Id && x.ReminderSentAt == null && x.SubsidyDeadline == d.SubsidyDeadline)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReminderSentAt, now), ct) == 1;
            if (!claimed)
            {
                return false;
            }
            var deadline = d.SubsidyDeadline!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await Notifications.Notifications.AddAsync(db, recipients.Select(r => r.UserId), Kind, "kb.notify.subsidy-deadline", $"/kennisbank/{d.Id}", now,
                ("KnowledgeDocument", d.Id.ToString(CultureInfo.InvariantCulture)), d.LeerregioId, d.Title, deadline);
            // A deadline moved away and back again reminds again: the mails of the earlier round make way.
            await db.Set<SubsidyReminderMail>().Where(m => m.DocumentId == d.Id && m.Deadline == d.SubsidyDeadline!.Value).ExecuteDeleteAsync(ct);
            db.Set<SubsidyReminderMail>().AddRange(recipients.Where(r => r.Email is not null)
                .Select(r => new SubsidyReminderMail { DocumentId = d.Id, UserId = r.UserId, Deadline = d.SubsidyDeadline!.Value, CreatedAt = now }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Coordinators of the document's leerregio, and followers of its bouwsteen or themes who may read it.</summary>
    private async Task<List<Recipient>> RecipientsAsync(KnowledgeDocument d, CancellationToken ct)
    {
        var coordinators = db.RoleAssignments.Where(r => r.Role == GrozRole.Coordinator && r.LeerregioId == d.LeerregioId && r.WijkId == null).Select(r => r.UserId);
        var followers = KnowledgeFollows.FollowersOf(db, d);
        var ids = await coordinators.Union(followers).ToListAsync(ct);
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.ErasedAt == null)
            .OrderBy(u => u.Id)
            .Select(u => new Recipient(u.Id, u.EmailConfirmed ? u.Email : null, u.PreferredCulture))
            .ToListAsync(ct);
    }

    private OutgoingMail Mail(KnowledgeDocument d, Recipient r)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            var c = new CultureInfo(r.Culture == "en" ? "en" : "nl");
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (c, c);
            var amount = d.SubsidyAmount is { } a ? KnowledgePages.Euros(a) : "-";
            var body = string.Format(c, l["kb.mail.subsidy-deadline"], d.Title, KnowledgePages.Date(d.SubsidyDeadline!.Value), amount, $"{KnowledgeDigest.Origin(configuration)}/kennisbank/{d.Id}");
            return new OutgoingMail(r.Email!, string.Format(c, l["Deadline soon: {0}"], d.Title), body);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}

/// <summary>Every hour: subsidy reminders that are due (each run finds only what is not sent yet). Off with Knowledge:SubsidyReminderJob=false.</summary>
public sealed class SubsidyReminderJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<SubsidyReminderJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Knowledge:SubsidyReminderJob", TimeSpan.FromMinutes(2), TimeSpan.FromHours(1))
{
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<SubsidyReminders>().RunAsync(ct);
}
