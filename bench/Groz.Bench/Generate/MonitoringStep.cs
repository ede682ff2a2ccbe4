using System.Security.Claims;
using Groz.Web;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Groz.Bench.Generate;

/// <summary>
/// The monitor's share: three years of monthly platform indicator values (the four the job computes) for the leerregio,
/// every wijk and every buurt, and six half-yearly waves of a pseudonymous survey (loneliness, 11 items, and positive
/// health) with respondents who partly come back, so that paired change exists.
/// <para>
/// The values are modelled, not computed (status Estimated): the module data only covers the last two years, and the
/// app's daily <see cref="MonitoringJob"/> replaces the last twelve months with measured values once the app runs with
/// it on. The model: participation grows along an S-curve from a small start, with a summer dip and noise; help
/// answered in time and social-map freshness improve; hours follow active members. Buurten are small, so many of their
/// cells fall under the suppression threshold, as in a real leerregio.
/// </para>
/// </summary>
public sealed class MonitoringStep : IGeneratorStep
{
    public string Name => "monitoring";

    public const int Months = 36;
    public const int Waves = 6;
    /// <summary>Respondents per wave per 100,000 residents; half of each wave answered the wave before it too.</summary>
    public const int RespondentsPer100k = 1_500;

    private sealed record Area(AreaLevel Level, int? WijkId, int? BuurtId, string Code, int Residents);

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var asOf = PlatformIndicators.MonthOf(context.Options.AsOf);
        Dictionary<string, int> ids = [];
        await context.WriteAsync(async db =>
        {
            await IndicatorCatalog.EnsureAsync(db, ct);
            ids = await db.Indicators.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        }, ct);

        var wijken = context.Wijken.Select(w => new Area(AreaLevel.Wijk, w.Wijk.Id, null, w.Wijk.Code, w.Wijk.Residents ?? 1)).ToList();
        var buurten = context.Wijken.SelectMany(w => w.Buurten.Select(b => new Area(AreaLevel.Buurt, w.Wijk.Id, b.Id, b.Code, b.Residents ?? 1))).ToList();
        var values = new List<IndicatorValue>();
        var computedAt = context.Options.AsOf;
        // Per area its own pace and level, so that the wijken differ and the comparison chart has something to show.
        var pace = wijken.Concat(buurten).ToDictionary(a => a.Code, _ => 0.7 + (random.NextDouble() * 0.6));
        for (var m = 0; m < Months; m++)
        {
            var month = asOf.AddMonths(m - Months + 1);
            var progress = m / (double)(Months - 1);
            var summer = month.Month is 7 or 8 ? 0.8 : 1.0;
            IndicatorValue V(string code, Area a, int n, decimal? numerator, decimal? denominator, decimal? value) => new()
            {
                IndicatorId = ids[code], LeerregioId = leerregio.Id, Level = a.Level, WijkId = a.WijkId, BuurtId = a.BuurtId, AreaCode = a.Code,
                PeriodKind = PeriodKind.Month, PeriodStart = month, N = n, Numerator = numerator, Denominator = denominator,
                Value = value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null, Status = ValueStatus.Estimated, ComputedAt = computedAt,
            };
            var sums = (Active: 0, Hours: 0m, Asked: 0, Within: 0, Services: 0, Fresh: 0);
            foreach (var a in wijken.Concat(buurten))
            {
                var p = pace[a.Code];
                // Active members: from 0.3 % to about 2 % of residents along an S-curve.
                var share = (0.003 + (0.017 / (1 + Math.Exp(-8 * ((progress * p) - 0.45))))) * summer * (0.92 + (random.NextDouble() * 0.16));
                var active = (int)Math.Round(a.Residents * share);
                var hours = Math.Round((decimal)(active * (2.0 + (random.NextDouble() * 1.5))), 1);
                var asked = (int)Math.Round(a.Residents * 0.0025 * (0.8 + (random.NextDouble() * 0.4)));
                var within = (int)Math.Round(asked * Math.Min(0.97, 0.68 + (0.2 * progress * p) + ((random.NextDouble() - 0.5) * 0.08)));
                var services = Math.Max(1, (int)Math.Round(a.Residents / 900.0));
                var fresh = (int)Math.Round(services * Math.Min(1.0, 0.55 + (0.35 * progress) + ((random.NextDouble() - 0.5) * 0.1)));
                values.Add(V(IndicatorCatalog.TimeBankActive, a, active, active, null, active));
                values.Add(V(IndicatorCatalog.TimeBankHours, a, active, hours, a.Residents, hours * 1000m / a.Residents));
                values.Add(V(IndicatorCatalog.HelpWithinTarget, a, asked, within, asked, asked == 0 ? null : 100m * within / asked));
                values.Add(V(IndicatorCatalog.SocialMapFreshness, a, services, fresh, services, 100m * fresh / services));
                if (a.Level == AreaLevel.Wijk)
                {
                    sums = (sums.Active + active, sums.Hours + hours, sums.Asked + asked, sums.Within + within, sums.Services + services, sums.Fresh + fresh);
                }
            }
            // The leerregio is its wijken together, as the job computes it.
            var whole = new Area(AreaLevel.Leerregio, null, null, leerregio.Slug, wijken.Sum(w => w.Residents));
            values.Add(V(IndicatorCatalog.TimeBankActive, whole, sums.Active, sums.Active, null, sums.Active));
            values.Add(V(IndicatorCatalog.TimeBankHours, whole, sums.Active, sums.Hours, whole.Residents, sums.Hours * 1000m / whole.Residents));
            values.Add(V(IndicatorCatalog.HelpWithinTarget, whole, sums.Asked, sums.Within, sums.Asked, sums.Asked == 0 ? null : 100m * sums.Within / sums.Asked));
            values.Add(V(IndicatorCatalog.SocialMapFreshness, whole, sums.Services, sums.Fresh, sums.Services, 100m * sums.Fresh / sums.Services));
        }
        context.Count("indicator values", await context.InsertAsync(values, ct));
        await SurveyAsync(context, leerregio.Id, random, ct);
    }

    private static async Task SurveyAsync(GenerationContext context, int leerregioId, Random random, CancellationToken ct)
    {
        var coordinatorId = context.Members.FirstOrDefault(m => m.Roles.Contains(GrozRole.Coordinator))?.UserId ?? context.Members[0].UserId;
        var coordinator = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, coordinatorId), new Claim(Access.RoleClaim, Access.Encode(GrozRole.Coordinator, leerregioId, null)), new Claim(Access.TwoFactorClaim, "1")], "bench"));
        Survey survey;
        List<SurveyQuestion> questions;
        byte[] key;
        await using (var scope = context.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var surveys = new Surveys(db, TimeProvider.System, scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>());
            var made = await surveys.CreateAsync(coordinator, leerregioId,
                new NewSurvey("Hoe gaat het met u? (monitor)", null, Instrument.Loneliness11, true, SurveyAnonymity.Pseudonymous, "2023-1"), ct);
            survey = made.Value ?? throw new InvalidOperationException(made.Message);
            questions = await db.SurveyQuestions.AsNoTracking().Where(q => q.SurveyId == survey.Id).OrderBy(q => q.Position).ToListAsync(ct);
            key = (await surveys.SettingsAsync(leerregioId, ct)).PseudonymKey;
        }

        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        var perWave = Math.Max(20, (int)Math.Round(residents * (long)RespondentsPer100k / 100_000.0));
        var wijkIds = context.Wijken.SelectMany(w => Enumerable.Repeat(w.Wijk.Id, Math.Max(1, (w.Wijk.Residents ?? 1) / 1000))).ToList();
        var people = new List<(int Id, int WijkId, double Lean)>();
        var previous = new List<(int Id, int WijkId, double Lean)>();
        var (responses, answers) = (0, 0);
        for (var w = 0; w < Waves; w++)
        {
            // Half-yearly: the first wave 33 months before the day the data is as of, the last 3 months before it.
            var opens = context.Options.AsOf.AddMonths((6 * w) - 33);
            var wave = new SurveyWave
            {
                SurveyId = survey.Id, LeerregioId = leerregioId, Name = (opens.Month <= 6 ? "Voorjaar " : "Najaar ") + opens.Year, OpensAt = opens, ClosesAt = opens.AddDays(28),
                Access = WaveAccess.Platform, Token = GenerationContext.NextGuid(random).Replace("-", "", StringComparison.Ordinal), CreatedAt = opens.AddDays(-7),
            };
            await context.WriteAsync(db => { db.Add(wave); return Task.CompletedTask; }, ct);
            var returning = previous.OrderBy(_ => random.Next()).Take(perWave / 2).ToList();
            var next = people.Count;
            var fresh = Enumerable.Range(0, perWave - returning.Count)
                .Select(_ => (Id: ++next, WijkId: wijkIds[random.Next(wijkIds.Count)], Lean: random.NextDouble())).ToList();
            people.AddRange(fresh);
            var respondents = returning.Concat(fresh).ToList();
            var day = DateOnly.FromDateTime(TimeBankPages.Local(opens.AddDays(3)));
            var rows = new List<SurveyResponse>();
            var marks = new List<SurveyParticipation>();
            foreach (var (id, wijkId, lean) in respondents)
            {
                // Loneliness goes down a little from wave to wave (what the leerregio hopes to show).
                var lonely = Math.Clamp(lean - (0.03 * w), 0, 1);
                var response = new SurveyResponse
                {
                    WaveId = wave.Id, SurveyId = survey.Id, LeerregioId = leerregioId, WijkId = wijkId, ConsentVersion = survey.ConsentVersion, SubmittedOn = day,
                    Pseudonym = Surveys.KeyedHash(key, $"user:synthetic-{id}"),
                };
                foreach (var q in questions)
                {
                    if (q.ItemKey!.StartsWith("djg11.", StringComparison.Ordinal))
                    {
                        if (random.NextDouble() < 0.05)
                        {
                            continue;
                        }
                        var item = Scoring.Items11.Single(x => q.ItemKey == x.Key(Instrument.Loneliness11));
                        var lonelyWay = random.NextDouble() < lonely;
                        var answer = random.NextDouble() < 0.2 ? LonelinessAnswer.MoreOrLess : lonelyWay == item.Positive ? LonelinessAnswer.No : LonelinessAnswer.Yes;
                        response.Answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = (int)answer });
                    }
                    else
                    {
                        response.Answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = Math.Clamp((int)Math.Round(8.5 - (4 * lonely) + random.Next(-1, 2)), 0, 10) });
                    }
                }
                var score = Scoring.Score11(Surveys.LonelinessAnswers(Instrument.Loneliness11, questions, response.Answers));
                (response.LonelinessTotal, response.LonelinessEmotional, response.LonelinessSocial) = (score.Total, score.Emotional, score.Social);
                answers += response.Answers.Count;
                rows.Add(response);
                marks.Add(new SurveyParticipation { WaveId = wave.Id, Mark = Surveys.KeyedHash(key, $"wave:{wave.Id}:user:synthetic-{id}") });
            }
            responses += await context.InsertAsync(rows, ct);
            await context.InsertAsync(marks, ct);
            previous = respondents;
        }
        context.Count("survey waves", Waves);
        context.Count("survey responses", responses);
        context.Count("survey answers", answers);
    }
}
