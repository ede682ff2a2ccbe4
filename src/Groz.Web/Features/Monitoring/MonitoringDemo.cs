using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Demo monitor for Utrecht: both loneliness instruments ready as surveys (11 items with positive health, pseudonymous;
/// 6 items, anonymous), and one open wave of the 11-item survey with synthetic respondents: 14 in Kanaleneiland, 12 in
/// Utrecht Oost and 4 in Nieuwegein-Noord, so that researchers and the public see the small wijk (and its complement)
/// suppressed. This year's targets for tijdbank hours, help within target and loneliness. The platform indicators of this
/// month are computed at once, so the public monitor is not empty.
/// </summary>
public static class MonitoringDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var surveys = services.GetRequiredService<Surveys>();
        if (await db.Surveys.AnyAsync(ct))
        {
            return;
        }
        var utrecht = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == "utrecht", ct);
        var coordinatorId = await db.Users.Where(u => u.Email == DemoData.DemoEmail(GrozRole.Coordinator, "utrecht")).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (utrecht is null || coordinatorId is null)
        {
            return;
        }
        // The service checks the role from claims; the demo acts as the leerregio's coordinator.
        var coordinator = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, coordinatorId), new Claim(Access.RoleClaim, Access.Encode(GrozRole.Coordinator, utrecht.Id, null)), new Claim(Access.TwoFactorClaim, "1")], "demo"));
        var long11 = (await surveys.CreateAsync(coordinator, utrecht.Id,
            new NewSurvey("Hoe gaat het met u? (eenzaamheid en gezondheid)", "Deze vragen gaan over contact met anderen en over hoe het met u gaat. Het invullen duurt ongeveer 5 minuten.",
                Instrument.Loneliness11, true, SurveyAnonymity.Pseudonymous, "2026-1"), ct)).Value!;
        await surveys.CreateAsync(coordinator, utrecht.Id,
            new NewSurvey("Korte vragenlijst eenzaamheid", null, Instrument.Loneliness6, false, SurveyAnonymity.Anonymous, "2026-1"), ct);
        var now = time.GetUtcNow();
        var wave = (await surveys.OpenWaveAsync(coordinator, long11.Id, new NewWave("Voorjaar", now.AddDays(-14), now.AddDays(28), WaveAccess.Platform), ct)).Value!;

        // This year's targets, so that the dashboards show a target line from the start.
        var targets = services.GetRequiredService<Targets>();
        var year = TimeBankPages.Local(now).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (indicator, value) in new[] { (IndicatorCatalog.TimeBankHours, "25"), (IndicatorCatalog.HelpWithinTarget, "80"), ("loneliness11.lonely", "40") })
        {
            await targets.SetAsync(coordinator, utrecht.Id, new NewTarget(indicator, null, year, value), ct);
        }

        var settings = await surveys.SettingsAsync(utrecht.Id, ct);
        var questions = await db.SurveyQuestions.AsNoTracking().Where(q => q.SurveyId == long11.Id).OrderBy(q => q.Position).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == utrecht.Id).ToDictionaryAsync(w => w.Name, w => w.Id, ct);
        var random = new Random(2026);
        var day = DateOnly.FromDateTime(TimeBankPages.Local(now.AddDays(-3)));
        var respondent = 0;
        foreach (var (wijk, count) in new[] { ("Kanaleneiland", 14), ("Utrecht Oost", 12), ("Nieuwegein-Noord", 4) })
        {
            if (!wijken.TryGetValue(wijk, out var wijkId))
            {
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                // Each synthetic respondent leans lonely or not; about one in ten skips an item.
                var lean = random.NextDouble();
                var response = new SurveyResponse
                {
                    WaveId = wave.Id, SurveyId = long11.Id, LeerregioId = utrecht.Id, WijkId = wijkId, ConsentVersion = long11.ConsentVersion, SubmittedOn = day,
                    Pseudonym = Surveys.KeyedHash(settings.PseudonymKey, $"user:demo-respondent-{++respondent}"),
                };
                foreach (var q in questions)
                {
                    if (q.ItemKey!.StartsWith("djg11.", StringComparison.Ordinal))
                    {
                        if (random.NextDouble() < 0.1)
                        {
                            continue;
                        }
                        var item = Scoring.Items11.Single(x => q.ItemKey == x.Key(Instrument.Loneliness11));
                        var lonelyWay = random.NextDouble() < lean;
                        var answer = random.NextDouble() < 0.2 ? LonelinessAnswer.MoreOrLess : lonelyWay == item.Positive ? LonelinessAnswer.No : LonelinessAnswer.Yes;
                        response.Answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = (int)answer });
                    }
                    else
                    {
                        response.Answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = Math.Clamp((int)Math.Round(8 - 4 * lean + random.Next(-1, 2)), 0, 10) });
                    }
                }
                var score = Scoring.Score11(Surveys.LonelinessAnswers(Instrument.Loneliness11, questions, response.Answers));
                (response.LonelinessTotal, response.LonelinessEmotional, response.LonelinessSocial) = (score.Total, score.Emotional, score.Social);
                db.SurveyResponses.Add(response);
                db.SurveyParticipations.Add(new SurveyParticipation { WaveId = wave.Id, Mark = Surveys.KeyedHash(settings.PseudonymKey, $"wave:{wave.Id}:user:demo-respondent-{respondent}") });
            }
        }
        await db.SaveChangesAsync(ct);

        // CBS key figures of the demo wijken, through the import itself (each leerregio its own rows), before the job uses them as denominators.
        var import = services.GetRequiredService<MonitoringImport>();
        var example = MonitoringImport.ExampleCbs().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var lr in await db.Leerregios.AsNoTracking().Select(l => new { l.Id, l.Slug }).ToListAsync(ct))
        {
            var codes = Data.DemoData.Leerregios.Where(x => x.Slug == lr.Slug).SelectMany(x => x.Wijken).Select(w => w.Code).ToHashSet(StringComparer.Ordinal);
            var own = example.Skip(1).Where(line => codes.Contains(line.Split(';')[0])).ToList();
            if (own.Count > 0)
            {
                await import.ImportAsync(lr.Id, ImportKind.Cbs, new StringReader(string.Join('\n', example.Take(1).Concat(own))), ct);
            }
        }

        var platform = services.GetRequiredService<PlatformIndicators>();
        foreach (var id in await db.Leerregios.AsNoTracking().Select(l => l.Id).ToListAsync(ct))
        {
            await platform.ComputeAsync(id, PlatformIndicators.MonthOf(now), ct);
        }
    }
}
