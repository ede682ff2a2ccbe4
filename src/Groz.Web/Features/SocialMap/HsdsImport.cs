using System.Globalization;
using System.IO.Compression;
using System.Net.Mail;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap;

/// <summary>One problem with one row (or file) of an imported package.</summary>
public sealed record ImportIssue(string File, int? Line, string? Id, string? Field, string Code, string Message);

public sealed record ImportTableCount(string Table, int Added, int Changed, int Unchanged);

/// <summary>What an import did: nothing at all when anything was rejected (<see cref="Imported"/> false).</summary>
public sealed record ImportReport(bool Imported, bool Lenient, IReadOnlyList<ImportTableCount> Tables, IReadOnlyList<ImportIssue> Rejected, IReadOnlyList<ImportIssue> Warnings)
{
    public int Added => Tables.Sum(t => t.Added);
    public int Changed => Tables.Sum(t => t.Changed);
    public int Unchanged => Tables.Sum(t => t.Unchanged);
}

/// <summary>
/// Imports an HSDS tabular data package into one leerregio: an upsert by id, so importing the same package twice
/// changes nothing the second time (no Idempotency-Key needed). All or nothing: every row of every file is checked
/// first, and only a package without a single rejected row is written, in one SaveChanges (one transaction).
/// Text is stored exactly as sent, HTML and script included: pages escape it when they show it.
/// Strict by default. Lenient (for packages that point at records outside the package, like the official HSDS
/// examples): unknown references and coordinates out of range are kept as they are and reported as warnings.
/// </summary>
public sealed class HsdsImport(GrozDbContext db, TimeProvider time, SearchIndex index, IStringLocalizer<SharedResource> l)
{
    public const long MaxPackageBytes = 50L * 1024 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed record Parsed(HsdsTable Table, int Line, object Row, HashSet<string> Columns);

    public async Task<ImportReport> ImportAsync(int leerregioId, Stream package, bool lenient, string? userId, string updatedBy, CancellationToken ct = default)
    {
        var rejected = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var files = ReadZip(package, rejected, warnings);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var context = new HsdsExtensionContext(wijken);
        var parsed = new Dictionary<HsdsTable, List<Parsed>>();
        // Every id the files hold, rejected rows included: a reference to a row that was refused for another reason
        // is not reported a second time as unknown.
        var allIds = new Dictionary<HsdsTable, HashSet<Guid>>();
        foreach (var table in HsdsTables.All)
        {
            allIds[table] = [];
            parsed[table] = files.TryGetValue(table.File, out var bytes) ? ParseTable(table, bytes, context, lenient, rejected, warnings, allIds[table]) : [];
        }
        if (files.Count > 0 && parsed.Values.All(p => p.Count == 0) && rejected.Count == 0)
        {
            warnings.Add(new("", null, null, null, "empty", l["The package holds no rows."]));
        }
        await CheckReferencesAsync(leerregioId, parsed, allIds, lenient, rejected, warnings, ct);
        var existing = await CheckOwnershipAsync(leerregioId, parsed, rejected, ct);

        var counts = new List<ImportTableCount>();
        if (rejected.Count > 0)
        {
            return new ImportReport(false, lenient, HsdsTables.All.Select(t => new ImportTableCount(t.Name, 0, 0, 0)).ToList(), rejected, warnings);
        }
        var now = time.GetUtcNow();
        foreach (var table in HsdsTables.All)
        {
            int added = 0, changed = 0, unchanged = 0;
            foreach (var p in parsed[table])
            {
                var id = HsdsTable.IdOf(p.Row);
                if (!existing.TryGetValue(id, out var current))
                {
                    Prepare(p.Row, leerregioId, now, isNew: true);
                    db.Add(p.Row);
                    added++;
                    continue;
                }
                if (current is null)
                {
                    // An installation-wide taxonomy (the GROZ themes): shared by every leerregio, never changed by an import.
                    unchanged++;
                    continue;
                }
                var differences = Merge(table, p, current, context, leerregioId, userId, updatedBy, now);
                if (differences > 0)
                {
                    Prepare(current, leerregioId, now, isNew: false, lastModifiedFromFile: p.Columns.Contains("last_modified"));
                    changed++;
                }
                else
                {
                    unchanged++;
                }
            }
            counts.Add(new ImportTableCount(table.Name, added, changed, unchanged));
        }
        await db.SaveChangesAsync(ct);
        // The coordinator who imports goes to the public search next: it must show the new entries now, not after the
        // freshness window.
        await index.SyncAsync(ct);
        return new ImportReport(true, lenient, counts, rejected, warnings);
    }

    private static void Prepare(object row, int leerregioId, DateTimeOffset now, bool isNew, bool lastModifiedFromFile = false)
    {
        row.GetType().GetProperty("LeerregioId")!.SetValue(row, leerregioId);
        switch (row)
        {
            case Service s:
                if (isNew)
                {
                    s.CreatedAt = now;
                    // A coordinator's import is the review: what comes in is published.
                    s.Publication = Publication.Published;
                    if (s.LastModified == default)
                    {
                        s.LastModified = now;
                    }
                }
                else if (!lastModifiedFromFile)
                {
                    s.LastModified = now;
                }
                break;
            case Organization o:
                if (isNew)
                {
                    o.Publication = Publication.Published;
                }
                o.ModifiedAt = now;
                break;
            case HsdsMetadata m when isNew && m.UpdatedBy.Length == 0:
                m.UpdatedBy = "import";
                break;
        }
    }

    /// <summary>Copies the file's values onto the stored row; records each changed field in the HSDS metadata history.</summary>
    private int Merge(HsdsTable table, Parsed p, object current, HsdsExtensionContext context, int leerregioId, string? userId, string updatedBy, DateTimeOffset now)
    {
        var differences = 0;
        foreach (var f in table.Fields.Where(f => f.Name != "id" && p.Columns.Contains(f.Name)))
        {
            var before = f.Property.GetValue(current);
            var after = f.Property.GetValue(p.Row);
            if (Equals(before, after))
            {
                continue;
            }
            var previous = table.Format(f, current) ?? "";
            f.Property.SetValue(current, after);
            differences++;
            if (table != HsdsTables.Metadata)
            {
                db.SmMetadata.Add(new HsdsMetadata
                {
                    Id = Guid.CreateVersion7(now), LeerregioId = leerregioId, ResourceId = HsdsTable.IdOf(current), ResourceType = table.Name,
                    LastActionDate = now, LastActionType = "update", FieldName = f.Name, PreviousValue = previous,
                    ReplacementValue = table.Format(f, current) ?? "", UpdatedBy = updatedBy, UpdatedByUserId = userId,
                });
            }
        }
        foreach (var e in HsdsExtension.Of(table).Where(e => p.Columns.Contains(e.Column)))
        {
            var before = e.Format(current, context);
            var after = e.Format(p.Row, context);
            if (before != after)
            {
                e.Apply(current, after, context);
                differences++;
            }
        }
        return differences;
    }

    private Dictionary<string, byte[]> ReadZip(Stream package, List<ImportIssue> rejected, List<ImportIssue> warnings)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0))
            {
                total += entry.Length;
                if (total > MaxPackageBytes)
                {
                    rejected.Add(new(entry.FullName, null, null, null, "too-large", l["The package is larger than 50 MB unpacked."]));
                    return files;
                }
                if (entry.Name.Equals("datapackage.json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!HsdsTables.All.Any(t => t.File.Equals(entry.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add(new(entry.FullName, null, null, null, "unknown-file", l["This file is not an HSDS table and was skipped."]));
                    continue;
                }
                using var stream = entry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                files[entry.Name] = memory.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            rejected.Add(new("", null, null, null, "not-a-zip", l["The file is not a zip file with CSV files (an HSDS tabular data package)."]));
        }
        return files;
    }

    private List<Parsed> ParseTable(HsdsTable table, byte[] bytes, HsdsExtensionContext context, bool lenient, List<ImportIssue> rejected, List<ImportIssue> warnings, HashSet<Guid> allIds)
    {
        string text;
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(Encoding.UTF8.Preamble))
            {
                span = span[3..];
            }
            text = StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            rejected.Add(new(table.File, null, null, null, "encoding", l["The file is not UTF-8 text. Save it as CSV UTF-8 and try again."]));
            return [];
        }
        var result = new List<Parsed>();
        var seen = new HashSet<Guid>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return [];
            }
            var header = csv.HeaderRecord ?? [];
            var columns = header.ToHashSet(StringComparer.Ordinal);
            if (!columns.Contains("id"))
            {
                rejected.Add(new(table.File, 1, null, "id", "malformed-csv", l["The file has no id column."]));
                return [];
            }
            foreach (var unknown in header.Where(h => table.Fields.All(f => f.Name != h) && HsdsExtension.Of(table).All(e => e.Column != h)))
            {
                warnings.Add(new(table.File, 1, null, unknown, "unknown-column", l["This column is not part of HSDS 3.0 and was not imported."]));
            }
            var extensions = HsdsExtension.Of(table).Where(e => columns.Contains(e.Column)).ToList();
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var row = Activator.CreateInstance(table.Entity)!;
                var ok = true;
                string? idText = csv.GetField("id");
                void Reject(string? field, string code, string message)
                {
                    rejected.Add(new(table.File, line, idText, field, code, message));
                    ok = false;
                }
                foreach (var f in table.Fields)
                {
                    var value = columns.Contains(f.Name) ? csv.GetField(f.Name) : null;
                    if (string.IsNullOrEmpty(value))
                    {
                        if (f.Name == "id" || f.Required)
                        {
                            Reject(f.Name, "required", l["This field is required."]);
                        }
                        continue;
                    }
                    if (!TryConvert(table, f, value, out var converted, out var expected))
                    {
                        Reject(f.Name, "wrong-type", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid {1}."], Shorten(value), expected));
                        continue;
                    }
                    if (f.Values is { } values && !values.Contains(value))
                    {
                        Reject(f.Name, "wrong-value", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not one of: {1}."], Shorten(value), string.Join(", ", values)));
                        continue;
                    }
                    if (f.Format == "email" && !IsEmail(value))
                    {
                        Reject(f.Name, "wrong-type", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid {1}."], Shorten(value), "e-mail"));
                        continue;
                    }
                    if (f.Format == "uri" && !Uri.TryCreate(value, UriKind.Absolute, out _))
                    {
                        Reject(f.Name, "wrong-type", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid {1}."], Shorten(value), "URI"));
                        continue;
                    }
                    if (converted is string s && MaxLength(table, f) is { } max && s.Length > max)
                    {
                        Reject(f.Name, "too-long", string.Format(CultureInfo.CurrentCulture, l["Longer than {0} characters."], max));
                        continue;
                    }
                    f.Property.SetValue(row, converted);
                }
                foreach (var e in extensions)
                {
                    if (e.Apply(row, csv.GetField(e.Column), context) is { } expected)
                    {
                        if (expected == "unknown-wijk")
                        {
                            Reject(e.Column, "unknown-wijk", string.Format(CultureInfo.CurrentCulture, l["Wijk code {0} is not a wijk of this leerregio."], Shorten(context.UnknownWijk ?? "")));
                        }
                        else
                        {
                            Reject(e.Column, "wrong-type", string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid {1}."], Shorten(csv.GetField(e.Column) ?? ""), expected));
                        }
                    }
                }
                if (HsdsTable.IdOf(row) is var rowId && rowId != Guid.Empty)
                {
                    allIds.Add(rowId);
                }
                if (row is Location { } loc && (loc.Latitude is < -90 or > 90 || loc.Longitude is < -180 or > 180))
                {
                    var issue = new ImportIssue(table.File, line, idText, "latitude", "coordinates", l["Latitude must be between -90 and 90, longitude between -180 and 180."]);
                    if (lenient)
                    {
                        warnings.Add(issue);
                    }
                    else
                    {
                        rejected.Add(issue);
                        ok = false;
                    }
                }
                if (ok)
                {
                    var id = HsdsTable.IdOf(row);
                    if (!seen.Add(id))
                    {
                        Reject("id", "duplicate-id", l["This id occurs more than once in the file."]);
                        continue;
                    }
                    result.Add(new Parsed(table, line, row, columns));
                }
            }
        }
        catch (CsvHelperException ex) when (ex is BadDataException or CsvHelper.MissingFieldException or ReaderException or ParserException)
        {
            rejected.Add(new(table.File, ex.Context?.Parser?.RawRow, null, null, "malformed-csv",
                l["The CSV file is broken here (a quote not closed, or a row with a different number of columns)."]));
        }
        return result;
    }

    private int? MaxLength(HsdsTable table, HsdsField f) =>
        db.Model.FindEntityType(table.Entity)?.FindProperty(f.Property.Name)?.GetMaxLength();

    private static int? LeerregioOf(object row) => (int?)row.GetType().GetProperty("LeerregioId")!.GetValue(row);

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);

    private static bool TryConvert(HsdsTable table, HsdsField f, string text, out object? value, out string expected)
    {
        value = null;
        var type = f.ValueType;
        expected = type.Name;
        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case var t when t == typeof(string):
                value = text;
                return true;
            case var t when t == typeof(Guid):
                expected = "UUID";
                if (Guid.TryParse(text, out var g))
                {
                    value = g;
                    return true;
                }
                return false;
            case var t when t == typeof(int):
                expected = "whole number";
                if (int.TryParse(text, NumberStyles.Integer, inv, out var i))
                {
                    value = i;
                    return true;
                }
                return false;
            case var t when t == typeof(decimal):
                expected = "number (at most 2 decimals)";
                if (decimal.TryParse(text, NumberStyles.Float, inv, out var d) && decimal.Round(d, 2) == d && Math.Abs(d) < 10_000_000_000m)
                {
                    value = d;
                    return true;
                }
                return false;
            case var t when t == typeof(double):
                expected = "number";
                if (double.TryParse(text, NumberStyles.Float, inv, out var x) && double.IsFinite(x))
                {
                    value = x;
                    return true;
                }
                return false;
            case var t when t == typeof(DateOnly):
                expected = "date (yyyy-mm-dd)";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date))
                {
                    value = date;
                    return true;
                }
                return false;
            case var t when t == typeof(TimeOnly):
                expected = "time (hh:mm:ss)";
                if (TimeOnly.TryParseExact(text, ["HH:mm:ss", "HH:mm", "HH:mm:ss.FFFFFFF"], inv, DateTimeStyles.None, out var time))
                {
                    value = time;
                    return true;
                }
                return false;
            case var t when t == typeof(DateTimeOffset):
                expected = table.IsDateOnlyMoment(f) ? "date (yyyy-mm-dd)" : "date-time (ISO 8601)";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day))
                {
                    value = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    return true;
                }
                if (DateTimeOffset.TryParse(text, inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
                {
                    value = moment.ToUniversalTime();
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary>Every reference must point at a row in the package or already in this leerregio (or an installation taxonomy).</summary>
    private async Task CheckReferencesAsync(int leerregioId, Dictionary<HsdsTable, List<Parsed>> parsed, Dictionary<HsdsTable, HashSet<Guid>> inPackage, bool lenient,
        List<ImportIssue> rejected, List<ImportIssue> warnings, CancellationToken ct)
    {
        var known = new Dictionary<HsdsTable, HashSet<Guid>>();
        async Task<bool> ExistsAsync(HsdsTable target, Guid id)
        {
            if (inPackage[target].Contains(id))
            {
                return true;
            }
            if (!known.TryGetValue(target, out var ids))
            {
                // Referenced ids of this table, looked up once.
                var wanted = parsed.Values.SelectMany(v => v).SelectMany(p => p.Table.Fields
                        .Where(f => f.RefersTo == target.Name || f.Name is "link_id" or "resource_id")
                        .Select(f => f.Property.GetValue(p.Row)).OfType<Guid>())
                    .Distinct().ToList();
                var rows = await target.LoadByAsync(db, "Id", wanted, ct);
                ids = rows.Where(r => LeerregioOf(r) is null || LeerregioOf(r) == leerregioId).Select(HsdsTable.IdOf).ToHashSet();
                known[target] = ids;
            }
            return ids.Contains(id);
        }
        foreach (var (table, rows) in parsed)
        {
            foreach (var p in rows)
            {
                foreach (var f in table.Fields)
                {
                    if (f.Property.GetValue(p.Row) is not Guid target)
                    {
                        continue;
                    }
                    IEnumerable<HsdsTable> targets;
                    if (f.RefersTo is { } name)
                    {
                        targets = [HsdsTables.ByName(name)!];
                    }
                    else if (f.Name is "link_id" or "resource_id")
                    {
                        var type = (p.Row as HsdsAttribute)?.LinkType ?? (p.Row as HsdsMetadata)?.ResourceType;
                        targets = HsdsTables.ByName(type ?? "") is { } t ? [t] : HsdsTables.All;
                    }
                    else
                    {
                        continue;
                    }
                    var found = false;
                    foreach (var t in targets)
                    {
                        if (await ExistsAsync(t, target))
                        {
                            found = true;
                            break;
                        }
                    }
                    if (found)
                    {
                        continue;
                    }
                    var issue = new ImportIssue(table.File, p.Line, HsdsTable.IdOf(p.Row).ToString("D"), f.Name, "unknown-reference",
                        string.Format(CultureInfo.CurrentCulture, l["{0} is not in the package and not on the map of this leerregio."], target.ToString("D")));
                    if (lenient)
                    {
                        warnings.Add(issue);
                    }
                    else
                    {
                        rejected.Add(issue);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The stored rows with the package's ids: tracked, for the upsert. A UUID of another leerregio is refused; an
    /// installation-wide taxonomy or term maps to null (kept, not changed).
    /// </summary>
    private async Task<Dictionary<Guid, object?>> CheckOwnershipAsync(int leerregioId, Dictionary<HsdsTable, List<Parsed>> parsed, List<ImportIssue> rejected, CancellationToken ct)
    {
        var result = new Dictionary<Guid, object?>();
        foreach (var (table, rows) in parsed)
        {
            if (rows.Count == 0)
            {
                continue;
            }
            var ids = rows.Select(p => HsdsTable.IdOf(p.Row)).ToList();
            var stored = new List<object>();
            foreach (var chunk in ids.Chunk(5000))
            {
                var set = chunk.ToList();
                stored.AddRange(await table.Query(db).AsTracking().Where(e => set.Contains(EF.Property<Guid>(e, "Id"))).ToListAsync(ct));
            }
            var byId = rows.ToDictionary(p => HsdsTable.IdOf(p.Row));
            foreach (var row in stored)
            {
                var id = HsdsTable.IdOf(row);
                var owner = LeerregioOf(row);
                if (owner is null)
                {
                    result[id] = null;
                }
                else if (owner != leerregioId)
                {
                    rejected.Add(new(table.File, byId[id].Line, id.ToString("D"), "id", "other-leerregio", l["This id belongs to another leerregio."]));
                }
                else
                {
                    result[id] = row;
                }
            }
        }
        return result;
    }
}
