using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions;

/// <summary>
/// Imports gemeenten, wijken and buurten into one leerregio from a CSV with the column names of the CBS
/// Wijk- en Buurtkaart: gm_code, gm_naam, wk_code, wk_naam, bu_code, bu_naam, jaar, and optionally
/// inwoners (of the buurt) and postcodes (PC4 of the wijk, separated by spaces). Comma or semicolon separated.
/// Every row is checked first; one bad row and nothing is imported.
/// </summary>
public sealed class RegionImport(GrozDbContext db, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 20_000;
    /// <summary>The largest file the import page accepts: under the platform's request limit, so that a file just too
    /// large gets a message next to the field (a larger request gets the 413 page). About 10,000 rows of CBS data.</summary>
    public const long MaxFileBytes = 900_000;

    /// <summary>The demo data in the import format: what the import page offers as an example to download.</summary>
    public static string ExampleCsv()
    {
        var csv = new System.Text.StringBuilder("gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar,inwoners,postcodes\n");
        var gemeenten = DemoData.Gemeenten.ToDictionary(g => g.Code, g => g.Name);
        foreach (var wijk in DemoData.Leerregios.SelectMany(x => x.Wijken))
        {
            foreach (var buurt in wijk.Buurten)
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{wijk.Gemeente},{gemeenten[wijk.Gemeente]},{wijk.Code},{wijk.Name},{buurt.Code},{buurt.Name},{DemoData.DivisionYear},{buurt.Residents},{wijk.Postcodes}\n");
            }
        }
        return csv.ToString();
    }

    public sealed record Result(bool Succeeded, int Gemeenten, int Wijken, int Buurten, IReadOnlyList<string> Errors);

    private sealed record Row(int Line, string GmCode, string GmName, string WkCode, string WkName, string BuCode, string BuName, int Year, int? Residents, string Postcodes);

    public async Task<Result> ImportAsync(int leerregioId, TextReader csv, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var rows = new List<Row>();
        try
        {
            // Async: the API hands over the request body, where synchronous reads are not allowed.
            var first = await csv.ReadLineAsync(ct) ?? "";
            var delimiter = first.Count(c => c == ';') > first.Count(c => c == ',') ? ";" : ",";
            using var reader = new CsvReader(new StringReader(first + "\n" + await csv.ReadToEndAsync(ct)), new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter,
                PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
                MissingFieldFound = null,
                TrimOptions = TrimOptions.Trim,
            });
            await reader.ReadAsync();
            reader.ReadHeader();
            string[] required = ["gm_code", "gm_naam", "wk_code", "wk_naam", "bu_code", "bu_naam", "jaar"];
            var missing = required.Where(h => !reader.HeaderRecord!.Select(x => x.Trim().ToLowerInvariant()).Contains(h)).ToList();
            if (missing.Count > 0)
            {
                return Fail(string.Format(CultureInfo.CurrentCulture, l["The file misses the column(s): {0}."], string.Join(", ", missing)));
            }
            var hasResidents = reader.HeaderRecord!.Any(h => h.Trim().Equals("inwoners", StringComparison.OrdinalIgnoreCase));
            var hasPostcodes = reader.HeaderRecord!.Any(h => h.Trim().Equals("postcodes", StringComparison.OrdinalIgnoreCase));
            while (await reader.ReadAsync())
            {
                var line = reader.Parser.Row;
                if (rows.Count >= MaxRows)
                {
                    return Fail(string.Format(CultureInfo.CurrentCulture, l["The file has more than {0} rows."], MaxRows));
                }
                var row = new Row(line,
                    reader.GetField("gm_code") ?? "", reader.GetField("gm_naam") ?? "",
                    reader.GetField("wk_code") ?? "", reader.GetField("wk_naam") ?? "",
                    reader.GetField("bu_code") ?? "", reader.GetField("bu_naam") ?? "",
                    int.TryParse(reader.GetField("jaar"), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0,
                    hasResidents && int.TryParse(reader.GetField("inwoners"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null,
                    hasPostcodes ? reader.GetField("postcodes") ?? "" : "");
                errors.AddRange(Validate(row));
                rows.Add(row);
            }
        }
        catch (CsvHelperException)
        {
            return Fail(l["The file could not be read as CSV."]);
        }
        if (rows.Count == 0)
        {
            errors.Add(l["The file contains no rows."]);
        }
        // One name per code inside the file.
        foreach (var clash in rows.GroupBy(r => (r.WkCode, r.Year)).Where(g => g.Select(r => r.WkName).Distinct().Count() > 1))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["Wijk {0} has more than one name in the file."], clash.Key.WkCode));
        }
        if (errors.Count > 0)
        {
            return new Result(false, 0, 0, 0, errors.Take(50).ToList());
        }

        // Wijken of another leerregio are not ours to change.
        var wijkCodes = rows.Select(r => r.WkCode).Distinct().ToList();
        var taken = await db.Wijken.Where(w => wijkCodes.Contains(w.Code) && w.LeerregioId != leerregioId)
            .Select(w => new { w.Code, w.DivisionYear }).ToListAsync(ct);
        foreach (var t in taken)
        {
            // Name the first line of that wijk, like every other row error.
            if (rows.FirstOrDefault(r => r.WkCode == t.Code && r.Year == t.DivisionYear) is { } row)
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, l["Line {0}: {1}"], row.Line,
                    string.Format(CultureInfo.CurrentCulture, l["Wijk {0} ({1}) belongs to another leerregio."], t.Code, t.DivisionYear)));
            }
        }
        if (errors.Count > 0)
        {
            return new Result(false, 0, 0, 0, errors);
        }

        var (gm, wk, bu) = (0, 0, 0);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var gemeenten = new Dictionary<(string, int), Gemeente>();
        foreach (var g in rows.GroupBy(r => (r.GmCode, r.Year)))
        {
            var gemeente = await db.Gemeenten.FirstOrDefaultAsync(x => x.Code == g.Key.GmCode && x.DivisionYear == g.Key.Year, ct);
            if (gemeente is null)
            {
                gemeente = new Gemeente { Code = g.Key.GmCode, Name = g.First().GmName, DivisionYear = g.Key.Year };
                db.Gemeenten.Add(gemeente);
                gm++;
            }
            gemeente.Name = g.First().GmName;
            gemeenten[g.Key] = gemeente;
        }
        await db.SaveChangesAsync(ct);
        foreach (var w in rows.GroupBy(r => (r.WkCode, r.Year)))
        {
            var first = w.First();
            var wijk = await db.Wijken.Include(x => x.Buurten).FirstOrDefaultAsync(x => x.Code == w.Key.WkCode && x.DivisionYear == w.Key.Year, ct);
            if (wijk is null)
            {
                wijk = new Wijk { Code = w.Key.WkCode, Name = first.WkName, DivisionYear = w.Key.Year, LeerregioId = leerregioId, GemeenteId = gemeenten[(first.GmCode, first.Year)].Id };
                db.Wijken.Add(wijk);
                wk++;
            }
            wijk.Name = first.WkName;
            var postcodes = string.Join(' ', w.SelectMany(r => r.Postcodes.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal));
            if (postcodes.Length > 0)
            {
                wijk.Postcodes = postcodes;
            }
            foreach (var b in w)
            {
                var buurt = wijk.Buurten.FirstOrDefault(x => x.Code == b.BuCode && x.DivisionYear == b.Year);
                if (buurt is null)
                {
                    buurt = new Buurt { Code = b.BuCode, Name = b.BuName, DivisionYear = b.Year, LeerregioId = leerregioId };
                    wijk.Buurten.Add(buurt);
                    bu++;
                }
                buurt.Name = b.BuName;
                buurt.Residents = b.Residents ?? buurt.Residents;
            }
            wijk.Residents = wijk.Buurten.All(x => x.Residents is not null) ? wijk.Buurten.Sum(x => x.Residents) : wijk.Residents;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Result(true, gm, wk, bu, []);

        Result Fail(string message) => new(false, 0, 0, 0, [message]);
    }

    private IEnumerable<string> Validate(Row r)
    {
        string At(string message) => string.Format(CultureInfo.CurrentCulture, l["Line {0}: {1}"], r.Line, message);
        if (!CbsCode.IsGemeente(r.GmCode)) yield return At(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a gemeente code (GM and 4 digits)."], r.GmCode));
        if (!CbsCode.IsWijk(r.WkCode)) yield return At(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a wijk code (WK and 6 digits)."], r.WkCode));
        else if (CbsCode.IsGemeente(r.GmCode) && !CbsCode.WijkBelongsTo(r.WkCode, r.GmCode)) yield return At(string.Format(CultureInfo.CurrentCulture, l["Wijk {0} does not belong to gemeente {1}."], r.WkCode, r.GmCode));
        if (!CbsCode.IsBuurt(r.BuCode)) yield return At(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a buurt code (BU and 8 digits)."], r.BuCode));
        else if (CbsCode.IsWijk(r.WkCode) && !CbsCode.BuurtBelongsTo(r.BuCode, r.WkCode)) yield return At(string.Format(CultureInfo.CurrentCulture, l["Buurt {0} does not belong to wijk {1}."], r.BuCode, r.WkCode));
        if (string.IsNullOrWhiteSpace(r.GmName) || string.IsNullOrWhiteSpace(r.WkName) || string.IsNullOrWhiteSpace(r.BuName) || r.GmName.Length > 200 || r.WkName.Length > 200 || r.BuName.Length > 200)
            yield return At(l["Every gemeente, wijk and buurt needs a name of at most 200 characters."]);
        if (!CbsCode.IsValidYear(r.Year)) yield return At(l["The year of the division (jaar) is missing or not a year."]);
        if (r.Postcodes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(p => p.Length != 4 || !p.All(char.IsAsciiDigit)))
            yield return At(l["Postcodes are four digits each, separated by spaces."]);
    }
}
