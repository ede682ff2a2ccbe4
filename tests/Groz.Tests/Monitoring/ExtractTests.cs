using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>Pseudonymised extracts: stable pseudonyms across waves that are not the stored ones, small wijken as the leerregio, no free text, audit-logged, researchers and coordinators of the leerregio only.</summary>
public sealed class ExtractTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private static List<string[]> Rows(string csv) => csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();

    [Fact]
    public async Task A_researcher_downloads_extracts_whose_pseudonyms_link_the_waves_of_one_respondent_and_each_download_is_logged()
    {
        var (survey, first, _, _) = await app.SurveyWithWaveAsync(positiveHealth: false);
        var opens = await app.DbAsync(db => db.SurveyWaves.Where(w => w.Id == first).Select(w => w.OpensAt).SingleAsync());
        var (second, _) = await app.OpenWaveAsync(survey, "Na zes maanden", opens.AddDays(1), opens.AddDays(20));
        var (kanaleneiland, oost) = (await app.WijkIdAsync("Kanaleneiland"), await app.WijkIdAsync("Utrecht Oost"));
        await app.AddResponsesAsync(first, kanaleneiland, 12, lonelinessTotal: 3, pseudonymPrefix: "deelnemer");
        await app.AddResponsesAsync(first, oost, 3, lonelinessTotal: 1, pseudonymPrefix: "oost");
        await app.AddResponsesAsync(second, kanaleneiland, 12, lonelinessTotal: 1, pseudonymPrefix: "deelnemer");
        var stored = await app.DbAsync(db => db.SurveyResponses.Where(r => r.WaveId == first).Select(r => r.Pseudonym!).ToListAsync());

        var researcher = await app.TokenAsync(GrozRole.Researcher);
        var audited = await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "monitoring.extract.downloaded"));
        var a = await app.GetAsync($"/api/v1/monitoring/waves/{first}/extract", researcher);
        var b = await app.GetAsync($"/api/v1/monitoring/waves/{second}/extract", researcher);
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (a.Status, a.MediaType));
        Assert.Equal(audited + 2, await app.DbAsync(db => db.AuditLog.CountAsync(x => x.Action == "monitoring.extract.downloaded")));

        var (rowsA, rowsB) = (Rows(a.Text), Rows(b.Text));
        Assert.Equal(["pseudonym", "wave", "month", "area", "loneliness_total", "loneliness_emotional", "loneliness_social"], rowsA[0][..7]);
        Assert.Equal(16, rowsA.Count);
        var kanaleneilandA = rowsA.Skip(1).Where(r => r[3] == "WK034408").Select(r => r[0]).ToHashSet();
        var kanaleneilandB = rowsB.Skip(1).Where(r => r[3] == "WK034408").Select(r => r[0]).ToHashSet();
        Assert.Equal(12, kanaleneilandA.Count);
        // The same twelve people in both waves, under pseudonyms that are not the database's own.
        Assert.True(kanaleneilandA.SetEquals(kanaleneilandB));
        Assert.Empty(kanaleneilandA.Intersect(stored));
        // Utrecht Oost has 3 respondents: below the threshold, so they are in the extract as the whole leerregio.
        Assert.Equal(3, rowsA.Skip(1).Count(r => r[3] == "utrecht"));
        Assert.DoesNotContain(rowsA, r => r[3] == "WK034405");
        Assert.All(rowsA.Skip(1), r => Assert.Equal(7, r[2].Length));
    }

    [Fact]
    public async Task Only_researchers_and_coordinators_of_the_leerregio_get_an_extract_and_nothing_is_logged_for_the_others()
    {
        var (_, wave, _, _) = await app.SurveyWithWaveAsync(positiveHealth: false);
        var audited = await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "monitoring.extract.downloaded"));
        foreach (var (role, leerregio, status) in new[]
        {
            (GrozRole.Researcher, "utrecht", HttpStatusCode.OK), (GrozRole.Coordinator, "utrecht", HttpStatusCode.OK),
            (GrozRole.Resident, "utrecht", HttpStatusCode.NotFound), (GrozRole.Buurtassistent, "utrecht", HttpStatusCode.NotFound),
            (GrozRole.Researcher, "leidsche-rijn", HttpStatusCode.NotFound), (GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound),
        })
        {
            Assert.Equal(status, (await app.GetAsync($"/api/v1/monitoring/waves/{wave}/extract", await app.TokenAsync(role, leerregio))).Status);
        }
        Assert.Equal(audited + 2, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "monitoring.extract.downloaded")));

        using var researcher = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, researcher, GrozRole.Researcher);
        var page = await researcher.GetAsync($"/beheer/monitoring/utrecht/golf/{wave}");
        var link = page.Html.QuerySelector("a[href*='handler=Extract']")!.GetAttribute("href")!;
        using var file = await researcher.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType!.MediaType);
        using var other = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, other, GrozRole.Researcher, "leidsche-rijn");
        using var refused = await other.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
