using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// Welcome letters from the municipality's list of new addresses: a CSV with the columns straat, huisnummer, postcode
/// and plaats (toevoeging optional), separated by ; or , in UTF-8 with or without BOM. Each good row becomes a letter
/// with a personal code for the wijk its postcode lies in; each broken row is reported with its line number and reason
/// and skipped, so one typo in a list of 400 does not hold up the other 399. A file that cannot be a list at all
/// (no rows, missing columns, too many rows) is refused as a whole.
/// </summary>
public sealed class WelcomeLetters(GrozDbContext db, TimeProvider time, IOptions<WelcomeOptions> options, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 5000;
    public const int MaxBytes = 2 * 1024 * 1024;

    public sealed record RowError(int Line, string Reason);

    public sealed record Result(WelcomeLetterBatch? Batch, string? FileError, IReadOnlyList<RowError> RowErrors)
    {
        public bool Succeeded => Batch is not null;
    }

    /// <summary>May print letters for this leerregio: its coordinators (and administrators).</summary>
    public static bool MayManage(System.Security.Claims.ClaimsPrincipal user, int leerregioId) => user.CanManage(leerregioId);

    public async Task<Result> ImportAsync(int leerregioId, Stream csv, string? fileName, string? userId, CancellationToken ct = default)
    {
        // BOM or not: the reader looks at the first bytes and takes UTF-8 otherwise.
        using var text = new StreamReader(csv, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var content = await text.ReadToEndAsync(ct);
        if (content.Length > MaxBytes)
        {
            return Fail(l["The file is too large: at most 2 MB."]);
        }
        var firstLine = content.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",";
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).ToListAsync(ct);
        var rows = new List<(int Line, string Street, string Number, string Postcode, string City, int WijkId)>();
        var errors = new List<RowError>();
        try
        {
            using var reader = new CsvReader(new StringReader(content), new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter,
                PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
                MissingFieldFound = null,
                BadDataFound = null,
                TrimOptions = TrimOptions.Trim,
            });
            if (!await reader.ReadAsync())
            {
                return Fail(l["The file contains no rows."]);
            }
            reader.ReadHeader();
            var headers = reader.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = new[] { "straat", "huisnummer", "postcode", "plaats" }.Where(h => !headers.Contains(h)).ToList();
            if (missing.Count > 0)
            {
                return Fail(string.Format(CultureInfo.CurrentCulture, l["The file misses the column(s): {0}."], string.Join(", ", missing)));
            }
            var hasAddition = headers.Contains("toevoeging");
            var seen = new HashSet<string>();
            while (await reader.ReadAsync())
            {
                var line = reader.Parser.Row;
                if (rows.Count + errors.Count >= MaxRows)
                {
                    return Fail(string.Format(CultureInfo.CurrentCulture, l["The file has more than {0} rows."], MaxRows));
                }
                var street = reader.GetField("straat") ?? "";
                var number = (reader.GetField("huisnummer") ?? "").Trim();
                var addition = hasAddition ? (reader.GetField("toevoeging") ?? "").Trim() : "";
                var postcode = reader.GetField("postcode") ?? "";
                var city = reader.GetField("plaats") ?? "";
                if (street.Length == 0 && number.Length == 0 && postcode.Length == 0 && city.Length == 0)
                {
                    continue;
                }
                var reason = Check(street, number, addition, postcode, city, wijken, out var normal, out var wijk);
                var house = addition.Length == 0 ? number : number + " " + addition;
                if (reason is null && !seen.Add($"{normal}|{house.ToUpperInvariant()}"))
                {
                    reason = l["This address is already in the file."];
                }
                if (reason is not null)
                {
                    errors.Add(new RowError(line, reason));
                    continue;
                }
                rows.Add((line, street, house, normal!, city, wijk!.Id));
            }
        }
        catch (CsvHelperException)
        {
            return Fail(l["The file could not be read as CSV."]);
        }
        if (rows.Count == 0 && errors.Count == 0)
        {
            return Fail(l["The file contains no rows."]);
        }
        var now = time.GetUtcNow();
        var batch = new WelcomeLetterBatch
        {
            LeerregioId = leerregioId, FileName = Clip(Path.GetFileName(fileName), WelcomeLetterBatch.MaxFileName), Letters = rows.Count, Skipped = errors.Count,
            CreatedByUserId = userId, CreatedAt = now, ExpiresAt = now.AddDays(options.Value.LetterRetentionDays),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.WelcomeLetterBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        var codes = await NewCodesAsync(rows.Count, ct);
        db.WelcomeLetters.AddRange(rows.Select((r, i) => new WelcomeLetter
        {
            BatchId = batch.Id, LeerregioId = leerregioId, WijkId = r.WijkId, Street = r.Street, HouseNumber = r.Number, Postcode = r.Postcode, City = r.City, Code = codes[i],
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(batch, null, errors);
    }

    private static string? Clip(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Length <= max ? s : s[..max];

    private Result Fail(string message) => new(null, message, []);

    /// <summary>Why a row cannot become a letter, or null; the postcode normalised to "3541 AB" and its wijk.</summary>
    private string? Check(string street, string number, string addition, string postcode, string city, List<Wijk> wijken, out string? normal, out Wijk? wijk)
    {
        normal = null;
        wijk = null;
        if (street.Length == 0)
        {
            return l["The street is empty."];
        }
        if (street.Length > WelcomeLetter.MaxStreet)
        {
            return l["The street is longer than 120 characters."];
        }
        if (number.Length == 0 || number.Length > 6 || !number.All(char.IsAsciiDigit) || number[0] == '0')
        {
            return l["The house number is not a number."];
        }
        if (addition.Length > 10)
        {
            return l["The addition to the house number is longer than 10 characters."];
        }
        var pc = postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (pc.Length != 6 || Postcode.ToPc4(pc) is null)
        {
            return l["The postcode is not like 3541 AB."];
        }
        normal = pc[..4] + " " + pc[4..];
        var pc4 = pc[..4];
        wijk = wijken.Where(w => w.Postcodes.Split(' ').Contains(pc4)).OrderByDescending(w => w.DivisionYear).FirstOrDefault();
        if (wijk is null)
        {
            return l["The postcode does not lie in a wijk of this leerregio."];
        }
        if (city.Length == 0 || city.Length > WelcomeLetter.MaxCity)
        {
            return l["The place is empty or longer than 80 characters."];
        }
        return null;
    }

    /// <summary>Codes not in use yet: random, so a clash is rare; a clash with a stored one is drawn again.</summary>
    private async Task<List<string>> NewCodesAsync(int count, CancellationToken ct)
    {
        var codes = new HashSet<string>();
        while (codes.Count < count)
        {
            var draw = Enumerable.Range(0, count - codes.Count).Select(_ => WelcomeRoutes.NewLetterCode()).Where(c => !codes.Contains(c)).Distinct().ToList();
            var taken = await db.WelcomeLetters.Where(x => draw.Contains(x.Code)).Select(x => x.Code).ToListAsync(ct);
            codes.UnionWith(draw.Except(taken));
        }
        return [.. codes];
    }

    /// <summary>The letters of a batch in file order, for printing.</summary>
    public Task<List<WelcomeLetter>> LettersAsync(int batchId, CancellationToken ct = default) =>
        db.WelcomeLetters.AsNoTracking().Where(x => x.BatchId == batchId).OrderBy(x => x.Id).ToListAsync(ct);
}
