using System.Globalization;
using System.Net;
using System.Text.Json;
using Groz.Tests.Regions;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Groz.Tests.TimeBank.ConversionTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>Who may do what with conversions, budgets, rates and SEPA batches of leerregio "utrecht"; and the member's own data.</summary>
public sealed class ConversionAccessTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    // Reads:  list = GET conversions · get = GET conversions/{student's} · budgets = GET budgets?leerregioId=utrecht
    //         rates = GET rates?leerregioId=utrecht · batches = GET payout-batches?leerregioId=utrecht · xml = GET the demo batch's file
    // Writes: req = POST conversions (own account) · appr/rej = approve/reject the student's pending request
    //         budget = POST budgets · rate = POST rates · export = POST payout-batches (utrecht)
    private static readonly string[] Matrix =
    [
        // role                  | list get  budgets rates batches xml | req  appr rej  budget rate export
        "Anonymous               | 401  401  401     401   401     401 | 401  401  401  401    401  401",
        "Resident                | 200  404  403     200   403     404 | 201  403  403  403    403  403",
        "Buurtassistent          | 200  404  403     200   403     404 | 201  403  403  403    403  403",
        "Coordinator             | 200  200  200     200   200     200 | 201  200  200  201    201  201",
        "Administrator           | 200  200  200     200   200     200 | 201  200  200  201    201  201",
        "CoordinatorLeidscheRijn | 200  404  404     404   404     404 | 201  404  404  404    404  404",
    ];

    public static TheoryData<string> Roles => new(Matrix.Select(row => row.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_gets_the_outcome_of_the_matrix_on_every_conversion_endpoint(string role)
    {
        var row = Matrix.Single(r => r.Split('|')[0].Trim() == role).Split('|');
        var (grozRole, leerregio) = role switch
        {
            "Anonymous" => ((GrozRole?)null, "utrecht"),
            "CoordinatorLeidscheRijn" => (GrozRole.Coordinator, "leidsche-rijn"),
            _ => (Enum.Parse<GrozRole>(role), "utrecht"),
        };
        var token = grozRole is { } r ? await app.TokenAsync(r, leerregio) : null;
        if (grozRole is { } funded)
        {
            await app.FundAsync(funded, 200, leerregio);
        }
        await app.SetCapsAsync(null, null);
        var utrecht = await app.LeerregioIdAsync();
        await app.FundAsync(GrozRole.Student, 60);
        var student = await app.TokenAsync(GrozRole.Student);
        var toApprove = await app.RequestAsync(student, 10);
        var toReject = await app.RequestAsync(student, 10);
        var demoBatch = await app.DbAsync(db => db.PayoutBatches.Where(b => b.LeerregioId == utrecht).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync());
        var before = await app.EuroLedgerAsync();

        string[] reads =
        [
            $"{Api}/conversions", $"{Api}/conversions/{toApprove.Id}", $"{Api}/budgets?leerregioId={utrecht}", $"{Api}/rates?leerregioId={utrecht}",
            $"{Api}/payout-batches?leerregioId={utrecht}", $"{Api}/payout-batches/{demoBatch}/xml",
        ];
        var actualReads = new List<string>();
        foreach (var url in reads)
        {
            var reply = await app.GetAsync(url, token);
            Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Unauthorized || reply.MediaType == "application/problem+json", $"{role} {url}: {reply}");
            actualReads.Add(((int)reply.Status).ToString(CultureInfo.InvariantCulture));
        }

        var day = 10 + Array.FindIndex(Matrix, x => x.Split('|')[0].Trim() == role);
        (string Url, object Body)[] writes =
        [
            ($"{Api}/conversions", new { minutes = 10, iban = GoodIban, accountHolder = "Matrix" }),
            ($"{Api}/conversions/{toApprove.Id}/approve", new { }),
            ($"{Api}/conversions/{toReject.Id}/reject", new { reason = "Matrix" }),
            ($"{Api}/budgets", new { leerregioId = utrecht, funder = "Matrix " + role, amountEuros = 10m, periodFrom = "2026-01-01", periodTo = "2026-12-31" }),
            ($"{Api}/rates", new { leerregioId = utrecht, eurosPerHour = 10m, validFrom = $"2031-01-{day:00}" }),
            ($"{Api}/payout-batches", new { leerregioId = utrecht }),
        ];
        var actualWrites = new List<string>();
        foreach (var (url, body) in writes)
        {
            var reply = await app.SendAsync(HttpMethod.Post, url, token, body, Guid.NewGuid().ToString("N"));
            Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Unauthorized || reply.MediaType == "application/problem+json", $"{role} {url}: {reply}");
            actualWrites.Add(((int)reply.Status).ToString(CultureInfo.InvariantCulture));
        }

        Assert.Equal(string.Join(' ', row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', actualReads));
        Assert.Equal(string.Join(' ', row[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', actualWrites));
        if (!row[2].Contains("201", StringComparison.Ordinal))
        {
            Assert.Equal(before, await app.EuroLedgerAsync());
        }
        if (!row[2].Contains("200", StringComparison.Ordinal))
        {
            // Refused decisions left both requests as they were.
            Assert.Equal([ConversionStatus.Pending, ConversionStatus.Pending],
                await app.DbAsync(db => db.Conversions.Where(c => c.Id == toApprove.Id || c.Id == toReject.Id).Select(c => c.Status).ToListAsync()));
        }
        // A read-only token may read but not write.
        if (grozRole is { } readOnly)
        {
            var readToken = await app.TokenAsync(DemoData.DemoEmail(readOnly, leerregio), "read");
            var refused = await app.RequestAsync(readToken, 10);
            Assert.Equal((HttpStatusCode.Forbidden, "/problems/write-scope-required"), (refused.Status, refused.ProblemType));
        }
        await app.AssertBudgetsHoldAsync();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_conversion_endpoints()
    {
        var doc = await app.GetAsync("/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, doc.Status);
        var paths = doc.Json.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/timebank/conversions", "/api/v1/timebank/conversions/{id}/approve", "/api/v1/timebank/conversions/{id}/reject",
                     "/api/v1/timebank/budgets", "/api/v1/timebank/rates", "/api/v1/timebank/payout-batches", "/api/v1/timebank/payout-batches/{id}/xml" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task A_members_export_holds_their_requests_masked_and_erasure_keeps_paid_records_but_drops_name_and_iban_of_the_rest()
    {
        await app.FundAsync(GrozRole.InformalCarer, 200);
        var carer = await app.TokenAsync(GrozRole.InformalCarer);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var paid = await app.RequestAsync(carer, 20, IbanFor(31), "M. Mantelzorger");
        var pending = await app.RequestAsync(carer, 20, IbanFor(32), "M. Mantelzorger");
        await app.ApproveAsync(coordinator, paid.Id);
        Assert.Equal(HttpStatusCode.Created, (await app.ExportAsync(coordinator)).Status);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var personal = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var user = (await users.FindByEmailAsync(TimeBankApp.Email(GrozRole.InformalCarer)))!;
        var export = JsonSerializer.Serialize(await personal.ExportAsync(user));
        Assert.Contains("M. Mantelzorger", export, StringComparison.Ordinal);
        Assert.Contains("NL** **** **** **** ", export, StringComparison.Ordinal);
        Assert.DoesNotContain(IbanFor(31)[4..], export, StringComparison.Ordinal);

        await personal.EraseAsync(user);
        var rows = await app.DbAsync(db => db.Conversions.Where(c => c.Id == paid.Id || c.Id == pending.Id).ToDictionaryAsync(c => c.Id));
        Assert.Equal(("M. Mantelzorger", ConversionStatus.Paid), (rows[paid.Id].AccountHolder, rows[paid.Id].Status));
        Assert.NotEqual("", rows[paid.Id].IbanProtected);
        Assert.Equal((PersonalData.FormerMemberName, "", 20), (rows[pending.Id].AccountHolder, rows[pending.Id].IbanProtected, rows[pending.Id].Minutes));
        // An erased member's request can no longer be approved, only refused (the hours go back to the kept account).
        var approve = await app.ApproveAsync(coordinator, pending.Id);
        Assert.Equal((HttpStatusCode.Conflict, "/problems/member-not-confirmed"), (approve.Status, approve.ProblemType));
        Assert.Equal(HttpStatusCode.OK, (await app.RejectAsync(coordinator, pending.Id)).Status);
        await app.AssertBudgetsHoldAsync();
    }
}
