using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Groz.Bench.Generate;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Groz.Bench;

/// <summary>
/// The Hulpvragen queue benchmark (bench/run-helpqueue.sh, docs/performance.md "Hulpvragen queue"): on a generated
/// leerregio, tops up its largest wijk to --open open and --closed closed requests with the same generator, gives one
/// of that wijk's buurtassistenten 2FA and an API token, prints EXPLAIN ANALYZE of the queue's two statements (count
/// and first page), and measures GET /api/v1/helprequests/queue for that wijk: sequential requests (one at a time,
/// so the latency is the server's time for one request plus loopback) and then --clients at once.
/// </summary>
internal static class HelpQueueLoad
{
    public const string Usage = """
        Usage: help-queue --url http://127.0.0.1:5082 --connection "..." [--slug synthetisch] [--open 5000] [--closed 50000]
                          [--requests 500] [--clients 4] [--seconds 15] [--page-url /beheer/hulpvragen/{slug}]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var url = Arg("--url", "");
        var cs = Arg("--connection", "");
        if (url.Length == 0 || cs.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var slug = Arg("--slug", "synthetisch");
        var wantOpen = int.Parse(Arg("--open", "5000"), CultureInfo.InvariantCulture);
        var wantClosed = int.Parse(Arg("--closed", "50000"), CultureInfo.InvariantCulture);
        var requests = int.Parse(Arg("--requests", "500"), CultureInfo.InvariantCulture);
        var clients = int.Parse(Arg("--clients", "4"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds", "15"), CultureInfo.InvariantCulture);

        await using var target = await TargetDatabase.OpenAsync(DatabaseProvider.Postgres, cs);
        int leerregioId, wijkId;
        string token;
        await using (var scope = target.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var leerregio = await db.Leerregios.SingleAsync(l => l.Slug == slug);
            leerregioId = leerregio.Id;
            var wijk = await db.Wijken.Where(w => w.LeerregioId == leerregioId).OrderByDescending(w => w.Residents).ThenBy(w => w.Id).FirstAsync();
            wijkId = wijk.Id;
            var open = HelpFlow.Open.ToList();
            var hasOpen = await db.HelpRequests.CountAsync(r => r.WijkId == wijkId && open.Contains(r.Status));
            var hasClosed = await db.HelpRequests.CountAsync(r => r.WijkId == wijkId && !open.Contains(r.Status));
            var addOpen = Math.Max(0, wantOpen - hasOpen);
            var addClosed = Math.Max(0, wantClosed - hasClosed);
            if (addOpen + addClosed > 0)
            {
                var clock = Stopwatch.StartNew();
                if (!GeneratorOptions.TryParse(["--residents", "100000", "--provider", "postgres", "--connection", cs, "--slug", slug], out var options, out var error))
                {
                    throw new InvalidOperationException(error);
                }
                var context = new GenerationContext(options, target.Services);
                var users = await db.Users.AsNoTracking().Where(u => u.WijkId == wijkId).Select(u => new { u.Id, u.DisplayName }).ToListAsync();
                var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.LeerregioId == leerregioId && (r.WijkId == wijkId || r.WijkId == null))
                    .Select(r => new { r.UserId, r.Role, r.WijkId }).ToListAsync();
                var people = new HelpRequestGenerator.WijkPeople(wijkId, leerregioId, 1,
                    users.Select(u => (u.Id, u.DisplayName)).ToList(),
                    roles.Where(r => r.Role == GrozRole.Volunteer && users.Any(u => u.Id == r.UserId)).Select(r => r.UserId).Distinct().ToList(),
                    roles.Where(r => r.Role == GrozRole.Buurtassistent && r.WijkId == wijkId).Select(r => r.UserId).Distinct().ToList());
                var generated = new HelpRequestGenerator(context.RandomFor("helpqueue"), options.AsOf).Generate([people], addOpen + addClosed, addOpen);
                await HelpRequestsStep.InsertAsync(context, generated, CancellationToken.None);
                Console.WriteLine($"topped up wijk {wijk.Name} ({wijkId}) with {addOpen} open and {addClosed} closed requests in {clock.Elapsed.TotalSeconds:0.0} s");
            }
            var counts = await db.HelpRequests.Where(r => r.WijkId == wijkId).GroupBy(r => open.Contains(r.Status)).Select(g => new { Open = g.Key, Count = g.Count() }).ToListAsync();
            var leerregioTotal = await db.HelpRequests.CountAsync(r => r.LeerregioId == leerregioId);
            Console.WriteLine($"wijk {wijk.Name} ({wijkId}): {counts.FirstOrDefault(c => c.Open)?.Count ?? 0} open, {counts.FirstOrDefault(c => !c.Open)?.Count ?? 0} closed; leerregio {leerregioTotal} requests");

            var assistantId = await db.RoleAssignments.Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == leerregioId && r.WijkId == wijkId)
                .OrderBy(r => r.UserId).Select(r => r.UserId).FirstAsync();
            // Privileged roles count only with 2FA; a benchmark cannot type TOTP codes, so it is switched on in the database.
            await db.Users.Where(u => u.Id == assistantId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, true));
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(assistantId, "helpqueue-bench", ["read"], 1)).Secret;
        }

        await ExplainAsync(cs, leerregioId, wijkId);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var path = $"/api/v1/helprequests/queue?leerregio={slug}&wijkId={wijkId}";
        // Warm-up: JIT, connection pool, plan cache and the rows in shared buffers.
        for (var i = 0; i < 50; i++)
        {
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        }
        var sequential = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            response.EnsureSuccessStatusCode();
            sequential.Add(sw.Elapsed.TotalMilliseconds);
        }
        Report("api-sequential", sequential, null);
        var deep = new List<double>();
        for (var i = 0; i < Math.Min(requests, 200); i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(path + "&page=100");
            await response.Content.ReadAsByteArrayAsync();
            deep.Add(sw.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        Report("api-page-100", deep, null);

        var concurrent = new List<double>();
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var sw = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(sw.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }
            lock (concurrent)
            {
                concurrent.AddRange(mine);
            }
        }));
        Report($"api-{clients}-clients", concurrent, concurrent.Count / until.Elapsed.TotalSeconds);
        return 0;
    }

    private static void Report(string what, List<double> ms, double? perSecond)
    {
        ms.Sort();
        double P(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Count) - 1, 0, ms.Count - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}\tn={ms.Count}\tp50={P(0.50):0.0}\tp95={P(0.95):0.0}\tp99={P(0.99):0.0}\tmax={ms[^1]:0.0}{(perSecond is { } r ? $"\trps={r:0}" : "")}"));
    }

    /// <summary>
    /// The two statements of the queue (HelpRequests.Queue: count, then the first page of 50) as the app sends them
    /// through EF Core on PostgreSQL for a buurtassistent of one wijk, with the status list and times as parameters.
    /// </summary>
    private static async Task ExplainAsync(string cs, int leerregioId, int wijkId)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE help_requests", conn))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        var open = string.Join(", ", HelpFlow.Open.Select(s => $"'{s}'"));
        var where = $"h.leerregio_id = {leerregioId} AND h.wijk_id = ANY (ARRAY[{wijkId}]) AND h.wijk_id = {wijkId} AND h.status = ANY (ARRAY[{open}]::varchar[])";
        var statements = new[]
        {
            ("count", $"SELECT count(*)::int FROM help_requests AS h WHERE {where}"),
            ("first page", $"""
                SELECT h.* FROM help_requests AS h WHERE {where}
                ORDER BY (h.first_response_at IS NULL AND h.first_response_due_at < now())
                    OR (h.match_due_at < now() AND h.matched_at IS NULL AND h.status IN ('Triaged', 'Asked')) DESC,
                    h.status = 'New' DESC, h.first_response_due_at, h.id
                LIMIT 50 OFFSET 0
                """),
        };
        foreach (var (name, sql) in statements)
        {
            Console.WriteLine($"-- EXPLAIN ANALYZE, queue {name}:");
            await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine(reader.GetString(0));
            }
        }
    }
}
