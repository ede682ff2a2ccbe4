using Groz.Tests.Support;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.Knowledge;
using Groz.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Knowledge;

/// <summary>The reminder before a subsidy's deadline: when, to whom, never twice, and again after the deadline moved.</summary>
public sealed class SubsidyReminderTests(KnowledgeApp app) : IClassFixture<KnowledgeApp>
{
    private static readonly string Coordinator = TimeBankApp.Email(GrozRole.Coordinator);

    private static DateTimeOffset Local(DateOnly day, int hour) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified), Recurrence.DutchTime), TimeSpan.Zero);

    private void At(DateTimeOffset utc) => app.Clock.Offset = utc - TimeProvider.System.GetUtcNow();

    private async Task<int> SubsidyAsync(string title, DateOnly deadline, string leerregio = "utrecht", KnowledgeSharing sharing = KnowledgeSharing.Leerregio,
        BouwsteenKind? bouwsteen = null, params string[] themes) => await app.DbAsync(async db =>
    {
        var lr = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
        var d = new KnowledgeDocument
        {
            LeerregioId = lr, Title = title, Kind = DocumentKind.Subsidy, Sharing = sharing, Format = KnowledgeFormat.Markdown, CurrentVersion = 1,
            CreatedByUserId = "test", SubsidyDeadline = deadline, SubsidyAmount = 2500m, Bouwsteen = bouwsteen, Themes = [.. themes],
            CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow(),
            Versions = [new KnowledgeVersion { Number = 1, CreatedByUserId = "test", Markdown = "Subsidie", CreatedAt = app.Clock.GetUtcNow() }],
        };
        db.KnowledgeDocuments.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });

    private async Task<int> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SubsidyReminders>().RunAsync();
    }

    private Task<List<string>> NotifiedAsync(int documentId) => app.DbAsync(db => db.Set<Notification>()
        .Where(n => n.Kind == SubsidyReminders.Kind && n.SubjectId == documentId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Select(n => n.UserId).ToListAsync());

    private Task<string> UserIdAsync(string email) => app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private int MailsAbout(string email, string title)
    {
        using var client = app.NewClient();
        return client.MailsTo(email).Count(m => (m.TextBody ?? "").Contains(title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fourteen_days_before_the_deadline_coordinators_and_followers_who_may_read_it_are_reminded_once()
    {
        var deadline = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(60);
        var title = "Subsidie Gezonde Wijk " + Guid.NewGuid().ToString("N")[..6];
        var id = await SubsidyAsync(title, deadline, bouwsteen: BouwsteenKind.Bekostiging, themes: "leefstijl");
        var resident = await UserIdAsync(TimeBankApp.Email(GrozRole.Resident));
        var outsider = await UserIdAsync(TimeBankApp.Email(GrozRole.Resident, "leidsche-rijn"));
        await app.DbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.Set<KnowledgeFollow>().AddRange(
                new KnowledgeFollow { UserId = resident, Kind = FollowKind.Bouwsteen, Code = nameof(BouwsteenKind.Bekostiging), CreatedAt = now },
                // Follows the theme but lives in the other leerregio: this subsidy is for Utrecht's members only.
                new KnowledgeFollow { UserId = outsider, Kind = FollowKind.Theme, Code = "leefstijl", CreatedAt = now });
            await db.SaveChangesAsync();
        });

        // Fifteen days before: too early.
        At(Local(deadline.AddDays(-15), 12));
        await RunAsync();
        Assert.Empty(await NotifiedAsync(id));

        // Fourteen days before: the coordinator and the resident who follows Bekostiging; in the inbox and by mail.
        At(Local(deadline.AddDays(-14), 9));
        Assert.Equal(1, await RunAsync());
        var notified = await NotifiedAsync(id);
        Assert.Contains(await UserIdAsync(Coordinator), notified);
        Assert.Contains(resident, notified);
        Assert.DoesNotContain(outsider, notified);
        Assert.Equal(1, MailsAbout(Coordinator, title));
        Assert.Equal(1, MailsAbout(TimeBankApp.Email(GrozRole.Resident), title));
        Assert.Equal(0, MailsAbout(TimeBankApp.Email(GrozRole.Resident, "leidsche-rijn"), title));
        Assert.Equal(0, MailsAbout(TimeBankApp.Email(GrozRole.Coordinator, "leidsche-rijn"), title));
        Assert.NotNull(await app.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Id == id).Select(d => d.ReminderSentAt).SingleAsync()));

        // Never twice: the next run, and two runs at once, send nothing more.
        At(Local(deadline.AddDays(-13), 9));
        var runs = await Task.WhenAll(RunAsync(), RunAsync());
        Assert.Equal(0, runs.Sum());
        Assert.Equal(notified.Count, (await NotifiedAsync(id)).Count);
        Assert.Equal(1, MailsAbout(Coordinator, title));
    }

    [Fact]
    public async Task A_moved_deadline_arms_the_reminder_again_and_a_past_deadline_never_reminds()
    {
        var deadline = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(120);
        var title = "Fonds Buurtkracht " + Guid.NewGuid().ToString("N")[..6];
        var id = await SubsidyAsync(title, deadline);
        At(Local(deadline.AddDays(-10), 9));
        Assert.Equal(1, await RunAsync());

        // The funder gives a month more: the coordinator moves the deadline; the reminder comes again before the new date.
        var moved = deadline.AddDays(30);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Groz.Web.Data.GrozDbContext>();
            var library = scope.ServiceProvider.GetRequiredService<KnowledgeLibrary>();
            var d = await db.KnowledgeDocuments.SingleAsync(x => x.Id == id);
            Assert.Empty(await library.MoveDeadlineAsync(d, moved.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 3000m));
            // A bad date is refused and changes nothing.
            Assert.NotEmpty(await library.MoveDeadlineAsync(d, "31-12-2027", 3000m));
        }
        Assert.Null(await app.DbAsync(db => db.KnowledgeDocuments.Where(d => d.Id == id).Select(d => d.ReminderSentAt).SingleAsync()));
        At(Local(moved.AddDays(-20), 9));
        Assert.Equal(0, await RunAsync());
        At(Local(moved.AddDays(-14), 9));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(2, MailsAbout(Coordinator, title));

        // A deadline already passed when it was entered: no reminder for something that cannot be done any more.
        var late = await SubsidyAsync("Verlopen " + title, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1));
        Assert.Equal(0, await RunAsync());
        Assert.Empty(await NotifiedAsync(late));
    }
}
