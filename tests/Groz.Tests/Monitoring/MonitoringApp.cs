using System.Net;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>The app with a movable clock and API tokens, without the daily indicator job: tests compute when they choose.</summary>
public sealed class MonitoringApp : TimeBankApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Monitoring:IndicatorJob", "false"), new("HelpRequests:RetentionJob", "false")];

    public Task<int> LeerregioIdAsync(string slug = "utrecht") => DbAsync(db => db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync());

    public Task<int> WijkIdAsync(string name) => DbAsync(db => db.Wijken.Where(w => w.Name == name).Select(w => w.Id).SingleAsync());

    /// <summary>A survey made and a wave opened through the API as the leerregio's coordinator; returns (survey id, wave id, form token, question ids in order).</summary>
    public async Task<(int Survey, int Wave, string Token, int[] Questions)> SurveyWithWaveAsync(Instrument? loneliness = Instrument.Loneliness6, bool positiveHealth = true,
        SurveyAnonymity anonymity = SurveyAnonymity.Pseudonymous, string leerregio = "utrecht", WaveAccess access = WaveAccess.Platform)
    {
        var coordinator = await TokenAsync(GrozRole.Coordinator, leerregio);
        var made = await SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys?leerregio={leerregio}", coordinator,
            new { title = "Hoe gaat het met u?", loneliness = loneliness?.ToString(), positiveHealth, anonymity = anonymity.ToString(), consentVersion = "2026-1" });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        var surveyId = made.Json.GetProperty("id").GetInt32();
        var questions = made.Json.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("id").GetInt32()).ToArray();
        var wave = await OpenWaveAsync(surveyId, "Voorjaar", Clock.GetUtcNow().AddHours(-1), Clock.GetUtcNow().AddDays(14), access, leerregio);
        return (surveyId, wave.Id, wave.Token, questions);
    }

    public async Task<(int Id, string Token)> OpenWaveAsync(int surveyId, string name, DateTimeOffset opens, DateTimeOffset closes, WaveAccess access = WaveAccess.Platform, string leerregio = "utrecht")
    {
        var reply = await SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{surveyId}/waves", await TokenAsync(GrozRole.Coordinator, leerregio),
            new { name, opensAt = opens, closesAt = closes, access = access.ToString() });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var link = reply.Json.GetProperty("link").GetString()!;
        return (reply.Json.GetProperty("id").GetInt32(), link[(link.LastIndexOf('/') + 1)..]);
    }

    /// <summary>Responses written straight into the database (as many respondents as a test needs; demo data has a handful of members).</summary>
    public Task AddResponsesAsync(int waveId, int? wijkId, int count, int? lonelinessTotal, string? pseudonymPrefix = null, int? emotional = null, int? social = null) => DbAsync(async db =>
    {
        var wave = await db.SurveyWaves.SingleAsync(w => w.Id == waveId);
        for (var i = 0; i < count; i++)
        {
            db.SurveyResponses.Add(new SurveyResponse
            {
                WaveId = waveId, SurveyId = wave.SurveyId, LeerregioId = wave.LeerregioId, WijkId = wijkId, ConsentVersion = "2026-1",
                Pseudonym = pseudonymPrefix is null ? null : $"{pseudonymPrefix}-{i}", SubmittedOn = new DateOnly(2026, 3, 1),
                LonelinessTotal = lonelinessTotal, LonelinessEmotional = emotional, LonelinessSocial = social,
            });
        }
        await db.SaveChangesAsync();
    });
}
