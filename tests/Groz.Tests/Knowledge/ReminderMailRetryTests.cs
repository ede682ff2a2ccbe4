using Groz.Tests.Support;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Knowledge;

/// <summary>The Kennisbank app sending over SMTP (no outbox), to a server that can refuse one address or be down.</summary>
public sealed class KnowledgeSmtpApp : TimeBankApp
{
    public SmtpSink Sink { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:SmtpHost", "127.0.0.1"), new("Mail:SmtpPort", Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:SmtpSecurity", "None"), new("Mail:OutboxDirectory", ""),
    ];

    public int MailsTo(string email, string about)
    {
        lock (Sink.Messages)
        {
            return Sink.Messages.Count(m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase) && m.Contains(about, StringComparison.Ordinal));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

/// <summary>
/// SMTP down or one address refused: the subsidy reminder and the follow digest do not count the mail as sent, the next
/// run tries again, and the other recipients get theirs meanwhile.
/// </summary>
public sealed class ReminderMailRetryTests(KnowledgeSmtpApp app) : IClassFixture<KnowledgeSmtpApp>
{
    private static readonly string Coordinator = TimeBankApp.Email(GrozRole.Coordinator);
    private static readonly string Resident = TimeBankApp.Email(GrozRole.Resident);

    private Task<string> UserIdAsync(string email) => app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task FollowAsync(string email, FollowKind kind, string code)
    {
        var userId = await UserIdAsync(email);
        await app.DbAsync(async db =>
        {
            if (!await db.Set<KnowledgeFollow>().AnyAsync(f => f.UserId == userId && f.Kind == kind && f.Code == code))
            {
                db.Set<KnowledgeFollow>().Add(new KnowledgeFollow { UserId = userId, Kind = kind, Code = code, CreatedAt = app.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
        });
    }

    private Task<int> DocumentAsync(string title, DocumentKind kind, DateOnly? deadline, BouwsteenKind? bouwsteen, params string[] themes) => app.DbAsync(async db =>
    {
        var lr = await db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync();
        var now = app.Clock.GetUtcNow();
        var d = new KnowledgeDocument
        {
            LeerregioId = lr, Title = title, Kind = kind, Sharing = KnowledgeSharing.AllLeerregios, Format = KnowledgeFormat.Markdown, CurrentVersion = 1,
            CreatedByUserId = "test", SubsidyDeadline = deadline, SubsidyAmount = deadline is null ? null : 1500m, Bouwsteen = bouwsteen, Themes = [.. themes],
            CreatedAt = now, UpdatedAt = now,
            Versions = [new KnowledgeVersion { Number = 1, CreatedByUserId = "test", Markdown = "Tekst", CreatedAt = now }],
        };
        db.KnowledgeDocuments.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });

    private async Task<int> RemindAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SubsidyReminders>().RunAsync();
    }

    private async Task<int> DigestAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KnowledgeDigest>().RunAsync();
    }

    private Task<List<SubsidyReminderMail>> ReminderMailsAsync(int documentId) =>
        app.DbAsync(db => db.Set<SubsidyReminderMail>().AsNoTracking().Where(m => m.DocumentId == documentId).ToListAsync());

    private static void Refuse(SmtpSink sink, params string[] emails)
    {
        lock (sink.Refused)
        {
            sink.Refused.Clear();
            sink.Refused.UnionWith(emails);
        }
    }

    [Fact]
    public async Task A_refused_subsidy_reminder_is_not_counted_as_sent_and_goes_on_the_next_run_while_the_others_get_theirs()
    {
        await FollowAsync(Resident, FollowKind.Bouwsteen, nameof(BouwsteenKind.Bekostiging));
        var today = DateOnly.FromDateTime(Recurrence.Local(app.Clock.GetUtcNow()));
        var title = "Fonds " + Guid.NewGuid().ToString("N")[..6];
        var id = await DocumentAsync(title, DocumentKind.Subsidy, today.AddDays(7), BouwsteenKind.Bekostiging);
        var coordinator = await UserIdAsync(Coordinator);
        try
        {
            // The server refuses the coordinator's address: the resident's mail goes, the coordinator's stays waiting.
            Refuse(app.Sink, Coordinator);
            Assert.Equal(1, await RemindAsync());
            Assert.Equal(1, app.MailsTo(Resident, title));
            Assert.Equal(0, app.MailsTo(Coordinator, title));
            var waiting = Assert.Single(await ReminderMailsAsync(id), m => m.UserId == coordinator);
            Assert.Null(waiting.SentAt);
            Assert.Equal(1, waiting.Attempts);

            // Still refused an hour later: tried again, still not sent, nobody gets a second mail.
            app.Clock.Offset += TimeSpan.FromHours(1);
            await RemindAsync();
            waiting = Assert.Single(await ReminderMailsAsync(id), m => m.UserId == coordinator);
            Assert.Null(waiting.SentAt);
            Assert.Equal(2, waiting.Attempts);
            Assert.Equal(1, app.MailsTo(Resident, title));

            // Accepted again: the coordinator gets the one reminder, and later runs send nothing more.
            Refuse(app.Sink);
            app.Clock.Offset += TimeSpan.FromHours(1);
            Assert.Equal(0, await RemindAsync());
            Assert.Equal(1, app.MailsTo(Coordinator, title));
            Assert.All(await ReminderMailsAsync(id), m => Assert.NotNull(m.SentAt));
            app.Clock.Offset += TimeSpan.FromHours(1);
            await RemindAsync();
            Assert.Equal((1, 1), (app.MailsTo(Coordinator, title), app.MailsTo(Resident, title)));

            // The whole server down: nothing counts as sent; back up, everyone gets it once.
            var second = "Regeling " + Guid.NewGuid().ToString("N")[..6];
            var other = await DocumentAsync(second, DocumentKind.Subsidy, today.AddDays(8), BouwsteenKind.Bekostiging);
            app.Sink.Down = true;
            Assert.Equal(1, await RemindAsync());
            Assert.All(await ReminderMailsAsync(other), m => Assert.Null(m.SentAt));
            Assert.Equal(2, (await ReminderMailsAsync(other)).Count);
            app.Sink.Down = false;
            app.Clock.Offset += TimeSpan.FromHours(1);
            await RemindAsync();
            Assert.Equal((1, 1), (app.MailsTo(Coordinator, second), app.MailsTo(Resident, second)));
            Assert.All(await ReminderMailsAsync(other), m => Assert.NotNull(m.SentAt));
        }
        finally
        {
            app.Sink.Down = false;
            Refuse(app.Sink);
        }
    }

    [Fact]
    public async Task A_reminder_mail_still_waiting_when_the_deadline_passes_is_not_sent_any_more()
    {
        var today = DateOnly.FromDateTime(Recurrence.Local(app.Clock.GetUtcNow()));
        var title = "Verplaatst " + Guid.NewGuid().ToString("N")[..6];
        var id = await DocumentAsync(title, DocumentKind.Subsidy, today.AddDays(3), null);
        try
        {
            Refuse(app.Sink, Coordinator);
            Assert.Equal(1, await RemindAsync());
            Assert.Null(Assert.Single(await ReminderMailsAsync(id)).SentAt);

            // The deadline passes while the address is refused: no mail about a closed subsidy afterwards.
            app.Clock.Offset += TimeSpan.FromDays(4);
            Refuse(app.Sink);
            await RemindAsync();
            Assert.Equal(0, app.MailsTo(Coordinator, title));
        }
        finally
        {
            Refuse(app.Sink);
        }
    }

    [Fact]
    public async Task A_refused_digest_is_not_recorded_and_goes_on_the_next_run_while_the_other_members_get_theirs()
    {
        var student = TimeBankApp.Email(GrozRole.Student);
        var volunteer = TimeBankApp.Email(GrozRole.Volunteer);
        var theme = "leefstijl";
        await FollowAsync(student, FollowKind.Theme, theme);
        await FollowAsync(volunteer, FollowKind.Theme, theme);
        app.Clock.Offset += TimeSpan.FromMinutes(1);
        var title = "Wandelgroep " + Guid.NewGuid().ToString("N")[..6];
        await DocumentAsync(title, DocumentKind.PilotIdea, null, null, theme);
        var volunteerId = await UserIdAsync(volunteer);
        try
        {
            Refuse(app.Sink, volunteer);
            app.Clock.Offset += TimeSpan.FromDays(1);
            await DigestAsync();
            Assert.Equal(1, app.MailsTo(student, title));
            Assert.Equal(0, app.MailsTo(volunteer, title));
            Assert.Equal(0, await app.DbAsync(db => db.Set<DigestItem>().CountAsync(i => i.UserId == volunteerId)));

            Refuse(app.Sink);
            app.Clock.Offset += TimeSpan.FromHours(1);
            await DigestAsync();
            Assert.Equal(1, app.MailsTo(volunteer, title));
            Assert.Equal(1, app.MailsTo(student, title));
            Assert.NotEqual(0, await app.DbAsync(db => db.Set<DigestItem>().CountAsync(i => i.UserId == volunteerId)));
        }
        finally
        {
            Refuse(app.Sink);
        }
    }
}
