using System.Net;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;

namespace Groz.Tests.Monitoring;

/// <summary>Wave results per wijk: exact for coordinators, suppressed (with the complementary cell) for researchers; paired change.</summary>
public sealed class ResultsTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private static JsonElement Wijk(JsonElement results, string name) => results.GetProperty("wijken").EnumerateArray().Single(w => w.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Coordinators_see_every_cell_and_researchers_not_the_small_ones_nor_the_one_that_would_reveal_them()
    {
        var (_, waveId, _, _) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: false);
        // Kanaleneiland 12 (3 lonely of whom 1 severely), Utrecht Oost 11, Nieuwegein-Noord 3, Nieuwegein-Zuid none.
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        await app.AddResponsesAsync(waveId, kanaleneiland, 9, 0, emotional: 0, social: 0);
        await app.AddResponsesAsync(waveId, kanaleneiland, 2, 3, emotional: 2, social: 1);
        await app.AddResponsesAsync(waveId, kanaleneiland, 1, 6, emotional: 3, social: 3);
        await app.AddResponsesAsync(waveId, await app.WijkIdAsync("Utrecht Oost"), 11, 1, emotional: 1, social: 0);
        await app.AddResponsesAsync(waveId, await app.WijkIdAsync("Nieuwegein-Noord"), 3, 5, emotional: 3, social: 2);

        var all = (await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", await app.TokenAsync(GrozRole.Coordinator))).Json;
        Assert.False(all.GetProperty("smallNumbersHidden").GetBoolean());
        Assert.Equal(26, all.GetProperty("total").GetProperty("n").GetInt32());
        var k = Wijk(all, "Kanaleneiland");
        Assert.Equal(12, k.GetProperty("n").GetInt32());
        Assert.Equal(25.00m, k.GetProperty("shareLonely").GetDecimal());          // 3 of 12
        Assert.Equal(8.33m, k.GetProperty("shareSeverelyLonely").GetDecimal());   // 1 of 12
        Assert.Equal(1.00m, k.GetProperty("meanTotal").GetDecimal());             // (0·9 + 3·2 + 6) / 12
        Assert.Equal(0.58m, k.GetProperty("meanEmotional").GetDecimal());         // (2·2 + 3) / 12 = 0.583
        Assert.Equal(3, Wijk(all, "Nieuwegein-Noord").GetProperty("n").GetInt32());
        // Leerregio: lonely = 3 (Kanaleneiland) + 3 (Nieuwegein-Noord) of 26.
        Assert.Equal(23.08m, all.GetProperty("total").GetProperty("shareLonely").GetDecimal());

        var researcher = (await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", await app.TokenAsync(GrozRole.Researcher))).Json;
        Assert.True(researcher.GetProperty("smallNumbersHidden").GetBoolean());
        Assert.Equal(26, researcher.GetProperty("total").GetProperty("n").GetInt32());
        Assert.False(Wijk(researcher, "Kanaleneiland").GetProperty("suppressed").GetBoolean());
        // Nieuwegein-Noord (3) and Nieuwegein-Zuid (0) are small; together still 3, so the next smallest, Utrecht Oost (11), goes too.
        foreach (var hidden in new[] { "Nieuwegein-Noord", "Nieuwegein-Zuid", "Utrecht Oost" })
        {
            var cell = Wijk(researcher, hidden);
            Assert.True(cell.GetProperty("suppressed").GetBoolean(), hidden);
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("n").ValueKind);
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("shareLonely").ValueKind);
        }
        // The subtraction attack: total − visible parts leaves 14 respondents in three wijken, not one wijk's 3.
        var visible = researcher.GetProperty("wijken").EnumerateArray().Where(w => !w.GetProperty("suppressed").GetBoolean()).Sum(w => w.GetProperty("n").GetInt32());
        Assert.Equal(14, 26 - visible);
        Assert.DoesNotContain("\"lonelinessTotal\"", researcher.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_small_wave_is_hidden_whole_for_researchers()
    {
        var (_, waveId, _, _) = await app.SurveyWithWaveAsync(Instrument.Loneliness11, positiveHealth: false);
        await app.AddResponsesAsync(waveId, await app.WijkIdAsync("Kanaleneiland"), 6, 4);
        var researcher = (await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", await app.TokenAsync(GrozRole.Researcher))).Json;
        Assert.True(researcher.GetProperty("total").GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, researcher.GetProperty("total").GetProperty("n").ValueKind);
        var coordinator = (await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", await app.TokenAsync(GrozRole.Coordinator))).Json;
        Assert.Equal(100.00m, coordinator.GetProperty("total").GetProperty("shareLonely").GetDecimal());
        Assert.Equal(0.00m, coordinator.GetProperty("total").GetProperty("shareSeverelyLonely").GetDecimal());
    }

    [Fact]
    public async Task Change_between_two_waves_pairs_the_same_respondents_only()
    {
        var (surveyId, first, _, _) = await app.SurveyWithWaveAsync(Instrument.Loneliness11, positiveHealth: false);
        var now = app.Clock.GetUtcNow();
        var second = await app.OpenWaveAsync(surveyId, "Na zes maanden", now.AddDays(-1), now.AddDays(10));
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        // p-0..p-11 lonely (5) at the start; p-0..p-7 of them answer again, 2 points lower (3): still lonely.
        await app.AddResponsesAsync(first, kanaleneiland, 12, 5, "p");
        await app.AddResponsesAsync(second.Id, kanaleneiland, 8, 3, "p");
        // q-0..q-3 were not lonely (1) and became lonely (4); r-* answered only the second wave and are not paired.
        await app.AddResponsesAsync(first, kanaleneiland, 4, 1, "q");
        await app.AddResponsesAsync(second.Id, kanaleneiland, 4, 4, "q");
        await app.AddResponsesAsync(second.Id, kanaleneiland, 5, 11, "r");

        var url = $"/api/v1/monitoring/waves/{second.Id}/change?from={first}";
        var change = (await app.GetAsync(url, await app.TokenAsync(GrozRole.Coordinator))).Json;
        var total = change.GetProperty("total");
        Assert.Equal(12, total.GetProperty("pairs").GetInt32());
        Assert.Equal(3.67m, total.GetProperty("meanBefore").GetDecimal());  // (8·5 + 4·1) / 12
        Assert.Equal(3.33m, total.GetProperty("meanAfter").GetDecimal());   // (8·3 + 4·4) / 12
        Assert.Equal(-0.33m, total.GetProperty("meanChange").GetDecimal()); // (8·−2 + 4·3) / 12
        Assert.Equal(66.67m, total.GetProperty("shareLonelyBefore").GetDecimal());
        Assert.Equal(100.00m, total.GetProperty("shareLonelyAfter").GetDecimal());
        Assert.Equal(4, total.GetProperty("becameLonely").GetInt32());
        Assert.Equal(0, total.GetProperty("noLongerLonely").GetInt32());

        // Researchers: 12 pairs all in one wijk; the other wijken are 0, and one wijk holding the whole total would be revealed
        // by subtraction, so it is hidden with the empty ones (together they hold 12 ≥ 10).
        var researcher = (await app.GetAsync(url, await app.TokenAsync(GrozRole.Researcher))).Json;
        Assert.Equal(12, researcher.GetProperty("total").GetProperty("pairs").GetInt32());
        Assert.All(researcher.GetProperty("wijken").EnumerateArray(), w => Assert.True(w.GetProperty("suppressed").GetBoolean()));

        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/monitoring/waves/{second.Id}/change?from={second.Id}", await app.TokenAsync(GrozRole.Coordinator))).Status);
    }
}
