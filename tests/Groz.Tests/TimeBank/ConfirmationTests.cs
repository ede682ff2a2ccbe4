using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>
/// Invariant 7: with "an exchange needs the other party's confirmation" on, an exchange waits without entries until
/// the receiving member confirms (the hours move then) or rejects it, or it expires; it resolves at most once.
/// </summary>
public sealed class ConfirmationTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    private const string Url = "/api/v1/timebank/transfers";
    protected override TimeBankApp Ledger => app;

    /// <summary>The payer asks; the receiver is the volunteer unless said otherwise.</summary>
    private async Task<Reply> AskAsync(GrozRole payer, int minutes, string description, GrozRole receiver = GrozRole.Volunteer)
    {
        await app.SetConfirmationAsync(true);
        var reply = await app.PostTransferAsync(await app.TokenAsync(payer),
            new { kind = "Exchange", fromAccountId = await app.AccountIdAsync(payer), toAccountId = await app.AccountIdAsync(receiver), minutes, description });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        Assert.Equal("Pending", reply.Json.GetProperty("status").GetString());
        Assert.Empty(reply.Json.GetProperty("entries").EnumerateArray());
        return reply;
    }

    private async Task<Reply> AnswerAsync(GrozRole who, long id, string answer, string leerregio = "utrecht", string? key = null) =>
        await app.SendAsync(HttpMethod.Post, $"{Url}/{id}/{answer}", await app.TokenAsync(who, leerregio), key: key ?? Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_pending_exchange_moves_nothing_until_the_receiver_confirms_and_then_resolves_only_once()
    {
        var before = await app.LedgerSnapshotAsync();
        var pending = await AskAsync(GrozRole.Resident, 35, "Gordijnen opgehangen");
        var (payer, receiver) = (await app.AccountIdAsync(GrozRole.Resident), await app.AccountIdAsync(GrozRole.Volunteer));
        var (payerBefore, receiverBefore) = (await app.BalanceAsync(payer), await app.BalanceAsync(receiver));
        Assert.Equal(0, await app.DbAsync(db => db.TimeEntries.CountAsync(e => e.TransferId == pending.Id)));
        Assert.NotEqual(before, await app.LedgerSnapshotAsync()); // the pending transfer itself is there

        // Only the receiving member answers: the payer and the coordinator see it but may not; others do not see it at all.
        foreach (var (who, leerregio, status, problem) in new[]
        {
            (GrozRole.Resident, "utrecht", HttpStatusCode.Forbidden, "not-the-receiver"),
            (GrozRole.Coordinator, "utrecht", HttpStatusCode.Forbidden, "not-the-receiver"),
            (GrozRole.Student, "utrecht", HttpStatusCode.NotFound, "unknown-transfer"),
            (GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound, "unknown-transfer"),
        })
        {
            var refused = await AnswerAsync(who, pending.Id, "confirm", leerregio);
            Assert.True(refused.Status == status && refused.ProblemType == "/problems/" + problem, $"{who}/{leerregio}: {refused}");
        }
        Assert.Equal(payerBefore, await app.BalanceAsync(payer));

        var confirmed = await AnswerAsync(GrozRole.Volunteer, pending.Id, "confirm", key: "bevestig-1");
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.ToString());
        Assert.Equal("Completed", confirmed.Json.GetProperty("status").GetString());
        Assert.Equal(pending.Id, confirmed.Id);
        Assert.Equal(0, confirmed.Json.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("minutes").GetInt32()));
        Assert.Equal(payerBefore - 35, await app.BalanceAsync(payer));
        Assert.Equal(receiverBefore + 35, await app.BalanceAsync(receiver));

        // A retry with the same key gets the same answer; any other answer afterwards is refused and changes nothing.
        var retry = await AnswerAsync(GrozRole.Volunteer, pending.Id, "confirm", key: "bevestig-1");
        Assert.True(retry.Replayed);
        Assert.Equal(confirmed.Text, retry.Text);
        var afterConfirm = await app.LedgerSnapshotAsync();
        foreach (var answer in new[] { "confirm", "reject" })
        {
            var late = await AnswerAsync(GrozRole.Volunteer, pending.Id, answer);
            Assert.Equal(HttpStatusCode.Conflict, late.Status);
            Assert.Equal("/problems/already-resolved", late.ProblemType);
        }
        Assert.Equal(afterConfirm, await app.LedgerSnapshotAsync());
        var shown = await app.GetAsync($"{Url}/{pending.Id}", await app.TokenAsync(GrozRole.Resident));
        Assert.Equal("Completed", shown.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejected_exchange_moves_nothing_and_cannot_be_confirmed_afterwards()
    {
        var pending = await AskAsync(GrozRole.Student, 20, "Huiswerkbegeleiding");
        var before = await app.LedgerSnapshotAsync();
        var rejected = await AnswerAsync(GrozRole.Volunteer, pending.Id, "reject");
        Assert.True(rejected.Status == HttpStatusCode.OK, rejected.ToString());
        Assert.Equal("Rejected", rejected.Json.GetProperty("status").GetString());
        var afterReject = await app.LedgerSnapshotAsync();
        Assert.Equal(before.Split('\n')[2], afterReject.Split('\n')[2]); // every balance as it was

        var confirm = await AnswerAsync(GrozRole.Volunteer, pending.Id, "confirm");
        Assert.Equal(HttpStatusCode.Conflict, confirm.Status);
        Assert.Equal("/problems/already-resolved", confirm.ProblemType);
        Assert.Equal(afterReject, await app.LedgerSnapshotAsync());
        // A rejected exchange is not something to correct either.
        var reversal = await app.SendAsync(HttpMethod.Post, $"{Url}/{pending.Id}/reversal", await app.TokenAsync(GrozRole.Coordinator), new { reason = "x" }, "rev-" + pending.Id);
        Assert.Equal(HttpStatusCode.Conflict, reversal.Status);
    }

    [Fact]
    public async Task Two_answers_at_the_same_moment_resolve_a_pending_exchange_exactly_once()
    {
        string[][] races = [["confirm", "confirm"], ["confirm", "confirm"], ["confirm", "reject"], ["reject", "confirm"], ["reject", "reject"], ["confirm", "confirm"]];
        var token = await app.TokenAsync(GrozRole.Volunteer);
        foreach (var race in races)
        {
            var pending = await AskAsync(GrozRole.InformalCarer, 5, "Race " + string.Join('/', race));
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = race.Select(answer => Task.Run(async () =>
            {
                using var http = app.NewHttp();
                await gate.Task;
                // Each answer with its own key, as two devices of the same member would send.
                return await TimeBankApp.SendAsync(http, HttpMethod.Post, $"{Url}/{pending.Id}/{answer}", token, key: Guid.NewGuid().ToString("N"));
            })).ToList();
            gate.SetResult();
            var replies = await Task.WhenAll(tasks);
            var won = replies.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.True(won.Count == 1, string.Join(" | ", replies.Select(r => r.ToString())));
            var lost = replies.Single(r => r.Status != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Conflict, lost.Status);
            Assert.Equal("/problems/already-resolved", lost.ProblemType);
            var status = await app.DbAsync(db => db.Transfers.Where(t => t.Id == pending.Id).Select(t => t.Status).SingleAsync());
            Assert.Equal(won[0].Json.GetProperty("status").GetString(), status.ToString());
            Assert.Equal(status == TransferStatus.Completed ? 2 : 0, await app.DbAsync(db => db.TimeEntries.CountAsync(e => e.TransferId == pending.Id)));
        }
    }

    [Fact]
    public async Task Confirming_checks_the_limits_as_they_are_at_that_moment()
    {
        var payer = await app.AccountIdAsync(GrozRole.Entrepreneur);
        var token = await app.TokenAsync(GrozRole.Entrepreneur);
        var pending = await AskAsync(GrozRole.Entrepreneur, 300, "Kapsalon: knipbeurten");
        // Meanwhile the payer gives hours away (donations need no confirmation) until less than 300 minutes of room are left.
        var min = await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == payer).Select(a => a.MinMinutes!.Value).SingleAsync());
        for (var room = await app.BalanceAsync(payer) - min; room >= 300; room -= Math.Min(room - 299, 600))
        {
            var gift = await app.PostTransferAsync(token, new { kind = "Donation", fromAccountId = payer, toAccountId = await app.PoolIdAsync(), minutes = Math.Min(room - 299, 600), description = "Gift" });
            Assert.True(gift.Status == HttpStatusCode.Created, gift.ToString());
        }
        var before = await app.LedgerSnapshotAsync();
        var confirm = await AnswerAsync(GrozRole.Volunteer, pending.Id, "confirm");
        Assert.Equal(HttpStatusCode.Conflict, confirm.Status);
        Assert.Equal("/problems/below-limit", confirm.ProblemType);
        Assert.Equal(before, await app.LedgerSnapshotAsync());
        // Still pending: the receiver may try again later, or refuse.
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(GrozRole.Volunteer, pending.Id, "reject")).Status);
    }

    [Fact]
    public async Task A_pending_exchange_expires_after_the_banks_number_of_days_when_it_is_read_or_answered()
    {
        var days = await app.DbAsync(db => db.TimeBanks.Select(b => b.PendingExpiryDays).FirstAsync());
        Assert.Equal(14, days);
        var read = await AskAsync(GrozRole.Professional, 10, "Verloopt bij het lezen");
        var answered = await AskAsync(GrozRole.Professional, 11, "Verloopt bij het antwoord");
        var payerToken = await app.TokenAsync(GrozRole.Professional);
        var before = await app.LedgerSnapshotAsync();
        try
        {
            app.Clock.Offset = TimeSpan.FromDays(days) - TimeSpan.FromMinutes(1);
            Assert.Equal("Pending", (await app.GetAsync($"{Url}/{read.Id}", payerToken)).Json.GetProperty("status").GetString());

            app.Clock.Offset = TimeSpan.FromDays(days) + TimeSpan.FromMinutes(1);
            var expired = await app.GetAsync($"{Url}/{read.Id}", payerToken);
            Assert.Equal("Expired", expired.Json.GetProperty("status").GetString());
            foreach (var answer in new[] { "confirm", "reject" })
            {
                var late = await AnswerAsync(GrozRole.Volunteer, read.Id, answer);
                Assert.Equal(HttpStatusCode.Conflict, late.Status);
                Assert.Equal("/problems/transfer-expired", late.ProblemType);
            }

            // Never read: the confirmation itself finds it too old.
            var tooLate = await AnswerAsync(GrozRole.Volunteer, answered.Id, "confirm");
            Assert.Equal(HttpStatusCode.Conflict, tooLate.Status);
            Assert.Equal("/problems/transfer-expired", tooLate.ProblemType);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
        var after = await app.LedgerSnapshotAsync();
        Assert.Equal(before.Split('\n')[2], after.Split('\n')[2]); // no balance moved
        Assert.Equal(before.Split('\n')[0], after.Split('\n')[0]); // no transfer or entry added
        Assert.Equal(2, await app.DbAsync(db => db.Transfers.CountAsync(t => (t.Id == read.Id || t.Id == answered.Id) && t.Status == TransferStatus.Expired && t.ResolvedAt != null)));
    }

    [Fact]
    public async Task Confirm_and_reject_are_in_the_openapi_document()
    {
        var doc = await app.GetAsync("/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, doc.Status);
        var paths = doc.Json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/timebank/transfers/{id}/confirm", out var confirm));
        Assert.True(paths.TryGetProperty("/api/v1/timebank/transfers/{id}/reject", out _));
        Assert.True(paths.TryGetProperty("/api/v1/timebank/transfers/{id}", out _));
        Assert.Contains("409", confirm.GetProperty("post").GetProperty("responses").EnumerateObject().Select(p => p.Name));
    }
}
