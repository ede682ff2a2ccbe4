using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring;

/// <summary>One cell of a chart's table. A suppressed cell has neither n nor value; "Missing" means nothing was measured.</summary>
public sealed record ChartCell(int? N, decimal? Value, string Status)
{
    public static readonly ChartCell Missing = new(null, null, "Missing");
    public bool Suppressed => Status == nameof(ValueStatus.Suppressed);
}

/// <summary>
/// One line (an area) of a chart: a cell for each column, and (trend and wijken charts) the area's target for each
/// column's year, null where there is none.
/// </summary>
public sealed record ChartLine(string Key, string Name, IReadOnlyList<ChartCell> Cells, IReadOnlyList<decimal?>? Targets = null);

/// <summary>
/// A chart and its data table are one thing: the page prints the table (the content without JavaScript) and the site
/// script draws the chart from it. Columns are the x axis (periods, wijken, dimensions, waves); <see cref="ColumnKeys"/>
/// are their stable forms (yyyy-MM-dd, CBS code, item key, wave id) for exports and the API.
/// </summary>
public sealed record Chart(string Id, string Kind, string Title, string? IndicatorCode, string Unit, IReadOnlyList<string> ColumnKeys, IReadOnlyList<string> Columns,
    IReadOnlyList<ChartLine> Lines, decimal? Target, string Summary);

public sealed record IndicatorChoice(string Code, string Name);

public sealed record MonitorDashboard(string Leerregio, string LeerregioName, string? Wijk, string? WijkName, bool SmallNumbersHidden, int SuppressBelow,
    string PeriodKind, string From, string To, string? Indicator, IReadOnlyList<IndicatorChoice> Indicators, IReadOnlyList<Chart> Charts);

/// <summary>What a reader asks for with the choosers (GET): indicator code, period kind, first and last period (yyyy-MM).</summary>
public sealed record DashboardQuery(string? Indicator, string? Kind, string? From, string? To);

/// <summary>A dashboard, or why there is none: 404 for an unknown area or indicator, 400 with field messages for a bad period.</summary>
public sealed record DashboardOutcome(MonitorDashboard? Value, int Status, Dictionary<string, string[]> Errors);

/// <summary>
/// The monitor dashboards of a leerregio or one of its wijken: the trend of one indicator over up to three years, the
/// wijken side by side in the latest period, positive health as a spider web (latest wave) and the share of lonely
/// respondents per wave. Every figure comes from <see cref="IndicatorReads"/> (the stored pre-aggregate) or the
/// aggregate survey queries, so suppression is the same as everywhere else: for everyone but coordinators a small cell,
/// and the cell that would give it away by subtraction from the total, is suppressed before it reaches the page, the
/// export or the API.
/// </summary>
public sealed class Dashboards(GrozDbContext db, IndicatorReads reads, SurveyResults results, Surveys surveys, Targets targets, IStringLocalizer<SharedResource> l)
{
    /// <summary>The widest period a reader may ask for: five years of months is still one query and a readable table.</summary>
    public const int MaxMonths = 60;

    public const int DefaultMonths = 36;

    private static readonly PeriodKind[] Kinds = [PeriodKind.Month, PeriodKind.Quarter, PeriodKind.Year];

    public async Task<DashboardOutcome> BuildAsync(Leerregio leerregio, Wijk? wijk, DashboardQuery query, bool hideSmall, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = PeriodKind.Month;
        if (!string.IsNullOrEmpty(query.Kind) && (!Enum.TryParse(query.Kind, ignoreCase: true, out kind) || !Kinds.Contains(kind)))
        {
            errors["kind"] = [l["Choose months, quarters or years."]];
        }
        DateOnly? Month(string? text, string field)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }
            if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            errors[field] = [l["Give a month as year-month, for example 2026-03."]];
            return null;
        }
        var (from, to) = (Month(query.From, "from"), Month(query.To, "to"));
        if (from is { } f0 && to is { } t0 && (f0 > t0 || Months(f0, t0) > MaxMonths))
        {
            errors["from"] = [l["The first month comes before the last, at most {0} months apart.", MaxMonths]];
        }
        if (errors.Count > 0)
        {
            return new DashboardOutcome(null, 400, errors);
        }

        await IndicatorCatalog.EnsureAsync(db, ct);
        var dutch = Localization.IsDutch;
        var withValues = await db.IndicatorValues.AsNoTracking().Where(v => v.LeerregioId == leerregio.Id && v.PeriodKind == kind)
            .Select(v => v.IndicatorId).Distinct().ToListAsync(ct);
        var definitions = await db.Indicators.AsNoTracking().OrderBy(d => d.Code).ToListAsync(ct);
        var choices = definitions.Where(d => withValues.Contains(d.Id)).ToList();
        IndicatorDefinition? indicator;
        if (!string.IsNullOrEmpty(query.Indicator))
        {
            indicator = definitions.FirstOrDefault(d => d.Code == query.Indicator);
            if (indicator is null)
            {
                return new DashboardOutcome(null, 404, []);
            }
        }
        else
        {
            indicator = choices.FirstOrDefault(d => d.Code == IndicatorCatalog.TimeBankHours) ?? choices.FirstOrDefault();
        }

        var below = (await surveys.SettingsAsync(leerregio.Id, ct)).SuppressBelow;
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name).ToListAsync(ct);
        var charts = new List<Chart>();
        string Name(IndicatorDefinition d) => dutch ? d.NameNl : d.NameEn;

        if (indicator is not null)
        {
            if (to is null)
            {
                var latest = await db.IndicatorValues.Where(v => v.LeerregioId == leerregio.Id && v.IndicatorId == indicator.Id && v.PeriodKind == kind)
                    .MaxAsync(v => (DateOnly?)v.PeriodStart, ct);
                to = latest ?? from;
            }
            if (to is { } t1 && from is null)
            {
                from = t1.AddMonths(-(kind switch { PeriodKind.Year => 24, PeriodKind.Quarter => 33, _ => DefaultMonths - 1 }));
            }
        }
        if (indicator is not null && from is { } f && to is { } t)
        {
            // One query: every stored value of the indicator in the range, suppressed per (period) table of leerregio and wijken.
            var values = (await reads.ValuesAsync(leerregio.Id, indicator.Code, f, new DateOnly(t.Year, t.Month, 1).AddMonths(1).AddDays(-1), hideSmall, ct))
                .Where(v => v.Period == kind.ToString()).ToList();
            var periods = values.Select(v => v.PeriodStart).Distinct().Order(StringComparer.Ordinal).ToList();
            var areas = new List<(string Code, string Name)>();
            if (wijk is not null)
            {
                areas.Add((wijk.Code, wijk.Name));
            }
            areas.Add((leerregio.Slug, leerregio.Name));
            if (wijk is null)
            {
                areas.AddRange(wijken.Select(w => (w.Code, w.Name)));
            }
            var byKey = values.ToDictionary(v => (v.AreaCode, v.PeriodStart));
            ChartCell Cell(string area, string period) => byKey.TryGetValue((area, period), out var v) ? new ChartCell(v.N, v.Value, v.Status) : ChartCell.Missing;
            var table = await targets.TableAsync(leerregio.Id, leerregio.Slug, indicator.Id, ct);
            var lines = areas.Select(a => new ChartLine(a.Code, a.Name, periods.Select(p => Cell(a.Code, p)).ToList(), periods.Select(p => table.For(a.Code, p)).ToList())).ToList();
            // The line and the sentence above the chart: the target of the dashboard's own area in the year of the last period.
            var target = periods.Count > 0 ? table.For(areas[0].Code, periods[^1]) : table.For(areas[0].Code, t.Year);
            var title = l["{0}: trend", Name(indicator)];
            charts.Add(new Chart("trend", "line", title, indicator.Code, indicator.Unit, periods, periods.Select(p => PeriodLabel(kind, p)).ToList(), lines, target,
                TrendSummary(Name(indicator), lines[0], periods.Select(p => PeriodLabel(kind, p)).ToList())));

            if (periods.Count > 0)
            {
                var last = periods[^1];
                var bar = new ChartLine(indicator.Code, Name(indicator), wijken.Select(w => Cell(w.Code, last)).ToList(), wijken.Select(w => table.For(w.Code, last)).ToList());
                charts.Add(new Chart("wijken", "bar", l["{0}: the wijken in {1}", Name(indicator), PeriodLabel(kind, last)], indicator.Code, indicator.Unit,
                    wijken.Select(w => w.Code).ToList(), wijken.Select(w => w.Name).ToList(), [bar], table.For(leerregio.Slug, last), BarSummary(wijken.Select(w => w.Name).ToList(), bar)));
            }
        }

        charts.AddRange(await SurveyChartsAsync(leerregio, wijk, wijken, hideSmall, below, ct));
        return new DashboardOutcome(new MonitorDashboard(leerregio.Slug, leerregio.Name, wijk?.Code, wijk?.Name, hideSmall, below, kind.ToString(),
            from is { } a ? a.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "", to is { } b ? b.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "",
            indicator?.Code, choices.Select(d => new IndicatorChoice(d.Code, Name(d))).ToList(), charts), 200, []);
    }

    private async Task<List<Chart>> SurveyChartsAsync(Leerregio leerregio, Wijk? wijk, List<Wijk> wijken, bool hideSmall, int below, CancellationToken ct)
    {
        var charts = new List<Chart>();
        var dutch = Localization.IsDutch;
        var waves = await db.SurveyWaves.AsNoTracking().Include(w => w.Survey).Where(w => w.LeerregioId == leerregio.Id)
            .OrderBy(w => w.OpensAt).ThenBy(w => w.Id).ToListAsync(ct);
        // Lines of a survey chart: the wijk and the whole leerregio on a wijk dashboard; the leerregio and every wijk otherwise.
        List<(string Key, string Name, int? WijkId)> areas = wijk is not null
            ? [(wijk.Code, wijk.Name, wijk.Id), (leerregio.Slug, leerregio.Name, null)]
            : [(leerregio.Slug, leerregio.Name, null), .. wijken.Select(w => (w.Code, w.Name, (int?)w.Id))];

        if (waves.LastOrDefault(w => w.Survey!.PositiveHealth) is { } ph && await results.WaveAsync(ph.Id, hideSmall, ct) is { } r)
        {
            ChartLine Line((string Key, string Name, int? WijkId) area)
            {
                var f = area.WijkId is null ? r.Total : r.Wijken.First(x => x.WijkId == area.WijkId);
                return new ChartLine(area.Key, area.Name, Scoring.PositiveHealth.Select((_, i) => f.Suppressed
                    ? new ChartCell(null, null, nameof(ValueStatus.Suppressed))
                    : f.PositiveHealth.Count > i && f.PositiveHealth[i] is { } m ? new ChartCell(f.N, m, nameof(ValueStatus.Measured)) : ChartCell.Missing).ToList());
            }
            var lines = areas.Select(Line).ToList();
            var names = Scoring.PositiveHealth.Select(d => dutch ? d.NameNl : d.NameEn).ToList();
            charts.Add(new Chart("health", "radar", l["Positive health: {0}", $"{ph.Survey!.Title} – {ph.Name}"], null, l["mark 0–10"],
                Scoring.PositiveHealth.Select(d => "positive-health." + d.Key[3..]).ToList(), names, lines, null, HealthSummary(names, lines[0])));
        }

        var lonelinessWaves = waves.Where(w => w.Survey!.Loneliness is not null).TakeLast(6).ToList();
        if (lonelinessWaves.Count > 0)
        {
            var ids = lonelinessWaves.Select(w => w.Id).ToList();
            // Aggregated in the database: per wave and wijk, the respondents, those with a score, and those at or over the "lonely" line of the wave's scale.
            var rows = await db.SurveyResponses.AsNoTracking().Where(x => ids.Contains(x.WaveId))
                .GroupBy(x => new { x.WaveId, x.WijkId })
                .Select(g => new
                {
                    g.Key.WaveId, g.Key.WijkId, N = g.Count(), Scored = g.Count(x => x.LonelinessTotal != null),
                    Lonely6 = g.Count(x => x.LonelinessTotal >= 2), Lonely11 = g.Count(x => x.LonelinessTotal >= 3),
                }).ToListAsync(ct);
            var cells = new Dictionary<(int Wave, string Area), ChartCell>();
            foreach (var w in lonelinessWaves)
            {
                var mine = rows.Where(x => x.WaveId == w.Id).ToList();
                var six = w.Survey!.Loneliness == Instrument.Loneliness6;
                ChartCell Share(int n, int scored, int lonely) => n == 0 ? ChartCell.Missing
                    : new ChartCell(n, scored == 0 ? null : SurveyResults.Percent(lonely, scored), nameof(ValueStatus.Measured));
                var total = Share(mine.Sum(x => x.N), mine.Sum(x => x.Scored), mine.Sum(x => six ? x.Lonely6 : x.Lonely11));
                var parts = wijken.ToDictionary(x => x.Id, x => mine.FirstOrDefault(m => m.WijkId == x.Id) is { } m ? Share(m.N, m.Scored, six ? m.Lonely6 : m.Lonely11) : ChartCell.Missing);
                // The same table and rule as the wave's results page, so both hide the same cells.
                var hidden = hideSmall
                    ? SmallCells.Suppress(total.N ?? 0, wijken.Select(x => new SmallCells.Part($"wijk-{x.Id}", parts[x.Id].N ?? 0)).ToList(), below)
                    : new SmallCells.Result(false, new HashSet<string>());
                var suppressed = new ChartCell(null, null, nameof(ValueStatus.Suppressed));
                cells[(w.Id, leerregio.Slug)] = hidden.TotalHidden ? suppressed : total;
                foreach (var x in wijken)
                {
                    cells[(w.Id, x.Code)] = hidden.Hidden($"wijk-{x.Id}") ? suppressed : parts[x.Id];
                }
            }
            var lines = areas.Select(a => new ChartLine(a.Key, a.Name, lonelinessWaves.Select(w => cells[(w.Id, a.Key)]).ToList())).ToList();
            var labels = lonelinessWaves.Select(w => w.Name + " " + TimeBank.TimeBankPages.Local(w.OpensAt).Year.ToString(CultureInfo.InvariantCulture)).ToList();
            charts.Add(new Chart("loneliness", "line", l["Lonely respondents per wave"], "loneliness.lonely", "%",
                lonelinessWaves.Select(w => w.Id.ToString(CultureInfo.InvariantCulture)).ToList(), labels, lines, null,
                TrendSummary(l["Lonely respondents"], lines[0], labels)));
        }
        return charts;
    }

    public static int Months(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;

    public static string PeriodLabel(PeriodKind kind, string start)
    {
        var d = DateOnly.ParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return kind switch
        {
            PeriodKind.Year => d.Year.ToString(CultureInfo.InvariantCulture),
            PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{d.Year} {(Localization.IsDutch ? "K" : "Q")}{((d.Month - 1) / 3) + 1}"),
            _ => d.ToString("MMM yyyy", CultureInfo.CurrentCulture),
        };
    }

    public static string Number(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.CurrentCulture) : "—";

    private string TrendSummary(string what, ChartLine line, IReadOnlyList<string> labels)
    {
        var shown = line.Cells.Select((c, i) => (c, i)).Where(x => x.c.Value is not null).ToList();
        if (shown.Count == 0)
        {
            return l["{0} in {1}: no figures that may be shown.", what, line.Name];
        }
        var (first, last) = (shown[0], shown[^1]);
        return shown.Count == 1
            ? l["{0} in {1}: {2} in {3}.", what, line.Name, Number(first.c.Value), labels[first.i]]
            : l["{0} in {1}: from {2} in {3} to {4} in {5}.", what, line.Name, Number(first.c.Value), labels[first.i], Number(last.c.Value), labels[last.i]];
    }

    private string BarSummary(IReadOnlyList<string> names, ChartLine line)
    {
        var shown = line.Cells.Select((c, i) => (c, Name: names[i])).Where(x => x.c.Value is not null).OrderByDescending(x => x.c.Value).ToList();
        return shown.Count == 0 ? l["No wijk has a figure that may be shown."]
            : l["Highest: {0} ({1}). Lowest: {2} ({3}).", shown[0].Name, Number(shown[0].c.Value), shown[^1].Name, Number(shown[^1].c.Value)];
    }

    private string HealthSummary(IReadOnlyList<string> names, ChartLine line)
    {
        var shown = line.Cells.Select((c, i) => (c, Name: names[i])).Where(x => x.c.Value is not null).OrderByDescending(x => x.c.Value).ToList();
        return shown.Count == 0 ? l["{0}: no figures that may be shown.", line.Name]
            : l["{0}: highest mark for {1} ({2}), lowest for {3} ({4}).", line.Name, shown[0].Name, Number(shown[0].c.Value), shown[^1].Name, Number(shown[^1].c.Value)];
    }
}
