using System.Net;
using Groz.Tests.Regions;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>
/// Pending exchanges from both sides: the member who asked may cancel (status Cancelled, nothing moves), the receiver
/// confirms or refuses, on the /tijdbank page as through the API; whichever answer comes first wins (invariant 7).
/// </summary>
public sealed class PendingTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    private const string Url = "/api/v1/timebank/transfers";
    protected override TimeBankApp Ledger => app;

    private async Task<Reply> AskAsync(GrozRole payer, int minutes, string description, GrozRole receiver = GrozRole.Volunteer)
    {
        await app.SetConfirmationAsync(true);
        var reply = await app.PostTransferAsync(await app.TokenAsync(payer),
            new { kind = "Exchange", fromAccountId = await app.AccountIdAsync(payer), toAccountId = await app.AccountIdAsync(receiver), minutes, description });
        Assert.True(reply.Status == HttpStatusCode.Created && reply.Json.GetProperty("status").GetString() == "Pending", reply.ToString());
        return reply;
    }

    private async Task<Reply> AnswerAsync(GrozRole who, long id, string answer, string? key = null, string leerregio = "utrecht") =>
        await app.SendAsync(HttpMethod.Post, $"{Url}/{id}/{answer}", await app.TokenAsync(who, leerregio), key: key ?? Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_member_who_asked_cancels_once_nothing_moves_and_nobody_can_answer_afterwards()
    {
        var pending = await AskAsync(GrozRole.Resident, 25, "Ramen gelapt");
        var before = await app.LedgerSnapshotAsync();

        // Only the member who asked: the receiver and the coordinator may not; a member it does not concern does not see it.
        foreach (var (who, leerregio, status, problem) in new[]
        {
            (GrozRole.Volunteer, "utrecht", HttpStatusCode.Forbidden, "not-the-requester"),
            (GrozRole.Coordinator, "utrecht", HttpStatusCode.Forbidden, "not-the-requester"),
            (GrozRole.Student, "utrecht", HttpStatusCode.NotFound, "unknown-transfer"),
            (GrozRole.Coordinator, "leidsche-rijn", HttpStatusCode.NotFound, "unknown-transfer"),
        })
        {
            var refused = await AnswerAsync(who, pending.Id, "cancel", leerregio: leerregio);
            Assert.True(refused.Status == status && refused.ProblemType == "/problems/" + problem, $"{who}/{leerregio}: {refused}");
        }
        Assert.Equal(before, await app.LedgerSnapshotAsync());

        var cancelled = await AnswerAsync(GrozRole.Resident, pending.Id, "cancel", key: "intrekken-1");
        Assert.True(cancelled.Status == HttpStatusCode.OK, cancelled.ToString());
        Assert.Equal("Cancelled", cancelled.Json.GetProperty("status").GetString());
        Assert.Empty(cancelled.Json.GetProperty("entries").EnumerateArray());
        var retry = await AnswerAsync(GrozRole.Resident, pending.Id, "cancel", key: "intrekken-1");
        Assert.True(retry.Replayed);
        Assert.Equal(cancelled.Text, retry.Text);

        var after = await app.LedgerSnapshotAsync();
        Assert.Equal(before.Split('\n')[2], after.Split('\n')[2]); // no balance moved
        foreach (var (who, answer) in new[] { (GrozRole.Volunteer, "confirm"), (GrozRole.Volunteer, "reject"), (GrozRole.Resident, "cancel") })
        {
            var late = await AnswerAsync(who, pending.Id, answer);
            Assert.True(late.Status == HttpStatusCode.Conflict && late.ProblemType == "/problems/transfer-cancelled", $"{answer}: {late}");
        }
        Assert.Equal(after, await app.LedgerSnapshotAsync());
        Assert.Equal(1, await app.DbAsync(db => db.Transfers.CountAsync(t => t.Id == pending.Id && t.Status == TransferStatus.Cancelled && t.ResolvedAt != null)));
        Assert.Equal(0, await app.DbAsync(db => db.TimeEntries.CountAsync(e => e.TransferId == pending.Id)));

        // A completed transfer cannot be cancelled: corrections are reversals by a coordinator.
        await app.SetConfirmationAsync(false);
        var paid = await app.PostTransferAsync(await app.TokenAsync(GrozRole.Resident),
            new { kind = "Exchange", fromAccountId = await app.AccountIdAsync(GrozRole.Resident), toAccountId = await app.AccountIdAsync(GrozRole.Volunteer), minutes = 5, description = "Direct" });
        Assert.Equal(HttpStatusCode.Created, paid.Status);
        var tooLate = await AnswerAsync(GrozRole.Resident, paid.Id, "cancel");
        Assert.True(tooLate.Status == HttpStatusCode.Conflict && tooLate.ProblemType == "/problems/already-resolved", tooLate.ToString());
    }

    [Fact]
    public async Task Confirm_and_cancel_at_the_same_moment_resolve_exactly_once()
    {
        var (receiver, requester) = (await app.TokenAsync(GrozRole.Volunteer), await app.TokenAsync(GrozRole.InformalCarer));
        for (var round = 0; round < 8; round++)
        {
            var pending = await AskAsync(GrozRole.InformalCarer, 5, $"Race {round}");
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (string Answer, string Token)[] race = round % 2 == 0 ? [("confirm", receiver), ("cancel", requester)] : [("cancel", requester), ("confirm", receiver)];
            var tasks = race.Select(r => Task.Run(async () =>
            {
                using var http = app.NewHttp();
                await gate.Task;
                return (r.Answer, Reply: await TimeBankApp.SendAsync(http, HttpMethod.Post, $"{Url}/{pending.Id}/{r.Answer}", r.Token, key: Guid.NewGuid().ToString("N")));
            })).ToList();
            gate.SetResult();
            var replies = await Task.WhenAll(tasks);
            var won = replies.Where(r => r.Reply.Status == HttpStatusCode.OK).ToList();
            Assert.True(won.Count == 1, string.Join(" | ", replies.Select(r => $"{r.Answer}: {r.Reply}")));
            var lost = replies.Single(r => r.Reply.Status != HttpStatusCode.OK).Reply;
            Assert.Equal(HttpStatusCode.Conflict, lost.Status);
            var status = await app.DbAsync(db => db.Transfers.Where(t => t.Id == pending.Id).Select(t => t.Status).SingleAsync());
            Assert.Equal(won[0].Answer == "confirm" ? TransferStatus.Completed : TransferStatus.Cancelled, status);
            Assert.Equal(status == TransferStatus.Completed ? "/problems/already-resolved" : "/problems/transfer-cancelled", lost.ProblemType);
            Assert.Equal(status == TransferStatus.Completed ? 2 : 0, await app.DbAsync(db => db.TimeEntries.CountAsync(e => e.TransferId == pending.Id)));
        }
    }

    [Fact]
    public async Task The_tijdbank_page_lists_what_waits_for_me_and_what_I_asked_and_answers_with_buttons()
    {
        var confirmMe = await AskAsync(GrozRole.Professional, 40, "Tuin gesnoeid");
        var refuseMe = await AskAsync(GrozRole.Professional, 15, "Koffie gezet");
        var cancelMine = await AskAsync(GrozRole.Professional, 20, "Lamp opgehangen");
        var (payer, receiver) = (await app.AccountIdAsync(GrozRole.Professional), await app.AccountIdAsync(GrozRole.Volunteer));
        var (payerBefore, receiverBefore) = (await app.BalanceAsync(payer), await app.BalanceAsync(receiver));

        using var volunteer = await app.ClientForAsync(TimeBankApp.Email(GrozRole.Volunteer));
        var home = await volunteer.GetAsync("/tijdbank");
        var waiting = home.Html.QuerySelector("#to-confirm")!.TextContent;
        Assert.Contains("Tuin gesnoeid", waiting, StringComparison.Ordinal);
        Assert.Contains("Koffie gezet", waiting, StringComparison.Ordinal);
        Assert.Null(home.Html.QuerySelector("#asked")); // the volunteer asked for nothing

        var confirmed = await volunteer.SubmitAsync(home, new Dictionary<string, string>(), $"form[action='/tijdbank?id={confirmMe.Id}&handler=confirm']");
        Assert.Equal("/tijdbank", confirmed.Location);
        home = await volunteer.FollowAsync(confirmed);
        Assert.Contains("U hebt de ruil bevestigd.", home.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((payerBefore - 40, receiverBefore + 40), (await app.BalanceAsync(payer), await app.BalanceAsync(receiver)));
        Assert.DoesNotContain("Tuin gesnoeid", home.Html.QuerySelector("#to-confirm")!.TextContent, StringComparison.Ordinal);

        var stale = home;
        var refused = await volunteer.SubmitAsync(home, new Dictionary<string, string>(), $"form[action='/tijdbank?id={refuseMe.Id}&handler=reject']");
        home = await volunteer.FollowAsync(refused);
        Assert.Contains("U hebt de ruil geweigerd.", home.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        // A second click on the same button of the page as it was: answered once, so it only says so.
        var twice = await volunteer.SubmitAsync(stale, new Dictionary<string, string>(), $"form[action='/tijdbank?id={refuseMe.Id}&handler=reject']");
        home = await volunteer.FollowAsync(twice);
        Assert.Contains("Deze ruil is al bevestigd of geweigerd.", home.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(TransferStatus.Rejected, await app.DbAsync(db => db.Transfers.Where(t => t.Id == refuseMe.Id).Select(t => t.Status).SingleAsync()));

        using var professional = await app.ClientForAsync(TimeBankApp.Email(GrozRole.Professional));
        var mine = await professional.GetAsync("/tijdbank");
        Assert.Contains("Lamp opgehangen", mine.Html.QuerySelector("#asked")!.TextContent, StringComparison.Ordinal);
        Assert.Null(mine.Html.QuerySelector("#to-confirm"));
        // The receiver's buttons are not on the requester's page, and a forged confirm from the requester changes nothing.
        Assert.Null(mine.Html.QuerySelector("form[action*='handler=confirm']"));
        var forged = await professional.GetAsync("/tijdbank");
        forged.Html.QuerySelector($"form[action='/tijdbank?id={cancelMine.Id}&handler=cancel']")!.SetAttribute("action", $"/tijdbank?id={cancelMine.Id}&handler=confirm");
        var notMine = await professional.SubmitAsync(forged, new Dictionary<string, string>(), $"form[action='/tijdbank?id={cancelMine.Id}&handler=confirm']");
        Assert.Equal("/tijdbank", notMine.Location);
        Assert.Equal(TransferStatus.Pending, await app.DbAsync(db => db.Transfers.Where(t => t.Id == cancelMine.Id).Select(t => t.Status).SingleAsync()));

        var cancelled = await professional.SubmitAsync(mine, new Dictionary<string, string>(), $"form[action='/tijdbank?id={cancelMine.Id}&handler=cancel']");
        mine = await professional.FollowAsync(cancelled);
        Assert.Contains("U hebt uw verzoek ingetrokken.", mine.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Null(mine.Html.QuerySelector("#asked"));
        Assert.Equal(TransferStatus.Cancelled, await app.DbAsync(db => db.Transfers.Where(t => t.Id == cancelMine.Id).Select(t => t.Status).SingleAsync()));
        Assert.Equal((payerBefore - 40, receiverBefore + 40), (await app.BalanceAsync(payer), await app.BalanceAsync(receiver)));
    }

    [Fact]
    public async Task Overdue_exchanges_expire_when_the_page_lists_them_and_only_once()
    {
        var overdue = await AskAsync(GrozRole.Entrepreneur, 10, "Te laat bevestigd", GrozRole.Student);
        var days = await app.DbAsync(db => db.TimeBanks.Select(b => b.PendingExpiryDays).FirstAsync());
        using var student = await app.ClientForAsync(TimeBankApp.Email(GrozRole.Student));
        Assert.Contains("Te laat bevestigd", (await student.GetAsync("/tijdbank")).Html.QuerySelector("#to-confirm")!.TextContent, StringComparison.Ordinal);
        // Made older in the database rather than by moving the clock, which would also end the sign-in session.
        var asked = await app.DbAsync(db => db.Transfers.Where(t => t.Id == overdue.Id).Select(t => t.CreatedAt).SingleAsync());
        await app.DbAsync(db => db.Transfers.Where(t => t.Id == overdue.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, asked - TimeSpan.FromDays(days) - TimeSpan.FromMinutes(1))));
        var page = await student.GetAsync("/tijdbank");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Te laat bevestigd", page.Text, StringComparison.Ordinal);
        var first = await app.DbAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == overdue.Id));
        Assert.Equal(TransferStatus.Expired, first.Status);
        Assert.NotNull(first.ResolvedAt);

        // Listed again (by the payer this time): it stays expired, resolved at the moment it first expired.
        using var entrepreneur = await app.ClientForAsync(TimeBankApp.Email(GrozRole.Entrepreneur));
        Assert.DoesNotContain("Te laat bevestigd", (await entrepreneur.GetAsync("/tijdbank")).Html.QuerySelector("#asked")?.TextContent ?? "", StringComparison.Ordinal);
        var second = await app.DbAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == overdue.Id));
        Assert.Equal((TransferStatus.Expired, first.ResolvedAt), (second.Status, second.ResolvedAt));
        var late = await AnswerAsync(GrozRole.Entrepreneur, overdue.Id, "cancel");
        Assert.Equal("/problems/transfer-expired", late.ProblemType);
    }

    [Fact]
    public async Task Cancel_is_in_the_openapi_document()
    {
        var doc = await app.GetAsync("/openapi/v1.json", null);
        Assert.True(doc.Json.GetProperty("paths").TryGetProperty("/api/v1/timebank/transfers/{id}/cancel", out var cancel));
        Assert.Contains("409", cancel.GetProperty("post").GetProperty("responses").EnumerateObject().Select(p => p.Name));
    }
}
