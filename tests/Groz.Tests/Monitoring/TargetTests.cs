using System.Globalization;
using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>
/// Targets per indicator, area and year: set by coordinators (page and API), read by researchers, refused for everyone
/// else and for other leerregio's, and shown beside the trend in the dashboard (API and table), its export and the report.
/// </summary>
public sealed class TargetTests(MonitoringApp app) : IClassFixture<MonitoringApp>, IAsyncLifetime
{
    private const string Indicator = IndicatorCatalog.TimeBankActive;
    private static readonly string[] Months = ["2023-11-01", "2023-12-01", "2024-01-01"];

    public async Task InitializeAsync() => await app.DbAsync(async db =>
    {
        if (await db.IndicatorValues.AnyAsync(v => v.PeriodStart == new DateOnly(2023, 11, 1)))
        {
            return;
        }
        await IndicatorCatalog.EnsureAsync(db);
        var indicatorId = await db.Indicators.Where(d => d.Code == Indicator).Select(d => d.Id).SingleAsync();
        var lr = await db.Leerregios.SingleAsync(l => l.Slug == "utrecht");
        foreach (var w in await db.Wijken.Where(w => w.LeerregioId == lr.Id).ToListAsync())
        {
            foreach (var m in Months)
            {
                db.IndicatorValues.Add(new IndicatorValue
                {
                    IndicatorId = indicatorId, LeerregioId = lr.Id, Level = AreaLevel.Wijk, WijkId = w.Id, AreaCode = w.Code, PeriodKind = PeriodKind.Month,
                    PeriodStart = DateOnly.ParseExact(m, "yyyy-MM-dd", CultureInfo.InvariantCulture), N = 20, Numerator = 20, Value = 20,
                    Status = ValueStatus.Measured, ComputedAt = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
                });
            }
        }
        foreach (var m in Months)
        {
            db.IndicatorValues.Add(new IndicatorValue
            {
                IndicatorId = indicatorId, LeerregioId = lr.Id, Level = AreaLevel.Leerregio, AreaCode = "utrecht", PeriodKind = PeriodKind.Month,
                PeriodStart = DateOnly.ParseExact(m, "yyyy-MM-dd", CultureInfo.InvariantCulture), N = 80, Numerator = 80, Value = 80,
                Status = ValueStatus.Measured, ComputedAt = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
            });
        }
        await db.SaveChangesAsync();
    });

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<int> CountAsync() => app.DbAsync(db => db.Set<IndicatorTarget>().CountAsync());

    private Task<int> AuditedAsync() => app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action.StartsWith("monitoring.target.")));

    private async Task<JsonElement> PutAsync(string leerregio, object body, HttpStatusCode expected, GrozRole role = GrozRole.Coordinator, string? asLeerregio = null)
    {
        var reply = await app.SendAsync(HttpMethod.Put, $"/api/v1/monitoring/targets?leerregio={leerregio}", await app.TokenAsync(role, asLeerregio ?? leerregio), body);
        Assert.Equal(expected, reply.Status);
        return reply.Json;
    }

    private static JsonElement Chart(JsonElement dashboard, string id) => dashboard.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static decimal?[] Targets(JsonElement chart, string key) => chart.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("key").GetString() == key)
        .GetProperty("targets").EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? (decimal?)null : x.GetDecimal()).ToArray();

    [Fact]
    public async Task A_target_per_year_shows_beside_the_trend_in_the_dashboard_its_table_export_and_report_and_a_wijk_falls_back_to_the_leerregio()
    {
        await PutAsync("utrecht", new { indicator = Indicator, year = 2023, value = 70 }, HttpStatusCode.OK);
        await PutAsync("utrecht", new { indicator = Indicator, year = "2024", value = "85,5" }, HttpStatusCode.OK);
        var wijk = await PutAsync("utrecht", new { indicator = Indicator, wijk = "WK034408", year = 2024, value = 25 }, HttpStatusCode.OK);
        Assert.Equal("Kanaleneiland", wijk.GetProperty("areaName").GetString());
        Assert.Equal("Higher", wijk.GetProperty("better").GetString());

        var dashboard = await app.GetAsync($"/api/v1/monitoring/dashboard?leerregio=utrecht&indicator={Indicator}&from=2023-11&to=2024-01", await app.TokenAsync(GrozRole.Researcher));
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        var trend = Chart(dashboard.Json, "trend");
        Assert.Equal([70m, 70m, 85.5m], Targets(trend, "utrecht"));
        // Kanaleneiland has its own target for 2024 only; 2023 is measured against the leerregio's.
        Assert.Equal([70m, 70m, 25m], Targets(trend, "WK034408"));
        Assert.Equal([70m, 70m, 85.5m], Targets(trend, "WK034405"));
        Assert.Equal(85.5m, trend.GetProperty("target").GetDecimal());
        var bar = Chart(dashboard.Json, "wijken");
        var wijkCodes = bar.GetProperty("columnKeys").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Equal(25m, bar.GetProperty("lines")[0].GetProperty("targets")[wijkCodes.IndexOf("WK034408")].GetDecimal());

        // The wijk dashboard page: its table has a target column for the wijk, which the script draws as the target line.
        using var coordinator = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, coordinator, GrozRole.Coordinator);
        var page = await coordinator.GetAsync($"/beheer/monitoring/utrecht/dashboard/WK034408?indicator={Indicator}&from=2023-11&to=2024-01");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var table = page.Html.QuerySelector("table[data-chart='chart-trend-chart']")!;
        var head = table.QuerySelector("thead th[data-target]")!;
        Assert.Equal("col", head.GetAttribute("scope"));
        Assert.Equal("Doel voor Kanaleneiland", head.TextContent.Trim());
        Assert.Equal(["70", "70", "25"], table.QuerySelectorAll("tbody td[data-target]").Select(td => td.TextContent.Trim()).ToArray());

        var csv = await coordinator.Http.GetAsync($"/beheer/monitoring/utrecht/dashboard?indicator={Indicator}&from=2023-11&to=2024-01&handler=Export&format=csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x.TrimEnd('\r').Split(';')).ToList();
        Assert.Equal("Doel", lines[0][^1]);
        var kanaleneiland = lines.Where(x => x[0] == Indicator && x[2] == "WK034408").Select(x => (x[4], x[^1])).ToList();
        Assert.Equal([("2023-11-01", "70"), ("2023-12-01", "70"), ("2024-01-01", "25")], kanaleneiland);

        var report = await coordinator.GetAsync("/beheer/monitoring/utrecht/rapport?Period=2024-Q1");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        var reportTable = report.Html.QuerySelectorAll("table").First(t => t.QuerySelector("caption")!.TextContent.Contains("Actieve tijdbankleden", StringComparison.Ordinal));
        var columns = reportTable.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        var row = reportTable.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Kanaleneiland");
        Assert.Equal("25", row.Children[columns.IndexOf("Doel")].TextContent.Trim());
    }

    [Fact]
    public async Task Setting_a_target_again_replaces_it_and_every_change_is_audit_logged()
    {
        var audited = await AuditedAsync();
        var first = await PutAsync("utrecht", new { indicator = IndicatorCatalog.HelpWithinTarget, year = 2026, value = 80 }, HttpStatusCode.OK);
        var count = await CountAsync();
        var again = await PutAsync("utrecht", new { indicator = IndicatorCatalog.HelpWithinTarget, year = 2026, value = 90 }, HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        Assert.Equal(90m, again.GetProperty("value").GetDecimal());
        Assert.Equal(count, await CountAsync());
        var id = again.GetProperty("id").GetInt32();
        var removed = await app.SendAsync(HttpMethod.Delete, $"/api/v1/monitoring/targets/{id}?leerregio=utrecht", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Equal(count - 1, await CountAsync());
        Assert.Equal(audited + 3, await AuditedAsync());
    }

    [Theory]
    [InlineData("{\"indicator\":\"no.such\",\"year\":2026,\"value\":5}", "indicator")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026,\"value\":\"twaalf\"}", "value")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026,\"value\":true}", "value")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026,\"value\":-1}", "value")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026,\"value\":1.23456}", "value")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026,\"value\":\"1.000,5\"}", "value")]
    [InlineData("{\"indicator\":\"help.first-response-within-target\",\"year\":2026,\"value\":150}", "value")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":1990,\"value\":5}", "year")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":\"volgend jaar\",\"value\":5}", "year")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"year\":2026.5,\"value\":5}", "year")]
    [InlineData("{\"indicator\":\"tijdbank.active-members\",\"wijk\":\"WK034409\",\"year\":2026,\"value\":5}", "wijk")]
    [InlineData("{\"indicator\":\"cbs.residents\",\"year\":2026,\"value\":5}", "indicator")]
    public async Task Bad_input_gets_a_field_message_and_changes_nothing(string json, string field)
    {
        var (count, audited) = (await CountAsync(), await AuditedAsync());
        var reply = await app.SendAsync(HttpMethod.Put, "/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(GrozRole.Coordinator), rawJson: json);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out var messages), reply.Text);
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal((count, audited), (await CountAsync(), await AuditedAsync()));
    }

    [Fact]
    public async Task The_page_shows_field_errors_linked_to_their_inputs_and_saves_nothing_then_saves_a_good_target()
    {
        using var client = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, client, GrozRole.Coordinator);
        var page = await client.GetAsync("/beheer/monitoring/utrecht/doelen");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var count = await CountAsync();
        var bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Indicator"] = Indicator, ["Input.Year"] = "3000", ["Input.Value"] = "veel" }, "form.target-form");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Equal("Input_Value-error", bad.Html.QuerySelector("#Input_Value")!.GetAttribute("aria-describedby")!.Split(' ').Last());
        Assert.Contains("Input_Year-error", bad.Html.QuerySelector("#Input_Year")!.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
        Assert.NotNull(bad.Html.QuerySelector(".error-summary a[href='#Input_Value']"));
        Assert.Equal(count, await CountAsync());

        var good = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Indicator"] = IndicatorCatalog.SocialMapFreshness, ["Input.Wijk"] = "WK034405", ["Input.Year"] = "2026", ["Input.Value"] = "75,5" }, "form.target-form");
        Assert.Equal(HttpStatusCode.Redirect, good.Response.StatusCode);
        Assert.Equal(count + 1, await CountAsync());
        var saved = await app.DbAsync(db => db.Set<IndicatorTarget>().SingleAsync(t => t.AreaCode == "WK034405" && t.Year == 2026));
        Assert.Equal(75.5m, saved.Value);
        var list = await client.GetAsync("/beheer/monitoring/utrecht/doelen");
        Assert.Contains(list.Html.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("Utrecht Oost", StringComparison.Ordinal) && r.TextContent.Contains("75,5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Permission_matrix_only_coordinators_of_the_leerregio_set_researchers_read_others_get_nothing()
    {
        var body = new { indicator = IndicatorCatalog.TimeBankHours, year = 2027, value = 12 };
        var count = await CountAsync();
        await PutAsync("utrecht", body, HttpStatusCode.Forbidden, GrozRole.Researcher);
        await PutAsync("utrecht", body, HttpStatusCode.NotFound, GrozRole.Resident);
        await PutAsync("utrecht", body, HttpStatusCode.NotFound, GrozRole.Buurtassistent);
        await PutAsync("utrecht", body, HttpStatusCode.NotFound, GrozRole.Coordinator, asLeerregio: "leidsche-rijn");
        var readOnly = await app.SendAsync(HttpMethod.Put, "/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(TimeBank.TimeBankApp.Email(GrozRole.Coordinator), "read"), body);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.Status);
        Assert.Equal(count, await CountAsync());

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(GrozRole.Researcher))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(GrozRole.Resident))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync("/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(GrozRole.Researcher, "leidsche-rijn"))).Status);

        foreach (var (role, leerregio, status, form) in new[]
        {
            (GrozRole.Coordinator, "utrecht", HttpStatusCode.OK, true),
            (GrozRole.Researcher, "utrecht", HttpStatusCode.OK, false),
            (GrozRole.Resident, "utrecht", HttpStatusCode.NotFound, false),
            (GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound, false),
        })
        {
            using var client = app.NewClient();
            await AccountHelpers.SignInAsDemoAsync(app, client, role, leerregio);
            var page = await client.GetAsync("/beheer/monitoring/utrecht/doelen");
            Assert.Equal(status, page.Status);
            Assert.Equal(form, page.Html.QuerySelector("form.target-form") is not null);
        }
        // A researcher posting the form by hand changes nothing.
        using var researcher = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, researcher, GrozRole.Researcher);
        var csrf = await researcher.AntiforgeryTokenAsync("/beheer/monitoring/utrecht/doelen");
        using var posted = await researcher.Http.PostAsync("/beheer/monitoring/utrecht/doelen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = csrf, ["Input.Indicator"] = IndicatorCatalog.TimeBankHours, ["Input.Year"] = "2027", ["Input.Value"] = "12",
        }));
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task A_target_of_one_leerregio_is_not_seen_nor_removed_from_another()
    {
        var other = await PutAsync("leidsche-rijn", new { indicator = IndicatorCatalog.TimeBankHours, wijk = "WK034409", year = 2025, value = 3 }, HttpStatusCode.OK);
        var id = other.GetProperty("id").GetInt32();
        var list = await app.GetAsync("/api/v1/monitoring/targets?leerregio=utrecht", await app.TokenAsync(GrozRole.Coordinator));
        Assert.DoesNotContain(list.Json.EnumerateArray(), t => t.GetProperty("id").GetInt32() == id);
        var removed = await app.SendAsync(HttpMethod.Delete, $"/api/v1/monitoring/targets/{id}?leerregio=utrecht", await app.TokenAsync(GrozRole.Coordinator));
        Assert.Equal(HttpStatusCode.NotFound, removed.Status);
        Assert.True(await app.DbAsync(db => db.Set<IndicatorTarget>().AnyAsync(t => t.Id == id)));
        using var client = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, client, GrozRole.Coordinator);
        var csrf = await client.AntiforgeryTokenAsync("/beheer/monitoring/utrecht/doelen");
        using var post = await client.Http.PostAsync($"/beheer/monitoring/utrecht/doelen?handler=Remove&id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = csrf }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True(await app.DbAsync(db => db.Set<IndicatorTarget>().AnyAsync(t => t.Id == id)));
    }
}
