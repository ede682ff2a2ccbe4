using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.SocialMap;

public static class SocialMapTestSupport
{
    public static string HsdsDir => Path.Combine(AppContext.BaseDirectory, "SocialMap", "hsds");
    public static string ExamplesDir => Path.Combine(HsdsDir, "examples", "csv");

    /// <summary>The official example package as a zip; <paramref name="edit"/> may change a file's text (file name → new text, null: leave out).</summary>
    public static byte[] ExamplesZip(Func<string, string, string?>? edit = null, Dictionary<string, byte[]>? raw = null)
    {
        var files = Directory.GetFiles(ExamplesDir, "*.csv").ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f, Encoding.UTF8));
        return Zip(files.Select(f => (f.Key, edit is null ? f.Value : edit(f.Key, f.Value))), raw);
    }

    public static byte[] Zip(IEnumerable<(string Name, string? Text)> files, Dictionary<string, byte[]>? raw = null)
    {
        var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                if (text is null)
                {
                    continue;
                }
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            foreach (var (name, bytes) in raw ?? [])
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        }
        return memory.ToArray();
    }

    public static async Task<ImportReport> ImportPackageAsync(this GrozApp app, string slug, byte[] zip, bool lenient = false)
    {
        var id = await app.LeerregioIdAsync(slug);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HsdsImport>().ImportAsync(id, new MemoryStream(zip), lenient, null, "test");
    }

    public static async Task<byte[]> ExportPackageAsync(this GrozApp app, string slug)
    {
        var id = await app.LeerregioIdAsync(slug);
        await using var scope = app.Services.CreateAsyncScope();
        var buffer = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<HsdsExport>().WriteAsync(id, buffer);
        return buffer.ToArray();
    }

    /// <summary>Every CSV file of a package as rows of column → value.</summary>
    public static Dictionary<string, List<Dictionary<string, string>>> ReadPackage(byte[] zip)
    {
        var result = new Dictionary<string, List<Dictionary<string, string>>>();
        using var archive = new ZipArchive(new MemoryStream(zip));
        foreach (var entry in archive.Entries.Where(e => e.Name.EndsWith(".csv", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            result[entry.Name] = ReadCsv(reader.ReadToEnd());
        }
        return result;
    }

    public static List<Dictionary<string, string>> ReadCsv(string text)
    {
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        }
        return rows;
    }

    /// <summary>Rows in every social map table: a rejected import must leave all of them as they were.</summary>
    public static Task<string> MapSnapshotAsync(this GrozApp app) => app.DbAsync(async db =>
    {
        var parts = new List<string>();
        foreach (var table in HsdsTables.All)
        {
            parts.Add($"{table.Name}={await table.Query(db).CountAsync()}");
        }
        parts.Add($"services-modified={string.Join(',', await db.SmServices.OrderBy(s => s.Id).Select(s => s.Name + s.LastModified.UtcTicks).ToListAsync())}");
        return string.Join(' ', parts);
    });

    /// <summary>A small published map for one leerregio: an organisation with one service at one location, and a draft.</summary>
    public static async Task<(Guid Published, Guid Draft, Guid Organization, Guid ServiceAtLocation)> AddServicesAsync(this GrozApp app, string slug)
    {
        var leerregioId = await app.LeerregioIdAsync(slug);
        var org = Guid.NewGuid();
        var published = Guid.NewGuid();
        var draft = Guid.NewGuid();
        var location = Guid.NewGuid();
        var sal = Guid.NewGuid();
        await app.DbAsync(async db =>
        {
            var wijk = await db.Wijken.Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Code).FirstAsync();
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            db.SmOrganizations.Add(new Organization { Id = org, LeerregioId = leerregioId, Name = "Buurtteam " + slug, Description = "Hulp in de wijk", Publication = Publication.Published, ModifiedAt = now });
            db.SmServices.Add(new Service { Id = published, LeerregioId = leerregioId, OrganizationId = org, Name = "Wandelgroep test-" + slug, Description = "<script>alert(1)</script> Samen wandelen", Publication = Publication.Published, LastModified = now, CreatedAt = now });
            db.SmServices.Add(new Service { Id = draft, LeerregioId = leerregioId, OrganizationId = org, Name = "Geheim concept " + slug, Publication = Publication.Draft, LastModified = now, CreatedAt = now });
            db.SmLocations.Add(new Location { Id = location, LeerregioId = leerregioId, LocationType = "physical", Name = "Buurthuis", Latitude = 52.07, Longitude = 5.1, WijkId = wijk.Id, OrganizationId = org });
            db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = sal, LeerregioId = leerregioId, ServiceId = published, LocationId = location });
            db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), LeerregioId = leerregioId, ServiceId = draft, LocationId = location });
            db.SmSchedules.Add(new Schedule { Id = Guid.NewGuid(), LeerregioId = leerregioId, ServiceId = published, Freq = "WEEKLY", Byday = "TU", OpensAt = new TimeOnly(10, 0), ClosesAt = new TimeOnly(11, 30) });
            db.SmCostOptions.Add(new CostOption { Id = Guid.NewGuid(), LeerregioId = leerregioId, ServiceId = published, Option = "Gratis", Currency = "EUR", Amount = 0 });
            db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = leerregioId, LinkId = published, LinkType = "service", LinkEntity = "service", TaxonomyTermId = SocialMapTaxonomies.ThemeTermId("leefstijl") });
            db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = leerregioId, LinkId = draft, LinkType = "service", LinkEntity = "service", TaxonomyTermId = SocialMapTaxonomies.ThemeTermId("leefstijl") });
            db.SmMetadata.Add(new HsdsMetadata { Id = Guid.NewGuid(), LeerregioId = leerregioId, ResourceId = draft, ResourceType = "service", LastActionDate = now, LastActionType = "create", FieldName = "name", PreviousValue = "", ReplacementValue = "Geheim concept", UpdatedBy = "test" });
            await db.SaveChangesAsync();
        });
        return (published, draft, org, sal);
    }
}
