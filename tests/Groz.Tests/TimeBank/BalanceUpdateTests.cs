using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>
/// The balance changes of a transfer go to the database as one command (fewer round trips while accounts are
/// locked): every leg is still checked against its own limits, a refusal names the account that refused and
/// leaves nothing behind, and concurrent transfers still cannot pass a limit together.
/// </summary>
public sealed class BalanceUpdateTests(GrozApp app) : IClassFixture<GrozApp>
{
    private async Task<string> TokenAsync(FormClient client, GrozRole role)
    {
        var email = DemoData.DemoEmail(role, "leidsche-rijn");
        object body = GrozRoles.RequiresTwoFactor(role)
            ? new { email, password = DemoData.DemoPassword, scopes = new[] { "read", "write" }, totpCode = AccountHelpers.TotpCode(await app.EnableTwoFactorAsync(email)) }
            : new { email, password = DemoData.DemoPassword, scopes = new[] { "read", "write" } };
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", body);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private Task<TimeAccount> AccountAsync(GrozRole role) => app.DbAsync(db =>
        db.TimeAccounts.AsNoTracking().Where(a => a.Kind == TimeAccountKind.Member && db.Users.Any(u => u.Id == a.UserId && u.Email == DemoData.DemoEmail(role, "leidsche-rijn")))
            .SingleAsync());

    private static Task<HttpResponseMessage> PostAsync(FormClient client, string token, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/timebank/transfers") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return client.Http.SendAsync(request);
    }

    private Task<(int Transfers, int Entries, Dictionary<int, int> Balances)> LedgerAsync() => app.DbAsync(async db =>
        (await db.Transfers.CountAsync(), await db.TimeEntries.CountAsync(), await db.TimeAccounts.ToDictionaryAsync(a => a.Id, a => a.BalanceMinutes)));

    [Fact]
    public async Task Each_leg_keeps_its_own_limit_and_a_refusal_leaves_nothing()
    {
        using var client = app.NewClient();
        var resident = await TokenAsync(client, GrozRole.Resident);
        var coordinator = await TokenAsync(client, GrozRole.Coordinator);
        var (payer, receiver, other) = (await AccountAsync(GrozRole.Resident), await AccountAsync(GrozRole.Volunteer), await AccountAsync(GrozRole.Student));
        var pool = await app.DbAsync(db => db.TimeAccounts.AsNoTracking().SingleAsync(a => a.LeerregioId == payer.LeerregioId && a.Kind == TimeAccountKind.Pool));

        // Bring the payer to 30 minutes above its lower limit, the receiver to 30 below its upper limit (set here: no need to pay 100 hours first).
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == receiver.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MaxMinutes, a => a.BalanceMinutes + 30)));
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == payer.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MinMinutes, a => a.BalanceMinutes - 30)));
        var before = await LedgerAsync();

        var tooMuch = await PostAsync(client, resident, new { kind = "Exchange", fromAccountId = payer.Id, toAccountId = other.Id, minutes = 45, description = "Te veel" }, "b-1");
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Contains("/problems/below-limit", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var justFits = await PostAsync(client, resident, new { kind = "Exchange", fromAccountId = payer.Id, toAccountId = receiver.Id, minutes = 30, description = "Past net" }, "b-2");
        Assert.Equal(HttpStatusCode.Created, justFits.StatusCode);
        // Both are now at their limits: the next one is refused by the receiver's upper limit, not by the payer.
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == payer.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MinMinutes, (int?)null)));
        var full = await PostAsync(client, resident, new { kind = "Exchange", fromAccountId = payer.Id, toAccountId = receiver.Id, minutes = 15, description = "Vol" }, "b-3");
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("/problems/above-limit", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A bulk payment of which one receiver is full: refused whole, none of the other receivers got anything.
        var student = await TokenAsync(client, GrozRole.Student);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, student, new { kind = "Donation", fromAccountId = other.Id, toAccountId = pool.Id, minutes = 60, description = "Voor de pot" }, "b-5")).StatusCode);
        var middle = await LedgerAsync();
        var bulk = await PostAsync(client, coordinator, new { kind = "Bulk", fromAccountId = pool.Id, toAccountIds = new[] { other.Id, receiver.Id, payer.Id }, minutes = 15, description = "Buurtschoonmaak" }, "b-6");
        Assert.Equal(HttpStatusCode.Conflict, bulk.StatusCode);
        Assert.Contains("/problems/above-limit", await bulk.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await LedgerAsync();
        Assert.Equal(middle, (after.Transfers, after.Entries, after.Balances), new LedgerComparer());
        Assert.Equal(before.Transfers + 2, after.Transfers);

        // Recomputed from the entries, every balance still holds.
        var sums = await app.DbAsync(db => db.TimeEntries.GroupBy(e => e.AccountId).Select(g => new { g.Key, Sum = g.Sum(e => e.Minutes) }).ToDictionaryAsync(x => x.Key, x => x.Sum));
        Assert.All(after.Balances, b => Assert.Equal(sums.GetValueOrDefault(b.Key), b.Value));
    }

    [Fact]
    public async Task Two_transfers_that_together_pass_a_limit_cannot_both_succeed()
    {
        using var client = app.NewClient();
        var volunteer = await TokenAsync(client, GrozRole.Volunteer);
        var informal = await TokenAsync(client, GrozRole.InformalCarer);
        var (a, b, target) = (await AccountAsync(GrozRole.Volunteer), await AccountAsync(GrozRole.InformalCarer), await AccountAsync(GrozRole.Entrepreneur));
        await app.DbAsync(db => db.TimeAccounts.Where(x => x.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.MaxMinutes, x => x.BalanceMinutes + 60)));

        for (var round = 0; round < 5; round++)
        {
            await app.DbAsync(db => db.TimeAccounts.Where(x => x.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.MaxMinutes, x => x.BalanceMinutes + 60)));
            var results = await Task.WhenAll(
                PostAsync(client, volunteer, new { kind = "Exchange", fromAccountId = a.Id, toAccountId = target.Id, minutes = 45, description = "Samen" }, $"c-{round}-a"),
                PostAsync(client, informal, new { kind = "Exchange", fromAccountId = b.Id, toAccountId = target.Id, minutes = 45, description = "Samen" }, $"c-{round}-b"));
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        }
        var balance = await app.DbAsync(db => db.TimeAccounts.Where(x => x.Id == target.Id).Select(x => x.BalanceMinutes).SingleAsync());
        var sum = await app.DbAsync(db => db.TimeEntries.Where(e => e.AccountId == target.Id).SumAsync(e => e.Minutes));
        Assert.Equal(sum, balance);
    }

    private sealed class LedgerComparer : IEqualityComparer<(int, int, Dictionary<int, int>)>
    {
        public bool Equals((int, int, Dictionary<int, int>) x, (int, int, Dictionary<int, int>) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item3.Count == y.Item3.Count && x.Item3.All(kv => y.Item3.GetValueOrDefault(kv.Key) == kv.Value);

        public int GetHashCode((int, int, Dictionary<int, int>) obj) => obj.Item1;
    }
}
