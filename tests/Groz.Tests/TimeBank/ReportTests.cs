using System.Globalization;
using System.Net;
using System.Text.Json;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>
/// The Tijdbank report counts what the ledger says. The test moves the clock three days ahead (tokens stay valid), so the reported day holds
/// only the transfers it makes itself and every figure can be checked exactly.
/// </summary>
public sealed class ReportTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    private const string Url = "/api/v1/timebank/reports";
    protected override TimeBankApp Ledger => app;

    private static string Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeBankPages.Local(at)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Report_counts_contributions_by_kind_group_and_wijk_and_the_pool_movements()
    {
        app.Clock.Offset = TimeSpan.FromDays(3);
        try
        {
            var day = Day(app.Clock.GetUtcNow());
            var leerregio = await app.DbAsync(db => db.Leerregios.SingleAsync(l => l.Slug == "utrecht"));
            var (homeWijk, otherWijk) = await app.DbAsync(async db =>
            {
                var home = await db.Users.Where(u => u.Email == TimeBankApp.Email(GrozRole.Volunteer)).Select(u => u.WijkId!.Value).SingleAsync();
                var other = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id && w.Id != home).Select(w => w.Id).FirstAsync();
                return (home, other);
            });
            var resident = await app.TokenAsync(GrozRole.Resident);
            var coordinator = await app.TokenAsync(GrozRole.Coordinator);
            var (bewoner, vrijwilliger, mantelzorger, ondernemer, student, pool) = (await app.AccountIdAsync(GrozRole.Resident),
                await app.AccountIdAsync(GrozRole.Volunteer), await app.AccountIdAsync(GrozRole.InformalCarer),
                await app.AccountIdAsync(GrozRole.Entrepreneur), await app.AccountIdAsync(GrozRole.Student), await app.PoolIdAsync());
            var poolBefore = await app.BalanceAsync(pool);

            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(resident, new { kind = "Exchange", fromAccountId = bewoner, toAccountId = vrijwilliger, minutes = 90, description = "Boodschappen", theme = "zorg-voor-elkaar" })).Status);
            var mistaken = await app.PostTransferAsync(resident, new { kind = "Exchange", fromAccountId = bewoner, toAccountId = ondernemer, minutes = 45, description = "Vergissing" });
            Assert.Equal(HttpStatusCode.Created, mistaken.Status);
            Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, $"/api/v1/timebank/transfers/{mistaken.Id}/reversal", coordinator, new { reason = "Dubbel geboekt" }, "report-rev")).Status);
            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(await app.TokenAsync(GrozRole.Student), new { kind = "Donation", fromAccountId = student, toAccountId = pool, minutes = 30, description = "Voor de pot (de pot heeft er daarna 60)" })).Status);
            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(coordinator, new { kind = "Grant", fromAccountId = pool, toAccountId = mantelzorger, minutes = 60, description = "Mantelzorgwaardering" })).Status);

            var report = (await app.GetAsync($"{Url}?leerregioId={leerregio.Id}&from={day}&to={day}", coordinator)).Json;
            Assert.Equal(150, report.GetProperty("contributedMinutes").GetInt32());
            Assert.Equal(37.50m, report.GetProperty("socialValue").GetDecimal()); // 2.5 h × € 15 demo value
            Assert.Equal(5, report.GetProperty("activeMembers").GetInt32()); // bewoner, vrijwilliger, ondernemer, mantelzorger, student
            Assert.Equal(0, report.GetProperty("newMembers").GetInt32());
            Assert.Equal((90, 1), Line(report, "byKind", "Exchange")); // the reversed 45 minutes cancel out, and so does the ondernemer
            Assert.Equal((60, 1), Line(report, "byKind", "Grant"));
            Assert.Equal((0, 0), Line(report, "byKind", "Donation")); // into the pool: no member received it
            Assert.Equal((90, 1), Line(report, "byGroup", "Volunteer"));
            Assert.Equal((60, 1), Line(report, "byGroup", "InformalCarer"));
            Assert.Equal((150, 2), Line(report, "byGroup", "Resident")); // every demo member is also a resident
            Assert.Equal((0, 0), Line(report, "byGroup", "Student")); // a donation is no contribution
            Assert.Equal((90, 1), Line(report, "byTheme", "zorg-voor-elkaar"));
            Assert.Equal((60, 1), Line(report, "byTheme", "")); // the grant has no theme
            Assert.Equal((0, 0), Line(report, "byTheme", "leefstijl"));
            var poolMoves = report.GetProperty("pool");
            Assert.Equal(30, poolMoves.GetProperty("inMinutes").GetInt32());
            Assert.Equal(60, poolMoves.GetProperty("outMinutes").GetInt32());
            Assert.Equal(poolBefore - 30, poolMoves.GetProperty("balanceAtEndMinutes").GetInt32());

            var inWijk = (await app.GetAsync($"{Url}?leerregioId={leerregio.Id}&wijkId={homeWijk}&from={day}&to={day}", coordinator)).Json;
            Assert.Equal(150, inWijk.GetProperty("contributedMinutes").GetInt32());
            var elsewhere = (await app.GetAsync($"{Url}?leerregioId={leerregio.Id}&wijkId={otherWijk}&from={day}&to={day}", coordinator)).Json;
            Assert.Equal(0, elsewhere.GetProperty("contributedMinutes").GetInt32());
            Assert.Equal(0, elsewhere.GetProperty("activeMembers").GetInt32());

            // The day before holds none of it: periods are whole Dutch days.
            var yesterday = Day(app.Clock.GetUtcNow().AddDays(-1));
            var before = (await app.GetAsync($"{Url}?leerregioId={leerregio.Id}&from={yesterday}&to={yesterday}", coordinator)).Json;
            Assert.Equal(0, before.GetProperty("contributedMinutes").GetInt32());
            Assert.Equal(poolBefore, before.GetProperty("pool").GetProperty("balanceAtEndMinutes").GetInt32());
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Report_counts_the_demo_conversions_and_the_budget_that_paid_them()
    {
        // The demo asks two conversions (the student's 1 h, approved and paid in a SEPA file; the volunteer's 30 min,
        // waiting) at € 10 an hour from a € 5,000 budget of the gemeente.
        var now = app.Clock.GetUtcNow();
        var (from, to) = (Day(now.AddDays(-1)), Day(now.AddDays(1)));
        var utrecht = await app.LeerregioIdAsync();
        var report = (await app.GetAsync($"{Url}?leerregioId={utrecht}&from={from}&to={to}", await app.TokenAsync(GrozRole.Researcher))).Json;
        var c = report.GetProperty("conversions");
        Assert.Equal((2, 90, 15.00m), (c.GetProperty("requestedCount").GetInt32(), c.GetProperty("requestedMinutes").GetInt32(), c.GetProperty("requestedEuros").GetDecimal()));
        Assert.Equal((1, 10.00m), (c.GetProperty("approvedCount").GetInt32(), c.GetProperty("approvedEuros").GetDecimal()));
        Assert.Equal((1, 60, 10.00m), (c.GetProperty("paidCount").GetInt32(), c.GetProperty("paidMinutes").GetInt32(), c.GetProperty("paidEuros").GetDecimal()));
        var budget = report.GetProperty("budgets").EnumerateArray().Single();
        Assert.Equal("Gemeente Utrecht", budget.GetProperty("funder").GetString());
        Assert.Equal((5000.00m, 10.00m, 0m, 4990.00m), (budget.GetProperty("depositedEuros").GetDecimal(), budget.GetProperty("reservedEuros").GetDecimal(),
            budget.GetProperty("releasedEuros").GetDecimal(), budget.GetProperty("remainingAtEndEuros").GetDecimal()));

        // Every demo member lives in the leerregio's first wijk: a wijk where nobody lives has no conversions.
        var otherWijk = await app.DbAsync(db => db.Wijken.Where(w => w.LeerregioId == utrecht && !db.Users.Any(u => u.WijkId == w.Id)).Select(w => w.Id).FirstAsync());
        var elsewhere = (await app.GetAsync($"{Url}?leerregioId={utrecht}&wijkId={otherWijk}&from={from}&to={to}", await app.TokenAsync(GrozRole.Researcher))).Json;
        Assert.Equal(0, elsewhere.GetProperty("conversions").GetProperty("requestedCount").GetInt32());
    }

    private static (int Minutes, int Members) Line(JsonElement report, string list, string key)
    {
        var line = report.GetProperty(list).EnumerateArray().Single(x => x.GetProperty("key").GetString() == key);
        return (line.GetProperty("minutes").GetInt32(), line.GetProperty("members").GetInt32());
    }

    [Theory]
    [InlineData(GrozRole.Coordinator, "utrecht", HttpStatusCode.OK)]
    [InlineData(GrozRole.Administrator, "utrecht", HttpStatusCode.OK)]
    [InlineData(GrozRole.Researcher, "utrecht", HttpStatusCode.OK)]
    [InlineData(GrozRole.Resident, "utrecht", HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Buurtassistent, "utrecht", HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Entrepreneur, "utrecht", HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Researcher, "leidsche-rijn", HttpStatusCode.NotFound)]
    public async Task Only_coordinators_administrators_and_researchers_of_the_leerregio_get_its_report(GrozRole role, string home, HttpStatusCode expected)
    {
        var utrecht = await app.DbAsync(db => db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync());
        var reply = await app.GetAsync($"{Url}?leerregioId={utrecht}&from=2026-01-01&to=2026-12-31", await app.TokenAsync(role, home));
        Assert.Equal(expected, reply.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync($"{Url}?leerregioId={utrecht}&from=2026-01-01&to=2026-12-31", null)).Status);

        using var client = app.NewClient();
        await app.SignInAsDemoAsync(client, role, home);
        var page = await client.GetAsync("/beheer/tijdbank/utrecht/rapport");
        Assert.Equal(expected, page.Response.StatusCode);
    }

    [Theory]
    [InlineData("from=2026-13-01&to=2026-12-31", "from")]
    [InlineData("from=&to=2026-12-31", "from")]
    [InlineData("from=2026-01-01&to=31-12-2026", "to")]
    [InlineData("from=2026-06-01&to=2026-05-31", "to")]
    [InlineData("from=2000-01-01&to=2026-12-31", "to")]
    [InlineData("from=2026-01-01&to=2026-12-31&wijkId=999999", "wijkId")]
    public async Task A_bad_period_or_wijk_gets_a_validation_problem_naming_the_field(string query, string field)
    {
        var utrecht = await app.DbAsync(db => db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync());
        var reply = await app.GetAsync($"{Url}?leerregioId={utrecht}&{query}", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("/problems/validation", reply.ProblemType);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), reply.Text);
    }

    [Fact]
    public async Task A_wijk_of_another_leerregio_is_refused_on_the_page_with_a_message_at_the_field()
    {
        var foreignWijk = await app.DbAsync(db => db.Wijken.Where(w => w.Leerregio!.Slug == "leidsche-rijn").Select(w => w.Id).FirstAsync());
        using var client = app.NewClient();
        await app.SignInAsDemoAsync(client, GrozRole.Coordinator);
        var page = await client.GetAsync($"/beheer/tijdbank/utrecht/rapport?Input.From=2026-01-01&Input.To=2026-12-31&Input.WijkId={foreignWijk}");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Contains("Kies een wijk van deze leerregio.", TimeBankTestSupport.ErrorAt(page, "Input_WijkId"));
        Assert.Null(page.Html.QuerySelector("#contributed"));
    }

    [Fact]
    public async Task The_page_shows_the_report_and_offers_it_as_CSV()
    {
        using var client = app.NewClient();
        await app.SignInAsDemoAsync(client, GrozRole.Coordinator);
        var page = await client.GetAsync("/beheer/tijdbank/utrecht/rapport");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.NotNull(page.Html.QuerySelector("#contributed"));
        var link = page.Html.QuerySelectorAll("a[download]").Single().GetAttribute("href")!;
        var csv = await client.Http.GetAsync("/beheer/tijdbank/utrecht/rapport" + link.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Bijgedragen uren (minuten)", text);
        Assert.Contains("Maatschappelijke waarde (euro)", text);
    }
}
