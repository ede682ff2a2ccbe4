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

    private async Task<(DateOnly?, decimal?, DateTimeOffset?)> SubsidyStateAsync(int id)
    {
        var d = await app.DbAsync(db => db.KnowledgeDocuments.AsNoTracking().SingleAsync(d => d.Id == id));
        return (d.SubsidyDeadline, d.SubsidyAmount, d.ReminderSentAt);
    }

    private const string SubsidyForm = "main form[action*='handler=Subsidy']";

    [Fact]
    public async Task The_coordinator_moves_the_deadline_on_the_edit_page_and_the_reminder_goes_again_for_the_new_date()
    {
        app.Clock.Offset = TimeSpan.Zero;
        var today = DateOnly.FromDateTime(Recurrence.Local(app.Clock.GetUtcNow()));
        var title = "Wijkbudget " + Guid.NewGuid().ToString("N")[..6];
        var id = await SubsidyAsync(title, today.AddDays(10));
        await RunAsync();
        var before = await SubsidyStateAsync(id);
        Assert.NotNull(before.Item3);

        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, Coordinator);
        var detail = await client.GetAsync($"/kennisbank/{id}");
        Assert.NotNull(detail.Html.QuerySelector($"a[href='/kennisbank/beheer/utrecht/{id}#subsidy']"));
        var edit = await client.GetAsync($"/kennisbank/beheer/utrecht/{id}");
        Assert.Equal(today.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            edit.Html.QuerySelector("#Subsidy_SubsidyDeadline")!.GetAttribute("value"));
        Assert.Equal("2500", edit.Html.QuerySelector("#Subsidy_SubsidyAmount")!.GetAttribute("value"));

        // Bad input: the message sits at the field, linked for screen readers, and nothing changes.
        foreach (var (deadline, amount, field) in new[]
        {
            ("31-12-2027", "3000", "SubsidyDeadline"), ("2027-02-30", "3000", "SubsidyDeadline"),
            ("2027-12-31", "veel", "SubsidyAmount"), ("2027-12-31", "-5", "SubsidyAmount"), ("2027-12-31", "12,345", "SubsidyAmount"),
            ("2027-12-31", "1.250.000", "SubsidyAmount"), ("2027-12-31", "200000000", "SubsidyAmount"),
        })
        {
            var wrong = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Subsidy.SubsidyDeadline"] = deadline, ["Subsidy.SubsidyAmount"] = amount }, SubsidyForm);
            Assert.Equal(System.Net.HttpStatusCode.OK, wrong.Status);
            Assert.False(string.IsNullOrWhiteSpace(wrong.Html.QuerySelector($"#Subsidy_{field}-error")?.TextContent), $"{deadline} {amount}");
            Assert.Contains($"Subsidy_{field}-error", wrong.Html.QuerySelector($"#Subsidy_{field}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
            Assert.Equal(before, await SubsidyStateAsync(id));
        }

        // Without the antiforgery token: refused, nothing changes.
        var forged = await client.Http.PostAsync($"/kennisbank/beheer/utrecht/{id}?handler=Subsidy",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Subsidy.SubsidyDeadline"] = "2027-12-31", ["Subsidy.SubsidyAmount"] = "1" }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, await SubsidyStateAsync(id));

        // A coordinator of the other leerregio does not find the page, nor can post to it.
        using (var other = app.NewClient())
        {
            await app.SignInWithTwoFactorAsync(other, TimeBankApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync($"/kennisbank/beheer/utrecht/{id}")).Status);
            var own = await other.GetAsync("/kennisbank/beheer/leidsche-rijn");
            var token = ((AngleSharp.Html.Dom.IHtmlInputElement)own.Html.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
            var post = await other.Http.PostAsync($"/kennisbank/beheer/utrecht/{id}?handler=Subsidy", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = token, ["Subsidy.SubsidyDeadline"] = "2027-12-31", ["Subsidy.SubsidyAmount"] = "1" }));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, post.StatusCode);
            Assert.Equal(before, await SubsidyStateAsync(id));
        }

        // The funder gives a month more: moved on the page (Dutch comma in the amount), the reminder is armed again.
        var moved = today.AddDays(40);
        var saved = await client.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Subsidy.SubsidyDeadline"] = moved.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["Subsidy.SubsidyAmount"] = "3000,50",
        }, SubsidyForm);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.Status);
        Assert.Equal($"/kennisbank/{id}", saved.Location);
        Assert.Equal((moved, 3000.50m, (DateTimeOffset?)null), await SubsidyStateAsync(id));

        At(Local(moved.AddDays(-14), 9));
        await RunAsync();
        Assert.Equal(2, MailsAbout(Coordinator, title));

        // Only the amount changed: the reminder for this deadline stays sent.
        app.Clock.Offset = TimeSpan.Zero;
        edit = await client.GetAsync($"/kennisbank/beheer/utrecht/{id}");
        saved = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Subsidy.SubsidyAmount"] = "4000" }, SubsidyForm);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.Status);
        var after = await SubsidyStateAsync(id);
        Assert.Equal((moved, 4000m), (after.Item1, after.Item2));
        Assert.NotNull(after.Item3);
    }
}
