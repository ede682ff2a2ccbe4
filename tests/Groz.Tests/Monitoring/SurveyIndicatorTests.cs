using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>A wave's results written into the monitor: known responses give known shares per wijk; writing again replaces; only coordinators write.</summary>
public sealed class SurveyIndicatorTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    [Fact]
    public async Task A_wave_becomes_indicator_values_per_wijk_and_leerregio_and_writing_again_replaces_them()
    {
        var (_, waveId, _, _) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: false);
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        // Short scale: lonely from 2, severely from 5.
        await app.AddResponsesAsync(waveId, kanaleneiland, 9, 0);
        await app.AddResponsesAsync(waveId, kanaleneiland, 2, 3);
        await app.AddResponsesAsync(waveId, kanaleneiland, 1, 6);
        await app.AddResponsesAsync(waveId, await app.WijkIdAsync("Utrecht Oost"), 11, 1);
        await app.AddResponsesAsync(waveId, await app.WijkIdAsync("Nieuwegein-Noord"), 3, 5);
        var url = $"/api/v1/monitoring/waves/{waveId}/indicators";

        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, url, await app.TokenAsync(GrozRole.Researcher))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, url, await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
        Assert.Equal(0, await app.DbAsync(db => db.Set<IndicatorValue>().CountAsync(v => v.PeriodKind == PeriodKind.Wave)));

        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var first = await app.SendAsync(HttpMethod.Post, url, coordinator);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(8, first.Json.GetProperty("values").GetInt32());
        var again = await app.SendAsync(HttpMethod.Post, url, coordinator);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        var values = await app.DbAsync(async db => (await db.Set<IndicatorValue>().Where(v => v.PeriodKind == PeriodKind.Wave)
            .Select(v => new { v.Indicator!.Code, v.AreaCode, v.N, v.Value }).ToListAsync()).Select(v => (v.Code, v.AreaCode, v.N, v.Value!.Value)).ToHashSet());
        Assert.Equal(8, values.Count);
        Assert.Contains(("loneliness6.lonely", "utrecht", 26, 23.08m), values);
        Assert.Contains(("loneliness6.severe", "utrecht", 26, 15.38m), values);
        Assert.Contains(("loneliness6.lonely", "WK034408", 12, 25m), values);
        Assert.Contains(("loneliness6.severe", "WK034408", 12, 8.33m), values);
        Assert.Contains(("loneliness6.lonely", "WK034405", 11, 0m), values);
        Assert.Contains(("loneliness6.severe", "WK035601", 3, 100m), values);

        // A researcher reads them with the small wijk (3) and its complement hidden.
        var read = await app.GetAsync("/api/v1/monitoring/values?leerregio=utrecht&indicator=loneliness6.lonely", await app.TokenAsync(GrozRole.Researcher));
        var rows = read.Json.EnumerateArray().Where(v => v.GetProperty("period").GetString() == "Wave").ToList();
        Assert.Equal("Suppressed", rows.Single(v => v.GetProperty("areaCode").GetString() == "WK035601").GetProperty("status").GetString());
        Assert.Equal(2, rows.Count(v => v.GetProperty("status").GetString() == "Suppressed"));
    }

    [Fact]
    public async Task The_job_writes_waves_that_closed_in_the_last_week()
    {
        var (surveyId, _, _, _) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: false);
        var now = app.Clock.GetUtcNow();
        var (closed, _) = await app.OpenWaveAsync(surveyId, "Kort", now.AddMinutes(10), now.AddDays(2));
        await app.AddResponsesAsync(closed, await app.WijkIdAsync("Utrecht Oost"), 4, 2);
        await using var scope = app.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<SurveyIndicators>();
        Assert.Equal(0, await writer.WriteClosedAsync());

        var before = app.Clock.Offset;
        app.Clock.Offset = before + TimeSpan.FromDays(3);
        try
        {
            Assert.Equal(4, await writer.WriteClosedAsync());
        }
        finally
        {
            app.Clock.Offset = before;
        }
        Assert.True(await app.DbAsync(db => db.Set<IndicatorValue>().AnyAsync(v => v.PeriodKind == PeriodKind.Wave && v.AreaCode == "WK034405" && v.N == 4 && v.Value == 100m)));
    }
}

/// <summary>The suppression threshold: coordinators only, 5 to 100, every change audit-logged; bad input changes nothing.</summary>
public sealed class SuppressionSettingTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    [Fact]
    public async Task Coordinators_change_the_threshold_within_bounds_and_it_is_audit_logged()
    {
        var url = "/api/v1/monitoring/settings?leerregio=utrecht";
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var id = await app.LeerregioIdAsync();
        Task<int> BelowAsync() => app.DbAsync(db => db.Set<MonitoringSettings>().Where(s => s.LeerregioId == id).Select(s => s.SuppressBelow).SingleAsync());
        Assert.Equal(10, (await app.GetAsync(url, coordinator)).Json.GetProperty("suppressBelow").GetInt32());

        foreach (var bad in new object?[] { 4, 101, "tien", null, 7.5 })
        {
            var refused = await app.SendAsync(HttpMethod.Put, url, coordinator, new { suppressBelow = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.True(refused.Json.GetProperty("errors").TryGetProperty("suppressBelow", out _), refused.Text);
        }
        Assert.Equal(10, await BelowAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Put, url, await app.TokenAsync(GrozRole.Researcher), new { suppressBelow = 5 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Put, url, await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), new { suppressBelow = 5 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Put, url, await app.TokenAsync(GrozRole.Resident), new { suppressBelow = 5 })).Status);
        Assert.Equal(10, await BelowAsync());

        var ok = await app.SendAsync(HttpMethod.Put, url, coordinator, new { suppressBelow = 15 });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(15, await BelowAsync());
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "monitoring.suppression.changed" && a.LeerregioId == id && a.Detail == "10 -> 15")));
    }
}
