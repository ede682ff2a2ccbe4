using System.Data.Common;
using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>After every test of a class that derives from this, the whole ledger is checked (invariants 1–3).</summary>
public abstract class LedgerCheckedTests : IAsyncLifetime
{
    protected abstract TimeBankApp Ledger { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Ledger.AssertLedgerHoldsAsync();
}

/// <summary>Invariants 1–5 of issue 3, each through the API on the real database.</summary>
public sealed class LedgerInvariantTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    private const string Url = "/api/v1/timebank/transfers";

    [Fact]
    public async Task Every_kind_of_transfer_is_double_entry_and_moves_exactly_its_minutes()
    {
        await app.AssertLedgerHoldsAsync(); // the demo transfers, made through the same write path
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var resident = await app.TokenAsync(GrozRole.Resident);
        var (r, v, c, pool) = (await app.AccountIdAsync(GrozRole.Resident), await app.AccountIdAsync(GrozRole.Volunteer),
            await app.AccountIdAsync(GrozRole.InformalCarer), await app.PoolIdAsync());

        (string Token, object Body, Dictionary<int, int> Moves)[] steps =
        [
            (resident, new { kind = "Exchange", fromAccountId = r, toAccountId = v, minutes = 25, description = "Fiets gerepareerd" }, new() { [r] = -25, [v] = 25 }),
            (resident, new { kind = "Donation", fromAccountId = r, toAccountId = pool, minutes = 40, description = "Voor de pot" }, new() { [r] = -40, [pool] = 40 }),
            (coordinator, new { kind = "Grant", fromAccountId = pool, toAccountId = c, minutes = 15, description = "Bedankt" }, new() { [pool] = -15, [c] = 15 }),
            (coordinator, new { kind = "Bulk", fromAccountId = pool, toAccountIds = new[] { v, c }, minutes = 10, description = "Buurtschoonmaak" }, new() { [pool] = -20, [v] = 10, [c] = 10 }),
        ];
        long lastId = 0;
        foreach (var (token, body, moves) in steps)
        {
            var before = await BalancesAsync(moves.Keys);
            var reply = await app.PostTransferAsync(token, body);
            Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
            Assert.Equal("Completed", reply.Json.GetProperty("status").GetString());
            Assert.Equal(0, reply.Json.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("minutes").GetInt32()));
            var after = await BalancesAsync(moves.Keys);
            Assert.All(moves, m => Assert.Equal(before[m.Key] + m.Value, after[m.Key]));
            lastId = reply.Id;
        }

        // The bulk payment is corrected: opposite entries, the original untouched, and only once.
        var beforeReversal = await BalancesAsync([pool, v, c]);
        var reversal = await app.SendAsync(HttpMethod.Post, $"{Url}/{lastId}/reversal", coordinator, new { reason = "Verkeerde lijst" }, "rev-" + lastId);
        Assert.True(reversal.Status == HttpStatusCode.Created, reversal.ToString());
        Assert.Equal(lastId, reversal.Json.GetProperty("reversesTransferId").GetInt64());
        var afterReversal = await BalancesAsync([pool, v, c]);
        Assert.Equal(beforeReversal[pool] + 20, afterReversal[pool]);
        Assert.Equal(beforeReversal[v] - 10, afterReversal[v]);
        var again = await app.SendAsync(HttpMethod.Post, $"{Url}/{lastId}/reversal", coordinator, new { reason = "Nog eens" }, "rev2-" + lastId);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("/problems/not-reversible", again.ProblemType);
    }

    [Fact]
    public async Task The_statement_shows_every_entry_with_a_running_balance_that_ends_at_the_stored_balance()
    {
        var token = await app.TokenAsync(GrozRole.Student);
        var student = await app.AccountIdAsync(GrozRole.Student);
        var pool = await app.PoolIdAsync();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(token, new { kind = "Donation", fromAccountId = student, toAccountId = pool, minutes = i, description = "Gift " + i })).Status);
        }
        var statement = await app.GetAsync($"{Url}?accountId={student}&pageSize=2", token);
        Assert.Equal(HttpStatusCode.OK, statement.Status);
        var all = new List<(int Minutes, int After)>();
        var total = statement.Json.GetProperty("total").GetInt32();
        for (var page = 1; (page - 1) * 2 < total; page++)
        {
            var json = (await app.GetAsync($"{Url}?accountId={student}&pageSize=2&page={page}", token)).Json;
            all.AddRange(json.GetProperty("items").EnumerateArray().Select(l => (l.GetProperty("minutes").GetInt32(), l.GetProperty("balanceAfterMinutes").GetInt32())));
        }
        Assert.Equal(total, all.Count);
        Assert.Equal(await app.BalanceAsync(student), all[0].After);
        // Newest first: each line's balance is the next (older) line's balance plus its own minutes; the oldest starts from zero.
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal(i + 1 < all.Count ? all[i + 1].After + all[i].Minutes : all[i].Minutes, all[i].After);
        }
    }

    [Fact]
    public async Task Entries_cannot_be_updated_or_deleted_even_with_raw_sql()
    {
        var before = await app.LedgerSnapshotAsync();
        string[] statements = GrozApp.OnPostgres
            ? ["UPDATE timebank_entries SET minutes = minutes + 1", "DELETE FROM timebank_entries", "TRUNCATE timebank_entries"]
            : ["UPDATE timebank_entries SET minutes = minutes + 1", "DELETE FROM timebank_entries"];
        foreach (var sql in statements)
        {
            var error = await Assert.ThrowsAnyAsync<DbException>(() => app.DbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Contains("append-only", error.Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(before, await app.LedgerSnapshotAsync());
    }

    [Fact]
    public async Task Two_transfers_that_together_pass_a_limit_released_at_once_exactly_one_succeeds()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var administrator = await app.TokenAsync(GrozRole.Administrator);
        var pool = await app.PoolIdAsync();
        var professional = await app.AccountIdAsync(GrozRole.Professional);
        var entrepreneur = await app.AccountIdAsync(GrozRole.Entrepreneur);

        // The pool (lower limit 0): two coordinators grant from it at the same moment, each less than it holds, together more.
        for (var round = 0; round < 3; round++)
        {
            var balance = await app.BalanceAsync(pool);
            var grant = balance / 2 + 1;
            Assert.True(grant <= balance && 2 * grant > balance, $"pool holds {balance}");
            await RaceAsync(
                (coordinator, new { kind = "Grant", fromAccountId = pool, toAccountId = professional, minutes = grant, description = "Ronde " + round }),
                (administrator, new { kind = "Grant", fromAccountId = pool, toAccountId = entrepreneur, minutes = grant, description = "Ronde " + round }),
                "below-limit");
            Assert.Equal(balance - grant, await app.BalanceAsync(pool));
        }

        // A member on two devices pays two people at once: the lower limit of a member account holds the same way.
        var payer = await app.AccountIdAsync(GrozRole.InformalCarer);
        var payerToken = await app.TokenAsync(GrozRole.InformalCarer);
        for (var round = 0; round < 3; round++)
        {
            var room = await app.BalanceAsync(payer) - await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == payer).Select(a => a.MinMinutes!.Value).SingleAsync());
            // Bring the room under the lower limit to 50 minutes with donations (each at most the per-transfer maximum).
            while (room > 50)
            {
                var gift = Math.Min(room - 50, 600);
                Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(payerToken, new { kind = "Donation", fromAccountId = payer, toAccountId = pool, minutes = gift, description = "Naar de pot" })).Status);
                room -= gift;
            }
            await RaceAsync(
                (payerToken, new { kind = "Donation", fromAccountId = payer, toAccountId = professional, minutes = 30, description = "Telefoon " + round }),
                (payerToken, new { kind = "Donation", fromAccountId = payer, toAccountId = entrepreneur, minutes = 30, description = "Laptop " + round }),
                "below-limit");
            // Give the room back for the next round: a grant from the (now well-filled) pool.
            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(coordinator, new { kind = "Grant", fromAccountId = pool, toAccountId = payer, minutes = 100, description = "Terug" })).Status);
        }

        // The upper limit: two members pay the same receiver at once, who has room for one of them. The receiver's limit
        // is set as a coordinator would configure a low maximum, 45 minutes above the present balance.
        var receiver = await app.AccountIdAsync(GrozRole.Student);
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == receiver).ExecuteUpdateAsync(s => s.SetProperty(a => a.MaxMinutes, a => a.BalanceMinutes + 45)));
        await RaceAsync(
            (await app.TokenAsync(GrozRole.Resident), new { kind = "Exchange", fromAccountId = await app.AccountIdAsync(GrozRole.Resident), toAccountId = receiver, minutes = 30, description = "Bijles" }),
            (await app.TokenAsync(GrozRole.Volunteer), new { kind = "Exchange", fromAccountId = await app.AccountIdAsync(GrozRole.Volunteer), toAccountId = receiver, minutes = 30, description = "Bijles" }),
            "above-limit");
    }

    [Fact]
    public async Task The_same_key_replays_the_first_answer_other_content_is_refused_and_twenty_at_once_make_one_transfer()
    {
        var token = await app.TokenAsync(GrozRole.Entrepreneur);
        var (from, to) = (await app.AccountIdAsync(GrozRole.Entrepreneur), await app.AccountIdAsync(GrozRole.Professional));
        var body = new { kind = "Exchange", fromAccountId = from, toAccountId = to, minutes = 12, description = "Website bijgewerkt" };

        var first = await app.PostTransferAsync(token, body, "sleutel-a");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(first.Replayed);
        var before = await app.LedgerSnapshotAsync();
        var replay = await app.PostTransferAsync(token, body, "sleutel-a");
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Id, replay.Id);
        Assert.Equal(first.Text, replay.Text);
        var other = await app.PostTransferAsync(token, body with { minutes = 13 }, "sleutel-a");
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal("/problems/idempotency-key-reused", other.ProblemType);
        Assert.Equal(before, await app.LedgerSnapshotAsync());

        // Twenty identical submissions at the same moment, each on its own connection: one transfer, twenty answers with its id.
        var burst = body with { description = "Twintig keer tegelijk" };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = Enumerable.Range(0, 20).Select(_ => app.NewHttp()).ToList();
        var tasks = clients.Select(async client =>
        {
            await gate.Task;
            return await TimeBankApp.SendAsync(client, HttpMethod.Post, Url, token, burst, "sleutel-twintig");
        }).ToList();
        gate.SetResult();
        var replies = await Task.WhenAll(tasks);
        clients.ForEach(c => c.Dispose());
        Assert.All(replies, r => Assert.True(r.Status == HttpStatusCode.Created, r.ToString()));
        Assert.Single(replies.Select(r => r.Id).Distinct());
        Assert.Single(replies, r => !r.Replayed);
        Assert.Equal(1, await app.DbAsync(db => db.Transfers.CountAsync(t => t.Description == "Twintig keer tegelijk")));
        Assert.Equal(2, await app.DbAsync(db => db.TimeEntries.CountAsync(e => e.TransferId == replies[0].Id)));
    }

    [Fact]
    public async Task Two_corrections_of_one_transfer_at_the_same_moment_reverse_it_once()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var administrator = await app.TokenAsync(GrozRole.Administrator);
        var (from, to) = (await app.AccountIdAsync(GrozRole.Researcher), await app.AccountIdAsync(GrozRole.Buurtassistent));
        foreach (var withKeys in new[] { true, false, true, false })
        {
            var original = await app.PostTransferAsync(await app.TokenAsync(GrozRole.Researcher),
                new { kind = "Exchange", fromAccountId = from, toAccountId = to, minutes = 3, description = "Per ongeluk" });
            Assert.Equal(HttpStatusCode.Created, original.Status);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = new[] { coordinator, administrator }.Select(token => Task.Run(async () =>
            {
                using var http = app.NewHttp();
                await gate.Task;
                return await TimeBankApp.SendAsync(http, HttpMethod.Post, $"{Url}/{original.Id}/reversal", token, new { reason = "Dubbel geboekt" },
                    withKeys ? Guid.NewGuid().ToString("N") : null);
            })).ToList();
            gate.SetResult();
            var replies = await Task.WhenAll(tasks);
            Assert.True(replies.Count(r => r.Status == HttpStatusCode.Created) == 1, string.Join(" | ", replies.Select(r => r.ToString())));
            var loser = replies.Single(r => r.Status != HttpStatusCode.Created);
            Assert.True(loser.Status == HttpStatusCode.Conflict && loser.ProblemType == "/problems/not-reversible", loser.ToString());
            Assert.Equal(1, await app.DbAsync(db => db.Transfers.CountAsync(t => t.ReversesTransferId == original.Id)));
        }
    }

    /// <summary>Sends two transfers released at the same moment on separate connections: exactly one may pass.</summary>
    private async Task RaceAsync((string Token, object Body) a, (string Token, object Body) b, string expectedProblem)
    {
        var before = await app.DbAsync(db => db.Transfers.CountAsync());
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var ca = app.NewHttp();
        using var cb = app.NewHttp();
        var ta = Task.Run(async () => { await gate.Task; return await TimeBankApp.SendAsync(ca, HttpMethod.Post, Url, a.Token, a.Body, Guid.NewGuid().ToString("N")); });
        var tb = Task.Run(async () => { await gate.Task; return await TimeBankApp.SendAsync(cb, HttpMethod.Post, Url, b.Token, b.Body, Guid.NewGuid().ToString("N")); });
        gate.SetResult();
        var replies = await Task.WhenAll(ta, tb);
        Assert.True(replies.Count(r => r.Status == HttpStatusCode.Created) == 1, string.Join(" | ", replies.Select(r => r.ToString())));
        var loser = replies.Single(r => r.Status != HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, loser.Status);
        Assert.Equal("/problems/" + expectedProblem, loser.ProblemType);
        Assert.Equal(before + 1, await app.DbAsync(db => db.Transfers.CountAsync()));
        await app.AssertLedgerHoldsAsync();
    }

    private Task<Dictionary<int, int>> BalancesAsync(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        return app.DbAsync(db => db.TimeAccounts.Where(a => list.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.BalanceMinutes));
    }
}
