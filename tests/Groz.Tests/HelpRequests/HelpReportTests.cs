using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;

namespace Groz.Tests.HelpRequests;

/// <summary>
/// The Hulpvragen report on known rows: every figure exact for a coordinator; small numbers suppressed for researchers
/// and buurtassistenten (who see only their own wijk); nothing for anyone else; bad periods and wijken refused.
/// </summary>
public sealed class HelpReportTests(HelpReportingApp app) : IClassFixture<HelpReportingApp>
{
    private const string Url = "/api/v1/helprequests/reports";

    // The demo buurtassistent works in Utrecht Oost (the first wijk of "utrecht" by CBS code).
    private static readonly DateTimeOffset March = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Seven personal questions and one vitaal-werken question in Utrecht Oost in March 2025, one in Kanaleneiland, one in April:
    /// r1–r3 groceries, answered in an hour, matched in 2 days (target 3), closed helped;
    /// r4 groceries, answered in an hour, matched in 4 days (late), closed not helped;
    /// r5 groceries, answered in an hour, referred after 1 day, closed referred;
    /// r6 groceries, answered after 30 hours (target 24), still triaged;
    /// r7 transport, high urgency, still new.
    /// </summary>
    private async Task SeedAsync()
    {
        if (await app.DbAsync(db => Task.FromResult(db.HelpRequests.Any(r => r.Description == "report-seed"))))
        {
            return;
        }
        var lr = await app.LeerregioIdAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        HelpRequest R(int i, HelpCategory c = HelpCategory.Groceries, HelpUrgency u = HelpUrgency.Normal, HelpRequestKind k = HelpRequestKind.Personal, int? wijk = null, DateTimeOffset? at = null)
        {
            var r = HelpReportingApp.Request(lr, wijk ?? oost, at ?? March.AddHours(i), c, u, k);
            r.Description = "report-seed";
            return r;
        }
        for (var i = 1; i <= 3; i++)
        {
            var r = R(i);
            r.FirstResponseAt = r.CreatedAt.AddMinutes(60);
            r.MatchedAt = r.CreatedAt.AddDays(2);
            (r.Status, r.Outcome, r.ClosedAt) = (HelpStatus.Closed, HelpOutcome.Helped, r.CreatedAt.AddDays(5));
            await app.InsertAsync(r, (HelpStatus.Triaged, r.FirstResponseAt.Value), (HelpStatus.Matched, r.MatchedAt.Value), (HelpStatus.Closed, r.ClosedAt.Value));
        }
        var r4 = R(4);
        r4.FirstResponseAt = r4.CreatedAt.AddMinutes(60);
        r4.MatchedAt = r4.CreatedAt.AddDays(4);
        (r4.Status, r4.Outcome, r4.ClosedAt) = (HelpStatus.Closed, HelpOutcome.NotHelped, r4.CreatedAt.AddDays(6));
        await app.InsertAsync(r4);
        var r5 = R(5);
        r5.FirstResponseAt = r5.CreatedAt.AddMinutes(60);
        (r5.Status, r5.Outcome, r5.ClosedAt) = (HelpStatus.Closed, HelpOutcome.ReferredToService, r5.CreatedAt.AddDays(9));
        await app.InsertAsync(r5, (HelpStatus.Triaged, r5.FirstResponseAt.Value), (HelpStatus.Referred, r5.CreatedAt.AddDays(1)), (HelpStatus.Closed, r5.ClosedAt.Value));
        var r6 = R(6);
        r6.FirstResponseAt = r6.CreatedAt.AddHours(30);
        r6.Status = HelpStatus.Triaged;
        await app.InsertAsync(r6);
        await app.InsertAsync(R(7, HelpCategory.Transport, HelpUrgency.High));
        await app.InsertAsync(R(8, HelpCategory.Other, k: HelpRequestKind.VitalWork));
        await app.InsertAsync(R(9, wijk: kanaleneiland));
        await app.InsertAsync(R(10, at: March.AddMonths(1)));
    }

    private static string Query(int? wijk = null) => $"{Url}?leerregio=utrecht&from=2025-03-01&to=2025-03-31" + (wijk is { } w ? $"&wijkId={w}" : "");

    private static JsonElement Kind(JsonElement report, string kind) => report.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == kind);

    private static int? Count(JsonElement list, string key, string keyName = "key") =>
        list.EnumerateArray().Single(x => x.GetProperty(keyName).GetString() == key).GetProperty("count") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    private static int? Int(JsonElement e, string name) => e.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;

    [Fact]
    public async Task A_coordinator_gets_every_figure_exactly()
    {
        await SeedAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var reply = await app.GetAsync(Query(oost), await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var report = reply.Json;
        Assert.False(report.GetProperty("suppressed").GetBoolean());
        var p = Kind(report, "Personal");
        Assert.Equal((7, 2, 5), (Int(p, "total"), Int(p, "open"), Int(p, "closed")));
        Assert.Equal(6, Count(p.GetProperty("byCategory"), "Groceries"));
        Assert.Equal(1, Count(p.GetProperty("byCategory"), "Transport"));
        Assert.Equal(0, Count(p.GetProperty("byCategory"), "Paperwork"));
        Assert.Equal(6, Count(p.GetProperty("byUrgency"), "Normal"));
        Assert.Equal(1, Count(p.GetProperty("byUrgency"), "High"));
        Assert.Equal(1, p.GetProperty("byCategoryAndUrgency").EnumerateArray()
            .Single(x => x.GetProperty("category").GetString() == "Transport" && x.GetProperty("urgency").GetString() == "High").GetProperty("count").GetInt32());
        var normal = p.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("urgency").GetString() == "Normal");
        Assert.Equal((6, 5, 1, 0), (Int(normal, "requests"), Int(normal, "firstResponseWithin"), Int(normal, "firstResponseLate"), Int(normal, "firstResponseNone")));
        Assert.Equal((4, 1, 1), (Int(normal, "matchWithin"), Int(normal, "matchLate"), Int(normal, "matchNone")));
        Assert.Equal((24 * 60, 3 * 24 * 60), (Int(normal, "firstResponseTargetMinutes"), Int(normal, "matchTargetMinutes")));
        var high = p.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("urgency").GetString() == "High");
        Assert.Equal((1, 0, 1, 0, 1), (Int(high, "requests"), Int(high, "firstResponseWithin"), Int(high, "firstResponseNone"), Int(high, "matchWithin"), Int(high, "matchNone")));
        Assert.Equal((4, 1), (Int(p, "matchedByVolunteers"), Int(p, "referredToServices")));
        Assert.Equal(3, Count(p.GetProperty("outcomes"), "Helped"));
        Assert.Equal(1, Count(p.GetProperty("outcomes"), "NotHelped"));
        Assert.Equal(1, Count(p.GetProperty("outcomes"), "ReferredToService"));
        Assert.Equal(0, Count(p.GetProperty("outcomes"), "Withdrawn"));
        // First responses: 60, 60, 60, 60, 60, 1800 minutes → 60. Matches: 1440 (referral), 2880 ×3, 5760 → 2880.
        Assert.Equal(60, Int(p, "medianMinutesToFirstResponse"));
        Assert.Equal(2880, Int(p, "medianMinutesToMatch"));
        var v = Kind(report, "VitalWork");
        Assert.Equal((1, 1, 0), (Int(v, "total"), Int(v, "open"), Int(v, "closed")));
        Assert.Null(Int(v, "medianMinutesToFirstResponse"));

        // The whole leerregio adds Kanaleneiland's question; April's stays out.
        var all = Kind((await app.GetAsync(Query(), await app.TokenAsync(GrozRole.Coordinator))).Json, "Personal");
        Assert.Equal(8, Int(all, "total"));
    }

    [Fact]
    public async Task Researchers_see_small_numbers_suppressed()
    {
        await SeedAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var report = (await app.GetAsync(Query(oost), await app.TokenAsync(GrozRole.Researcher))).Json;
        Assert.True(report.GetProperty("suppressed").GetBoolean());
        Assert.Equal(5, report.GetProperty("suppressBelow").GetInt32());
        var p = Kind(report, "Personal");
        Assert.Equal(7, Int(p, "total"));
        Assert.Null(Int(p, "open")); // 2
        Assert.Equal(5, Int(p, "closed"));
        Assert.Equal(6, Count(p.GetProperty("byCategory"), "Groceries"));
        Assert.Null(Count(p.GetProperty("byCategory"), "Transport")); // 1
        Assert.Equal(0, Count(p.GetProperty("byCategory"), "Paperwork")); // a zero tells nothing about anyone
        Assert.Null(Int(p, "referredToServices"));
        Assert.Null(Int(p, "matchedByVolunteers")); // 4
        Assert.Null(Count(p.GetProperty("outcomes"), "Helped")); // 3
        Assert.Equal(60, Int(p, "medianMinutesToFirstResponse")); // over 6 answered
        Assert.Equal(2880, Int(p, "medianMinutesToMatch")); // over 5 matched or referred
        Assert.Null(Int(Kind(report, "VitalWork"), "total"));

        var csv = await app.GetAsync(Query(oost) + "&format=csv", await app.TokenAsync(GrozRole.Researcher));
        Assert.Equal("text/csv", csv.MediaType);
        Assert.Contains("< 5", csv.Text, StringComparison.Ordinal);
        var coordinatorCsv = await app.GetAsync(Query(oost) + "&format=csv", await app.TokenAsync(GrozRole.Coordinator));
        Assert.DoesNotContain("< 5", coordinatorCsv.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buurtassistent_reads_only_their_own_wijk_suppressed()
    {
        await SeedAsync();
        var token = await app.TokenAsync(GrozRole.Buurtassistent);
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var own = await app.GetAsync(Query(oost), token);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.True(own.Json.GetProperty("suppressed").GetBoolean());
        Assert.Null(Count(Kind(own.Json, "Personal").GetProperty("byCategory"), "Transport"));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.GetAsync(Query(await app.WijkIdAsync("Kanaleneiland")), token)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.GetAsync(Query(), token)).Status); // the whole leerregio is not theirs
    }

    [Theory]
    [InlineData(GrozRole.Resident)]
    [InlineData(GrozRole.Volunteer)]
    [InlineData(GrozRole.Entrepreneur)]
    [InlineData(GrozRole.Professional)]
    public async Task Others_get_no_report(GrozRole role)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(Query(), await app.TokenAsync(role))).Status);
    }

    [Fact]
    public async Task Another_leerregio_s_coordinator_gets_no_report()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync(Query(), await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync(Query(), null)).Status);
    }

    [Theory]
    [InlineData("from=2025-13-01&to=2025-03-31", "from")]
    [InlineData("from=2025-03-31&to=2025-03-01", "to")]
    [InlineData("from=2025-03-01&to=2040-03-01", "to")]
    [InlineData("from=<script>&to=2025-03-01", "from")]
    [InlineData("to=2025-03-01", "from")]
    public async Task Bad_periods_are_refused_with_a_message(string query, string field)
    {
        var reply = await app.GetAsync($"{Url}?leerregio=utrecht&{query}", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), reply.Text);
    }

    [Fact]
    public async Task A_wijk_of_another_leerregio_is_refused()
    {
        var reply = await app.GetAsync(Query(await app.WijkIdAsync("Leidsche Rijn")), await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty("wijkId", out _));
    }

    [Fact]
    public async Task The_report_page_shows_figures_to_a_coordinator_and_nothing_to_a_resident()
    {
        await SeedAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var coordinator = app.NewClient();
        await app.SignInAsDemoAsync(coordinator, GrozRole.Coordinator);
        var page = await coordinator.GetAsync($"/beheer/hulpvragen/utrecht/rapport?Input.From=2025-03-01&Input.To=2025-03-31&Input.WijkId={oost}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("7", page.Html.QuerySelector("#personal-total")!.TextContent);
        Assert.DoesNotContain("< 5", page.Text, StringComparison.Ordinal);
        var csv = await coordinator.GetAsync($"/beheer/hulpvragen/utrecht/rapport?Input.From=2025-03-01&Input.To=2025-03-31&Input.WijkId={oost}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.Status);

        var researcher = app.NewClient();
        await app.SignInAsDemoAsync(researcher, GrozRole.Researcher);
        var suppressed = await researcher.GetAsync($"/beheer/hulpvragen/utrecht/rapport?Input.From=2025-03-01&Input.To=2025-03-31&Input.WijkId={oost}");
        Assert.Contains("< 5", suppressed.Text, StringComparison.Ordinal);

        var bad = await coordinator.GetAsync("/beheer/hulpvragen/utrecht/rapport?Input.From=2025-03-31&Input.To=2025-03-01");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.NotNull(bad.Html.QuerySelector("#Input_To-error"));

        var resident = app.NewClient();
        await app.SignInAsDemoAsync(resident, GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/beheer/hulpvragen/utrecht/rapport")).Status);
    }
}
