using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring;

public enum ImportKind { Cbs, Ggd }

/// <summary>One rejected row (or, row 1, the header): the column it is about and why, in the reader's language.</summary>
public sealed record Rejection(int Row, string Column, string Reason);

/// <summary>
/// What an import did. <see cref="FileRejected"/>: the file as a whole could not be used (header, separator, empty, too
/// many rows) and nothing changed. Otherwise the valid rows are in and <see cref="Rejections"/> lists the others.
/// <see cref="Removed"/>: CBS figures of areas (code and year) that were in an earlier file for the same year but not in
/// this one, and have been removed.
/// </summary>
public sealed record ImportReport(ImportKind Kind, bool FileRejected, int Rows, int Accepted, IReadOnlyList<Rejection> Rejections, IReadOnlyList<string>? Removed = null);

/// <summary>
/// Imports key figures into the monitor of one leerregio:
/// <list type="bullet">
/// <item>CBS (Kerncijfers wijken en buurten): columns gebied (WK/BU code), jaar, inwoners; optional huishoudens and
/// inwoners_65_plus. Stored as yearly values of cbs.residents, cbs.households and cbs.residents-65plus; the platform
/// job takes its denominators (residents) from them.</item>
/// <item>GGD (e.g. Gezondheidsmonitor): columns indicator (code of an import indicator), gebied (WK/BU code or the
/// leerregio's slug), periode (yyyy or yyyy-MM), waarde, n. Stored as estimated values of that indicator.</item>
/// </list>
/// Separator ; or , (with a decimal comma or point), optional UTF-8 BOM. Every row is checked; valid rows are written,
/// the others reported. A value for an indicator, area and period that is already there is replaced, so importing the
/// same file again changes nothing.
/// </summary>
public sealed class MonitoringImport(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 20_000;
    /// <summary>Below the platform's request limit, so that a file just too large gets a message rather than the 413 page.</summary>
    public const long MaxFileBytes = 900_000;

    public static readonly string[] CbsColumns = ["gebied", "jaar", "inwoners"];
    public static readonly string[] CbsOptional = ["huishoudens", "inwoners_65_plus"];
    public static readonly string[] GgdColumns = ["indicator", "gebied", "periode", "waarde", "n"];

    private sealed record Area(AreaLevel Level, int? WijkId, int? BuurtId, string Code);

    public static string ExampleCbs() =>
        "gebied;jaar;inwoners;huishoudens;inwoners_65_plus\n" +
        string.Concat(DemoData.Leerregios.SelectMany(x => x.Wijken).Select(w =>
            string.Create(CultureInfo.InvariantCulture, $"{w.Code};{DemoData.DivisionYear};{w.Residents};{w.Residents / 2};{w.Residents / 6}\n")));

    public static string ExampleGgd() =>
        "indicator;gebied;periode;waarde;n\n" +
        string.Concat(DemoData.Leerregios.SelectMany(x => x.Wijken).Select((w, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{IndicatorCatalog.GgdLonely};{w.Code};2024;{45 + i},{i * 3};{180 + 20 * i}\n")));

    public async Task<ImportReport> ImportAsync(int leerregioId, ImportKind kind, TextReader csv, CancellationToken ct = default)
    {
        await IndicatorCatalog.EnsureAsync(db, ct);
        var text = await csv.ReadToEndAsync(ct);
        // StreamReader drops a BOM it detects; a string handed over as it is may still start with one.
        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var (semicolons, commas) = (firstLine.Count(c => c == ';'), firstLine.Count(c => c == ','));
        if (string.IsNullOrWhiteSpace(text))
        {
            return FileFail(kind, new Rejection(1, "", l["The file is empty."]));
        }
        if (semicolons == 0 && commas == 0)
        {
            return FileFail(kind, new Rejection(1, "", firstLine.Contains('\t', StringComparison.Ordinal) || firstLine.Contains('|', StringComparison.Ordinal)
                ? l["The columns are not separated by ; or ,. Save the file as CSV with ; or , between the columns."]
                : l["The first row must name the columns, separated by ; or ,."]));
        }
        var delimiter = semicolons >= commas ? ";" : ",";
        var required = kind == ImportKind.Cbs ? CbsColumns : GgdColumns;
        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
            TrimOptions = TrimOptions.Trim,
        });
        var areas = await AreasAsync(leerregioId, ct);
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(d => d.Code, ct);
        var values = new List<(int Row, IndicatorValue Value)>();
        var rejections = new List<Rejection>();
        var rows = 0;
        try
        {
            await reader.ReadAsync();
            reader.ReadHeader();
            var header = reader.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = required.Where(h => !header.Contains(h)).ToList();
            if (missing.Count > 0)
            {
                return FileFail(kind, [.. missing.Select(m => new Rejection(1, m, string.Format(CultureInfo.CurrentCulture,
                    l["The column \"{0}\" is missing. The first row must be: {1}."], m, string.Join(delimiter, required))))]);
            }
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                var row = reader.Parser.Row;
                if (reader.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (++rows > MaxRows)
                {
                    return FileFail(kind, new Rejection(row, "", string.Format(CultureInfo.CurrentCulture, l["The file has more than {0} rows."], MaxRows)));
                }
                var before = rejections.Count;
                var parsed = kind == ImportKind.Cbs
                    ? CbsRow(reader, row, leerregioId, areas, indicators, rejections)
                    : GgdRow(reader, row, leerregioId, areas, indicators, rejections);
                if (rejections.Count > before || parsed.Count == 0)
                {
                    continue;
                }
                var key = parsed[0].Indicator + "|" + parsed[0].Value.AreaCode + "|" + parsed[0].Value.PeriodKind + "|" + parsed[0].Value.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (seen.TryGetValue(key, out var first))
                {
                    rejections.Add(new Rejection(row, "gebied", string.Format(CultureInfo.CurrentCulture, l["The same area and period as row {0}: only the first is imported."], first)));
                    continue;
                }
                seen[key] = row;
                values.AddRange(parsed.Select(p => (row, p.Value)));
            }
        }
        catch (CsvHelperException e)
        {
            return FileFail(kind, new Rejection(e.Context?.Parser?.Row ?? 1, "", l["The file could not be read as CSV."]));
        }
        if (rows == 0)
        {
            return FileFail(kind, new Rejection(1, "", l["The file contains no rows."]));
        }
        var removed = kind == ImportKind.Cbs ? await RemoveStaleAsync(leerregioId, values.Select(v => v.Value).ToList(), ct) : [];
        await UpsertAsync(leerregioId, values.Select(v => v.Value).ToList(), ct);
        return new ImportReport(kind, false, rows, values.Select(v => v.Row).Distinct().Count(), rejections, removed);
    }

    /// <summary>
    /// A CBS file is the whole division of its year: an area that an earlier file of that year had and this one has not
    /// (a wijk re-cut, a typing mistake corrected) would otherwise keep its old figures and count twice in the denominators.
    /// Those values are removed (in the same save as the new ones) and listed in the report. A file without one valid row
    /// removes nothing.
    /// </summary>
    private async Task<List<string>> RemoveStaleAsync(int leerregioId, List<IndicatorValue> values, CancellationToken ct)
    {
        if (values.Count == 0)
        {
            return [];
        }
        var cbs = await db.Indicators.Where(d => d.Code == IndicatorCatalog.CbsResidents || d.Code == IndicatorCatalog.CbsHouseholds || d.Code == IndicatorCatalog.CbsElderly)
            .Select(d => d.Id).ToListAsync(ct);
        var inFile = values.Where(v => v.PeriodKind == PeriodKind.Year).Select(v => (v.PeriodStart, v.AreaCode)).ToHashSet();
        var years = inFile.Select(x => x.PeriodStart).Distinct().ToList();
        var stale = (await db.Set<IndicatorValue>()
                .Where(v => v.LeerregioId == leerregioId && cbs.Contains(v.IndicatorId) && v.PeriodKind == PeriodKind.Year && years.Contains(v.PeriodStart) && v.Level != AreaLevel.Leerregio)
                .ToListAsync(ct))
            .Where(v => !inFile.Contains((v.PeriodStart, v.AreaCode))).ToList();
        db.RemoveRange(stale);
        return [.. stale.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.AreaCode} ({v.PeriodStart.Year})")).Distinct().Order(StringComparer.Ordinal)];
    }

    private static ImportReport FileFail(ImportKind kind, params Rejection[] rejections) => new(kind, true, 0, 0, rejections);

    private async Task<Dictionary<string, Area>> AreasAsync(int leerregioId, CancellationToken ct)
    {
        var areas = new Dictionary<string, Area>(StringComparer.OrdinalIgnoreCase);
        // The newest division of a code wins: that is the one its figures are published for.
        foreach (var w in await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.DivisionYear).ToListAsync(ct))
        {
            areas[w.Code] = new Area(AreaLevel.Wijk, w.Id, null, w.Code);
        }
        foreach (var b in await db.Buurten.AsNoTracking().Where(b => b.LeerregioId == leerregioId).OrderBy(b => b.DivisionYear).ToListAsync(ct))
        {
            areas[b.Code] = new Area(AreaLevel.Buurt, b.WijkId, b.Id, b.Code);
        }
        var slug = await db.Leerregios.Where(x => x.Id == leerregioId).Select(x => x.Slug).SingleAsync(ct);
        areas[slug] = new Area(AreaLevel.Leerregio, null, null, slug);
        return areas;
    }

    private Area? AreaOf(string? code, Dictionary<string, Area> areas, bool allowLeerregio, int row, List<Rejection> rejections)
    {
        code = code?.Trim() ?? "";
        if (areas.TryGetValue(code, out var area) && (allowLeerregio || area.Level != AreaLevel.Leerregio))
        {
            return area;
        }
        rejections.Add(new Rejection(row, "gebied", CbsCode.IsWijk(code) || CbsCode.IsBuurt(code)
            ? string.Format(CultureInfo.CurrentCulture, l["Area {0} is not a wijk or buurt of this leerregio."], code)
            : string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not an area code (WK and 6 digits, or BU and 8 digits)."], code)));
        return null;
    }

    private int? Count(string? text, string column, int row, List<Rejection> rejections, bool optional = false)
    {
        text = text?.Trim() ?? "";
        if (optional && text.Length == 0)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000_000)
        {
            return n;
        }
        rejections.Add(new Rejection(row, column, string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a whole number of 0 or more."], text)));
        return null;
    }

    /// <summary>12,5 and 12.5 both; no thousands separators (12.500 would be ambiguous).</summary>
    public static decimal? ParseDecimal(string? text)
    {
        text = text?.Trim() ?? "";
        if (text.Count(c => c == ',') + text.Count(c => c == '.') > 1)
        {
            return null;
        }
        return decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private int? Year(string? text, int row, List<Rejection> rejections)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && CbsCode.IsValidYear(y))
        {
            return y;
        }
        rejections.Add(new Rejection(row, "jaar", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a year."], text)));
        return null;
    }

    private IndicatorValue Value(int leerregioId, IndicatorDefinition d, Area area, PeriodKind kind, DateOnly start, int n, decimal value, ValueStatus status) => new()
    {
        IndicatorId = d.Id, LeerregioId = leerregioId, Level = area.Level, WijkId = area.WijkId, BuurtId = area.BuurtId, AreaCode = area.Code,
        PeriodKind = kind, PeriodStart = start, N = n, Value = value, Status = status, ComputedAt = time.GetUtcNow(),
    };

    private List<(string Indicator, IndicatorValue Value)> CbsRow(CsvReader r, int row, int leerregioId, Dictionary<string, Area> areas,
        Dictionary<string, IndicatorDefinition> indicators, List<Rejection> rejections)
    {
        var area = AreaOf(r.GetField("gebied"), areas, allowLeerregio: false, row, rejections);
        var year = Year(r.GetField("jaar"), row, rejections);
        var residents = Count(r.GetField("inwoners"), "inwoners", row, rejections);
        int? households = null, elderly = null;
        if (r.HeaderRecord!.Any(h => h.Trim().Equals("huishoudens", StringComparison.OrdinalIgnoreCase)))
        {
            households = Count(r.GetField("huishoudens"), "huishoudens", row, rejections, optional: true);
        }
        if (r.HeaderRecord!.Any(h => h.Trim().Equals("inwoners_65_plus", StringComparison.OrdinalIgnoreCase)))
        {
            elderly = Count(r.GetField("inwoners_65_plus"), "inwoners_65_plus", row, rejections, optional: true);
            if (elderly > residents)
            {
                rejections.Add(new Rejection(row, "inwoners_65_plus", l["There cannot be more residents of 65 and over than residents."]));
            }
        }
        if (households > residents)
        {
            rejections.Add(new Rejection(row, "huishoudens", l["There cannot be more households than residents."]));
        }
        if (area is null || year is null || residents is null)
        {
            return [];
        }
        var start = new DateOnly(year.Value, 1, 1);
        var list = new List<(string, IndicatorValue)>
        {
            (IndicatorCatalog.CbsResidents, Value(leerregioId, indicators[IndicatorCatalog.CbsResidents], area, PeriodKind.Year, start, residents.Value, residents.Value, ValueStatus.Measured)),
        };
        if (households is { } h)
        {
            list.Add((IndicatorCatalog.CbsHouseholds, Value(leerregioId, indicators[IndicatorCatalog.CbsHouseholds], area, PeriodKind.Year, start, h, h, ValueStatus.Measured)));
        }
        if (elderly is { } e)
        {
            var v = Value(leerregioId, indicators[IndicatorCatalog.CbsElderly], area, PeriodKind.Year, start, residents.Value,
                residents.Value == 0 ? 0 : Math.Round(100m * e / residents.Value, 2, MidpointRounding.AwayFromZero), ValueStatus.Measured);
            (v.Numerator, v.Denominator) = (e, residents.Value);
            list.Add((IndicatorCatalog.CbsElderly, v));
        }
        return list;
    }

    private List<(string Indicator, IndicatorValue Value)> GgdRow(CsvReader r, int row, int leerregioId, Dictionary<string, Area> areas,
        Dictionary<string, IndicatorDefinition> indicators, List<Rejection> rejections)
    {
        var code = r.GetField("indicator")?.Trim() ?? "";
        var definition = indicators.GetValueOrDefault(code);
        if (definition is null || definition.Source != IndicatorSource.Import || code.StartsWith("cbs.", StringComparison.Ordinal))
        {
            rejections.Add(new Rejection(row, "indicator", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not an indicator that can be imported."], code)));
        }
        var area = AreaOf(r.GetField("gebied"), areas, allowLeerregio: true, row, rejections);
        var periodText = r.GetField("periode")?.Trim() ?? "";
        (PeriodKind Kind, DateOnly Start)? period = null;
        if (periodText.Length == 4 && int.TryParse(periodText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && CbsCode.IsValidYear(y))
        {
            period = (PeriodKind.Year, new DateOnly(y, 1, 1));
        }
        else if (DateOnly.TryParseExact(periodText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && CbsCode.IsValidYear(m.Year))
        {
            period = (PeriodKind.Month, m);
        }
        else
        {
            rejections.Add(new Rejection(row, "periode", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a period: write a year (2024) or a month (2024-03)."], periodText)));
        }
        var valueText = r.GetField("waarde");
        var value = ParseDecimal(valueText);
        if (value is null)
        {
            rejections.Add(new Rejection(row, "waarde", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a number."], valueText?.Trim())));
        }
        else if (definition is not null && Range(definition) is var (min, max) && (value < min || value > max))
        {
            rejections.Add(new Rejection(row, "waarde", string.Format(CultureInfo.CurrentCulture, l["{0} is outside the range of this indicator ({1} to {2})."],
                value.Value.ToString(CultureInfo.CurrentCulture), min, max)));
        }
        var n = Count(r.GetField("n"), "n", row, rejections);
        if (definition is null || area is null || period is null || value is null || n is null)
        {
            return [];
        }
        return [(code, Value(leerregioId, definition, area, period.Value.Kind, period.Value.Start, n.Value, value.Value, ValueStatus.Estimated))];
    }

    /// <summary>Shares are 0–100, ratings 0–10; counts are not negative.</summary>
    private static (decimal Min, decimal Max) Range(IndicatorDefinition d) =>
        d.Unit == "%" ? (0m, 100m) : d.Unit.StartsWith("cijfer", StringComparison.Ordinal) ? (0m, 10m) : (0m, 1_000_000_000m);

    /// <summary>Replaces the value of each (indicator, area, period) already stored; one transaction, so a failed write leaves nothing half done.</summary>
    private async Task UpsertAsync(int leerregioId, List<IndicatorValue> values, CancellationToken ct)
    {
        if (values.Count == 0)
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var period in values.GroupBy(v => (v.PeriodKind, v.PeriodStart)))
        {
            var ids = period.Select(v => v.IndicatorId).Distinct().ToList();
            var existing = await db.Set<IndicatorValue>()
                .Where(v => v.LeerregioId == leerregioId && v.PeriodKind == period.Key.PeriodKind && v.PeriodStart == period.Key.PeriodStart && ids.Contains(v.IndicatorId))
                .ToDictionaryAsync(v => (v.IndicatorId, v.Level, v.AreaCode), ct);
            foreach (var v in period)
            {
                if (existing.TryGetValue((v.IndicatorId, v.Level, v.AreaCode), out var old))
                {
                    (old.N, old.Numerator, old.Denominator, old.Value, old.Status, old.ComputedAt, old.WijkId, old.BuurtId) =
                        (v.N, v.Numerator, v.Denominator, v.Value, v.Status, v.ComputedAt, v.WijkId, v.BuurtId);
                }
                else
                {
                    db.Add(v);
                }
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Residents per wijk code for a year: the CBS figure imported for the latest year up to <paramref name="year"/>.
    /// Wijken without an imported figure are missing (the caller falls back to the count the regions import keeps).
    /// </summary>
    public static async Task<Dictionary<string, int>> ResidentsAsync(GrozDbContext db, int leerregioId, int year, CancellationToken ct = default)
    {
        var until = new DateOnly(year, 1, 1);
        var rows = await db.Set<IndicatorValue>().AsNoTracking()
            .Where(v => v.LeerregioId == leerregioId && v.Level == AreaLevel.Wijk && v.PeriodKind == PeriodKind.Year && v.PeriodStart <= until
                && v.Indicator!.Code == IndicatorCatalog.CbsResidents && v.Value != null)
            .Select(v => new { v.AreaCode, v.PeriodStart, v.Value })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.AreaCode).ToDictionary(g => g.Key, g => (int)g.MaxBy(r => r.PeriodStart)!.Value!.Value, StringComparer.Ordinal);
    }
}
