using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Groz.Tests.TimeBank;

/// <summary>
/// The bank test of issue 3: eight members, each with their own token and connection, make random exchanges and
/// donations for a fixed time (and now and then retry one with its key), while readers keep checking that the
/// leerregio's balances sum to zero and lie within their limits. Afterwards every balance is recomputed from entries.
/// </summary>
public sealed class BankTests(BankTests.BankApp app, ITestOutputHelper output) : LedgerCheckedTests, IClassFixture<BankTests.BankApp>
{
    private const string Url = "/api/v1/timebank/transfers";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    private const int MaxPerClient = 200;
    protected override TimeBankApp Ledger => app;

    private static readonly GrozRole[] Members =
    [
        GrozRole.Resident, GrozRole.Volunteer, GrozRole.InformalCarer, GrozRole.Entrepreneur,
        GrozRole.Professional, GrozRole.Student, GrozRole.Buurtassistent, GrozRole.Researcher,
    ];

    private sealed record Sent(long Id, int From, int To, int Minutes);

    /// <summary>
    /// The readers loop without pause, so on a fast machine one member's statement reads passed the 1,000 a second the
    /// other tests allow and came back 429. This test is about the ledger, not the limiter (SignInTests and the API
    /// limiter tests cover that), so its app has no limit it can reach.
    /// </summary>
    public sealed class BankApp : TimeBankApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("RateLimits:ApiPerSecond", "10000000"), new("RateLimits:ApiBurst", "10000000")];
    }

    [Fact]
    public async Task Eight_clients_transferring_at_random_never_break_the_ledger()
    {
        var accounts = new List<(string Token, int Account)>();
        foreach (var role in Members)
        {
            accounts.Add((await app.TokenAsync(role), await app.AccountIdAsync(role)));
        }
        var pool = await app.PoolIdAsync();
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var transfersBefore = await app.DbAsync(db => db.Transfers.CountAsync());

        var created = new ConcurrentBag<Sent>();
        var refusals = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var replays = 0;
        var reads = 0;
        using var stop = new CancellationTokenSource(Duration);

        var writers = accounts.Select((me, index) => Task.Run(async () =>
        {
            var random = new Random(1000 + index);
            using var http = app.NewHttp();
            (string Key, object Body, Sent Expected)? last = null;
            for (var n = 0; n < MaxPerClient && !stop.IsCancellationRequested; n++)
            {
                if (last is { } previous && random.Next(10) == 0)
                {
                    // A retry after a lost answer: same key, same body, same transfer.
                    var again = await TimeBankApp.SendAsync(http, HttpMethod.Post, Url, me.Token, previous.Body, previous.Key);
                    if (again.Status != HttpStatusCode.Created || !again.Replayed || again.Id != previous.Expected.Id)
                    {
                        failures.Add("replay: " + again);
                    }
                    Interlocked.Increment(ref replays);
                    continue;
                }
                var donation = random.Next(4) == 0;
                var to = donation && random.Next(2) == 0 ? pool : accounts[(index + 1 + random.Next(accounts.Count - 1)) % accounts.Count].Account;
                var minutes = random.Next(1, 601);
                var body = new { kind = donation ? "Donation" : "Exchange", fromAccountId = me.Account, toAccountId = to, minutes, description = $"Bank {index}/{n}" };
                var key = $"bank-{index}-{n}";
                var reply = await TimeBankApp.SendAsync(http, HttpMethod.Post, Url, me.Token, body, key);
                if (reply.Status == HttpStatusCode.Created)
                {
                    var sent = new Sent(reply.Id, me.Account, to, minutes);
                    created.Add(sent);
                    last = (key, body, sent);
                }
                else if (reply.Status == HttpStatusCode.Conflict && reply.ProblemType is "/problems/below-limit" or "/problems/above-limit")
                {
                    refusals.Add(reply.ProblemType);
                }
                else
                {
                    failures.Add("transfer: " + reply);
                }
            }
        })).ToList();

        // Statement pages read during the run: each line's running balance is checked against the entries afterwards.
        var statements = new ConcurrentBag<(int Account, long TransferId, int After)>();
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(async () =>
        {
            using var http = app.NewHttp();
            var random = new Random(2000 + reader);
            while (!stop.IsCancellationRequested)
            {
                var (token, account) = accounts[random.Next(accounts.Count)];
                var statement = await TimeBankApp.SendAsync(http, HttpMethod.Get, $"{Url}?accountId={account}&pageSize=20", token);
                if (statement.Status != HttpStatusCode.OK)
                {
                    failures.Add("statement: " + statement);
                    continue;
                }
                foreach (var line in statement.Json.GetProperty("items").EnumerateArray())
                {
                    statements.Add((account, line.GetProperty("transferId").GetInt64(), line.GetProperty("balanceAfterMinutes").GetInt32()));
                }
                var list = await TimeBankApp.SendAsync(http, HttpMethod.Get, "/api/v1/timebank/accounts?pageSize=200", coordinator);
                if (list.Status != HttpStatusCode.OK)
                {
                    failures.Add("read: " + list);
                    continue;
                }
                var items = list.Json.GetProperty("items").EnumerateArray().ToList();
                var sum = items.Sum(a => a.GetProperty("balanceMinutes").GetInt32());
                if (sum != 0)
                {
                    failures.Add($"balances sum to {sum}");
                }
                foreach (var a in items)
                {
                    var balance = a.GetProperty("balanceMinutes").GetInt32();
                    if ((a.GetProperty("minMinutes").ValueKind == System.Text.Json.JsonValueKind.Number && balance < a.GetProperty("minMinutes").GetInt32())
                        || (a.GetProperty("maxMinutes").ValueKind == System.Text.Json.JsonValueKind.Number && balance > a.GetProperty("maxMinutes").GetInt32()))
                    {
                        failures.Add($"account {a.GetProperty("id").GetInt32()} outside its limits: {balance}");
                    }
                }
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(writers.Concat(readers));
        clock.Stop();

        output.WriteLine($"{created.Count} transfers, {refusals.Count} refused at a limit, {replays} replays, {reads} reads in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(created.Count > 50, $"only {created.Count} transfers in {clock.Elapsed}");
        Assert.True(reads > 10, $"only {reads} reads");
        // Every answered 201 is exactly one transfer in the database, with the amount that was asked; nothing else was added.
        Assert.Equal(transfersBefore + created.Count, await app.DbAsync(db => db.Transfers.CountAsync()));
        var stored = await app.DbAsync(db => db.Transfers.Include(t => t.Entries).Where(t => t.Id > 0).ToDictionaryAsync(t => t.Id));
        foreach (var sent in created)
        {
            var t = stored[sent.Id];
            Assert.Equal((sent.From, sent.To, sent.Minutes), (t.FromAccountId, t.ToAccountId, t.Minutes));
            Assert.Contains(t.Entries, e => e.AccountId == sent.From && e.Minutes == -sent.Minutes);
            Assert.Contains(t.Entries, e => e.AccountId == sent.To && e.Minutes == sent.Minutes);
        }
        Assert.Equal(created.Count, created.Select(c => c.Id).Distinct().Count());
        var entries = await app.DbAsync(db => db.TimeEntries.OrderBy(e => e.Id).Select(e => new { e.Id, e.AccountId, e.TransferId, e.Minutes }).ToListAsync());
        var truth = new Dictionary<(int, long), int>();
        foreach (var account in entries.GroupBy(e => e.AccountId))
        {
            var running = 0;
            foreach (var e in account)
            {
                running += e.Minutes;
                truth[(account.Key, e.TransferId)] = running;
            }
        }
        var wrong = statements.Where(l => truth[(l.Account, l.TransferId)] != l.After).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {statements.Count} statement lines had a wrong running balance, e.g. account {wrong.FirstOrDefault().Account} transfer {wrong.FirstOrDefault().TransferId}: {wrong.FirstOrDefault().After} instead of {(wrong.Count > 0 ? truth[(wrong[0].Account, wrong[0].TransferId)] : 0)}");
        await app.AssertLedgerHoldsAsync();
    }
}
