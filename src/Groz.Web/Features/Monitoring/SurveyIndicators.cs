using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Writes the results of a wave into the monitor as indicator values (period kind Wave, starting on the day the wave
/// opened, Dutch time, and keyed by the wave, so that two waves opening on one day keep their own values), for the leerregio and each wijk: share lonely and severely lonely of the survey's loneliness
/// scale, and the mean positive-health rating per dimension. N is the area's respondents. Stored unsuppressed like every
/// value; <see cref="IndicatorReads"/> hides small cells from everyone but coordinators. Writing again replaces.
/// </summary>
public sealed class SurveyIndicators(GrozDbContext db, SurveyResults results, PlatformIndicators platform, TimeProvider time)
{
    public async Task<int> WriteWaveAsync(int waveId, CancellationToken ct = default)
    {
        await IndicatorCatalog.EnsureAsync(db, ct);
        if (await results.WaveAsync(waveId, hideSmall: false, ct) is not { } wave)
        {
            return 0;
        }
        var w = await db.SurveyWaves.AsNoTracking().SingleAsync(x => x.Id == waveId, ct);
        var slug = await db.Leerregios.Where(l => l.Id == w.LeerregioId).Select(l => l.Slug).SingleAsync(ct);
        var codes = await db.Wijken.AsNoTracking().Where(x => x.LeerregioId == w.LeerregioId).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
        var definitions = await db.Indicators.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        var start = DateOnly.FromDateTime(TimeBankPages.Local(w.OpensAt));
        var now = time.GetUtcNow();
        var prefix = wave.Loneliness switch { Instrument.Loneliness11 => "loneliness11", Instrument.Loneliness6 => "loneliness6", _ => null };
        var values = new List<IndicatorValue>();
        foreach (var area in wave.Wijken.Prepend(wave.Total))
        {
            if (area.N is not { } n || n == 0)
            {
                continue;
            }
            var (level, code) = area.WijkId is { } id ? (AreaLevel.Wijk, codes[id]) : (AreaLevel.Leerregio, slug);
            void Add(string indicator, decimal? value)
            {
                if (value is not null)
                {
                    values.Add(new IndicatorValue
                    {
                        IndicatorId = definitions[indicator], LeerregioId = w.LeerregioId, Level = level, WijkId = area.WijkId, AreaCode = code,
                        PeriodKind = PeriodKind.Wave, PeriodStart = start, WaveId = waveId, N = n, Value = value, Status = ValueStatus.Measured, ComputedAt = now,
                    });
                }
            }
            if (prefix is not null)
            {
                Add(prefix + ".lonely", area.ShareLonely);
                Add(prefix + ".severe", area.ShareSeverelyLonely);
            }
            for (var i = 0; i < area.PositiveHealth.Count && i < Scoring.PositiveHealth.Count; i++)
            {
                Add("positive-health." + Scoring.PositiveHealth[i].Key[3..], area.PositiveHealth[i]);
            }
        }
        await platform.UpsertAsync(values, ct);
        return values.Count;
    }

    /// <summary>Waves that closed in the last <paramref name="days"/> days (a late response cannot come in after closing, so once is enough; again does no harm).</summary>
    public async Task<int> WriteClosedAsync(int days = 7, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-days);
        var ids = await db.SurveyWaves.AsNoTracking().Where(x => x.ClosesAt <= now && x.ClosesAt > since).Select(x => x.Id).ToListAsync(ct);
        var written = 0;
        foreach (var id in ids)
        {
            written += await WriteWaveAsync(id, ct);
        }
        return written;
    }
}
