using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>CBS and GGD imports against the real database: each rejection reason, valid rows still in, whole-file errors change nothing, re-import replaces.</summary>
public sealed class ImportTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    // Kanaleneiland and Utrecht Oost (utrecht); Leidsche Rijn belongs to the other leerregio.
    private const string Kanaleneiland = "WK034408";
    private const string Oost = "WK034405";
    private const string LeidscheRijn = "WK034409";

    private async Task<ImportReport> ImportAsync(ImportKind kind, string csv, string slug = "utrecht")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = await app.LeerregioIdAsync(slug);
        return await scope.ServiceProvider.GetRequiredService<MonitoringImport>().ImportAsync(id, kind, new StringReader(csv));
    }

    private Task<List<(string Code, string Area, DateOnly Start, decimal? Value, int N)>> ValuesAsync(string prefix) => app.DbAsync(async db =>
        (await db.Set<IndicatorValue>().Where(v => v.Indicator!.Code.StartsWith(prefix)).Select(v => new { v.Indicator!.Code, v.AreaCode, v.PeriodStart, v.Value, v.N }).ToListAsync())
        .Select(v => (v.Code, v.AreaCode, v.PeriodStart, v.Value, v.N)).OrderBy(v => v.Code).ThenBy(v => v.AreaCode).ThenBy(v => v.PeriodStart).ToList());

    [Fact]
    public async Task Cbs_figures_with_a_BOM_and_semicolons_are_imported_and_a_second_import_replaces_them()
    {
        var csv = $"\uFEFFgebied;jaar;inwoners;huishoudens;inwoners_65_plus\n{Kanaleneiland};2021;16000;7000;1600\n{Oost};2021;9000;;\n";

        var report = await ImportAsync(ImportKind.Cbs, csv);

        Assert.False(report.FileRejected);
        Assert.Empty(report.Rejections);
        Assert.Equal((2, 2), (report.Rows, report.Accepted));
        var values = (await ValuesAsync("cbs.")).Where(v => v.Start.Year == 2021).ToList();
        Assert.Contains(("cbs.residents", Kanaleneiland, new DateOnly(2021, 1, 1), 16000m, 16000), values.Select(v => (v.Code, v.Area, v.Start, v.Value, v.N)));
        Assert.Contains(values, v => v is { Code: "cbs.households", Area: Kanaleneiland, Value: 7000m });
        Assert.Contains(values, v => v is { Code: "cbs.residents-65plus", Area: Kanaleneiland, Value: 10m });
        Assert.DoesNotContain(values, v => v.Code == "cbs.households" && v.Area == Oost);
        Assert.Equal(4, values.Count);

        var again = await ImportAsync(ImportKind.Cbs, csv.Replace("16000", "16500", StringComparison.Ordinal));

        Assert.Equal(2, again.Accepted);
        var after = (await ValuesAsync("cbs.")).Where(v => v.Start.Year == 2021).ToList();
        Assert.Equal(4, after.Count);
        Assert.Contains(after, v => v is { Code: "cbs.residents", Area: Kanaleneiland, Value: 16500m });
    }

    [Fact]
    public async Task The_platform_job_takes_its_denominator_from_the_imported_residents()
    {
        var month = PlatformIndicators.MonthOf(app.Clock.GetUtcNow());
        await ImportAsync(ImportKind.Cbs, $"gebied,jaar,inwoners\n{Oost},{month.Year - 1},12000\n");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlatformIndicators>().ComputeAsync(await app.LeerregioIdAsync(), month);
        }
        var denominator = await app.DbAsync(db => db.Set<IndicatorValue>()
            .Where(v => v.Indicator!.Code == IndicatorCatalog.TimeBankHours && v.AreaCode == Oost && v.PeriodStart == month).Select(v => v.Denominator).SingleAsync());
        Assert.Equal(12000m, denominator);
    }

    [Fact]
    public async Task Every_bad_row_is_reported_with_its_column_and_the_good_rows_are_still_imported()
    {
        var csv = $"""
            indicator;gebied;periode;waarde;n
            ggd.lonely;{Kanaleneiland};2020;47,5;210
            ggd.lonely;{LeidscheRijn};2020;45;300
            ggd.lonely;WK99;2020;45;300
            ggd.lonely;{Oost};2020;veel;120
            ggd.lonely;{Kanaleneiland};2020;48;220
            ggd.lonely;{Oost};2020;140;120
            ggd.lonely;{Oost};twintig;40;120
            tijdbank.hours-per-1000;{Oost};2020;4;120
            ggd.lonely;{Oost};2020;40;-3
            ggd.good-health;utrecht;2020;71.2;900
            """;

        var report = await ImportAsync(ImportKind.Ggd, csv);

        Assert.False(report.FileRejected);
        Assert.Equal((10, 2), (report.Rows, report.Accepted));
        Assert.Equal(
            [(3, "gebied"), (4, "gebied"), (5, "waarde"), (6, "gebied"), (7, "waarde"), (8, "periode"), (9, "indicator"), (10, "n")],
            report.Rejections.Select(r => (r.Row, r.Column)).ToList());
        Assert.All(report.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        var values = (await ValuesAsync("ggd.")).Where(v => v.Start.Year == 2020).ToList();
        Assert.Equal(
            [("ggd.good-health", "utrecht", 71.2m, 900), ("ggd.lonely", Kanaleneiland, 47.5m, 210)],
            values.Select(v => (v.Code, v.Area, v.Value!.Value, v.N)).ToList());
        Assert.Equal(ValueStatus.Estimated, await app.DbAsync(db => db.Set<IndicatorValue>().Where(v => v.AreaCode == Kanaleneiland && v.Indicator!.Code == "ggd.lonely").Select(v => v.Status).FirstAsync()));
    }

    [Theory]
    [InlineData("gebied;jaar\nWK034408;2019\n", "inwoners")]
    [InlineData("gebied\tjaar\tinwoners\nWK034408\t2019\t100\n", "")]
    [InlineData("", "")]
    [InlineData("gebied;jaar;inwoners\n", "")]
    public async Task A_file_that_cannot_be_used_as_a_whole_changes_nothing(string csv, string column)
    {
        var before = await ValuesAsync("cbs.");

        var report = await ImportAsync(ImportKind.Cbs, csv);

        Assert.True(report.FileRejected);
        Assert.Equal(0, report.Accepted);
        var rejection = Assert.Single(report.Rejections);
        Assert.Equal((1, column), (rejection.Row, rejection.Column));
        Assert.Equal(before, await ValuesAsync("cbs."));
    }

    [Fact]
    public async Task Cbs_rows_with_impossible_counts_are_rejected()
    {
        var report = await ImportAsync(ImportKind.Cbs, $"gebied,jaar,inwoners,huishoudens,inwoners_65_plus\n{Kanaleneiland},2018,100,200,10\n{Oost},2018,100,50,150\n{Oost},18,1.5,,\n");

        Assert.Equal(0, report.Accepted);
        Assert.Equal([(2, "huishoudens"), (3, "inwoners_65_plus"), (4, "jaar"), (4, "inwoners")], report.Rejections.Select(r => (r.Row, r.Column)).OrderBy(r => r.Row).ToList());
        Assert.DoesNotContain(await ValuesAsync("cbs."), v => v.Start.Year == 2018);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, string? token, string csv)
    {
        using var client = app.NewHttp();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Csv(csv) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_returns_the_rejection_report_and_only_the_leerregio_s_coordinators_may_import()
    {
        var csv = $"indicator,gebied,periode,waarde,n\nggd.severely-lonely,{Oost},2019,12.5,150\nggd.severely-lonely,{Oost},2019,13,150\n";
        var url = "/api/v1/monitoring/imports/ggd?leerregio=utrecht";
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);

        var ok = await PostAsync(url, coordinator, csv);

        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var json = System.Text.Json.JsonDocument.Parse(ok.Body).RootElement;
        Assert.Equal((2, 1, 1), (json.GetProperty("rows").GetInt32(), json.GetProperty("accepted").GetInt32(), json.GetProperty("rejected").GetInt32()));
        var rejection = json.GetProperty("rejections")[0];
        Assert.Equal((3, "gebied"), (rejection.GetProperty("row").GetInt32(), rejection.GetProperty("column").GetString()));
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "monitoring.imported")));

        var other = csv.Replace("2019", "2017", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(url, await app.TokenAsync(GrozRole.Researcher), other)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(url, await app.TokenAsync(GrozRole.Resident), other)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(url, await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), other)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(url, null, other)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/monitoring/imports/rivm?leerregio=utrecht", coordinator, other)).Status);
        Assert.DoesNotContain(await ValuesAsync("ggd."), v => v.Start.Year == 2017);

        // Another leerregio's coordinator cannot write into utrecht's wijken through its own leerregio either.
        var own = await PostAsync("/api/v1/monitoring/imports/ggd?leerregio=leidsche-rijn", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), other);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(0, System.Text.Json.JsonDocument.Parse(own.Body).RootElement.GetProperty("accepted").GetInt32());
        Assert.DoesNotContain(await ValuesAsync("ggd."), v => v.Start.Year == 2017);
    }

    [Fact]
    public async Task The_api_refuses_a_whole_bad_file_with_a_problem_and_a_too_large_one_with_413()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var bad = await PostAsync("/api/v1/monitoring/imports/cbs?leerregio=utrecht", coordinator, "area|year|residents\nWK034408|2016|100\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("\"csv\"", bad.Body, StringComparison.Ordinal);

        var huge = "gebied;jaar;inwoners\n" + string.Concat(Enumerable.Repeat($"{Oost};2016;100\n", 60_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync("/api/v1/monitoring/imports/cbs?leerregio=utrecht", coordinator, huge)).Status);
        Assert.DoesNotContain(await ValuesAsync("cbs."), v => v.Start.Year == 2016);
    }

    [Fact]
    public async Task The_page_shows_the_rejection_report_to_a_coordinator_and_does_not_exist_for_others()
    {
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, TimeBank.TimeBankApp.Email(GrozRole.Coordinator));
        var page = await client.GetAsync("/beheer/monitoring/utrecht/import");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var token = page.Html.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Cbs"), "Kind" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"gebied;jaar;inwoners\n{Oost};2015;9100\nWK034499;2015;10\n")) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "Upload", "cbs.csv" },
        };
        using var response = await client.Http.PostAsync("/beheer/monitoring/utrecht/import", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<th scope=\"row\">3</th><td>gebied</td>", html, StringComparison.Ordinal);
        Assert.Contains("WK034499", html, StringComparison.Ordinal);
        Assert.Contains((await ValuesAsync("cbs.residents")), v => v.Area == Oost && v.Start.Year == 2015 && v.Value == 9100m);

        using var researcher = app.NewClient();
        await app.SignInWithTwoFactorAsync(researcher, TimeBank.TimeBankApp.Email(GrozRole.Researcher));
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync("/beheer/monitoring/utrecht/import")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/beheer/monitoring/leidsche-rijn/import")).Status);
    }
}
