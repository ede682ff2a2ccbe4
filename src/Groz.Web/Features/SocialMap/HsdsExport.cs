using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// The published social map of one leerregio as an HSDS tabular data package: a zip with one CSV per HSDS table
/// (UTF-8, header row, HSDS field order, then the x_groz_* columns) and datapackage.json describing them.
/// Drafts and archived entries stay out, and so does everything hanging under them (their locations, schedules,
/// attributes, history). Taxonomies: the leerregio's own and every term the exported attributes use.
/// </summary>
public sealed class HsdsExport(GrozDbContext db)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task WriteAsync(int leerregioId, Stream output, CancellationToken ct = default)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstAsync(l => l.Id == leerregioId, ct);
        var rows = await CollectAsync(leerregioId, ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var context = new HsdsExtensionContext(wijken);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in HsdsTables.All)
        {
            var entry = zip.CreateEntry(table.File, CompressionLevel.Optimal);
            await using var stream = entry.Open();
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            var extensions = HsdsExtension.Of(table).ToList();
            foreach (var f in table.Fields)
            {
                csv.WriteField(f.Name);
            }
            foreach (var e in extensions)
            {
                csv.WriteField(e.Column);
            }
            await csv.NextRecordAsync();
            foreach (var row in rows[table])
            {
                foreach (var f in table.Fields)
                {
                    csv.WriteField(table.Format(f, row) ?? "");
                }
                foreach (var e in extensions)
                {
                    csv.WriteField(e.Format(row, context) ?? "");
                }
                await csv.NextRecordAsync();
            }
        }
        var package = zip.CreateEntry("datapackage.json", CompressionLevel.Optimal);
        await using (var stream = package.Open())
        {
            await JsonSerializer.SerializeAsync(stream, DataPackage(leerregio.Slug, leerregio.Name), Indented, ct);
        }
    }

    /// <summary>The rows that go out, per table, in a stable order (by id).</summary>
    public async Task<Dictionary<HsdsTable, List<object>>> CollectAsync(int leerregioId, CancellationToken ct = default)
    {
        // What must not go out: unpublished services and organisations, then (table by table, in dependency order)
        // every row that refers to something that does not go out.
        var hidden = new HashSet<Guid>(await db.SmServices.Where(s => s.LeerregioId == leerregioId && s.Publication != Publication.Published).Select(s => s.Id).ToListAsync(ct));
        hidden.UnionWith(await db.SmOrganizations.Where(o => o.LeerregioId == leerregioId && o.Publication != Publication.Published).Select(o => o.Id).ToListAsync(ct));
        var result = new Dictionary<HsdsTable, List<object>>();
        foreach (var table in HsdsTables.All)
        {
            if (table == HsdsTables.Taxonomy || table == HsdsTables.TaxonomyTerm)
            {
                continue;
            }
            var all = await table.Query(db).Where(e => EF.Property<int>(e, "LeerregioId") == leerregioId).ToListAsync(ct);
            var refs = table.Fields.Where(f => f.RefersTo is not null || f.Name is "link_id" or "resource_id").ToList();
            var kept = new List<object>();
            foreach (var row in all)
            {
                var id = HsdsTable.IdOf(row);
                if (hidden.Contains(id) || refs.Any(f => f.Property.GetValue(row) is Guid g && hidden.Contains(g)))
                {
                    hidden.Add(id);
                    continue;
                }
                kept.Add(row);
            }
            result[table] = kept.OrderBy(HsdsTable.IdOf).ToList();
        }
        var usedTerms = result[HsdsTables.Attribute].Cast<HsdsAttribute>().Select(a => a.TaxonomyTermId).OfType<Guid>().ToHashSet();
        var terms = await db.SmTaxonomyTerms.AsNoTracking().Where(t => t.LeerregioId == leerregioId || usedTerms.Contains(t.Id)).ToListAsync(ct);
        var taxonomyIds = terms.Select(t => t.TaxonomyId).OfType<Guid>().ToHashSet();
        var taxonomies = await db.SmTaxonomies.AsNoTracking().Where(t => t.LeerregioId == leerregioId || taxonomyIds.Contains(t.Id)).ToListAsync(ct);
        result[HsdsTables.TaxonomyTerm] = terms.OrderBy(t => t.Id).Cast<object>().ToList();
        result[HsdsTables.Taxonomy] = taxonomies.OrderBy(t => t.Id).Cast<object>().ToList();
        return result;
    }

    /// <summary>datapackage.json (Frictionless Data tabular data package) for the files written above.</summary>
    public static JsonObject DataPackage(string slug, string title)
    {
        var resources = new JsonArray();
        foreach (var table in HsdsTables.All)
        {
            var fields = new JsonArray();
            foreach (var f in table.Fields)
            {
                var field = new JsonObject { ["name"] = f.Name, ["type"] = FieldType(table, f) };
                if (f.Format is { } format)
                {
                    field["format"] = format;
                }
                var constraints = new JsonObject();
                if (f.Required || f.Name == "id")
                {
                    constraints["required"] = true;
                }
                if (f.Name == "id")
                {
                    constraints["unique"] = true;
                }
                if (f.Values is { } values)
                {
                    constraints["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
                }
                if (constraints.Count > 0)
                {
                    field["constraints"] = constraints;
                }
                fields.Add(field);
            }
            foreach (var e in HsdsExtension.Of(table))
            {
                fields.Add(new JsonObject { ["name"] = e.Column, ["type"] = e.Type, ["description"] = "Groz extension" });
            }
            var foreignKeys = new JsonArray();
            foreach (var f in table.Fields.Where(f => f.RefersTo is not null))
            {
                var target = HsdsTables.ByName(f.RefersTo!)!;
                foreignKeys.Add(new JsonObject
                {
                    ["fields"] = f.Name,
                    ["reference"] = new JsonObject { ["resource"] = target.Name, ["fields"] = "id" },
                });
            }
            resources.Add(new JsonObject
            {
                ["name"] = table.Name,
                ["path"] = table.File,
                ["profile"] = "tabular-data-resource",
                ["format"] = "csv",
                ["mediatype"] = "text/csv",
                ["encoding"] = "utf-8",
                ["schema"] = new JsonObject { ["fields"] = fields, ["primaryKey"] = "id", ["foreignKeys"] = foreignKeys },
            });
        }
        return new JsonObject
        {
            ["name"] = "groz-" + slug,
            ["title"] = title,
            ["profile"] = "tabular-data-package",
            ["description"] = "HSDS 3.0 tabular data package exported by Groz.",
            ["licenses"] = new JsonArray(new JsonObject { ["name"] = "CC-BY-4.0", ["path"] = "https://creativecommons.org/licenses/by/4.0/" }),
            ["resources"] = resources,
        };
    }

    private static string FieldType(HsdsTable table, HsdsField f) => f.ValueType switch
    {
        _ when table.IsDateOnlyMoment(f) => "date",
        var t when t == typeof(int) => "integer",
        var t when t == typeof(decimal) || t == typeof(double) => "number",
        var t when t == typeof(DateOnly) => "date",
        var t when t == typeof(TimeOnly) => "time",
        var t when t == typeof(DateTimeOffset) => "datetime",
        _ => "string",
    };
}
