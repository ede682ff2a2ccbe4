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
/// one read) in the same transaction as the inbox messages, so a parallel run or instance finds it claimed and a
/// failure leaves neither. Mails go after the commit; a refused mail is logged, the inbox message stays. A moved
/// deadline clears ReminderSentAt (<see cref="KnowledgeLibrary.MoveDeadlineAsync"/>), which arms the reminder again.</para>
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
        if (sent > 0)
        {
            logger.LogInformation("Sent subsidy deadline reminders for {Count} documents", sent);
        }
        return sent;
    }

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
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        foreach (var r in recipients.Where(r => r.Email is not null))
        {
            try
            {
                await mailer.SendAsync(Mail(d, r), ct);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
            {
                // The inbox message is there; sending the mail again later would need a claim per person, which a reminder is not worth.
                logger.LogWarning(ex, "Subsidy reminder mail for document {Id} not sent", d.Id);
            }
        }
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
