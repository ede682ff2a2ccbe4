using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>The coordinators' settings: read and changed through the API and the page, audited, and all or nothing on bad input.</summary>
public sealed class HelpSettingsTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Url = HelpApp.Api + "/leerregios/utrecht/settings";

    private Task<string> SnapshotAsync() => app.DbAsync(async db =>
    {
        var s = await db.HelpSettings.AsNoTracking().Include(x => x.Targets).SingleAsync(x => db.Leerregios.Any(l => l.Id == x.LeerregioId && l.Slug == "utrecht"));
        return HelpSettingsEditing.Describe(s) + "|" + await db.AuditLog.CountAsync(a => a.Action == "helprequest.settings-changed");
    });

    private static object Body(int highFirst = 120, int highMatch = 600, int normalFirst = 1440, int normalMatch = 4320, int lowFirst = 4320, int lowMatch = 10080,
        int askExpiry = 2880, int retention = 400) => new
    {
        targets = new object[]
        {
            new { urgency = "High", firstResponseMinutes = highFirst, matchMinutes = highMatch },
            new { urgency = "Normal", firstResponseMinutes = normalFirst, matchMinutes = normalMatch },
            new { urgency = "Low", firstResponseMinutes = lowFirst, matchMinutes = lowMatch },
        },
        askExpiryMinutes = askExpiry, retentionDays = retention,
    };

    [Fact]
    public async Task A_coordinator_changes_the_settings_and_the_change_is_audited_and_used_for_new_questions()
    {
        var coordinator = await app.TokenAsync(HelpApp.Email(GrozRole.Coordinator));
        var before = await app.GetAsync(Url, coordinator);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(365, before.Json.GetProperty("retentionDays").GetInt32());

        var put = await app.SendAsync(HttpMethod.Put, Url, coordinator, Body());
        Assert.True(put.Status == HttpStatusCode.OK, put.ToString());
        Assert.Equal(400, put.Json.GetProperty("retentionDays").GetInt32());
        Assert.Equal(120, put.Json.GetProperty("targets")[0].GetProperty("firstResponseMinutes").GetInt32());
        var audit = await app.DbAsync(db => db.AuditLog.Where(a => a.Action == "helprequest.settings-changed").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync());
        Assert.Contains(audit, d => d!.Contains("High 240/1440 min", StringComparison.Ordinal) && d.Contains("→ High 120/600 min", StringComparison.Ordinal)
            && d.Contains("retention 400 d", StringComparison.Ordinal));

        // A new urgent question gets the new deadlines; the buurtassistent can read them but not change them.
        var assistant = await app.AssistantAsync();
        var id = await app.AskAsync();
        var triaged = await app.PostAsync($"{HelpApp.Api}/{id}/triage", assistant, new { category = "Groceries", urgency = "High" });
        Assert.Equal(HttpStatusCode.OK, triaged.Status);
        var r = await app.DbAsync(db => db.HelpRequests.SingleAsync(x => x.Id == id));
        Assert.Equal(r.CreatedAt.AddMinutes(120), r.FirstResponseDueAt);
        Assert.Equal(r.CreatedAt.AddMinutes(600), r.MatchDueAt);
        var asks = await app.DbAsync(db => db.HelpSettings.Where(s => s.LeerregioId == r.LeerregioId).Select(s => s.AskExpiryMinutes).SingleAsync());
        Assert.Equal(2880, asks);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync(Url, assistant)).Status);
        var snapshot = await SnapshotAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Put, Url, assistant, Body(retention: 999))).Status);
        Assert.Equal(snapshot, await SnapshotAsync());
    }

    public static TheoryData<string, object> BadInput => new()
    {
        { "retentionDays", Body(retention: 29) },
        { "retentionDays", Body(retention: 3651) },
        { "askExpiryMinutes", Body(askExpiry: 0) },
        { "askExpiryMinutes", Body(askExpiry: 15 * 24 * 60) },
        { "targets.high.firstResponseMinutes", Body(highFirst: 59) },
        { "targets.normal.matchMinutes", Body(normalFirst: 2000, normalMatch: 1999) },
        { "targets.high.matchMinutes", Body(highMatch: 5000) },
        { "targets.low.matchMinutes", Body(lowMatch: 91 * 24 * 60) },
        { "targets", new { targets = new[] { new { urgency = "High", firstResponseMinutes = 60, matchMinutes = 60 } }, askExpiryMinutes = 60, retentionDays = 30 } },
        { "retentionDays", new { targets = Array.Empty<object>(), askExpiryMinutes = 60 } },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_settings_are_refused_at_their_field_and_change_nothing(string field, object body)
    {
        var coordinator = await app.TokenAsync(HelpApp.Email(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync(Url, coordinator)).Status);
        var before = await SnapshotAsync();
        var reply = await app.SendAsync(HttpMethod.Put, Url, coordinator, body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), reply.ToString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Outsiders_do_not_see_the_settings()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(Url, await app.TokenAsync(HelpApp.Email(GrozRole.Resident)))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(Url, await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer)))).Status);
        var other = await app.TokenAsync(HelpApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(Url, other)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Put, Url, other, Body())).Status);
        using var client = app.NewClient();
        await client.SignInAsync(HelpApp.Email(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/hulpvragen/utrecht/instellingen")).Status);
    }

    [Fact]
    public async Task The_page_shows_hours_and_days_refuses_bad_input_at_the_field_and_saves_good_input()
    {
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, HelpApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        var page = await client.GetAsync("/beheer/hulpvragen/leidsche-rijn/instellingen");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Instellingen hulpvragen", page.Text, StringComparison.Ordinal);
        Assert.Contains("Nu: 4 uur", page.Text, StringComparison.Ordinal);
        Assert.Contains("Nu: 3 dagen", page.Text, StringComparison.Ordinal);
        Task<string> SnapshotLrAsync() => app.DbAsync(async db => HelpSettingsEditing.Describe(await db.HelpSettings.AsNoTracking().Include(x => x.Targets)
            .SingleAsync(x => db.Leerregios.Any(l => l.Id == x.LeerregioId && l.Slug == "leidsche-rijn"))));
        var before = await SnapshotLrAsync();

        var bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["RetentionDays"] = "20", ["Targets[0].FirstResponseHours"] = "vier" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Vul een heel getal in", bad.Text, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotLrAsync());
        bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["RetentionDays"] = "20", ["Targets[0].FirstResponseHours"] = "500" });
        Assert.Contains("tussen 30 en 3650 dagen", bad.Text, StringComparison.Ordinal);
        Assert.Contains("geen langere termijn", bad.Text, StringComparison.Ordinal);
        Assert.NotNull(bad.Html.QuerySelector("#RetentionDays[aria-describedby*='RetentionDays-error']"));
        Assert.Equal(before, await SnapshotLrAsync());

        var good = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string> { ["RetentionDays"] = "730", ["AskExpiryHours"] = "48" }));
        Assert.Contains("De instellingen zijn opgeslagen.", good.Text, StringComparison.Ordinal);
        Assert.Contains("Nu: 2 dagen", good.Text, StringComparison.Ordinal);
        var after = await SnapshotLrAsync();
        Assert.Contains("ask expiry 2880 min; retention 730 d", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_read_as_hours_and_days()
    {
        var l = new PlainLocalizer();
        Assert.Equal("4 hours", HelpSettingsEditing.Duration(l, 240));
        Assert.Equal("1 day", HelpSettingsEditing.Duration(l, 1440));
        Assert.Equal("1 day and 12 hours", HelpSettingsEditing.Duration(l, 2160));
        Assert.Equal("3 days", HelpSettingsEditing.Duration(l, 4320));
        Assert.Equal("1 hour and 30 minutes", HelpSettingsEditing.Duration(l, 90));
    }

    private sealed class PlainLocalizer : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);
        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
