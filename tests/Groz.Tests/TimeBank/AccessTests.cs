using System.Globalization;
using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>Who may see and do what in the Tijdbank of leerregio "utrecht", and that leerregio's never see each other's ledger.</summary>
public sealed class AccessTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    private const string Api = "/api/v1/timebank";
    protected override TimeBankApp Ledger => app;

    // Each row is the demo member of that role in utrecht (privileged roles with 2FA on), calling with a read+write token.
    // "Other" is the student's account in utrecht (someone else's), "pool" is utrecht's gemeenschapspot.
    //   list  = GET accounts            own   = GET accounts/{own}      other = GET accounts/{other}   pool = GET accounts/{pool}
    //   stmt  = GET transfers?accountId={other}
    //   xchg  = exchange from the caller's own account to other (1 min)  behalf = exchange from other's account (on their behalf)
    //   don   = donation from own account to the pool                    grant  = grant pool → other    bulk = pool → two members
    //   rev   = reversal of a completed transfer                         conf   = confirm an exchange the student asked the volunteer to confirm
    // 401 = not signed in · 403 = seen but not allowed (a ProblemDetails says why) · 404 = does not exist for the caller
    private static readonly string[] Matrix =
    [
        // role                  | list own  other pool stmt | xchg behalf don  grant bulk rev  conf
        "Anonymous               | 401  401  401   401  401  | 401  401    401  401   401  401  401",
        "Resident                | 200  200  404   200  404  | 201  403    201  403   403  404  404",
        "Volunteer               | 200  200  404   200  404  | 201  403    201  403   403  404  200",
        "Buurtassistent          | 200  200  404   200  404  | 201  403    201  403   403  404  404",
        "Coordinator             | 200  200  200   200  200  | 201  201    201  201   201  201  403",
        "Administrator           | 200  200  200   200  200  | 201  201    201  201   201  201  403",
        "CoordinatorLeidscheRijn | 200  200  404   404  404  | 404  404    404  404   404  404  404",
    ];

    public static TheoryData<string> Roles => new(Matrix.Select(row => row.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_gets_the_outcome_of_the_matrix_on_every_endpoint(string role)
    {
        var row = Matrix.Single(r => r.Split('|')[0].Trim() == role).Split('|');
        var expectedReads = row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expectedWrites = row[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await app.SetConfirmationAsync(true);

        var (grozRole, leerregio) = role switch
        {
            "Anonymous" => ((GrozRole?)null, "utrecht"),
            "CoordinatorLeidscheRijn" => (GrozRole.Coordinator, "leidsche-rijn"),
            _ => (Enum.Parse<GrozRole>(role), "utrecht"),
        };
        var token = grozRole is { } r ? await app.TokenAsync(r, leerregio) : null;
        var own = await app.AccountIdAsync(grozRole ?? GrozRole.Resident, leerregio);
        var other = await app.AccountIdAsync(GrozRole.Student);
        var carer = await app.AccountIdAsync(GrozRole.InformalCarer);
        var pool = await app.PoolIdAsync();

        // Something to reverse and something to confirm, fresh for each row.
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var completed = await app.PostTransferAsync(coordinator, new { kind = "Grant", fromAccountId = pool, toAccountId = other, minutes = 1, description = "Te corrigeren " + role });
        var pending = await app.PostTransferAsync(await app.TokenAsync(GrozRole.Student),
            new { kind = "Exchange", fromAccountId = other, toAccountId = await app.AccountIdAsync(GrozRole.Volunteer), minutes = 1, description = "Te bevestigen " + role });
        Assert.Equal(HttpStatusCode.Created, completed.Status);
        Assert.Equal("Pending", pending.Json.GetProperty("status").GetString());
        var transfersBefore = await app.DbAsync(db => db.Transfers.CountAsync());

        string[] reads =
        [
            $"{Api}/accounts", $"{Api}/accounts/{own}", $"{Api}/accounts/{other}", $"{Api}/accounts/{pool}", $"{Api}/transfers?accountId={other}",
        ];
        var actualReads = new List<string>();
        foreach (var url in reads)
        {
            actualReads.Add(Code(await app.GetAsync(url, token)));
        }

        (string Url, object Body)[] writes =
        [
            ($"{Api}/transfers", new { kind = "Exchange", fromAccountId = own, toAccountId = other, minutes = 1, description = "Matrix" }),
            ($"{Api}/transfers", new { kind = "Exchange", fromAccountId = other, toAccountId = carer, minutes = 1, description = "Namens de student" }),
            ($"{Api}/transfers", new { kind = "Donation", fromAccountId = own, toAccountId = pool, minutes = 1, description = "Voor de pot" }),
            ($"{Api}/transfers", new { kind = "Grant", fromAccountId = pool, toAccountId = other, minutes = 1, description = "Toekenning" }),
            ($"{Api}/transfers", new { kind = "Bulk", fromAccountId = pool, toAccountIds = new[] { other, carer }, minutes = 1, description = "Bulk" }),
            ($"{Api}/transfers/{completed.Id}/reversal", new { reason = "Matrix" }),
            ($"{Api}/transfers/{pending.Id}/confirm", new { }),
        ];
        var actualWrites = new List<string>();
        foreach (var (url, body) in writes)
        {
            var reply = await app.SendAsync(HttpMethod.Post, url, token, body, Guid.NewGuid().ToString("N"));
            // Every refusal is a ProblemDetails, whoever asks.
            Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Created || reply.MediaType == "application/problem+json", $"{role} {url}: {reply}");
            actualWrites.Add(Code(reply));
        }

        Assert.Equal(string.Join(' ', expectedReads), string.Join(' ', actualReads));
        Assert.Equal(string.Join(' ', expectedWrites), string.Join(' ', actualWrites));
        // Refused writes left no transfer behind; allowed ones left exactly one each (a confirmation adds none).
        var created = expectedWrites.Count(c => c == "201");
        Assert.Equal(transfersBefore + created, await app.DbAsync(db => db.Transfers.CountAsync()));
    }

    [Theory]
    [InlineData(GrozRole.Resident, "utrecht", "leidsche-rijn")]
    [InlineData(GrozRole.Coordinator, "utrecht", "leidsche-rijn")]
    [InlineData(GrozRole.Administrator, "utrecht", "leidsche-rijn")]
    [InlineData(GrozRole.Coordinator, "leidsche-rijn", "utrecht")]
    public async Task A_leerregio_never_sees_the_accounts_or_transfers_of_another(GrozRole role, string home, string foreign)
    {
        var token = await app.TokenAsync(role, home);
        var foreignId = await app.DbAsync(db => db.Leerregios.Where(l => l.Slug == foreign).Select(l => l.Id).SingleAsync());
        var accounts = await app.DbAsync(db => db.TimeAccounts.Where(a => a.LeerregioId == foreignId).Select(a => a.Id).ToListAsync());
        var transfers = await app.DbAsync(db => db.Transfers.Where(t => t.LeerregioId == foreignId).Select(t => t.Id).ToListAsync());
        Assert.NotEmpty(accounts);
        Assert.NotEmpty(transfers);

        var list = await app.GetAsync($"{Api}/accounts?pageSize=200", token);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var listed = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(listed);
        Assert.DoesNotContain(listed, a => a.GetProperty("leerregioId").GetInt32() == foreignId || accounts.Contains(a.GetProperty("id").GetInt32()));
        Assert.Equal(listed.Count, list.Json.GetProperty("total").GetInt32());

        foreach (var id in accounts)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/accounts/{id}", token)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/transfers?accountId={id}", token)).Status);
        }
        var before = await app.LedgerSnapshotAsync();
        foreach (var id in transfers)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/transfers/{id}", token)).Status);
            var reversal = await app.SendAsync(HttpMethod.Post, $"{Api}/transfers/{id}/reversal", token, new { reason = "Niet van mij" }, "x" + id);
            Assert.Equal(HttpStatusCode.NotFound, reversal.Status);
            Assert.Equal("/problems/unknown-transfer", reversal.ProblemType);
        }
        Assert.Equal(before, await app.LedgerSnapshotAsync());
    }

    [Fact]
    public async Task A_member_sees_their_own_transfers_but_not_those_of_another_member_of_the_same_leerregio()
    {
        var student = await app.TokenAsync(GrozRole.Student);
        var resident = await app.TokenAsync(GrozRole.Resident);
        var gift = await app.PostTransferAsync(student, new { kind = "Donation", fromAccountId = await app.AccountIdAsync(GrozRole.Student), toAccountId = await app.PoolIdAsync(), minutes = 2, description = "Privé gift" });
        Assert.Equal(HttpStatusCode.Created, gift.Status);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"{Api}/transfers/{gift.Id}", student)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"{Api}/transfers/{gift.Id}", await app.TokenAsync(GrozRole.Coordinator))).Status);
        // The resident may read the pool, but a donation into it does not make the donor's transfer theirs to read.
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/transfers/{gift.Id}", resident)).Status);
    }

    private static string Code(Reply reply) => ((int)reply.Status).ToString(CultureInfo.InvariantCulture);
}
