using System.Net;
using Groz.Tests.HelpRequests;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Monitoring;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>The platform indicators computed from known module data, in a month the demo data does not touch.</summary>
public sealed class PlatformIndicatorTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private async Task<int> ComputeAsync(int leerregioId, DateOnly month)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformIndicators>().ComputeAsync(leerregioId, month);
    }

    private Task<IndicatorValue?> ValueAsync(string code, string area, DateOnly month) => app.DbAsync(db =>
        db.IndicatorValues.Where(v => v.Indicator!.Code == code && v.AreaCode == area && v.PeriodStart == month && v.PeriodKind == PeriodKind.Month).SingleOrDefaultAsync());

    [Fact]
    public async Task Indicators_follow_the_tijdbank_hulpvragen_and_wijkportaal_data()
    {
        // Two hundred days on: a month without demo bookings or questions.
        app.Clock.Offset = TimeSpan.FromDays(200);
        var now = app.Clock.GetUtcNow();
        var month = PlatformIndicators.MonthOf(now);
        var leerregioId = await app.LeerregioIdAsync();

        // Tijdbank: 90 + 30 minutes earned by the volunteer, 60 by the resident; three members moved.
        var resident = await app.TokenAsync(GrozRole.Resident);
        var bewoner = await app.AccountIdAsync(GrozRole.Resident);
        var vrijwilliger = await app.AccountIdAsync(GrozRole.Volunteer);
        var student = await app.AccountIdAsync(GrozRole.Student);
        Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(resident, new { kind = "Exchange", fromAccountId = bewoner, toAccountId = vrijwilliger, minutes = 90, description = "Boodschappen" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(resident, new { kind = "Exchange", fromAccountId = bewoner, toAccountId = vrijwilliger, minutes = 30, description = "Lamp" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(await app.TokenAsync(GrozRole.Student), new { kind = "Exchange", fromAccountId = student, toAccountId = bewoner, minutes = 60, description = "Tuin" })).Status);

        // Hulpvragen: Kanaleneiland 3 asked (2 answered in time, 1 late), Utrecht Oost 1 (no answer yet).
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var asked = now.AddHours(-30);
        await app.DbAsync(async db =>
        {
            HelpRequest R(int wijk, int? answeredAfterMinutes)
            {
                var r = HelpReportingApp.Request(leerregioId, wijk, asked);
                r.FirstResponseAt = answeredAfterMinutes is { } m ? asked.AddMinutes(m) : null;
                return r;
            }
            var target = (int)(R(kanaleneiland, null).FirstResponseDueAt - asked).TotalMinutes;
            db.HelpRequests.AddRange(R(kanaleneiland, 10), R(kanaleneiland, target), R(kanaleneiland, target + 1), R(oost, null));
            await db.SaveChangesAsync();
        });

        // Wijkportaal: every published service checked long ago, except two checked last month.
        var published = await app.DbAsync(async db =>
        {
            var ids = await db.SmServices.Where(s => s.LeerregioId == leerregioId && s.Publication == Publication.Published).OrderBy(s => s.Name).Select(s => s.Id).ToListAsync();
            await db.SmServices.Where(s => ids.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastCheckedAt, now.AddMonths(-13)));
            await db.SmServices.Where(s => ids.Take(2).Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastCheckedAt, now.AddMonths(-1)));
            return ids.Count;
        });
        Assert.True(published >= 2, "the demo map has published services");

        var written = await ComputeAsync(leerregioId, month);
        var areas = 1 + await app.DbAsync(db => db.Wijken.CountAsync(w => w.LeerregioId == leerregioId));
        Assert.Equal(areas * 7, written);

        var residents = await app.DbAsync(db => db.Wijken.Where(w => w.LeerregioId == leerregioId).SumAsync(w => w.Residents!.Value));
        var hours = await ValueAsync(IndicatorCatalog.TimeBankHours, "utrecht", month);
        Assert.NotNull(hours);
        Assert.Equal(3m, hours.Numerator);                  // 180 minutes
        Assert.Equal(residents, hours.Denominator);
        Assert.Equal(Math.Round(3m * 1000m / residents, 2), hours.Value);
        Assert.Equal(3, hours.N);
        Assert.Equal(3m, (await ValueAsync(IndicatorCatalog.TimeBankActive, "utrecht", month))!.Value);

        var help = await ValueAsync(IndicatorCatalog.HelpWithinTarget, "utrecht", month);
        Assert.Equal((4, 2m, 4m, 50.00m), (help!.N, help.Numerator!.Value, help.Denominator!.Value, help.Value!.Value));
        var kanaleneilandCode = await app.DbAsync(db => db.Wijken.Where(w => w.Id == kanaleneiland).Select(w => w.Code).SingleAsync());
        var helpK = await ValueAsync(IndicatorCatalog.HelpWithinTarget, kanaleneilandCode, month);
        Assert.Equal((3, 66.67m), (helpK!.N, helpK.Value!.Value));
        var nieuwegeinZuid = await app.DbAsync(db => db.Wijken.Where(w => w.Name == "Nieuwegein-Zuid").Select(w => w.Code).SingleAsync());
        var none = await ValueAsync(IndicatorCatalog.HelpWithinTarget, nieuwegeinZuid, month);
        Assert.Equal(0, none!.N);
        Assert.Null(none.Value);

        var fresh = await ValueAsync(IndicatorCatalog.SocialMapFreshness, "utrecht", month);
        Assert.Equal((published, 2m), (fresh!.N, fresh.Numerator!.Value));
        Assert.Equal(Math.Round(200m / published, 2), fresh.Value);

        // Again: the values are replaced, not doubled.
        Assert.Equal(written, await ComputeAsync(leerregioId, month));
        Assert.Equal(areas * 7, await app.DbAsync(db => db.IndicatorValues.CountAsync(v => v.LeerregioId == leerregioId && v.PeriodStart == month)));

        // Through the API: exact for the coordinator; for a resident the small cells and their complements are suppressed.
        var day = IndicatorReads.Day(month);
        var coordinator = (await app.GetAsync($"/api/v1/monitoring/values?leerregio=utrecht&indicator={IndicatorCatalog.HelpWithinTarget}&from={day}&to={day}", await app.TokenAsync(GrozRole.Coordinator))).Json;
        Assert.All(coordinator.EnumerateArray(), v => Assert.NotEqual("Suppressed", v.GetProperty("status").GetString()));
        var public_ = (await app.GetAsync($"/api/v1/monitoring/values?leerregio=utrecht&indicator={IndicatorCatalog.HelpWithinTarget}&from={day}&to={day}", resident)).Json;
        // The leerregio total is 4 questions: below 10, so every cell of the table is hidden.
        Assert.All(public_.EnumerateArray(), v => Assert.Equal("Suppressed", v.GetProperty("status").GetString()));
        Assert.DoesNotContain(public_.EnumerateArray(), v => v.GetProperty("value").ValueKind != System.Text.Json.JsonValueKind.Null);
        app.Clock.Offset = TimeSpan.Zero;
    }

    [Fact]
    public async Task Definitions_are_seeded_with_their_meaning()
    {
        var list = (await app.GetAsync("/api/v1/monitoring/indicators", await app.TokenAsync(GrozRole.Resident))).Json;
        var codes = list.EnumerateArray().Select(d => d.GetProperty("code").GetString()).ToList();
        Assert.Contains(IndicatorCatalog.TimeBankHours, codes);
        Assert.Contains("loneliness11.lonely", codes);
        Assert.Contains("positive-health.body", codes);
        var lonely = list.EnumerateArray().Single(d => d.GetProperty("code").GetString() == "loneliness6.severe");
        Assert.Equal("Lower", lonely.GetProperty("better").GetString());
        Assert.Equal("Survey", lonely.GetProperty("source").GetString());
        Assert.Equal("Loneliness6", lonely.GetProperty("instrument").GetString());
    }

    [Fact]
    public async Task Only_coordinators_compute_on_demand()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/compute?leerregio=utrecht&month=2026-01", await app.TokenAsync(GrozRole.Researcher))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/compute?leerregio=utrecht&month=2026-01", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/compute?leerregio=utrecht&month=januari", await app.TokenAsync(GrozRole.Coordinator))).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/compute?leerregio=utrecht&month=2026-01", await app.TokenAsync(GrozRole.Coordinator))).Status);
    }
}
