using System.Net;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>Known faults, each with the test that showed it: waves opening on one day, a CBS re-import, buurt rows in the reads.</summary>
public sealed class MonitoringFaultTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    [Fact]
    public async Task Two_waves_of_one_survey_opening_the_same_day_keep_their_own_wave_indicator_values()
    {
        var (survey, first, _, _) = await app.SurveyWithWaveAsync(positiveHealth: false);
        var opens = await app.DbAsync(db => db.SurveyWaves.Where(w => w.Id == first).Select(w => w.OpensAt).SingleAsync());
        var (second, _) = await app.OpenWaveAsync(survey, "Voorjaar, tweede groep", opens, opens.AddDays(14));
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        await app.AddResponsesAsync(first, kanaleneiland, 12, lonelinessTotal: 4);
        await app.AddResponsesAsync(second, kanaleneiland, 12, lonelinessTotal: 0);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        foreach (var wave in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/waves/{wave}/indicators", coordinator)).Status);
        }
        var stored = await app.DbAsync(db => db.IndicatorValues.Where(v => v.Indicator!.Code == "loneliness6.lonely" && v.Level == AreaLevel.Leerregio && (v.WaveId == first || v.WaveId == second))
            .OrderBy(v => v.WaveId).Select(v => new { v.WaveId, v.Value, v.N }).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal((first, 100m, 12), (stored[0].WaveId, stored[0].Value!.Value, stored[0].N));
        Assert.Equal((second, 0m, 12), (stored[1].WaveId, stored[1].Value!.Value, stored[1].N));

        // Writing again replaces each wave's own values and nothing else.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/waves/{first}/indicators", coordinator)).Status);
        Assert.Equal(2, await app.DbAsync(db => db.IndicatorValues.CountAsync(v => v.Indicator!.Code == "loneliness6.lonely" && v.Level == AreaLevel.Leerregio && (v.WaveId == first || v.WaveId == second))));
        var read = await app.GetAsync("/api/v1/monitoring/values?leerregio=utrecht&indicator=loneliness6.lonely", coordinator);
        var waves = read.Json.EnumerateArray().Where(v => v.GetProperty("level").GetString() == "Leerregio" && v.GetProperty("waveId").ValueKind == JsonValueKind.Number)
            .Select(v => v.GetProperty("waveId").GetInt32()).ToList();
        Assert.Contains(first, waves);
        Assert.Contains(second, waves);
    }

    [Fact]
    public async Task A_cbs_re_import_removes_the_figures_of_areas_it_no_longer_has_for_that_year_and_says_so()
    {
        var leerregioId = await app.LeerregioIdAsync();
        async Task<ImportReport> ImportAsync(string csv)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MonitoringImport>().ImportAsync(leerregioId, ImportKind.Cbs, new StringReader(csv));
        }
        Task<List<string>> AreasAsync(int year) => app.DbAsync(db => db.IndicatorValues
            .Where(v => v.LeerregioId == leerregioId && v.Indicator!.Code.StartsWith("cbs.") && v.PeriodKind == PeriodKind.Year && v.PeriodStart == new DateOnly(year, 1, 1))
            .Select(v => v.AreaCode).Distinct().OrderBy(c => c).ToListAsync());

        await ImportAsync("gebied;jaar;inwoners;huishoudens\nWK034408;2019;16000;7000\nWK034405;2019;9000;4000\nWK034408;2018;15800;6900\n");
        Assert.Equal(["WK034405", "WK034408"], await AreasAsync(2019));

        // Only rejected rows: nothing is removed.
        var bad = await ImportAsync("gebied;jaar;inwoners\nWK034405;2019;veel\n");
        Assert.Empty(bad.Removed ?? []);
        Assert.Equal(["WK034405", "WK034408"], await AreasAsync(2019));

        var report = await ImportAsync("gebied;jaar;inwoners\nWK034405;2019;9100\n");
        Assert.Equal(["WK034408 (2019)"], report.Removed);
        Assert.Equal(["WK034405"], await AreasAsync(2019));
        // Another year is another file.
        Assert.Equal(["WK034408"], await AreasAsync(2018));
    }

    [Fact]
    public async Task Buurt_rows_are_read_and_suppressed_within_their_wijk_and_with_a_hidden_wijk()
    {
        var month = new DateOnly(2022, 5, 1);
        await app.DbAsync(async db =>
        {
            await IndicatorCatalog.EnsureAsync(db);
            var indicator = await db.Indicators.Where(d => d.Code == IndicatorCatalog.TimeBankActive).Select(d => d.Id).SingleAsync();
            var lr = await db.Leerregios.SingleAsync(l => l.Slug == "utrecht");
            var wijken = await db.Wijken.Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Code, w => w.Id);
            IndicatorValue V(AreaLevel level, string code, int? wijkId, int n) => new()
            {
                IndicatorId = indicator, LeerregioId = lr.Id, Level = level, WijkId = wijkId, AreaCode = code, PeriodKind = PeriodKind.Month, PeriodStart = month,
                N = n, Numerator = n, Value = n, Status = ValueStatus.Measured, ComputedAt = new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero),
            };
            db.IndicatorValues.AddRange(
                V(AreaLevel.Leerregio, "utrecht", null, 95),
                V(AreaLevel.Wijk, "WK034408", wijken["WK034408"], 40), V(AreaLevel.Buurt, "BU03440801", wijken["WK034408"], 20), V(AreaLevel.Buurt, "BU03440802", wijken["WK034408"], 20),
                V(AreaLevel.Wijk, "WK034405", wijken["WK034405"], 30), V(AreaLevel.Buurt, "BU03440501", wijken["WK034405"], 26), V(AreaLevel.Buurt, "BU03440502", wijken["WK034405"], 4),
                V(AreaLevel.Wijk, "WK035601", wijken["WK035601"], 20), V(AreaLevel.Wijk, "WK035602", wijken["WK035602"], 5), V(AreaLevel.Buurt, "BU03560201", wijken["WK035602"], 5));
            await db.SaveChangesAsync();
        });
        var url = $"/api/v1/monitoring/values?leerregio=utrecht&indicator={IndicatorCatalog.TimeBankActive}&from=2022-05-01&to=2022-05-01";
        Dictionary<string, string> Statuses(JsonElement json) => json.EnumerateArray().ToDictionary(v => v.GetProperty("areaCode").GetString()!, v => v.GetProperty("status").GetString()!);

        var researcher = Statuses((await app.GetAsync(url, await app.TokenAsync(GrozRole.Researcher))).Json);
        Assert.Equal(10, researcher.Count);
        Assert.Equal("Measured", researcher["BU03440801"]);
        Assert.Equal("Measured", researcher["BU03440802"]);
        // Utrecht Oost's small buurt, and the other one that would give it away by subtraction from the wijk.
        Assert.Equal("Suppressed", researcher["BU03440502"]);
        Assert.Equal("Suppressed", researcher["BU03440501"]);
        Assert.Equal("Measured", researcher["WK034405"]);
        // Nieuwegein-Zuid is hidden, so its buurt is too.
        Assert.Equal("Suppressed", researcher["WK035602"]);
        Assert.Equal("Suppressed", researcher["BU03560201"]);

        var coordinator = Statuses((await app.GetAsync(url, await app.TokenAsync(GrozRole.Coordinator))).Json);
        Assert.All(coordinator.Values, s => Assert.Equal("Measured", s));
    }
}
