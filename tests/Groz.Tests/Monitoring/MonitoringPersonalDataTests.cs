using System.Net;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>
/// Survey answers in "download my data" and "delete my account": found again through the member's pseudonym, never
/// anyone else's; after erasure the response is anonymous (it still counts), what was typed is gone, and nothing links
/// it to the member any more.
/// </summary>
public sealed class MonitoringPersonalDataTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    [Fact]
    public async Task Export_holds_my_pseudonymous_answers_and_erasure_makes_them_anonymous_without_losing_the_count()
    {
        var (surveyId, waveId, token, questions) = await app.SurveyWithWaveAsync(Instrument.Loneliness6, positiveHealth: false);
        var own = await app.DbAsync(async db =>
        {
            var q = new SurveyQuestion { SurveyId = surveyId, Position = 99, Kind = QuestionKind.ShortText, TextNl = "Wat wilt u nog kwijt?", TextEn = "Anything else?" };
            db.SurveyQuestions.Add(q);
            await db.SaveChangesAsync();
            return q.Id;
        });
        var email = "respondent@example.net";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var leerregio = await app.LeerregioIdAsync();
            var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Respondent", LeerregioId = leerregio, CreatedAt = app.Clock.GetUtcNow() };
            Assert.True((await users.CreateAsync(user, DemoData.DemoPassword)).Succeeded);
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = GrozRole.Resident, LeerregioId = leerregio, GrantedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var answers = questions.Select(id => new { questionId = id, number = (int?)1, text = (string?)null })
            .Append(new { questionId = own, number = (int?)null, text = (string?)"Mijn buurvrouw Els helpt me" }).ToArray();
        var mine = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses", await app.TokenAsync(email), new { consent = true, answers });
        Assert.Equal(HttpStatusCode.Created, mine.Status);
        var others = new[] { 3, 3, 3, 3, 3, 3 }.Select((n, i) => new { questionId = questions[i], number = n }).ToArray();
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/forms/{token}/responses",
            await app.TokenAsync(GrozRole.Resident), new { consent = true, answers = others })).Status);

        await using var personalScope = app.Services.CreateAsyncScope();
        var personal = personalScope.ServiceProvider.GetRequiredService<PersonalData>();
        var me = (await personalScope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(email))!;
        var export = JsonSerializer.SerializeToElement((await personal.ExportAsync(me))["surveys"]);
        Assert.Equal("Voorjaar", export.GetProperty("Waves")[0].GetProperty("Wave").GetString());
        var response = export.GetProperty("Responses").EnumerateArray().Single();
        Assert.Contains("Mijn buurvrouw Els helpt me", response.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(response.GetProperty("Answers").EnumerateArray(), a => a.GetProperty("Number").ValueKind == JsonValueKind.Number && a.GetProperty("Number").GetInt32() == 3);

        await personal.EraseAsync(me);

        var after = await app.DbAsync(db => db.SurveyResponses.AsNoTracking().Include(r => r.Answers).Where(r => r.WaveId == waveId).ToListAsync());
        Assert.Equal(2, after.Count);
        var erased = after.Single(r => r.Answers.Any(a => a.QuestionId == own));
        Assert.Null(erased.Pseudonym);
        Assert.Null(erased.Answers.Single(a => a.QuestionId == own).Text);
        Assert.Equal(6, erased.Answers.Count(a => a.Number == 1));
        Assert.NotNull(after.Single(r => r != erased).Pseudonym);
        Assert.Equal(1, await app.DbAsync(db => db.SurveyParticipations.CountAsync(p => p.WaveId == waveId)));
        var again = JsonSerializer.SerializeToElement((await personal.ExportAsync(me))["surveys"]);
        Assert.Equal(0, again.GetProperty("Responses").GetArrayLength());
    }
}
