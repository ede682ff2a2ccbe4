using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>The pages: filling in the demo wave, the results for a researcher (suppressed), the public monitor.</summary>
public sealed class MonitoringPageTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    private Task<(int Id, string Token)> DemoWaveAsync() => app.DbAsync(async db =>
    {
        var w = await db.SurveyWaves.Where(w => w.Name == "Voorjaar" && db.Leerregios.Any(l => l.Id == w.LeerregioId && l.Slug == "utrecht")).OrderBy(w => w.Id).FirstAsync();
        return (w.Id, w.Token);
    });

    [Fact]
    public async Task Demo_data_has_both_instruments_and_a_wave_with_a_small_wijk()
    {
        var surveys = await app.DbAsync(db => db.Surveys.Where(s => s.CreatedByUserId != "").Select(s => s.Loneliness).ToListAsync());
        Assert.Contains(Instrument.Loneliness11, surveys);
        Assert.Contains(Instrument.Loneliness6, surveys);
        var (waveId, _) = await DemoWaveAsync();
        var perWijk = await app.DbAsync(db => db.SurveyResponses.Where(r => r.WaveId == waveId).GroupBy(r => r.WijkId).Select(g => g.Count()).ToListAsync());
        // Other tests of this class may add one response (the demo resident's), so: one small wijk, two of at least 12.
        var sorted = perWijk.Order().ToList();
        Assert.Equal(3, sorted.Count);
        Assert.Equal(4, sorted[0]);
        Assert.True(sorted[1] >= 12 && sorted[2] >= 14);
    }

    [Fact]
    public async Task A_resident_fills_in_the_wave_once_with_consent()
    {
        var (waveId, token) = await DemoWaveAsync();
        var before = await app.DbAsync(db => db.SurveyResponses.CountAsync(r => r.WaveId == waveId));
        using var client = app.NewClient();
        await client.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        var form = await client.GetAsync($"/monitoring/vragenlijst/{token}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(17, form.Html.QuerySelectorAll("fieldset.question legend").Length);
        var first = form.Html.QuerySelector("fieldset.question")!.Id!;
        var question = first[1..];

        var refused = await client.SubmitAsync(form, new Dictionary<string, string> { [$"q{question}"] = "3" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Consent-error", refused.Html.QuerySelector("#Consent")!.GetAttribute("aria-describedby")!.Split(' ').Last());
        Assert.NotNull(refused.Html.QuerySelector(".error-summary a[href='#Consent']"));
        var outOfRange = await client.SubmitAsync(form, new Dictionary<string, string> { [$"q{question}"] = "7", ["Consent"] = "true" });
        Assert.NotNull(outOfRange.Html.QuerySelector($"#Q{question}-error"));
        Assert.Equal($"Q{question}-error", outOfRange.Html.QuerySelector($"#Q{question}")!.GetAttribute("aria-describedby"));
        Assert.Equal(before, await app.DbAsync(db => db.SurveyResponses.CountAsync(r => r.WaveId == waveId)));

        var done = await client.SubmitAsync(form, new Dictionary<string, string> { [$"q{question}"] = "3", ["Consent"] = "true" });
        Assert.NotNull(done.Html.QuerySelector("p[role=status]"));
        var again = await client.SubmitAsync(form, new Dictionary<string, string> { [$"q{question}"] = "1", ["Consent"] = "true" });
        Assert.NotNull(again.Html.QuerySelector("p[role=alert]"));
        Assert.Equal(before + 1, await app.DbAsync(db => db.SurveyResponses.CountAsync(r => r.WaveId == waveId)));
    }

    [Fact]
    public async Task A_member_of_another_leerregio_cannot_open_the_form_and_a_visitor_is_sent_to_sign_in()
    {
        var (_, token) = await DemoWaveAsync();
        using var visitor = app.NewClient();
        var anonymous = await visitor.GetAsync($"/monitoring/vragenlijst/{token}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        using var other = app.NewClient();
        await other.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/monitoring/vragenlijst/{token}")).Status);
    }

    [Fact]
    public async Task Researchers_see_results_with_the_small_wijk_and_its_complement_hidden_coordinators_see_all()
    {
        var (waveId, _) = await DemoWaveAsync();
        using var researcher = app.NewClient();
        await app.SignInWithTwoFactorAsync(researcher, TimeBank.TimeBankApp.Email(GrozRole.Researcher));
        var page = await researcher.GetAsync($"/beheer/monitoring/utrecht/golf/{waveId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        string Respondents(Page p, string wijk) => p.Html.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent.Trim() == wijk).QuerySelectorAll("td")[0].TextContent.Trim();
        Assert.Equal("verborgen", Respondents(page, "Nieuwegein-Noord"));
        Assert.Equal("verborgen", Respondents(page, "Nieuwegein-Zuid"));
        Assert.NotEqual("verborgen", Respondents(page, "Kanaleneiland")); // 14, or 15 after the fill-in test of this class
        // 4 + 0 is still small: the next smallest (Utrecht Oost, 12) is hidden with them.
        Assert.Equal("verborgen", Respondents(page, "Utrecht Oost"));

        using var coordinator = app.NewClient();
        await app.SignInWithTwoFactorAsync(coordinator, TimeBank.TimeBankApp.Email(GrozRole.Coordinator));
        var all = await coordinator.GetAsync($"/beheer/monitoring/utrecht/golf/{waveId}");
        Assert.Equal("4", Respondents(all, "Nieuwegein-Noord"));
        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/beheer/monitoring/utrecht/golf/{waveId}")).Status);
    }

    [Fact]
    public async Task The_public_monitor_shows_platform_figures_without_signing_in()
    {
        using var visitor = app.NewClient();
        var page = await visitor.GetAsync("/monitoring");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Utrecht", page.Text, StringComparison.Ordinal);
        Assert.NotEmpty(page.Html.QuerySelectorAll("table th[scope=col]"));
    }

    [Fact]
    public async Task A_coordinator_makes_a_survey_and_opens_a_wave_on_the_page()
    {
        using var coordinator = app.NewClient();
        await app.SignInWithTwoFactorAsync(coordinator, TimeBank.TimeBankApp.Email(GrozRole.Coordinator));
        var page = await coordinator.GetAsync("/beheer/monitoring/utrecht");
        var invalid = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["Input.Title"] = "", ["Input.ConsentVersion"] = "" }, "form[action*=Survey]");
        Assert.NotNull(invalid.Html.QuerySelector("#Input_Title-error"));
        var made = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["Input.Title"] = "Tijdbank start en na zes maanden", ["Input.ConsentVersion"] = "2026-2" }, "form[action*=Survey]");
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        var survey = await app.DbAsync(db => db.Surveys.Include(s => s.Questions).SingleAsync(s => s.Title == "Tijdbank start en na zes maanden"));
        Assert.Equal((Instrument.Loneliness6, true, 12), (survey.Loneliness!.Value, survey.PositiveHealth, survey.Questions.Count));
        page = await coordinator.GetAsync("/beheer/monitoring/utrecht");
        var opened = await coordinator.SubmitAsync(page, new Dictionary<string, string> { ["Wave.SurveyId"] = survey.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Wave.Name"] = "Start" }, "form[action*=Wave]");
        Assert.Equal(HttpStatusCode.Redirect, opened.Status);
        Assert.True(await app.DbAsync(db => db.SurveyWaves.AnyAsync(w => w.SurveyId == survey.Id && w.Name == "Start")));
    }
}
