using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>
/// The survey builder: a coordinator makes a survey of own questions with a consent text, adds the four kinds of question
/// (bad ones refused with a message, nothing stored), opens a wave and shares its link; a resident fills it in. Questions
/// stay as asked once a wave is open. Researchers read, other leerregio's see nothing.
/// </summary>
public sealed class SurveyBuilderTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private Task<int> QuestionCountAsync(int surveyId) => app.DbAsync(db => db.Set<SurveyQuestion>().CountAsync(q => q.SurveyId == surveyId));

    private async Task<(FormClient Client, int SurveyId)> NewSurveyAsync(string title)
    {
        var client = app.NewClient();
        await AccountHelpers.SignInAsDemoAsync(app, client, GrozRole.Coordinator);
        var index = await client.GetAsync("/beheer/monitoring/utrecht");
        var made = await client.SubmitAsync(index, new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Loneliness"] = "", ["Input.PositiveHealth"] = "false", ["Input.Anonymity"] = "Anonymous",
            ["Input.ConsentVersion"] = "2026-3", ["Input.ConsentText"] = "Wij vragen naar uw buurt. Alleen totalen per wijk worden getoond.",
        }, "form[action*=Survey]");
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        var id = await app.DbAsync(db => db.Surveys.Where(s => s.Title == title).Select(s => s.Id).SingleAsync());
        Assert.EndsWith($"/beheer/monitoring/utrecht/vragenlijst/{id}", made.Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return (client, id);
    }

    [Fact]
    public async Task A_coordinator_builds_a_survey_of_own_questions_opens_a_wave_shares_the_link_and_a_resident_fills_it_in()
    {
        var (coordinator, id) = await NewSurveyAsync("Ontmoeten in de buurt");
        using var _ = coordinator;
        var url = $"/beheer/monitoring/utrecht/vragenlijst/{id}";
        var page = await coordinator.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);

        // No wave without questions.
        var empty = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["Wave.Name"] = "Eerste" }, "form.wave-form");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.NotNull(empty.Html.QuerySelector("#Wave_SurveyId-error, .error-summary"));
        Assert.False(await app.DbAsync(db => db.SurveyWaves.AnyAsync(w => w.SurveyId == id)));

        var questions = new[]
        {
            new Dictionary<string, string> { ["Question.Kind"] = "SingleChoice", ["Question.TextNl"] = "Hoe vaak spreekt u buren?", ["Question.OptionsNl"] = "Nooit\nSoms\nVaak", ["Question.Required"] = "true" },
            new Dictionary<string, string> { ["Question.Kind"] = "MultipleChoice", ["Question.TextNl"] = "Waar ontmoet u mensen?", ["Question.TextEn"] = "Where do you meet people?", ["Question.OptionsNl"] = "Buurthuis\nSportclub\nStraat", ["Question.OptionsEn"] = "Community centre\nSports club\nStreet" },
            new Dictionary<string, string> { ["Question.Kind"] = "Scale", ["Question.TextNl"] = "Hoe prettig woont u hier?", ["Question.ScaleMin"] = "1", ["Question.ScaleMax"] = "5" },
            new Dictionary<string, string> { ["Question.Kind"] = "ShortText", ["Question.TextNl"] = "Wat mist u in de buurt?" },
        };
        foreach (var q in questions)
        {
            var added = await coordinator.SubmitAsync(await coordinator.GetAsync(url), q, "form.question-form");
            Assert.Equal(HttpStatusCode.Redirect, added.Status);
        }
        var stored = await app.DbAsync(db => db.Set<SurveyQuestion>().Where(q => q.SurveyId == id).OrderBy(q => q.Position).ToListAsync());
        Assert.Equal([QuestionKind.SingleChoice, QuestionKind.MultipleChoice, QuestionKind.Scale, QuestionKind.ShortText], stored.Select(q => q.Kind).ToArray());
        Assert.Equal([1, 2, 3, 4], stored.Select(q => q.Position).ToArray());
        Assert.Equal(["Nooit", "Soms", "Vaak"], stored[0].Options(dutch: false));
        Assert.Equal(["Community centre", "Sports club", "Street"], stored[1].Options(dutch: false));
        Assert.Equal((1, 5), (stored[2].ScaleMin!.Value, stored[2].ScaleMax!.Value));
        Assert.True(stored[0].Required);

        page = await coordinator.GetAsync(url);
        var opened = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["Wave.Name"] = "Najaar", ["Wave.Access"] = "Link" }, "form.wave-form");
        Assert.Equal(HttpStatusCode.Redirect, opened.Status);
        page = await coordinator.GetAsync(url);
        var token = await app.DbAsync(db => db.SurveyWaves.Where(w => w.SurveyId == id).Select(w => w.Token).SingleAsync());
        var link = page.Html.QuerySelector("a.share-link")!;
        Assert.Equal($"https://localhost/monitoring/vragenlijst/{token}", link.TextContent.Trim());
        // Once the wave is open the questions stay as asked.
        Assert.Null(page.Html.QuerySelector("form.question-form"));
        Assert.Empty(page.Html.QuerySelectorAll("form[action*=Remove]"));

        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        var form = await resident.GetAsync($"/monitoring/vragenlijst/{token}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Alleen totalen per wijk worden getoond.", form.Html.QuerySelector(".consent-text")!.TextContent, StringComparison.Ordinal);
        var missingRequired = await resident.SubmitAsync(form, new Dictionary<string, string> { ["Consent"] = "true", [$"q{stored[2].Id}"] = "4" });
        Assert.NotNull(missingRequired.Html.QuerySelector($"#Q{stored[0].Id}-error"));
        Assert.Equal(0, await app.DbAsync(db => db.SurveyResponses.CountAsync(r => r.SurveyId == id)));
        var done = await resident.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Consent"] = "true", [$"q{stored[0].Id}"] = "2", [$"q{stored[1].Id}"] = "3", [$"q{stored[2].Id}"] = "4", [$"q{stored[3].Id}"] = "Een bankje",
        });
        Assert.NotNull(done.Html.QuerySelector("p[role=status]"));
        var answers = await app.DbAsync(db => db.SurveyResponses.Include(r => r.Answers).SingleAsync(r => r.SurveyId == id));
        Assert.Null(answers.Pseudonym);
        Assert.Equal(4, answers.Answers.Count);
    }

    [Theory]
    [InlineData("SingleChoice", "Hoe gaat het?", "Alleen één", null, null, "Question_OptionsNl")]
    [InlineData("MultipleChoice", "Wat doet u?", "A\nA", null, null, "Question_OptionsNl")]
    [InlineData("Scale", "Cijfer?", null, "5", "3", "Question_ScaleMax")]
    [InlineData("Scale", "Cijfer?", null, "0", "11", "Question_ScaleMax")]
    [InlineData("ShortText", "", null, null, null, "Question_TextNl")]
    public async Task A_bad_question_gets_a_message_at_its_field_and_nothing_is_added(string kind, string text, string? options, string? min, string? max, string field)
    {
        var (coordinator, id) = await NewSurveyAsync("Slechte vraag " + field + kind + min + max);
        using var _ = coordinator;
        var page = await coordinator.GetAsync($"/beheer/monitoring/utrecht/vragenlijst/{id}");
        var fields = new Dictionary<string, string> { ["Question.Kind"] = kind, ["Question.TextNl"] = text, ["Question.OptionsNl"] = options ?? "", ["Question.ScaleMin"] = min ?? "", ["Question.ScaleMax"] = max ?? "" };
        var refused = await coordinator.SubmitAsync(page, fields, "form.question-form");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains($"{field}-error", refused.Html.QuerySelector($"#{field}")!.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.NotNull(refused.Html.QuerySelector($".error-summary a[href='#{field}']"));
        Assert.Equal(0, await QuestionCountAsync(id));
    }

    [Fact]
    public async Task The_api_adds_and_removes_own_questions_and_refuses_others_and_instrument_items()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var made = await app.SendAsync(HttpMethod.Post, "/api/v1/monitoring/surveys?leerregio=utrecht", coordinator,
            new { title = "Eigen vragen API", anonymity = "Pseudonymous", consentVersion = "2026-1", consentText = "Tekst", loneliness = "Loneliness6" });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        Assert.Equal("Tekst", made.Json.GetProperty("consentText").GetString());
        var id = made.Json.GetProperty("id").GetInt32();
        var item = made.Json.GetProperty("questions")[0].GetProperty("id").GetInt32();
        var before = await QuestionCountAsync(id);

        var bad = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", coordinator, new { kind = "SingleChoice", textNl = "Een?", optionsNl = "Ja" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("optionsNl", out _));
        var badKind = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", coordinator, rawJson: "{\"kind\":\"Essay\",\"textNl\":\"x\"}");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", await app.TokenAsync(GrozRole.Researcher), new { kind = "ShortText", textNl = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), new { kind = "ShortText", textNl = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", await app.TokenAsync(GrozRole.Resident), new { kind = "ShortText", textNl = "x" })).Status);
        Assert.Equal(before, await QuestionCountAsync(id));

        var added = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", coordinator, new { kind = "Scale", textNl = "Cijfer voor uw straat?", scaleMin = 1, scaleMax = 10 });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(before + 1, added.Json.GetProperty("position").GetInt32());
        var own = added.Json.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await app.SendAsync(HttpMethod.Delete, $"/api/v1/monitoring/surveys/{id}/questions/{item}", coordinator)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(HttpMethod.Delete, $"/api/v1/monitoring/surveys/{id}/questions/{own}", coordinator)).Status);
        Assert.Equal(before, await QuestionCountAsync(id));

        await app.OpenWaveAsync(id, "Start", app.Clock.GetUtcNow(), app.Clock.GetUtcNow().AddDays(7));
        var late = await app.SendAsync(HttpMethod.Post, $"/api/v1/monitoring/surveys/{id}/questions", coordinator, new { kind = "ShortText", textNl = "Nog iets?" });
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("/problems/survey-has-waves", late.ProblemType);
        Assert.Equal(before, await QuestionCountAsync(id));
    }

    [Fact]
    public async Task Researchers_read_the_builder_page_without_forms_others_get_404()
    {
        var (coordinator, id) = await NewSurveyAsync("Lezen mag");
        coordinator.Dispose();
        foreach (var (role, leerregio, status) in new[] { (GrozRole.Researcher, "utrecht", HttpStatusCode.OK), (GrozRole.Resident, "utrecht", HttpStatusCode.NotFound), (GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound) })
        {
            using var client = app.NewClient();
            await AccountHelpers.SignInAsDemoAsync(app, client, role, leerregio);
            var page = await client.GetAsync($"/beheer/monitoring/utrecht/vragenlijst/{id}");
            Assert.Equal(status, page.Status);
            if (status == HttpStatusCode.OK)
            {
                Assert.Null(page.Html.QuerySelector("form.question-form"));
                Assert.Null(page.Html.QuerySelector("form.wave-form"));
            }
        }
    }
}
