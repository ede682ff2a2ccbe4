using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>Surveys through the API: who may make and read them, filling in once, and bad input that changes nothing.</summary>
public sealed class SurveyApiTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private Task<int> ResponsesAsync(int waveId) => app.DbAsync(db => db.SurveyResponses.CountAsync(r => r.WaveId == waveId));

    [Fact]
    public async Task A_coordinator_makes_a_survey_from_the_instruments()
    {
        var (surveyId, _, _, questions) = await app.SurveyWithWaveAsync(Instrument.Loneliness11, positiveHealth: true);
        Assert.Equal(17, questions.Length);
        var keys = await app.DbAsync(db => db.SurveyQuestions.Where(q => q.SurveyId == surveyId).OrderBy(q => q.Position).Select(q => q.ItemKey).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"djg11.{i}").Concat(Scoring.PositiveHealth.Select(d => d.Key)), keys);
    }

    [Theory]
    [InlineData(GrozRole.Researcher, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Resident, HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Buurtassistent, HttpStatusCode.NotFound)]
    public async Task Only_coordinators_make_surveys(GrozRole role, HttpStatusCode expected)
    {
        var before = await app.DbAsync(db => db.Surveys.CountAsync());
        var reply = await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/surveys?leerregio=utrecht", await app.TokenAsync(role),
            new { title = "Niet van mij", loneliness = "Loneliness6", positiveHealth = false, anonymity = "Anonymous", consentVersion = "1" });
        Assert.Equal(expected, reply.Status);
        Assert.Equal(before, await app.DbAsync(db => db.Surveys.CountAsync()));
    }

    [Fact]
    public async Task Another_leerregio_sees_nothing_of_a_survey()
    {
        var (surveyId, waveId, token, _) = await app.SurveyWithWaveAsync();
        foreach (var role in new[] { GrozRole.Coordinator, GrozRole.Researcher, GrozRole.Resident })
        {
            var other = await app.TokenAsync(role, "leidsche-rijn");
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/monitoring/surveys/{surveyId}", other)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/monitoring/waves/{waveId}/results", other)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/monitoring/forms/{token}", other)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", other, new { consent = true, answers = Array.Empty<object>() })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{surveyId}/waves", other,
                new { name = "x", opensAt = app.Clock.GetUtcNow(), closesAt = app.Clock.GetUtcNow().AddDays(1), access = "Platform" })).Status);
        }
        var list = await app.GetAsync("/api/v1/monitoring/surveys?leerregio=leidsche-rijn", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.DoesNotContain(list.Json.EnumerateArray(), s => s.GetProperty("id").GetInt32() == surveyId);
        Assert.Equal(0, await ResponsesAsync(waveId));
    }

    [Fact]
    public async Task A_resident_fills_in_once_and_the_score_is_stored_but_never_returned()
    {
        var (_, waveId, token, q) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: true);
        var resident = await app.TokenAsync(GrozRole.Resident);
        var form = await app.GetAsync($"/api/v1/monitoring/forms/{token}", resident);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(12, form.Json.GetProperty("questions").GetArrayLength());
        var wijk = await app.WijkIdAsync("Kanaleneiland");
        // 6 items: 3 yes(1) 4 no(1) 7 yes(0) 8 more or less(1) 9 no(0) 10 more or less(1) = 4; ratings 7 for every dimension.
        var answers = new[] { 3, 1, 3, 2, 1, 2 }.Select((n, i) => new { questionId = q[i], number = n })
            .Concat(q.Skip(6).Select(id => new { questionId = id, number = 7 })).ToArray();
        var first = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", resident, new { wijkId = wijk, consent = true, answers });
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(first.Json.TryGetProperty("lonelinessTotal", out _));
        var stored = await app.DbAsync(db => db.SurveyResponses.Include(r => r.Answers).SingleAsync(r => r.WaveId == waveId));
        Assert.Equal((4, 2, 2), (stored.LonelinessTotal!.Value, stored.LonelinessEmotional!.Value, stored.LonelinessSocial!.Value));
        Assert.Equal("2026-1", stored.ConsentVersion);
        Assert.NotNull(stored.Pseudonym);
        Assert.Equal(12, stored.Answers.Count);

        var second = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", resident, new { wijkId = wijk, consent = true, answers });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("/problems/already-answered", second.ProblemType);
        Assert.Equal(1, await ResponsesAsync(waveId));
        Assert.Equal(1, await app.DbAsync(db => db.SurveyParticipations.CountAsync(p => p.WaveId == waveId)));
    }

    [Fact]
    public async Task Anonymous_surveys_store_no_pseudonym_and_still_refuse_a_second_time()
    {
        var (_, waveId, token, q) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: false, anonymity: SurveyAnonymity.Anonymous);
        var volunteer = await app.TokenAsync(GrozRole.Volunteer);
        var body = new { consent = true, answers = new[] { new { questionId = q[0], number = 3 } } };
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", volunteer, body)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", volunteer, body)).Status);
        var stored = await app.DbAsync(db => db.SurveyResponses.SingleAsync(r => r.WaveId == waveId));
        Assert.Null(stored.Pseudonym);
        Assert.Null(stored.WijkId);
        // Five of six items skipped: no total, as the 6-item rule says.
        Assert.Null(stored.LonelinessTotal);
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_a_message_per_question_and_nothing_is_stored()
    {
        var (_, waveId, token, q) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: true);
        var url = $"/api/v1/monitoring/forms/{token}/responses";
        var resident = await app.TokenAsync(GrozRole.Entrepreneur);
        var cases = new object[]
        {
            new { consent = true, answers = new[] { new { questionId = q[0], number = 4 } } },          // loneliness answers are 1–3
            new { consent = true, answers = new[] { new { questionId = q[6], number = 11 } } },         // ratings are 0–10
            new { consent = true, answers = new[] { new { questionId = q[6], number = -1 } } },
            new { consent = true, answers = new[] { new { questionId = 999999, number = 1 } } },        // not a question of this survey
            new { consent = false, answers = new[] { new { questionId = q[0], number = 1 } } },         // no consent
            new { consent = true, wijkId = await app.WijkIdAsync("Leidsche Rijn"), answers = new[] { new { questionId = q[0], number = 1 } } }, // wijk of another leerregio
        };
        foreach (var body in cases)
        {
            var reply = await app.SendAsync(HttpMethod.Post, url, resident, body);
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.True(reply.Json.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), reply.ToString());
        }
        var twice = await app.SendAsync(HttpMethod.Post, url, resident, null, rawJson: $$"""{"consent":true,"answers":[{"questionId":{{q[0]}},"number":1},{"questionId":{{q[0]}},"number":3}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Equal(0, await ResponsesAsync(waveId));
        Assert.Equal(0, await app.DbAsync(db => db.SurveyParticipations.CountAsync(p => p.WaveId == waveId)));
    }

    [Fact]
    public async Task Outside_the_wave_window_nothing_is_accepted()
    {
        var (surveyId, _, _, q) = await app.SurveyWithWaveAsync();
        var now = app.Clock.GetUtcNow();
        var later = await app.OpenWaveAsync(surveyId, "Najaar", now.AddDays(30), now.AddDays(60));
        var past = await app.OpenWaveAsync(surveyId, "Vorig jaar", now.AddDays(-60), now.AddDays(-30));
        var resident = await app.TokenAsync(GrozRole.Student);
        var body = new { consent = true, answers = new[] { new { questionId = q[0], number = 1 } } };
        var early = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{later.Token}/responses", resident, body);
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Equal("/problems/wave-not-open", early.ProblemType);
        var late = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{past.Token}/responses", resident, body);
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("/problems/wave-closed", late.ProblemType);
        Assert.Equal(0, await ResponsesAsync(later.Id) + await ResponsesAsync(past.Id));
    }

    [Fact]
    public async Task Wave_input_is_checked()
    {
        var (surveyId, _, _, _) = await app.SurveyWithWaveAsync();
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var now = app.Clock.GetUtcNow();
        var backwards = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{surveyId}/waves", coordinator, new { name = "Fout", opensAt = now, closesAt = now.AddDays(-1), access = "Platform" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
        Assert.True(backwards.Json.GetProperty("errors").TryGetProperty("closesAt", out _));
        // A pseudonymous survey cannot be opened by link: linking waves needs a signed-in member.
        var link = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{surveyId}/waves", coordinator, new { name = "Link", opensAt = now, closesAt = now.AddDays(1), access = "Link" });
        Assert.Equal(HttpStatusCode.BadRequest, link.Status);
        var researcher = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{surveyId}/waves", await app.TokenAsync(GrozRole.Researcher),
            new { name = "Mag niet", opensAt = now, closesAt = now.AddDays(1), access = "Platform" });
        Assert.Equal(HttpStatusCode.Forbidden, researcher.Status);
    }
}
