using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Aggregates of one area in one wave. Shares in percent (two decimals) of the respondents whose loneliness total is not
/// missing; means over the answers given. <see cref="N"/> counts every response of the area and is what suppression
/// looks at. A suppressed area has every figure null.
/// </summary>
public sealed record AreaFigures(string Key, string Name, int? WijkId, bool Suppressed, int? N, decimal? ShareLonely, decimal? ShareSeverelyLonely,
    decimal? MeanTotal, decimal? MeanEmotional, decimal? MeanSocial, IReadOnlyList<decimal?> PositiveHealth);

public sealed record WaveResults(int WaveId, string Wave, int SurveyId, string Survey, Instrument? Loneliness, bool PositiveHealth,
    int SuppressBelow, bool SmallNumbersHidden, AreaFigures Total, IReadOnlyList<AreaFigures> Wijken);

/// <summary>
/// Change between two waves for the same pseudonymous respondents (pairs): loneliness totals before and after, the mean
/// change (after − before), the share lonely at both, and how many crossed the "lonely" line either way. The wijk is
/// that of the later response.
/// </summary>
public sealed record PairedFigures(string Key, string Name, int? WijkId, bool Suppressed, int? Pairs, decimal? MeanBefore, decimal? MeanAfter, decimal? MeanChange,
    decimal? ShareLonelyBefore, decimal? ShareLonelyAfter, int? BecameLonely, int? NoLongerLonely);

public sealed record PairedChange(int FromWaveId, int ToWaveId, int SuppressBelow, bool SmallNumbersHidden, PairedFigures Total, IReadOnlyList<PairedFigures> Wijken);

/// <summary>Results of waves, only ever as aggregates: no page, export or endpoint reads a single response's score.</summary>
public sealed class SurveyResults(GrozDbContext db, Surveys surveys)
{
    private sealed record Row(long Id, int? WijkId, string? Pseudonym, int? Total);

    public async Task<WaveResults?> WaveAsync(int waveId, bool hideSmall, CancellationToken ct = default)
    {
        var wave = await db.Set<SurveyWave>().AsNoTracking().Include(w => w.Survey).FirstOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave?.Survey is not { } survey)
        {
            return null;
        }
        var below = (await surveys.SettingsAsync(wave.LeerregioId, ct)).SuppressBelow;
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == wave.LeerregioId).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
        var rows = await db.Set<SurveyResponse>().AsNoTracking().Where(r => r.WaveId == waveId)
            .Select(r => new Row(r.Id, r.WijkId, null, r.LonelinessTotal)).ToListAsync(ct);
        var phQuestions = await db.Set<SurveyQuestion>().AsNoTracking().Where(q => q.SurveyId == survey.Id && q.ItemKey != null && q.ItemKey.StartsWith("ph."))
            .Select(q => new { q.Id, q.ItemKey }).ToListAsync(ct);
        var phIds = phQuestions.Select(q => q.Id).ToList();
        var phAnswers = await (from a in db.Set<SurveyAnswer>().AsNoTracking()
                               join r in db.Set<SurveyResponse>() on a.ResponseId equals r.Id
                               where r.WaveId == waveId && phIds.Contains(a.QuestionId)
                               select new { a.ResponseId, a.QuestionId, a.Number }).ToListAsync(ct);
        var ratings = phAnswers.GroupBy(a => a.ResponseId).ToDictionary(g => g.Key, g => Scoring.PositiveHealth.Select(d =>
        {
            var q = phQuestions.FirstOrDefault(x => x.ItemKey == d.Key);
            return q is null ? null : g.FirstOrDefault(a => a.QuestionId == q.Id)?.Number;
        }).ToArray());
        var emotional = await db.Set<SurveyResponse>().AsNoTracking().Where(r => r.WaveId == waveId)
            .Select(r => new { r.Id, r.LonelinessEmotional, r.LonelinessSocial }).ToDictionaryAsync(r => r.Id, ct);

        AreaFigures Figures(string key, string name, int? wijkId, List<Row> mine)
        {
            var scored = mine.Where(r => r.Total is not null).ToList();
            decimal? Share(Func<int, bool> which) => scored.Count == 0 ? null : Percent(scored.Count(r => which(r.Total!.Value)), scored.Count);
            var (lonelyAt, severeAt) = survey.Loneliness == Instrument.Loneliness6 ? (2, 5) : (3, 9);
            return new AreaFigures(key, name, wijkId, false, mine.Count,
                survey.Loneliness is null ? null : Share(t => t >= lonelyAt),
                survey.Loneliness is null ? null : Share(t => t >= severeAt),
                Mean(scored.Select(r => r.Total)),
                Mean(mine.Select(r => emotional[r.Id].LonelinessEmotional)),
                Mean(mine.Select(r => emotional[r.Id].LonelinessSocial)),
                survey.PositiveHealth ? Scoring.PositiveHealthMeans(mine.Where(r => ratings.ContainsKey(r.Id)).Select(r => ratings[r.Id])) : []);
        }

        var total = Figures("total", "", null, rows);
        var parts = wijken.Select(w => Figures($"wijk-{w.Id}", w.Name, w.Id, rows.Where(r => r.WijkId == w.Id).ToList())).ToList();
        if (hideSmall)
        {
            var hidden = SmallCells.Suppress(rows.Count, parts.Select(p => new SmallCells.Part(p.Key, p.N ?? 0)).ToList(), below);
            AreaFigures Hide(AreaFigures f) => new(f.Key, f.Name, f.WijkId, true, null, null, null, null, null, null, f.PositiveHealth.Select(_ => (decimal?)null).ToList());
            total = hidden.TotalHidden ? Hide(total) : total;
            parts = parts.Select(p => hidden.Hidden(p.Key) ? Hide(p) : p).ToList();
        }
        return new WaveResults(wave.Id, wave.Name, survey.Id, survey.Title, survey.Loneliness, survey.PositiveHealth, below, hideSmall, total, parts);
    }

    /// <summary>Null when a wave is unknown, the waves belong to different surveys, or the survey is not pseudonymous (nothing links its respondents).</summary>
    public async Task<PairedChange?> PairedAsync(int fromWaveId, int toWaveId, bool hideSmall, CancellationToken ct = default)
    {
        var waves = await db.Set<SurveyWave>().AsNoTracking().Include(w => w.Survey).Where(w => w.Id == fromWaveId || w.Id == toWaveId).ToListAsync(ct);
        if (fromWaveId == toWaveId || waves.Count != 2 || waves[0].SurveyId != waves[1].SurveyId || waves[0].Survey is not { } survey
            || survey.Anonymity != SurveyAnonymity.Pseudonymous || survey.Loneliness is null)
        {
            return null;
        }
        var below = (await surveys.SettingsAsync(survey.LeerregioId, ct)).SuppressBelow;
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == survey.LeerregioId).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
        var before = await db.Set<SurveyResponse>().AsNoTracking().Where(r => r.WaveId == fromWaveId && r.Pseudonym != null && r.LonelinessTotal != null)
            .Select(r => new { r.Pseudonym, r.LonelinessTotal }).ToDictionaryAsync(r => r.Pseudonym!, r => r.LonelinessTotal!.Value, ct);
        var after = await db.Set<SurveyResponse>().AsNoTracking().Where(r => r.WaveId == toWaveId && r.Pseudonym != null && r.LonelinessTotal != null)
            .Select(r => new { r.Pseudonym, r.LonelinessTotal, r.WijkId }).ToListAsync(ct);
        var pairs = after.Where(a => before.ContainsKey(a.Pseudonym!)).Select(a => (Before: before[a.Pseudonym!], After: a.LonelinessTotal!.Value, a.WijkId)).ToList();
        var lonelyAt = survey.Loneliness == Instrument.Loneliness6 ? 2 : 3;

        PairedFigures Figures(string key, string name, int? wijkId, List<(int Before, int After, int? WijkId)> mine) => new(key, name, wijkId, false, mine.Count,
            Mean(mine.Select(p => (int?)p.Before)), Mean(mine.Select(p => (int?)p.After)), Mean(mine.Select(p => (int?)(p.After - p.Before))),
            mine.Count == 0 ? null : Percent(mine.Count(p => p.Before >= lonelyAt), mine.Count),
            mine.Count == 0 ? null : Percent(mine.Count(p => p.After >= lonelyAt), mine.Count),
            mine.Count(p => p.Before < lonelyAt && p.After >= lonelyAt), mine.Count(p => p.Before >= lonelyAt && p.After < lonelyAt));

        var total = Figures("total", "", null, pairs);
        var parts = wijken.Select(w => Figures($"wijk-{w.Id}", w.Name, w.Id, pairs.Where(p => p.WijkId == w.Id).ToList())).ToList();
        if (hideSmall)
        {
            var hidden = SmallCells.Suppress(pairs.Count, parts.Select(p => new SmallCells.Part(p.Key, p.Pairs ?? 0)).ToList(), below);
            static PairedFigures Hide(PairedFigures f) => new(f.Key, f.Name, f.WijkId, true, null, null, null, null, null, null, null, null);
            total = hidden.TotalHidden ? Hide(total) : total;
            parts = parts.Select(p => hidden.Hidden(p.Key) ? Hide(p) : p).ToList();
        }
        return new PairedChange(fromWaveId, toWaveId, below, hideSmall, total, parts);
    }

    public static decimal Percent(int part, int whole) => Math.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero);

    public static decimal? Mean(IEnumerable<int?> values)
    {
        var given = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return given.Count == 0 ? null : Math.Round((decimal)given.Sum() / given.Count, 2, MidpointRounding.AwayFromZero);
    }
}
