using System.Globalization;
using System.Text.RegularExpressions;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>A quarter ("2026-Q1") or half-year ("2026-H2"): its first day and its number of months.</summary>
public sealed partial record ReportPeriod(DateOnly Start, int Months)
{
    public DateOnly End => Start.AddMonths(Months).AddDays(-1);
    public ReportPeriod Previous => new(Start.AddMonths(-Months), Months);
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Start.Year}-{(Months == 3 ? "Q" : "H")}{((Start.Month - 1) / Months) + 1}");
    public string Label => string.Create(CultureInfo.InvariantCulture,
        $"{(Months == 3 ? (Localization.IsDutch ? "kwartaal " : "quarter ") : (Localization.IsDutch ? "halfjaar " : "half-year "))}{((Start.Month - 1) / Months) + 1} {Start.Year}");

    public static ReportPeriod? Parse(string? text)
    {
        if (text is null || PeriodPattern().Match(text) is not { Success: true } m)
        {
            return null;
        }
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        var months = m.Groups[2].Value == "Q" ? 3 : 6;
        return number > 12 / months ? null : new ReportPeriod(new DateOnly(year, ((number - 1) * months) + 1, 1), months);
    }

    public static ReportPeriod QuarterOf(DateOnly day) => new(new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1), 3);

    [GeneratedRegex(@"^(20\d\d)-([QH])([1-4])$")]
    private static partial Regex PeriodPattern();
}

/// <summary>One area's figure for a period: the mean of its months, or hidden; and the area's target for the period's year.</summary>
public sealed record ReportCell(string AreaCode, string AreaName, bool Suppressed, int? N, decimal? Value, decimal? Previous, decimal? Target = null)
{
    public decimal? Change => Value is { } v && Previous is { } p ? v - p : null;
}

public sealed record ReportIndicator(string Code, string Name, string Unit, BetterDirection Better, IReadOnlyList<ReportCell> Areas);

public sealed record PeriodicReportData(Leerregio Leerregio, ReportPeriod Period, bool SmallNumbersHidden, int SuppressBelow,
    IReadOnlyList<ReportIndicator> Indicators, IReadOnlyList<WaveResults> Waves);

/// <summary>
/// The periodic report of a leerregio for its learning community: per indicator the value per wijk in the period, the
/// change since the previous period, and the survey waves that opened in the period. A period's value is the mean of its
/// monthly values, built from the monthly cells as the reader may see them: an area whose value is hidden in any month
/// of the period is hidden for the whole period, so that the mean and the visible months cannot give a hidden month away.
/// n is the smallest monthly n.
/// </summary>
public sealed class PeriodicReports(GrozDbContext db, IndicatorReads reads, SurveyResults results, Surveys surveys, Targets targets)
{
    public async Task<PeriodicReportData> BuildAsync(Leerregio leerregio, ReportPeriod period, bool hideSmall, CancellationToken ct = default)
    {
        var dutch = Localization.IsDutch;
        var previous = period.Previous;
        var values = (await reads.ValuesAsync(leerregio.Id, null, previous.Start, period.End, hideSmall, ct)).Where(v => v.Period == nameof(PeriodKind.Month)).ToList();
        var definitions = await db.Indicators.AsNoTracking().ToDictionaryAsync(d => d.Code, ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name).ToListAsync(ct);
        var areas = wijken.Select(w => (w.Code, w.Name)).Prepend((leerregio.Slug, leerregio.Name)).ToList();
        var (start, prevStart) = (IndicatorReads.Day(period.Start), IndicatorReads.Day(previous.Start));
        var goals = await targets.TablesAsync(leerregio.Id, leerregio.Slug, ct);

        (bool Hidden, int? N, decimal? Mean) Aggregate(List<IndicatorValueDto> months)
        {
            if (months.Any(v => v.Status == nameof(ValueStatus.Suppressed)))
            {
                return (true, null, null);
            }
            var given = months.Where(v => v.Value is not null).Select(v => v.Value!.Value).ToList();
            return (false, months.Count == 0 ? null : months.Min(v => v.N),
                given.Count == 0 ? null : Math.Round(given.Sum() / given.Count, 2, MidpointRounding.AwayFromZero));
        }

        var indicators = new List<ReportIndicator>();
        foreach (var byIndicator in values.GroupBy(v => v.Indicator).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!definitions.TryGetValue(byIndicator.Key, out var d) || !byIndicator.Any(v => string.CompareOrdinal(v.PeriodStart, start) >= 0))
            {
                continue;
            }
            var cells = areas.Select(a =>
            {
                var mine = byIndicator.Where(v => v.AreaCode == a.Item1).ToList();
                var now = Aggregate(mine.Where(v => string.CompareOrdinal(v.PeriodStart, start) >= 0).ToList());
                var before = Aggregate(mine.Where(v => string.CompareOrdinal(v.PeriodStart, prevStart) >= 0 && string.CompareOrdinal(v.PeriodStart, start) < 0).ToList());
                var goal = goals.TryGetValue(d.Code, out var table) ? table.For(a.Item1, period.Start.Year) : null;
                return now.Hidden
                    ? new ReportCell(a.Item1, a.Item2, true, null, null, null, goal)
                    : new ReportCell(a.Item1, a.Item2, false, now.N, now.Mean, before.Hidden ? null : before.Mean, goal);
            }).ToList();
            indicators.Add(new ReportIndicator(d.Code, dutch ? d.NameNl : d.NameEn, d.Unit, d.Better, cells));
        }

        var (from, until) = (TimeBank.TimeBankPages.StartOfDay(period.Start), TimeBank.TimeBankPages.StartOfDay(period.End.AddDays(1)));
        var waveIds = await db.SurveyWaves.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id && w.OpensAt >= from && w.OpensAt < until)
            .OrderBy(w => w.OpensAt).Select(w => w.Id).ToListAsync(ct);
        var waves = new List<WaveResults>();
        foreach (var id in waveIds)
        {
            waves.Add((await results.WaveAsync(id, hideSmall, ct))!);
        }
        var below = (await surveys.SettingsAsync(leerregio.Id, ct)).SuppressBelow;
        return new PeriodicReportData(leerregio, period, hideSmall, below, indicators, waves);
    }
}
