using System.Globalization;
using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Tests.Monitoring;

/// <summary>
/// The dashboards against hand-inserted indicator values in 2023 (the demo only computes the current month): three months
/// of active tijdbank members for Utrecht and its four wijken. In every month Nieuwegein-Zuid is small (5) and
/// Nieuwegein-Noord (15) is the next smallest, so that for anyone but a coordinator both are hidden: Zuid for being
/// small, Noord because the total minus the visible wijken would otherwise give Zuid away.
/// </summary>
public sealed class DashboardTests(MonitoringApp app) : IClassFixture<MonitoringApp>, IAsyncLifetime
{
    private const string Indicator = IndicatorCatalog.TimeBankActive;
    private const string Range = "indicator=" + Indicator + "&from=2023-01&to=2023-03";
    private static readonly string[] Months = ["2023-01-01", "2023-02-01", "2023-03-01"];
    // Area code → N (= value: active members) per month.
    private static readonly Dictionary<string, int[]> Figures = new()
    {
        ["utrecht"] = [70, 75, 80],
        ["WK034408"] = [30, 32, 34], // Kanaleneiland
        ["WK034405"] = [20, 21, 22], // Utrecht Oost
        ["WK035601"] = [15, 17, 19], // Nieuwegein-Noord
        ["WK035602"] = [5, 5, 5],    // Nieuwegein-Zuid
    };

    public async Task InitializeAsync() => await app.DbAsync(async db =>
    {
        if (await db.IndicatorValues.AnyAsync(v => v.PeriodStart == new DateOnly(2023, 1, 1)))
        {
            return;
        }
        await IndicatorCatalog.EnsureAsync(db);
        var indicatorId = await db.Indicators.Where(d => d.Code == Indicator).Select(d => d.Id).SingleAsync();
        var lr = await db.Leerregios.SingleAsync(l => l.Slug == "utrecht");
        var wijken = await db.Wijken.Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Code, w => w.Id);
        foreach (var (code, ns) in Figures)
        {
            for (var m = 0; m < Months.Length; m++)
            {
                db.IndicatorValues.Add(new IndicatorValue
                {
                    IndicatorId = indicatorId, LeerregioId = lr.Id, Level = code == "utrecht" ? AreaLevel.Leerregio : AreaLevel.Wijk,
                    WijkId = code == "utrecht" ? null : wijken[code], AreaCode = code, PeriodKind = PeriodKind.Month,
                    PeriodStart = DateOnly.ParseExact(Months[m], "yyyy-MM-dd", CultureInfo.InvariantCulture), N = ns[m], Numerator = ns[m], Value = ns[m],
                    Status = ValueStatus.Measured, ComputedAt = new DateTimeOffset(2023, 4, 1, 0, 0, 0, TimeSpan.Zero),
                });
            }
        }
        await db.SaveChangesAsync();
    });

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonElement Chart(JsonElement dashboard, string id) => dashboard.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static JsonElement Line(JsonElement chart, string key) => chart.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("key").GetString() == key);

    private static string Table(Page page, string chart, string row, string column)
    {
        var table = page.Html.QuerySelector($"table[data-chart='chart-{chart}-chart']")!;
        var columns = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        var tr = table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == row);
        return tr.Children[columns.IndexOf(column)].TextContent.Trim();
    }

    private async Task<FormClient> SignedInAsync(GrozRole role, string leerregio = "utrecht")
    {
        var client = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, client, role, leerregio);
        return client;
    }

    [Fact]
    public async Task The_series_is_what_was_stored_for_a_coordinator()
    {
        var reply = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{Range}", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False(reply.Json.GetProperty("smallNumbersHidden").GetBoolean());
        var trend = Chart(reply.Json, "trend");
        Assert.Equal(Months, trend.GetProperty("columnKeys").EnumerateArray().Select(x => x.GetString()!).ToArray());
        foreach (var (code, ns) in Figures)
        {
            var cells = Line(trend, code).GetProperty("cells").EnumerateArray().ToList();
            Assert.Equal(ns, cells.Select(c => c.GetProperty("n").GetInt32()).ToArray());
            Assert.Equal(ns.Select(n => (decimal)n).ToArray(), cells.Select(c => c.GetProperty("value").GetDecimal()).ToArray());
            Assert.All(cells, c => Assert.Equal("Measured", c.GetProperty("status").GetString()));
        }
        // The wijken side by side: the last month.
        var bar = Chart(reply.Json, "wijken");
        var zuid = bar.GetProperty("columnKeys").EnumerateArray().Select(x => x.GetString()).ToList().IndexOf("WK035602");
        Assert.Equal(5, bar.GetProperty("lines")[0].GetProperty("cells")[zuid].GetProperty("value").GetDecimal());

        // The same figures in the page's table, in Dutch.
        using var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var page = await coordinator.GetAsync($"/beheer/monitoring/utrecht/dashboard?{Range}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("5", Table(page, "trend", "mrt 2023", "Nieuwegein-Zuid"));
        Assert.Equal("19", Table(page, "trend", "mrt 2023", "Nieuwegein-Noord"));
        Assert.Equal("80", Table(page, "trend", "mrt 2023", "Leerregio Utrecht"));
    }

    [Fact]
    public async Task A_researcher_gets_the_small_wijk_and_its_complement_hidden_in_the_api_the_page_and_the_exports()
    {
        var reply = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{Range}", await app.TokenAsync(GrozRole.Researcher));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json.GetProperty("smallNumbersHidden").GetBoolean());
        var trend = Chart(reply.Json, "trend");
        foreach (var hidden in new[] { "WK035602", "WK035601" })
        {
            Assert.All(Line(trend, hidden).GetProperty("cells").EnumerateArray(), c =>
            {
                Assert.Equal("Suppressed", c.GetProperty("status").GetString());
                Assert.Equal(JsonValueKind.Null, c.GetProperty("n").ValueKind);
                Assert.Equal(JsonValueKind.Null, c.GetProperty("value").ValueKind);
            });
        }
        Assert.Equal(34, Line(trend, "WK034408").GetProperty("cells")[2].GetProperty("value").GetDecimal());
        // Subtraction: the total minus every visible wijk is what the hidden ones hold together (never a single one).
        Assert.DoesNotMatch("\"value\":5[,}]", trend.GetRawText().Replace(" ", "", StringComparison.Ordinal));

        using var researcher = await SignedInAsync(GrozRole.Researcher);
        var page = await researcher.GetAsync($"/beheer/monitoring/utrecht/dashboard?{Range}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.StartsWith("—", Table(page, "trend", "mrt 2023", "Nieuwegein-Zuid"), StringComparison.Ordinal);
        Assert.StartsWith("—", Table(page, "trend", "mrt 2023", "Nieuwegein-Noord"), StringComparison.Ordinal);
        Assert.Equal("80", Table(page, "trend", "mrt 2023", "Leerregio Utrecht"));
        Assert.NotNull(page.Html.QuerySelector("p.notice"));
        var dataValues = page.Html.QuerySelectorAll("td[data-value]").Select(td => td.GetAttribute("data-value")).ToList();
        Assert.DoesNotContain("19", dataValues);

        var csv = await researcher.Http.GetAsync($"/beheer/monitoring/utrecht/dashboard?{Range}&handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x.TrimEnd('\r').Split(';')).ToList();
        var zuid = lines.Where(x => x[0] == Indicator && x[2] == "WK035602").ToList();
        Assert.Equal(3, zuid.Count);
        Assert.All(zuid, x => Assert.Equal(("—", "—"), (x[5], x[6])));
        Assert.Equal("34", lines.Single(x => x[0] == Indicator && x[2] == "WK034408" && x[4] == "2023-03-01")[6]);

        var xlsx = await researcher.Http.GetAsync($"/beheer/monitoring/utrecht/dashboard?{Range}&handler=Export&format=xlsx");
        var rows = MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var noord = rows.Where(r => (string?)r["Gebiedscode"] == "WK035601" && (string?)r["Code van de indicator"] == Indicator).ToList();
        Assert.Equal(3, noord.Count);
        Assert.All(noord, r => Assert.Equal("—", r["Waarde"]?.ToString()));

        // The public dashboard hides the same cells, for a visitor and for a coordinator alike.
        using var visitor = app.NewClient();
        var open = await visitor.GetAsync($"/monitoring/utrecht?{Range}");
        Assert.Equal(HttpStatusCode.OK, open.Status);
        Assert.StartsWith("—", Table(open, "trend", "mrt 2023", "Nieuwegein-Noord"), StringComparison.Ordinal);
        var publicCsv = await visitor.Http.GetAsync($"/monitoring/utrecht?{Range}&handler=Export&format=csv");
        Assert.DoesNotContain(";19;", await publicCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinators_export_parses_back_to_the_stored_values()
    {
        using var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var xlsx = await coordinator.Http.GetAsync($"/beheer/monitoring/utrecht/dashboard/WK035602?{Range}&handler=Export&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("monitor-utrecht-WK035602-2023-03.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar ?? xlsx.Content.Headers.ContentDisposition.FileName);
        var rows = MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Where(r => (string?)r["Code van de indicator"] == Indicator).ToList();
        // The wijk dashboard: the wijk and the leerregio beside it.
        Assert.Equal(6, rows.Count);
        foreach (var r in rows)
        {
            var month = Array.IndexOf(Months, (string)r["Periode"]!);
            var expected = Figures[(string)r["Gebiedscode"]!][month];
            Assert.Equal(expected, Convert.ToInt32(r["n"], CultureInfo.InvariantCulture));
            Assert.Equal(expected, Convert.ToDecimal(r["Waarde"], CultureInfo.InvariantCulture));
        }

        var csv = await coordinator.Http.GetAsync($"/beheer/monitoring/utrecht/dashboard?{Range}&handler=Export&format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x.TrimEnd('\r').Split(';')).ToList();
        Assert.Equal(["Code van de indicator", "Indicator", "Gebiedscode", "Gebied", "Periode", "n", "Waarde", "Status", "Doel"], lines[0].Select(x => x.TrimStart('\uFEFF')).ToArray());
        Assert.Equal(15, lines.Count(x => x[0] == Indicator));
        Assert.Equal(("5", "5"), lines.Where(x => x[0] == Indicator && x[2] == "WK035602").Select(x => (x[5], x[6])).First());
    }

    [Fact]
    public async Task Loneliness_per_wave_hides_what_the_waves_results_hide()
    {
        var waveId = await app.DbAsync(db => db.SurveyWaves.Where(w => w.Name == "Voorjaar").Select(w => w.Id).FirstAsync());
        var token = await app.TokenAsync(GrozRole.Researcher);
        var results = await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", token);
        var dashboard = await app.GetAsync("/api/v1/monitoring/dashboard?leerregio=utrecht", token);
        var chart = Chart(dashboard.Json, "loneliness");
        var column = chart.GetProperty("columnKeys").EnumerateArray().Select(x => x.GetString()).ToList().IndexOf(waveId.ToString(CultureInfo.InvariantCulture));
        Assert.True(column >= 0);
        var wijkCodes = await app.DbAsync(db => db.Wijken.ToDictionaryAsync(w => w.Id, w => w.Code));
        foreach (var wijk in results.Json.GetProperty("wijken").EnumerateArray())
        {
            var cell = Line(chart, wijkCodes[wijk.GetProperty("wijkId").GetInt32()]).GetProperty("cells")[column];
            if (wijk.GetProperty("suppressed").GetBoolean())
            {
                Assert.Equal("Suppressed", cell.GetProperty("status").GetString());
            }
            else
            {
                Assert.Equal(wijk.GetProperty("shareLonely").GetDecimal(), cell.GetProperty("value").GetDecimal());
                Assert.Equal(wijk.GetProperty("n").GetInt32(), cell.GetProperty("n").GetInt32());
            }
        }
        Assert.Equal("Suppressed", Line(chart, "WK035601").GetProperty("cells")[column].GetProperty("status").GetString());
        var health = Chart(dashboard.Json, "health");
        Assert.Equal(6, health.GetProperty("columns").GetArrayLength());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Redirect)]
    [InlineData(GrozRole.Resident, HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Volunteer, HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Buurtassistent, HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Researcher, HttpStatusCode.OK)]
    [InlineData(GrozRole.Coordinator, HttpStatusCode.OK)]
    [InlineData(GrozRole.Administrator, HttpStatusCode.OK)]
    public async Task Who_opens_the_beheer_dashboard_the_wijk_dashboard_its_export_and_the_public_one(GrozRole? role, HttpStatusCode expected)
    {
        using var client = role is { } r ? await SignedInAsync(r) : app.NewClient();
        foreach (var url in new[] { "/beheer/monitoring/utrecht/dashboard", "/beheer/monitoring/utrecht/dashboard/WK034408", "/beheer/monitoring/utrecht/dashboard?handler=Export&format=csv" })
        {
            Assert.Equal(expected, (await client.GetAsync(url)).Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/monitoring/utrecht/WK034408")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/monitoring/utrecht?handler=Export&format=xlsx")).Status);
    }

    [Fact]
    public async Task The_api_wants_a_token_and_gives_any_member_the_suppressed_series()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{Range}", null)).Status);
        var resident = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{Range}", await app.TokenAsync(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.OK, resident.Status);
        Assert.Equal("Suppressed", Line(Chart(resident.Json, "trend"), "WK035602").GetProperty("cells")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_leerregio_sees_neither_the_beheer_dashboard_nor_its_figures()
    {
        using var other = await SignedInAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/beheer/monitoring/utrecht/dashboard")).Status);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/beheer/monitoring/leidsche-rijn/dashboard")).Status);
        // A wijk of Utrecht under Leidsche Rijn's address does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/beheer/monitoring/leidsche-rijn/dashboard/WK034408")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/monitoring/leidsche-rijn/WK034408")).Status);
        var token = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/v1/monitoring/dashboard?leerregio=leidsche-rijn&wijk=WK034408", token)).Status);
        // Their coordinator sees Utrecht's figures only as the public does: suppressed.
        var utrecht = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{Range}", token);
        Assert.True(utrecht.Json.GetProperty("smallNumbersHidden").GetBoolean());
        var own = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=leidsche-rijn&{Range}", token);
        Assert.DoesNotContain("WK034408", own.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("WK034405", own.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("WK0356", own.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wijk=WK999999", HttpStatusCode.NotFound, "unknown-wijk")]
    [InlineData("indicator=no.such-thing", HttpStatusCode.NotFound, "unknown-indicator")]
    [InlineData("from=2023-13", HttpStatusCode.BadRequest, null)]
    [InlineData("from=2023-03&to=2023-01", HttpStatusCode.BadRequest, null)]
    [InlineData("from=2015-01&to=2023-01", HttpStatusCode.BadRequest, null)]
    [InlineData("kind=Wave", HttpStatusCode.BadRequest, null)]
    public async Task Bad_input_is_refused_with_a_clear_answer(string query, HttpStatusCode expected, string? problem)
    {
        var reply = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&{query}", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(expected, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
        if (problem is not null)
        {
            Assert.Equal($"/problems/{problem}", reply.ProblemType);
        }

        using var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var page = query.StartsWith("wijk=", StringComparison.Ordinal)
            ? await coordinator.GetAsync("/beheer/monitoring/utrecht/dashboard/WK999999")
            : await coordinator.GetAsync($"/beheer/monitoring/utrecht/dashboard?{query}");
        Assert.Equal(expected, page.Status);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.NotNull(page.Html.QuerySelector(".error-summary a"));
            Assert.Null(page.Html.QuerySelector("table[data-chart]"));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/beheer/monitoring/nergens/dashboard")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.GetAsync("/beheer/monitoring/utrecht/dashboard?handler=Export&format=pdf")).Status);
    }

    [Fact]
    public async Task The_periodic_report_gives_the_mean_of_the_months_and_hides_for_researchers()
    {
        string Cell(Page p, string area, int column)
        {
            var table = p.Html.QuerySelectorAll("table").First(t => t.QuerySelector("caption")!.TextContent.Contains("Actieve tijdbankleden", StringComparison.Ordinal));
            return table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == area).QuerySelectorAll("td")[column].TextContent.Trim();
        }
        using var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var page = await coordinator.GetAsync("/beheer/monitoring/utrecht/rapport?period=2023-Q1");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("5", Cell(page, "Nieuwegein-Zuid", 0));
        Assert.Equal("17", Cell(page, "Nieuwegein-Noord", 0)); // (15 + 17 + 19) / 3
        Assert.Equal("75", Cell(page, "Leerregio Utrecht", 0));
        Assert.Equal("15", Cell(page, "Nieuwegein-Noord", 3)); // n: the smallest month

        using var researcher = await SignedInAsync(GrozRole.Researcher);
        var hidden = await researcher.GetAsync("/beheer/monitoring/utrecht/rapport?period=2023-Q1");
        Assert.StartsWith("—", Cell(hidden, "Nieuwegein-Zuid", 0), StringComparison.Ordinal);
        Assert.StartsWith("—", Cell(hidden, "Nieuwegein-Noord", 0), StringComparison.Ordinal);
        Assert.Equal("32", Cell(hidden, "Kanaleneiland", 0));

        var bad = await coordinator.GetAsync("/beheer/monitoring/utrecht/rapport?period=2023-Q5");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.Html.QuerySelector(".error-summary a[href='#Period']"));
        using var resident = await SignedInAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/beheer/monitoring/utrecht/rapport")).Status);
        using var other = await SignedInAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/beheer/monitoring/utrecht/rapport")).Status);
    }
}
