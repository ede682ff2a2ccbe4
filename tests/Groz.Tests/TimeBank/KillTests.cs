using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Groz.Tests.TimeBank;

/// <summary>
/// The crash test of issue 3: the built app runs as a separate process on the test's database (SQLite file, or the
/// PostgreSQL database under GROZ_TEST_DB=postgres); eight clients make random transfers with their own keys while two
/// readers check sums and limits; the process is killed with SIGKILL in the middle and started again; every request
/// that got no definite answer is retried with its key until it gets one. Afterwards each key stands for exactly one
/// transfer (none lost, none doubled) and the ledger holds. The in-process app only prepares the database and tokens.
/// </summary>
public sealed class KillTests(TimeBankApp app, ITestOutputHelper output) : LedgerCheckedTests, IClassFixture<TimeBankApp>, IDisposable
{
    private const string Url = "/api/v1/timebank/transfers";
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    protected override TimeBankApp Ledger => app;

    private static readonly GrozRole[] Members =
    [
        GrozRole.Resident, GrozRole.Volunteer, GrozRole.InformalCarer, GrozRole.Entrepreneur,
        GrozRole.Professional, GrozRole.Student, GrozRole.Buurtassistent, GrozRole.Researcher,
    ];

    private readonly int _port = FreePort();
    private readonly string _workDir = Path.Combine(Path.GetTempPath(), "groz-kill", Guid.NewGuid().ToString("N"));
    private Process? _server;
    private readonly ConcurrentQueue<string> _serverLog = new();

    /// <summary>What a client finally learned about one key: the transfer it made, or a refusal at a limit.</summary>
    private sealed record Outcome(string Key, string Description, long? TransferId, string? Refusal, int Attempts, bool Replayed = false);

    [Fact]
    public async Task Killing_the_app_mid_run_loses_no_transfer_and_doubles_none()
    {
        var accounts = new List<(string Token, int Account)>();
        foreach (var role in Members)
        {
            accounts.Add((await app.TokenAsync(role), await app.AccountIdAsync(role)));
        }
        var pool = await app.PoolIdAsync();
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var transfersBefore = await app.DbAsync(db => db.Transfers.CountAsync());

        await StartServerAsync();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10),
        };
        var outcomes = new ConcurrentBag<Outcome>();
        var failures = new ConcurrentBag<string>();
        var reads = 0;
        var uncertain = 0;
        using var stop = new CancellationTokenSource();

        var writers = accounts.Select((me, index) => Task.Run(async () =>
        {
            var random = new Random(3000 + index);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var donation = random.Next(4) == 0;
                var to = donation && random.Next(2) == 0 ? pool : accounts[(index + 1 + random.Next(accounts.Count - 1)) % accounts.Count].Account;
                var description = $"Kill {index}/{n}";
                var body = new { kind = donation ? "Donation" : "Exchange", fromAccountId = me.Account, toAccountId = to, minutes = random.Next(1, 601), description };
                var key = $"kill-{index}-{n}";
                // Retried with the same key and body until the answer is definite, whatever happens to the server meanwhile.
                for (var attempt = 1; ; attempt++)
                {
                    var (status, text, replayed) = await TrySendAsync(http, HttpMethod.Post, Url, me.Token, body, key);
                    if (status == HttpStatusCode.Created)
                    {
                        outcomes.Add(new Outcome(key, description, JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64(), null, attempt, replayed));
                        break;
                    }
                    var refusal = status == HttpStatusCode.Conflict ? ProblemType(text) : null;
                    if (refusal is "/problems/below-limit" or "/problems/above-limit")
                    {
                        outcomes.Add(new Outcome(key, description, null, refusal, attempt));
                        break;
                    }
                    if (status is not null && (int)status < 500)
                    {
                        failures.Add($"{key}: {(int)status} {text}");
                        break;
                    }
                    // No answer, or a 5xx: the transfer may or may not have been made. Ask again with the same key.
                    if (attempt == 1)
                    {
                        Interlocked.Increment(ref uncertain);
                    }
                    if (attempt > 600)
                    {
                        failures.Add($"{key}: no definite answer after {attempt} attempts");
                        break;
                    }
                    await Task.Delay(50);
                }
            }
        })).ToList();

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, text, _) = await TrySendAsync(http, HttpMethod.Get, "/api/v1/timebank/accounts?pageSize=200", coordinator);
                if (status != HttpStatusCode.OK)
                {
                    await Task.Delay(50); // the server is down for a moment: that is the test
                    continue;
                }
                var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToList();
                if (items.Sum(a => a.GetProperty("balanceMinutes").GetInt32()) is var sum and not 0)
                {
                    failures.Add($"balances sum to {sum}");
                }
                foreach (var a in items)
                {
                    var balance = a.GetProperty("balanceMinutes").GetInt32();
                    if ((a.GetProperty("minMinutes").ValueKind == JsonValueKind.Number && balance < a.GetProperty("minMinutes").GetInt32())
                        || (a.GetProperty("maxMinutes").ValueKind == JsonValueKind.Number && balance > a.GetProperty("maxMinutes").GetInt32()))
                    {
                        failures.Add($"account {a.GetProperty("id").GetInt32()} outside its limits: {balance}");
                    }
                }
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        // At least BeforeKill, and until some transfers went through: on a loaded machine the first ones can take longer.
        await WaitForAnswersAsync(outcomes, 0, BeforeKill);
        var beforeKill = outcomes.Count;
        // SIGKILL on Linux: no shutdown, no flushing, transactions cut off wherever they are.
        _server!.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        var clock = Stopwatch.StartNew();
        await StartServerAsync();
        var down = clock.Elapsed;
        await WaitForAnswersAsync(outcomes, beforeKill, AfterRestart);
        await stop.CancelAsync();
        await Task.WhenAll(writers.Concat(readers));

        var list = outcomes.ToList();
        var made = list.Where(o => o.TransferId is not null).ToList();
        output.WriteLine($"{list.Count} keys ({beforeKill} answered before the kill), {made.Count} transfers, {list.Count - made.Count} refused at a limit, "
            + $"{uncertain} without a definite first answer, {list.Count(o => o.Attempts > 1)} needed retries ({list.Count(o => o.Replayed)} of them had been made before the answer was lost), down for {down.TotalSeconds:0.0} s, {reads} reads");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)) + "\n" + string.Join("\n", _serverLog.TakeLast(20)));
        Assert.True(beforeKill > 0 && list.Count > beforeKill, $"keys before the kill {beforeKill}, in all {list.Count}");
        Assert.True(reads > 0, "no reads");

        // None doubled: every key's description is on exactly one transfer, the one its answer named. None lost: every
        // transfer the run made belongs to a key that was answered 201, and a refused key left no transfer.
        var stored = await app.DbAsync(db => db.Transfers.Include(t => t.Entries).Where(t => t.Description.StartsWith("Kill ")).ToListAsync());
        var byDescription = stored.GroupBy(t => t.Description).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var o in list)
        {
            var found = byDescription.GetValueOrDefault(o.Description) ?? [];
            if (o.TransferId is { } id)
            {
                Assert.True(found.Count == 1 && found[0].Id == id, $"{o.Key}: answered transfer {id}, stored {string.Join(',', found.Select(t => t.Id))}");
                Assert.Equal(0, found[0].Entries.Sum(e => e.Minutes));
            }
            else
            {
                Assert.True(found.Count == 0, $"{o.Key} was refused ({o.Refusal}) but made transfer {string.Join(',', found.Select(t => t.Id))}");
            }
        }
        Assert.Equal(made.Count, stored.Count);
        Assert.Equal(transfersBefore + made.Count, await app.DbAsync(db => db.Transfers.CountAsync()));
        var keys = list.Select(o => o.Key).ToList();
        Assert.Equal(made.Count, await app.DbAsync(db => db.IdempotencyKeys.CountAsync(k => keys.Contains(k.Key))));
        // Sums, balances against entries and limits: LedgerCheckedTests checks them once more after the test.
        await app.AssertLedgerHoldsAsync();
    }

    /// <summary>Starts the built app (the Groz.Web.dll next to the tests) on the test's database and waits until it is ready.</summary>
    private async Task StartServerAsync()
    {
        Directory.CreateDirectory(_workDir);
        var dll = typeof(Program).Assembly.Location;
        // The dotnet host that runs the tests (testhost is started by it), else the one on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet");
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", dll, "--urls", $"http://127.0.0.1:{_port}", "--contentRoot", Path.GetDirectoryName(dll)! })
        {
            start.ArgumentList.Add(arg);
        }
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing"; // as the in-process app of the other tests
        env["Database__Provider"] = TimeBankApp.OnPostgres ? "Postgres" : "Sqlite";
        env["Database__ConnectionString"] = app.ConnectionString;
        env["Database__SeedDemoData"] = "false";
        env["Mail__OutboxDirectory"] = Path.Combine(_workDir, "outbox");
        env["RateLimits__ApiPerSecond"] = "100000";
        env["RateLimits__ApiBurst"] = "100000";
        env["Logging__LogLevel__Default"] = "Warning";
        _server?.Dispose();
        _server = Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll);
        _server.OutputDataReceived += (_, e) => Log(e.Data);
        _server.ErrorDataReceived += (_, e) => Log(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"the app stopped with {_server.ExitCode}:\n" + string.Join("\n", _serverLog.TakeLast(30)));
            }
            try
            {
                using var ready = await probe.GetAsync($"http://127.0.0.1:{_port}/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy machine: ask again
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the app did not become ready:\n" + string.Join("\n", _serverLog.TakeLast(30)));
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            _serverLog.Enqueue(line);
            while (_serverLog.Count > 200 && _serverLog.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>Status and body, or no status when the connection failed or timed out (the server was killed or is starting).</summary>
    private static async Task<(HttpStatusCode? Status, string Text, bool Replayed)> TrySendAsync(HttpClient http, HttpMethod method, string url, string token, object? body = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }
        if (key is not null)
        {
            request.Headers.Add(Groz.Web.Features.TimeBank.TimeBankApi.IdempotencyHeader, key);
        }
        try
        {
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, e.Message, false);
        }
    }

    private static string? ProblemType(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }
        _server?.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // removed with the temp folder later
        }
    }

    /// <summary>Waits at least <paramref name="atLeast"/>, and then until a few more keys than <paramref name="from"/> were answered (at most a minute).</summary>
    private static async Task WaitForAnswersAsync(ConcurrentBag<Outcome> outcomes, int from, TimeSpan atLeast)
    {
        await Task.Delay(atLeast);
        var limit = Stopwatch.StartNew();
        while (outcomes.Count < from + 10 && limit.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(100);
        }
    }
}
