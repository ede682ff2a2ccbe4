using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Groz.Bench.Generate;
using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Groz.Bench;

/// <summary>
/// The Wijkportaal benchmark's three tools (bench/run-socialmap.sh runs them):
///   socialmap-seed --connection CS [--services 10000] [--organizations 2000] [--slug utrecht] [--seed 7]
///       a social map of that size in an existing leerregio (PostgreSQL), published, indexed for search;
///   socialmap-raw --connection CS --port 5090
///       the baseline: a minimal page that runs one comparable full-text query with raw Npgsql and writes a list;
///   socialmap-latency --url URL [--count 500]
///       sequential GETs (one at a time, so no queueing) and their p50/p95/p99 in milliseconds.
/// </summary>
internal static class SocialMapBench
{
    public const string Usage = "socialmap-seed --connection CS [--services 10000] [--organizations 2000] [--slug utrecht] | socialmap-raw --connection CS --port 5090 | socialmap-latency --url URL [--count 500]";

    private static readonly string[] Kinds =
    [
        "Wandelgroep", "Koffieochtend", "Taalcafé", "Beweegles", "Spreekuur", "Digicafé", "Moestuin", "Schuldhulp", "Mantelzorgcafé", "Zwemles",
        "Fietsmaatjes", "Kookclub", "Repair café", "Buurtkamer", "Yoga voor ouderen", "Huiswerkhulp", "Inloophuis", "Sportmaatje", "Formulierenhulp", "Gezond eten",
    ];

    private static readonly string[] Themes = ["leefstijl", "zorg-voor-elkaar", "vitaal-werken", "sociale-basis"];
    private static readonly string[] Groups = ["ouderen", "jongeren", "mantelzorgers", "nieuwkomers", "weinig-geld", "ouders"];

    public static Task<int> RunAsync(string command, string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return command switch
        {
            "socialmap-seed" => SeedAsync(options),
            "socialmap-raw" => RawAsync(options),
            "socialmap-latency" => LatencyAsync(options),
            _ => Task.FromResult(2),
        };
    }

    private static int Int(Dictionary<string, string> o, string key, int fallback) =>
        o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static async Task<int> SeedAsync(Dictionary<string, string> o)
    {
        var services = Int(o, "services", 10_000);
        var organizations = Int(o, "organizations", 2_000);
        var random = new Random(Int(o, "seed", 7));
        var clock = Stopwatch.StartNew();
        await using var target = await TargetDatabase.OpenAsync(DatabaseProvider.Postgres, o["connection"]);
        await using var scope = target.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var slug = o.GetValueOrDefault("slug", "utrecht");
        var leerregio = await db.Leerregios.SingleAsync(l => l.Slug == slug);
        var wijken = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).ToListAsync();
        var now = TimeProvider.System.GetUtcNow();
        var orgIds = new List<Guid>();
        for (var i = 0; i < organizations; i++)
        {
            var id = Guid.NewGuid();
            orgIds.Add(id);
            db.SmOrganizations.Add(new Organization { Id = id, LeerregioId = leerregio.Id, Name = $"Stichting Buurt {i}", Description = "Organisatie in de wijk", Publication = Publication.Published, ModifiedAt = now });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        for (var i = 0; i < services; i++)
        {
            var id = Guid.NewGuid();
            var kind = Kinds[random.Next(Kinds.Length)];
            var wijk = wijken[random.Next(wijken.Count)];
            var location = Guid.NewGuid();
            db.SmServices.Add(new Service
            {
                Id = id, LeerregioId = leerregio.Id, OrganizationId = orgIds[random.Next(orgIds.Count)], Name = $"{kind} {wijk.Name} {i}",
                Description = $"{kind} voor bewoners van {wijk.Name}. Samen bewegen, praten en elkaar helpen; kom gerust langs.",
                Publication = Publication.Published, LastModified = now, CreatedAt = now, LastCheckedAt = now.AddDays(-random.Next(400)),
                MinimumAge = random.Next(5) == 0 ? 18 : null,
            });
            db.SmLocations.Add(new Location { Id = location, LeerregioId = leerregio.Id, LocationType = "physical", Name = $"Buurthuis {wijk.Name} {i % 50}", WijkId = wijk.Id, Latitude = 52.05 + random.NextDouble() * 0.06, Longitude = 5.05 + random.NextDouble() * 0.1 });
            db.SmAddresses.Add(new Address { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, LocationId = location, Address1 = $"Dorpsstraat {i % 300 + 1}", City = "Utrecht", StateProvince = "Utrecht", PostalCode = "3500 AA", Country = "NL", AddressType = "physical" });
            db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, ServiceId = id, LocationId = location });
            db.SmSchedules.Add(new Schedule { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, ServiceId = id, Freq = "WEEKLY", Byday = HsdsValues.Weekdays[random.Next(7)], OpensAt = new TimeOnly(9 + random.Next(8), 0), ClosesAt = new TimeOnly(18, 0) });
            db.SmCostOptions.Add(new CostOption { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, ServiceId = id, Currency = "EUR", Amount = random.Next(2) == 0 ? 0m : 2.5m });
            db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, LinkId = id, LinkType = "service", TaxonomyTermId = SocialMapTaxonomies.ThemeTermId(Themes[random.Next(Themes.Length)]) });
            db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = leerregio.Id, LinkId = id, LinkType = "service", TaxonomyTermId = SocialMapTaxonomies.TargetGroupTermId(Groups[random.Next(Groups.Length)]) });
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var seeded = clock.Elapsed;
        var indexed = await new SearchIndex(db, TimeProvider.System, new SearchIndexClock()).SyncAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        Console.WriteLine($"{services:N0} services and {organizations:N0} organisations in '{slug}' ({wijken.Count} wijken) in {seeded.TotalSeconds:0.0} s; {indexed:N0} search documents in {(clock.Elapsed - seeded).TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>The same search as /wijkportaal?q=…&amp;wijk=…&amp;gratis=true, as one SQL statement, 20 rows, no framework.</summary>
    public const string RawQuery = """
        SELECT s.id, s.name FROM sm_search_documents d JOIN sm_services s ON s.id = d.service_id, to_tsquery('dutch', $1) q
        WHERE d.search_vector @@ q AND s.publication = 'Published'
          AND EXISTS (SELECT 1 FROM sm_service_at_locations x JOIN sm_locations l ON l.id = x.location_id WHERE x.service_id = s.id AND l.wijk_id = $2)
          AND EXISTS (SELECT 1 FROM sm_cost_options c WHERE c.service_id = s.id AND c.amount = 0)
        ORDER BY ts_rank(d.search_vector, q) DESC, s.name LIMIT 20
        """;

    /// <summary>
    /// The statement the app's search makes since the search document carries the filters (/raw-doc): the same work in
    /// the database as the page, so that /wijkportaal against /raw-doc measures what the framework adds and nothing else.
    /// Needs the denormalised sm_search_documents (the AddSocialMapSearch migration of 2026-11-23 06:28 or later).
    /// </summary>
    public const string RawDocumentQuery = """
        SELECT d.service_id, d.name FROM sm_search_documents d, to_tsquery('dutch', $1) q
        WHERE d.search_vector @@ q AND ($2 = ANY (d.wijk_ids) OR (d.leerregio_wide AND d.leerregio_id = $3)) AND d.free
        ORDER BY ts_rank(d.search_vector, q) DESC, d.name LIMIT 20
        """;

    private static async Task<int> RawAsync(Dictionary<string, string> o)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        await using var source = NpgsqlDataSource.Create(o["connection"]);
        app.MapGet("/raw", async (HttpContext http, string q, string wijk) =>
        {
            await using var cmd = source.CreateCommand("SELECT id FROM wijken WHERE code = $1");
            cmd.Parameters.AddWithValue(wijk);
            var wijkId = (int)(await cmd.ExecuteScalarAsync())!;
            await using var search = source.CreateCommand(RawQuery);
            search.Parameters.AddWithValue(DutchText.PostgresQuery(q)!);
            search.Parameters.AddWithValue(wijkId);
            var html = new StringBuilder("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>raw</title></head><body><ol>");
            await using (var reader = await search.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    html.Append("<li><a href=\"/wijkportaal/dienst/").Append(reader.GetGuid(0)).Append("\">").Append(WebUtility.HtmlEncode(reader.GetString(1))).Append("</a></li>");
                }
            }
            html.Append("</ol></body></html>");
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html.ToString());
        });
        app.MapGet("/raw-doc", async (HttpContext http, string q, string wijk) =>
        {
            await using var cmd = source.CreateCommand("SELECT id, leerregio_id FROM wijken WHERE code = $1");
            cmd.Parameters.AddWithValue(wijk);
            int wijkId, leerregioId;
            await using (var r = await cmd.ExecuteReaderAsync())
            {
                await r.ReadAsync();
                (wijkId, leerregioId) = (r.GetInt32(0), r.GetInt32(1));
            }
            await using var search = source.CreateCommand(RawDocumentQuery);
            search.Parameters.AddWithValue(DutchText.PostgresQuery(q)!);
            search.Parameters.AddWithValue(wijkId);
            search.Parameters.AddWithValue(leerregioId);
            var html = new StringBuilder("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>raw</title></head><body><ol>");
            await using (var reader = await search.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    html.Append("<li><a href=\"/wijkportaal/dienst/").Append(reader.GetGuid(0)).Append("\">").Append(WebUtility.HtmlEncode(reader.GetString(1))).Append("</a></li>");
                }
            }
            html.Append("</ol></body></html>");
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html.ToString());
        });
        app.Urls.Add($"http://127.0.0.1:{Int(o, "port", 5090)}");
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> LatencyAsync(Dictionary<string, string> o)
    {
        var count = Int(o, "count", 500);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var url = o["url"];
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync(url)).EnsureSuccessStatusCode();
        }
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{url}\tn={count}\tp50={P(0.50):0.00}\tp95={P(0.95):0.00}\tp99={P(0.99):0.00}\tmax={times[^1]:0.00}"));
        return 0;
    }
}
