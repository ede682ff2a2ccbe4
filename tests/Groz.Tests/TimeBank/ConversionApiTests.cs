using System.Globalization;
using System.Net;
using Groz.Tests.Regions;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using static Groz.Tests.TimeBank.ConversionTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>Converting hours into euros through the API: request, four-eyes approval, rejection, SEPA export, and bad input that changes nothing.</summary>
public sealed class ConversionApiTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    [Fact]
    public async Task The_demo_has_a_rate_a_budget_a_pending_and_a_paid_conversion_whose_batch_validates()
    {
        var utrecht = await app.LeerregioIdAsync();
        var rows = await app.DbAsync(db => db.Conversions.Where(c => c.LeerregioId == utrecht).ToListAsync());
        Assert.Contains(rows, c => c.Status == ConversionStatus.Pending);
        // The demo's own (other tests in this class may have paid more since).
        var paid = rows.Where(c => c.Status == ConversionStatus.Paid).OrderBy(c => c.Id).First();
        Assert.True(await app.DbAsync(db => db.Budgets.AnyAsync(b => b.LeerregioId == utrecht && b.Funder == "Gemeente Utrecht")));
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var xml = await app.GetAsync($"{Api}/payout-batches/{paid.PayoutBatchId}/xml", coordinator);
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("application/xml", xml.MediaType);
        var doc = AssertValidPain001(xml.Text);
        Assert.Equal("Daan Mulder", doc.Descendants(Ns + "Cdtr").Single().Element(Ns + "Nm")!.Value);
        await app.AssertBudgetsHoldAsync();
    }

    [Fact]
    public async Task A_member_requests_hours_move_at_once_a_coordinator_approves_and_exports_a_valid_sepa_batch()
    {
        await app.FundAsync(GrozRole.Professional, 180);
        await app.FundAsync(GrozRole.Researcher, 120);
        var professional = await app.TokenAsync(GrozRole.Professional);
        var researcher = await app.TokenAsync(GrozRole.Researcher);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var account = await app.AccountIdAsync(GrozRole.Professional);
        var conversionAccount = await app.DbAsync(db => db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Conversion && db.Leerregios.Any(l => l.Id == a.LeerregioId && l.Slug == "utrecht")).Select(a => a.Id).SingleAsync());
        var (before, conversionBefore) = (await app.BalanceAsync(account), await app.BalanceAsync(conversionAccount));

        var first = await app.RequestAsync(professional, 90, "nl91 abna 0417 1643 00", "Zoë de Wit-Ærts");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal("Pending", first.Json.GetProperty("status").GetString());
        Assert.Equal("NL** **** **** **** 4300", first.Json.GetProperty("iban").GetString());
        Assert.Equal(15.00m, first.Json.GetProperty("amountEuros").GetDecimal()); // 1.5 h × € 10
        Assert.DoesNotContain("0417", first.Text, StringComparison.Ordinal);
        Assert.Equal(before - 90, await app.BalanceAsync(account));
        Assert.Equal(conversionBefore + 90, await app.BalanceAsync(conversionAccount));
        var transfer = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Id == first.Json.GetProperty("transferId").GetInt64()));
        Assert.Equal(TransferKind.Conversion, transfer.Kind);
        // Stored protected: the database never holds the IBAN in clear text.
        var stored = await app.DbAsync(db => db.Conversions.SingleAsync(c => c.Id == first.Id));
        Assert.DoesNotContain("0417164300", stored.IbanProtected, StringComparison.Ordinal);

        var second = await app.RequestAsync(professional, 25, IbanFor(7), "P. Professional");
        var third = await app.RequestAsync(researcher, 120, IbanFor(8), "R. Onderzoeker");
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(4.17m, second.Json.GetProperty("amountEuros").GetDecimal()); // 25 min × € 10 / 60, rounded half away from zero
        Assert.Equal(HttpStatusCode.Created, third.Status);

        var budget = await app.DbAsync(db => db.Budgets.Where(b => b.Funder == "Gemeente Utrecht").OrderBy(b => b.Id).FirstAsync());
        foreach (var id in new[] { first.Id, second.Id, third.Id })
        {
            var approved = await app.ApproveAsync(coordinator, id);
            Assert.Equal(HttpStatusCode.OK, approved.Status);
            Assert.Equal("Approved", approved.Json.GetProperty("status").GetString());
            Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "timebank.conversion.approved" && a.SubjectId == id.ToString(CultureInfo.InvariantCulture))));
        }
        Assert.Equal(budget.RemainingEuros - 15.00m - 4.17m - 20.00m, await app.DbAsync(db => db.Budgets.Where(b => b.Id == budget.Id).Select(b => b.RemainingEuros).SingleAsync()));

        // The batch takes every approved payout of the leerregio: these three and any that other tests in this class left approved.
        var waiting = await app.DbAsync(db => db.Conversions.Where(c => c.Status == ConversionStatus.Approved && db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht"))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.AmountEuros }).ToListAsync());
        var (count, sum) = (waiting.Count, waiting.Sum(w => w.AmountEuros));
        Assert.True(count >= 3);
        var export = await app.ExportAsync(coordinator);
        Assert.Equal(HttpStatusCode.Created, export.Status);
        Assert.Equal(count, export.Json.GetProperty("numberOfTransactions").GetInt32());
        Assert.Equal(sum, export.Json.GetProperty("controlSum").GetDecimal());
        var xml = await app.GetAsync(export.Json.GetProperty("xmlUrl").GetString()!, coordinator);
        var doc = AssertValidPain001(xml.Text);
        var header = doc.Descendants(Ns + "GrpHdr").Single();
        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), header.Element(Ns + "NbOfTxs")!.Value);
        Assert.Equal(SepaCreditTransfer.Amount(sum), header.Element(Ns + "CtrlSum")!.Value);
        Assert.Equal(SepaCreditTransfer.Amount(sum), doc.Descendants(Ns + "PmtInf").Single().Element(Ns + "CtrlSum")!.Value);
        Assert.Equal(sum, doc.Descendants(Ns + "InstdAmt").Sum(a => decimal.Parse(a.Value, CultureInfo.InvariantCulture)));
        Assert.Equal(GoodIban, doc.Descendants(Ns + "DbtrAcct").Single().Descendants(Ns + "IBAN").Single().Value);
        var mine = new[] { $"GROZ-C{first.Id}", $"GROZ-C{second.Id}", $"GROZ-C{third.Id}" };
        var txs = doc.Descendants(Ns + "CdtTrfTxInf").Where(t => mine.Contains(t.Descendants(Ns + "EndToEndId").Single().Value)).ToList();
        Assert.Equal(["15.00", "4.17", "20.00"], txs.Select(t => t.Descendants(Ns + "InstdAmt").Single().Value));
        Assert.All(txs, t => Assert.Equal("EUR", t.Descendants(Ns + "InstdAmt").Single().Attribute("Ccy")!.Value));
        Assert.Equal([GoodIban, IbanFor(7), IbanFor(8)], txs.Select(t => t.Element(Ns + "CdtrAcct")!.Descendants(Ns + "IBAN").Single().Value));
        Assert.Equal("Zoe de Wit-AErts", txs[0].Element(Ns + "Cdtr")!.Element(Ns + "Nm")!.Value);
        Assert.Equal($"GROZ-C{first.Id}", txs[0].Descendants(Ns + "EndToEndId").Single().Value);

        // All three paid, in this batch; the second export finds nothing; the batch downloads again byte for byte.
        Assert.All(await app.DbAsync(db => db.Conversions.Where(c => c.Id == first.Id || c.Id == second.Id || c.Id == third.Id).ToListAsync()),
            c => Assert.Equal((ConversionStatus.Paid, export.Id), (c.Status, c.PayoutBatchId!.Value)));
        var again = await app.ExportAsync(coordinator);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("/problems/nothing-to-export", again.ProblemType);
        Assert.Equal(xml.Text, (await app.GetAsync(export.Json.GetProperty("xmlUrl").GetString()!, coordinator)).Text);
        // A paid conversion can no longer be refused.
        Assert.Equal(HttpStatusCode.Conflict, (await app.RejectAsync(coordinator, first.Id)).Status);
        await app.AssertBudgetsHoldAsync();
    }

    [Fact]
    public async Task Rejecting_gives_the_hours_back_and_cancelling_an_approved_payout_releases_its_reservation()
    {
        await app.FundAsync(GrozRole.Volunteer, 120);
        var volunteer = await app.TokenAsync(GrozRole.Volunteer);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var account = await app.AccountIdAsync(GrozRole.Volunteer);
        var before = await app.BalanceAsync(account);

        var pending = await app.RequestAsync(volunteer, 60);
        Assert.Equal(before - 60, await app.BalanceAsync(account));
        var missing = await app.RejectAsync(coordinator, pending.Id, reason: " ");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.True(missing.Json.GetProperty("errors").TryGetProperty("reason", out _));
        var rejected = await app.RejectAsync(coordinator, pending.Id, "IBAN hoort niet bij deze persoon");
        Assert.Equal(HttpStatusCode.OK, rejected.Status);
        Assert.Equal("Rejected", rejected.Json.GetProperty("status").GetString());
        Assert.Equal("IBAN hoort niet bij deze persoon", rejected.Json.GetProperty("decisionReason").GetString());
        Assert.Equal(before, await app.BalanceAsync(account));
        var reversal = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Id == rejected.Json.GetProperty("reversalTransferId").GetInt64()));
        Assert.Equal((TransferKind.Reversal, pending.Json.GetProperty("transferId").GetInt64()), (reversal.Kind, reversal.ReversesTransferId!.Value));
        Assert.Equal(HttpStatusCode.Conflict, (await app.RejectAsync(coordinator, pending.Id)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await app.ApproveAsync(coordinator, pending.Id)).Status);

        var approved = await app.RequestAsync(volunteer, 60);
        Assert.Equal(HttpStatusCode.OK, (await app.ApproveAsync(coordinator, approved.Id)).Status);
        var budgetId = await app.DbAsync(db => db.Conversions.Where(c => c.Id == approved.Id).Select(c => c.BudgetId!.Value).SingleAsync());
        var remaining = await app.DbAsync(db => db.Budgets.Where(b => b.Id == budgetId).Select(b => b.RemainingEuros).SingleAsync());
        var cancelled = await app.RejectAsync(coordinator, approved.Id, "Dubbel aangevraagd");
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(remaining + 10.00m, await app.DbAsync(db => db.Budgets.Where(b => b.Id == budgetId).Select(b => b.RemainingEuros).SingleAsync()));
        Assert.Equal([BudgetMovementKind.Reservation, BudgetMovementKind.Release],
            await app.DbAsync(db => db.BudgetMovements.Where(m => m.ConversionId == approved.Id).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync()));
        Assert.Equal(before, await app.BalanceAsync(account));
        await app.AssertBudgetsHoldAsync();
    }

    [Fact]
    public async Task Four_eyes_the_requester_cannot_approve_a_member_gets_403_and_another_leerregio_404()
    {
        await app.FundAsync(GrozRole.Coordinator, 60);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var own = await app.RequestAsync(coordinator, 30);
        Assert.Equal(HttpStatusCode.Created, own.Status);
        var before = await app.EverythingAsync();

        var self = await app.ApproveAsync(coordinator, own.Id);
        Assert.Equal((HttpStatusCode.Forbidden, "/problems/four-eyes"), (self.Status, self.ProblemType));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.RejectAsync(coordinator, own.Id)).Status);
        var member = await app.ApproveAsync(await app.TokenAsync(GrozRole.Resident), own.Id);
        Assert.Equal((HttpStatusCode.Forbidden, "/problems/coordinators-only"), (member.Status, member.ProblemType));
        var buurtassistent = await app.ApproveAsync(await app.TokenAsync(GrozRole.Buurtassistent), own.Id);
        Assert.Equal(HttpStatusCode.Forbidden, buurtassistent.Status);
        var foreign = await app.ApproveAsync(await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), own.Id);
        Assert.Equal((HttpStatusCode.NotFound, "/problems/unknown-conversion"), (foreign.Status, foreign.ProblemType));
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/conversions/{own.Id}", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
        Assert.Equal(before, await app.EverythingAsync());

        // Another manager of the leerregio (the administrator, 2FA on) may.
        var other = await app.ApproveAsync(await app.TokenAsync(GrozRole.Administrator), own.Id);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    public static TheoryData<string, string, string, string> BadRequests => new()
    {
        // case, body (JSON), expected status, expected problem type or field
        { "zero minutes", """{"minutes":0,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "400", "minutes" },
        { "negative minutes", """{"minutes":-30,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "400", "minutes" },
        { "no minutes", """{"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "400", "minutes" },
        { "fractional minutes", """{"minutes":1.5,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "400", "/problems/bad-request" },
        { "absurd minutes", """{"minutes":2147483647,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "400", "minutes" },
        { "more than the balance", """{"minutes":6000,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "409", "/problems/not-enough-hours" },
        { "wrong check digits", """{"minutes":30,"iban":"NL92ABNA0417164300","accountHolder":"A"}""", "400", "iban" },
        { "wrong length", """{"minutes":30,"iban":"NL91ABNA041716430","accountHolder":"A"}""", "400", "iban" },
        { "letters for digits", """{"minutes":30,"iban":"NLABABNA0417164300","accountHolder":"A"}""", "400", "iban" },
        { "no iban", """{"minutes":30,"accountHolder":"A"}""", "400", "iban" },
        { "no holder", """{"minutes":30,"iban":"NL91ABNA0417164300","accountHolder":"  "}""", "400", "accountHolder" },
        { "holder too long", """{"minutes":30,"iban":"NL91ABNA0417164300","accountHolder":"%LONG%"}""", "400", "accountHolder" },
        { "someone else's account", """{"accountId":%OTHER%,"minutes":30,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "404", "/problems/unknown-account" },
        { "another leerregio's account", """{"accountId":%FOREIGN%,"minutes":30,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "404", "/problems/unknown-account" },
        { "the pool", """{"accountId":%POOL%,"minutes":30,"iban":"NL91ABNA0417164300","accountHolder":"A"}""", "404", "/problems/unknown-account" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_problem_or_a_field_error_and_changes_nothing(string name, string body, string status, string expected)
    {
        await app.FundAsync(GrozRole.InformalCarer, 60);
        var token = await app.TokenAsync(GrozRole.InformalCarer);
        body = body.Replace("%LONG%", new string('x', 71), StringComparison.Ordinal)
            .Replace("%OTHER%", (await app.AccountIdAsync(GrozRole.Student)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%FOREIGN%", (await app.AccountIdAsync(GrozRole.Student, "leidsche-rijn")).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%POOL%", (await app.PoolIdAsync()).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var before = await app.EverythingAsync();
        var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/conversions", token, key: Guid.NewGuid().ToString("N"), rawJson: body);
        Assert.True(((int)reply.Status).ToString(CultureInfo.InvariantCulture) == status, $"{name}: {reply}");
        Assert.Equal("application/problem+json", reply.MediaType);
        if (expected.StartsWith('/'))
        {
            Assert.Equal(expected, reply.ProblemType);
        }
        else
        {
            Assert.True(reply.Json.GetProperty("errors").TryGetProperty(expected, out var messages), $"{name}: {reply}");
            Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        }
        Assert.Equal(before, await app.EverythingAsync());
    }

    [Fact]
    public async Task An_iban_error_is_explained_in_dutch_and_in_english()
    {
        var token = await app.TokenAsync(GrozRole.InformalCarer);
        var nl = await app.SendAsync(HttpMethod.Post, $"{Api}/conversions?culture=nl", token, new { minutes = 30, iban = "NL92ABNA0417164300", accountHolder = "A" }, "k-nl");
        Assert.Contains("typfout", nl.Json.GetProperty("errors").GetProperty("iban")[0].GetString()!, StringComparison.Ordinal);
        using var client = app.NewHttp();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var en = await TimeBankApp.SendAsync(client, HttpMethod.Post, $"{Api}/conversions", token, new { minutes = 30, iban = "NL91ABNA041716430", accountHolder = "A" }, "k-en");
        Assert.Equal("An IBAN from NL has 18 characters; this one has 17.", en.Json.GetProperty("errors").GetProperty("iban")[0].GetString());
    }

    [Fact]
    public async Task A_replayed_key_returns_the_first_answer_and_other_content_under_the_same_key_is_refused()
    {
        await app.FundAsync(GrozRole.Student, 60);
        var student = await app.TokenAsync(GrozRole.Student);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var first = await app.RequestAsync(student, 20, key: "omzetten-1");
        var replay = await app.RequestAsync(student, 20, key: "omzetten-1");
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Text, replay.Text);
        var other = await app.RequestAsync(student, 21, key: "omzetten-1");
        Assert.Equal((HttpStatusCode.Conflict, "/problems/idempotency-key-reused"), (other.Status, other.ProblemType));
        Assert.Equal(1, await app.DbAsync(db => db.Conversions.CountAsync(c => c.Id >= first.Id)));

        var approve = await app.ApproveAsync(coordinator, first.Id, key: "akkoord-1");
        var approveAgain = await app.ApproveAsync(coordinator, first.Id, key: "akkoord-1");
        Assert.Equal((HttpStatusCode.OK, true), (approveAgain.Status, approveAgain.Replayed));
        Assert.Equal(approve.Text, approveAgain.Text);
        Assert.Equal(1, await app.DbAsync(db => db.BudgetMovements.CountAsync(m => m.ConversionId == first.Id)));

        // Twenty identical submissions at once: one conversion.
        await app.FundAsync(GrozRole.Student, 30);
        var count = await app.DbAsync(db => db.Conversions.CountAsync());
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.RequestAsync(student, 5, key: "omzetten-samen")));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(replies.Select(r => r.Id).Distinct());
        Assert.Equal(count + 1, await app.DbAsync(db => db.Conversions.CountAsync()));
    }

    [Fact]
    public async Task Budgets_and_rates_are_added_by_coordinators_with_field_errors_for_bad_input()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var wijk = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034408").Select(w => w.Id).SingleAsync());
        var foreignWijk = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034409").Select(w => w.Id).SingleAsync());
        var before = await app.EuroLedgerAsync();
        (object Body, string Field)[] bad =
        [
            (new { funder = "", amountEuros = 100m, periodFrom = "2026-01-01", periodTo = "2026-12-31" }, "funder"),
            (new { funder = "Fonds", amountEuros = 0m, periodFrom = "2026-01-01", periodTo = "2026-12-31" }, "amountEuros"),
            (new { funder = "Fonds", amountEuros = 10.005m, periodFrom = "2026-01-01", periodTo = "2026-12-31" }, "amountEuros"),
            (new { funder = "Fonds", amountEuros = -5m, periodFrom = "2026-01-01", periodTo = "2026-12-31" }, "amountEuros"),
            (new { funder = "Fonds", amountEuros = 100m, periodFrom = "2026-12-31", periodTo = "2026-01-01" }, "periodTo"),
            (new { funder = "Fonds", amountEuros = 100m, periodFrom = "2026-01-01", periodTo = "2026-12-31", wijkId = foreignWijk }, "wijkId"),
        ];
        foreach (var (body, field) in bad)
        {
            var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/budgets", coordinator, body, Guid.NewGuid().ToString("N"));
            Assert.True(reply.Status == HttpStatusCode.BadRequest && reply.Json.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {reply}");
        }
        Assert.Equal(before, await app.EuroLedgerAsync());

        var made = await app.SendAsync(HttpMethod.Post, $"{Api}/budgets", coordinator,
            new { funder = "Oranje Fonds", amountEuros = 750.50m, periodFrom = "2026-01-01", periodTo = "2026-06-30", wijkId = wijk }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, made.Status);
        Assert.Equal(750.50m, made.Json.GetProperty("remainingEuros").GetDecimal());
        var detail = await app.GetAsync($"{Api}/budgets/{made.Json.GetProperty("id").GetInt32()}", coordinator);
        Assert.Equal("Deposit", detail.Json.GetProperty("movements")[0].GetProperty("kind").GetString());
        var list = await app.GetAsync($"{Api}/budgets", coordinator);
        Assert.Contains(list.Json.EnumerateArray(), b => b.GetProperty("funder").GetString() == "Oranje Fonds");
        await app.AssertBudgetsHoldAsync();
    }
}
