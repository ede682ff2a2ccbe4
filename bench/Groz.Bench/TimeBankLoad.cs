using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Groz.Bench.Generate;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench;

/// <summary>
/// The Tijdbank's load test against a running app (docs/performance.md, "Tijdbank"): N clients record exchanges
/// between eight members of a generated leerregio through POST /api/v1/timebank/transfers, each with its own
/// Idempotency-Key, for a fixed time; then the statement of the account with 10,000 transfers is read with one
/// connection. Loopback only, bounded in time and in requests. Prints tab-separated result lines for the script.
/// </summary>
internal static class TimeBankLoad
{
    public const string Usage = """
        Usage: timebank-load --url http://127.0.0.1:5080 --connection "Host=...;Database=..." [--provider postgres|sqlite]
                             [--clients 8] [--seconds 30] [--warmup-seconds 5] [--max-requests 1000000]
                             [--statement-requests 200] [--slug synthetisch] [--label run]
                             [--app-pid N --postmaster-pid N]   (CPU time per transfer, from /proc)
        """;

    private sealed record Member(string Email, int AccountId, string Token);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>
        {
            ["--clients"] = "8", ["--seconds"] = "30", ["--warmup-seconds"] = "5", ["--max-requests"] = "1000000",
            ["--statement-requests"] = "200", ["--slug"] = "synthetisch", ["--provider"] = "postgres", ["--label"] = "run",
        };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i]] = args[i + 1];
        }
        if (!o.TryGetValue("--url", out var url) || !o.TryGetValue("--connection", out var connection)
            || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || !IPAddress.TryParse(baseUri.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await Console.Error.WriteLineAsync("--url (a loopback address) and --connection are required.\n" + Usage);
            return 2;
        }
        int Int(string name) => int.Parse(o[name], CultureInfo.InvariantCulture);
        var (clients, seconds, warmup, maxRequests, statementRequests) = (Int("--clients"), Int("--seconds"), Int("--warmup-seconds"), Int("--max-requests"), Int("--statement-requests"));
        var provider = o["--provider"] == "sqlite" ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

        var (emails, statement) = await PickAccountsAsync(provider, connection, o["--slug"]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30),
        };
        // As the reverse proxy of the README would send it (the app trusts loopback proxies).
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var members = new List<Member>();
        foreach (var (email, accountId) in emails)
        {
            members.Add(new Member(email, accountId, await TokenAsync(http, email, ["read", "write"])));
        }
        var statementToken = await TokenAsync(http, statement.Email, ["read"]);

        var balances = await BalancesAsync(http, members);
        var run = Guid.NewGuid().ToString("N")[..8];
        await LoadAsync(http, members, balances, clients, TimeSpan.FromSeconds(warmup), maxRequests, run + "-warmup");
        int? Pid(string name) => o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        var (appPid, postmasterPid) = (Pid("--app-pid"), Pid("--postmaster-pid"));
        // The load generator shares the two cores with the app and PostgreSQL: its own CPU time is part of the picture.
        var self = Process.GetCurrentProcess();
        var (app0, pg0, client0) = (CpuMs(appPid, false), CpuMs(postmasterPid, true), self.TotalProcessorTime.TotalMilliseconds);
        var result = await LoadAsync(http, members, balances, clients, TimeSpan.FromSeconds(seconds), maxRequests, run);
        self.Refresh();
        var (app1, pg1, client1) = (CpuMs(appPid, false), CpuMs(postmasterPid, true), self.TotalProcessorTime.TotalMilliseconds);
        var ok = result.Latencies.Count;
        if (appPid is not null && postmasterPid is not null && ok > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cpu\t{o["--label"]}\tapp_ms_per_transfer={(app1 - app0) / ok:0.00}\tpostgres_ms_per_transfer={(pg1 - pg0) / ok:0.00}\tapp_cores={(app1 - app0) / result.Elapsed.TotalMilliseconds:0.00}\tpostgres_cores={(pg1 - pg0) / result.Elapsed.TotalMilliseconds:0.00}\tclient_ms_per_transfer={(client1 - client0) / ok:0.00}\tclient_cores={(client1 - client0) / result.Elapsed.TotalMilliseconds:0.00}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"api\t{o["--label"]}\tclients={clients}\tseconds={result.Elapsed.TotalSeconds:0.0}\tcreated={ok}\tother={string.Join(',', result.Other.OrderBy(x => x.Key).Select(x => $"{x.Key}:{x.Value}"))}\ttps={ok / result.Elapsed.TotalSeconds:0.0}\tp50_ms={Percentile(result.Latencies, 0.50):0.0}\tp99_ms={Percentile(result.Latencies, 0.99):0.0}"));

        // The statement of the account with 10,000 transfers: one connection, one request at a time, first and deepest page.
        var total = await StatementTotalAsync(http, statementToken, statement.AccountId);
        foreach (var (name, page) in statementRequests == 0 ? [] : new[] { ("first", 1), ("deep", Math.Max(1, (total + 49) / 50)) })
        {
            var path = $"/api/v1/timebank/transfers?accountId={statement.AccountId}&page={page}&pageSize=50";
            var times = new List<double>();
            for (var i = 0; i < statementRequests + 20; i++)
            {
                var clock = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", statementToken);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
                }
                if (i >= 20) // the first twenty warm up
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"statement\t{o["--label"]}\t{name}\tpage={page}\ttransfers={total}\trequests={times.Count}\tp50_ms={Percentile(times, 0.50):0.0}\tp99_ms={Percentile(times, 0.99):0.0}\tmax_ms={times.Max():0.0}"));
        }
        return 0;
    }

    /// <summary>Eight members of the first wijk who sign in with a password alone and sit well within their limits, and the statement account.</summary>
    private static async Task<(List<(string Email, int AccountId)> Members, (string Email, int AccountId) Statement)> PickAccountsAsync(
        DatabaseProvider provider, string connection, string slug)
    {
        await using var target = await TargetDatabase.OpenAsync(provider, connection);
        await using var scope = target.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        var privileged = GrozRoles.All.Where(GrozRoles.RequiresTwoFactor).ToList();
        var leerregioId = await db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync();
        var wijkId = await db.Wijken.Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
        var members = await (
            from a in db.TimeAccounts
            join u in db.Users on a.UserId equals u.Id
            where a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Member && u.WijkId == wijkId && u.EmailConfirmed && !u.TwoFactorEnabled
                && a.BalanceMinutes > -300 && a.BalanceMinutes < 1200 && !db.RoleAssignments.Any(r => r.UserId == u.Id && privileged.Contains(r.Role))
            orderby a.Id
            select new { u.Email, a.Id }).Take(8).ToListAsync();
        var statement = await (
            from a in db.TimeAccounts
            join u in db.Users on a.UserId equals u.Id
            where a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Organisation
            orderby db.TimeEntries.Count(e => e.AccountId == a.Id) descending
            select new { u.Email, a.Id }).FirstAsync();
        if (members.Count < 8)
        {
            throw new InvalidOperationException("Fewer than eight members fit: generate a larger leerregio.");
        }
        return ([.. members.Select(m => (m.Email!, m.Id))], (statement.Email!, statement.Id));
    }

    private static async Task<string> TokenAsync(HttpClient http, string email, string[] scopes)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/tokens", new { email, password = DemoData.DemoPassword, scopes, name = "benchmark", lifetimeDays = 1 });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/tokens for {email}: {(int)response.StatusCode} {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<int[]> BalancesAsync(HttpClient http, List<Member> members)
    {
        var balances = new int[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/timebank/accounts/{members[i].AccountId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", members[i].Token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            balances[i] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("balanceMinutes").GetInt32();
        }
        return balances;
    }

    private static async Task<int> StatementTotalAsync(HttpClient http, string token, int accountId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/timebank/transfers?accountId={accountId}&pageSize=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
    }

    private sealed record LoadResult(TimeSpan Elapsed, List<double> Latencies, Dictionary<int, int> Other);

    /// <summary>
    /// Each client picks two of the members at random; the one with more hours pays (by the client's own count of
    /// what succeeded), so that balances stay in the middle and nearly every request is a transfer the bank accepts.
    /// </summary>
    private static async Task<LoadResult> LoadAsync(HttpClient http, List<Member> members, int[] balances, int clients, TimeSpan duration, int maxRequests, string run)
    {
        var sent = 0;
        var latencies = new List<double>[clients];
        var other = new Dictionary<int, int>[clients];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c + run.GetHashCode(StringComparison.Ordinal));
            var mine = latencies[c] = new List<double>(100_000);
            var refused = other[c] = [];
            for (var n = 0; clock.Elapsed < duration && Interlocked.Increment(ref sent) <= maxRequests; n++)
            {
                var (a, b) = (random.Next(members.Count), random.Next(members.Count - 1));
                b = b >= a ? b + 1 : b;
                var (from, to) = Volatile.Read(ref balances[a]) >= Volatile.Read(ref balances[b]) ? (a, b) : (b, a);
                var minutes = 15 * (1 + random.Next(4));
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/timebank/transfers")
                {
                    Content = JsonContent.Create(new { kind = "Exchange", fromAccountId = members[from].AccountId, toAccountId = members[to].AccountId, minutes, description = "Benchmark: hulp bij de boodschappen" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", members[from].Token);
                request.Headers.Add("Idempotency-Key", $"bench-{run}-{c}-{n}");
                var started = clock.Elapsed;
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var took = (clock.Elapsed - started).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    mine.Add(took);
                    Interlocked.Add(ref balances[from], -minutes);
                    Interlocked.Add(ref balances[to], minutes);
                }
                else
                {
                    refused[(int)response.StatusCode] = refused.GetValueOrDefault((int)response.StatusCode) + 1;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        return new LoadResult(elapsed, [.. latencies.SelectMany(l => l)],
            other.SelectMany(d => d).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Value)));
    }

    /// <summary>
    /// CPU time (user + system) of a process from /proc, in ms; for the postmaster also that of its backends, the
    /// live ones and (cutime/cstime) those that ended. Linux only; 0 when not asked for.
    /// </summary>
    private static double CpuMs(int? pid, bool withChildren)
    {
        if (pid is null)
        {
            return 0;
        }
        static string[] Stat(string path)
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on: index 0 is field 3
        }
        static double Ticks(string[] f, int field) => double.Parse(f[field - 3], CultureInfo.InvariantCulture);
        var own = Stat($"/proc/{pid}/stat");
        var ticks = Ticks(own, 14) + Ticks(own, 15);
        if (withChildren)
        {
            ticks += Ticks(own, 16) + Ticks(own, 17);
            foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])))
            {
                try
                {
                    var f = Stat(Path.Combine(dir, "stat"));
                    if (Ticks(f, 4) == pid)
                    {
                        ticks += Ticks(f, 14) + Ticks(f, 15);
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked: its time is now in the postmaster's cutime.
                }
            }
        }
        return ticks * 1000 / 100; // USER_HZ is 100 on Linux
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
