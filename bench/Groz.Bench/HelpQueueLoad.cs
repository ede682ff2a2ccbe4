using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Groz.Bench.Generate;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OtpNet;

namespace Groz.Bench;

/// <summary>
/// The Hulpvragen queue benchmark (bench/run-helpqueue.sh, docs/performance.md "Hulpvragen queue"): on a generated
/// leerregio, tops up its largest wijk to --open open and --closed closed requests with the same generator, gives one
/// of that wijk's buurtassistenten 2FA and an API token, prints EXPLAIN ANALYZE of the queue's two statements (count
/// and first page), and measures GET /api/v1/helprequests/queue for that wijk: sequential requests (one at a time,
/// so the latency is the server's time for one request plus loopback) and then --clients at once. Then the same for the
/// Razor page of the queue (/beheer/hulpvragen/{slug}?wijk=…), signed in like a browser: sign-in form with its
/// antiforgery token, password, then the two-step form with a TOTP code of the assistant's authenticator key.
/// </summary>
internal static partial class HelpQueueLoad
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
        string token, assistantEmail, authenticatorKey;
        int expectedOpen;
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
            expectedOpen = counts.FirstOrDefault(c => c.Open)?.Count ?? 0;
            Console.WriteLine($"wijk {wijk.Name} ({wijkId}): {counts.FirstOrDefault(c => c.Open)?.Count ?? 0} open, {counts.FirstOrDefault(c => !c.Open)?.Count ?? 0} closed; leerregio {leerregioTotal} requests");

            var assistantId = await db.RoleAssignments.Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == leerregioId && r.WijkId == wijkId)
                .OrderBy(r => r.UserId).Select(r => r.UserId).FirstAsync();
            // Privileged roles count only with 2FA: the assistant enrols an authenticator (as on /account/tweestaps) whose key
            // the page client below uses like a phone; the API token needs the same 2FA state.
            await db.Users.Where(u => u.Id == assistantId).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true));
            var identity = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
            var assistant = await identity.FindByIdAsync(assistantId) ?? throw new InvalidOperationException("assistant gone");
            await identity.ResetAuthenticatorKeyAsync(assistant);
            await identity.SetTwoFactorEnabledAsync(assistant, true);
            authenticatorKey = (await identity.GetAuthenticatorKeyAsync(assistant))!;
            assistantEmail = assistant.Email!;
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

        await PageAsync(url, slug, wijkId, expectedOpen, assistantEmail, authenticatorKey, requests, clients, seconds);
        return 0;
    }

    /// <summary>
    /// The queue page as the assistant's browser gets it. The app runs in Production, where every cookie is Secure and
    /// antiforgery refuses plain http: the client says X-Forwarded-Proto: https as the TLS proxy in front of the app does
    /// (loopback is a known proxy), and keeps the cookies itself because a CookieContainer sends no Secure cookie over http.
    /// </summary>
    private static async Task PageAsync(string url, string slug, int wijkId, int expectedOpen, string email, string key,
        int requests, int clients, int seconds)
    {
        var cookies = new Dictionary<string, string>();
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-Forwarded-Proto", "https");
            lock (cookies)
            {
                if (cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
                }
            }
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }
            var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                lock (cookies)
                {
                    foreach (var c in set)
                    {
                        var pair = c.Split(';', 2)[0].Split('=', 2);
                        cookies[pair[0]] = pair[1];
                    }
                }
            }
            return response;
        }
        async Task<string> FormTokenAsync(string path)
        {
            using var response = await SendAsync(HttpMethod.Get, path);
            var html = await response.Content.ReadAsStringAsync();
            response.EnsureSuccessStatusCode();
            return AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
                : throw new InvalidOperationException("no antiforgery token on " + path);
        }

        var signIn = "/account/inloggen";
        using (var first = await SendAsync(HttpMethod.Post, signIn, new()
        {
            ["__RequestVerificationToken"] = await FormTokenAsync(signIn), ["Input.Email"] = email, ["Input.Password"] = Web.Data.DemoData.DemoPassword,
        }))
        {
            var next = first.Headers.Location?.OriginalString ?? "";
            if (!next.StartsWith("/account/inloggen/tweestaps", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"expected the two-step form after the password, got {(int)first.StatusCode} {next}");
            }
            using var second = await SendAsync(HttpMethod.Post, next, new()
            {
                ["__RequestVerificationToken"] = await FormTokenAsync(next), ["Input.Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(),
            });
            if (second.StatusCode != HttpStatusCode.Redirect || cookies.Keys.All(k => !k.StartsWith("groz.session", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"two-step sign-in failed: {(int)second.StatusCode}");
            }
        }
        Console.WriteLine($"signed in as {email} with password and TOTP");

        var path = $"/beheer/hulpvragen/{slug}?wijk={wijkId}";
        async Task<double> GetAsync(string p, bool check)
        {
            var sw = Stopwatch.StartNew();
            using var response = await SendAsync(HttpMethod.Get, p);
            var html = await response.Content.ReadAsStringAsync();
            sw.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {p}: {(int)response.StatusCode} {response.Headers.Location}");
            }
            if (check)
            {
                // The real queue: the heading's count is the wijk's open requests, and a full page of 50 lines.
                var total = QueueCount().Match(html);
                var lines = QueueLine().Count(html);
                if (!total.Success || int.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) != expectedOpen || lines != 50)
                {
                    throw new InvalidOperationException($"GET {p} is not the expected queue: heading '{total.Value}', {lines} lines, expected {expectedOpen} open");
                }
            }
            return sw.Elapsed.TotalMilliseconds;
        }
        await GetAsync(path, check: true);
        await GetAsync(path + "&pagina=100", check: true);
        Console.WriteLine($"page checked: heading says {expectedOpen} open requests, 50 lines on page 1 and on page 100");
        for (var i = 0; i < 50; i++)
        {
            await GetAsync(path, check: false);
        }
        var sequential = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            sequential.Add(await GetAsync(path, check: false));
        }
        Report("page-sequential", sequential, null);
        var deep = new List<double>();
        for (var i = 0; i < Math.Min(requests, 200); i++)
        {
            deep.Add(await GetAsync(path + "&pagina=100", check: false));
        }
        Report("page-page-100", deep, null);
        var concurrent = new List<double>();
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (until.Elapsed.TotalSeconds < seconds)
            {
                mine.Add(await GetAsync(path, check: false));
            }
            lock (concurrent)
            {
                concurrent.AddRange(mine);
            }
        }));
        Report($"page-{clients}-clients", concurrent, concurrent.Count / until.Elapsed.TotalSeconds);
        await GetAsync(path, check: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<h2 id=\"queue-title\">(\\d+) ")]
    private static partial Regex QueueCount();

    [GeneratedRegex("<tr( class=\"overdue\")?>\\s*<th scope=\"row\">")]
    private static partial Regex QueueLine();

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
            // The page (Manage/Queue) reads only the columns of its lines: at page 100 the sort holds 5,000 narrow rows.
            ("page 100 as the queue page reads it", $"""
                SELECT h.id, h.kind, h.wijk_id, h.category, h.urgency, h.status, h.entered_on_behalf, h.created_at, h.first_response_at,
                    h.first_response_due_at, h.matched_at, h.match_due_at FROM help_requests AS h WHERE {where}
                ORDER BY (h.first_response_at IS NULL AND h.first_response_due_at < now())
                    OR (h.match_due_at < now() AND h.matched_at IS NULL AND h.status IN ('Triaged', 'Asked')) DESC,
                    h.status = 'New' DESC, h.first_response_due_at, h.id
                LIMIT 50 OFFSET 4950
                """),
            ("page 100 with every column (as the API reads it)", $"""
                SELECT h.* FROM help_requests AS h WHERE {where}
                ORDER BY (h.first_response_at IS NULL AND h.first_response_due_at < now())
                    OR (h.match_due_at < now() AND h.matched_at IS NULL AND h.status IN ('Triaged', 'Asked')) DESC,
                    h.status = 'New' DESC, h.first_response_due_at, h.id
                LIMIT 50 OFFSET 4950
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
