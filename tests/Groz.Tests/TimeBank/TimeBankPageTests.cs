using System.Net;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using static Groz.Tests.TimeBank.TimeBankTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>The Tijdbank pages through HTTP as a browser without JavaScript uses them: what works, bad input on every form, and isolation.</summary>
public sealed class TimeBankPageTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static readonly string Resident = DemoData.DemoEmail(GrozRole.Resident, "utrecht");
    private static readonly string Coordinator = DemoData.DemoEmail(GrozRole.Coordinator, "utrecht");
    /// <summary>The payer in the bad-input cases: only those tests move their balance (towards the lower limit).</summary>
    private static readonly string Entrepreneur = DemoData.DemoEmail(GrozRole.Entrepreneur, "utrecht");

    private static Dictionary<string, string> Form(int? to, string hours, string minutes, string description) => new()
    {
        ["Input.ToAccountId"] = to?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["Input.Hours"] = hours, ["Input.Minutes"] = minutes, ["Input.Description"] = description,
    };

    [Fact]
    public async Task A_member_sees_balance_given_received_and_the_pool_and_pays_a_volunteer()
    {
        using var client = await app.ClientForAsync(Resident);
        var (me, volunteer) = (await app.MemberAccountAsync(GrozRole.Resident), await app.MemberAccountAsync(GrozRole.Volunteer));
        var pool = await app.PoolAsync();

        var home = await client.GetAsync("/tijdbank");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal(Minutes.Format(me.BalanceMinutes, dutch: true), home.Html.QuerySelector("#balance")!.TextContent);
        var dto = (await app.DbAsync(db => TimeBankApi.ToDtosAsync(db, [me])))[0];
        Assert.Equal(Minutes.Format(dto.GivenMinutes, true), home.Html.QuerySelector("#given")!.TextContent);
        Assert.Equal(Minutes.Format(dto.ReceivedMinutes, true), home.Html.QuerySelector("#received")!.TextContent);
        Assert.Equal(Minutes.Format(pool.BalanceMinutes, true), home.Html.QuerySelector("#pool")!.TextContent);
        Assert.Contains("Boodschappen gedaan", home.Text, StringComparison.Ordinal);

        var form = await client.GetAsync("/tijdbank/betalen");
        var options = form.Html.QuerySelectorAll("#Input_ToAccountId option").Select(o => o.TextContent).ToList();
        Assert.Contains("Joost Bakker", options);
        Assert.DoesNotContain("Fatima de Vries", options); // not yourself
        Assert.DoesNotContain("@", form.Html.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal); // names only, never e-mail addresses

        var paid = await client.SubmitAsync(form, Form(volunteer.Id, "1", "15", "Fiets gerepareerd"));
        Assert.Equal("/tijdbank", paid.Location);
        Assert.Equal(me.BalanceMinutes - 75, await app.BalanceAsync(me.Id));
        Assert.Equal(volunteer.BalanceMinutes + 75, await app.BalanceAsync(volunteer.Id));
        var after = await client.FollowAsync(paid);
        Assert.Contains("U hebt 1 u 15 min betaald aan Joost Bakker.", after.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        var line = after.Html.QuerySelectorAll("table.statement tbody tr")[0];
        Assert.Contains("Fiets gerepareerd", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("Joost Bakker", line.TextContent, StringComparison.Ordinal);
        Assert.Contains(Minutes.Format(me.BalanceMinutes - 75, true), line.TextContent, StringComparison.Ordinal);

        // A search narrows the list to matching names.
        var search = await client.GetAsync("/tijdbank/betalen?zoek=bakk");
        Assert.Equal(["Joost Bakker"], search.Html.QuerySelectorAll("#Input_ToAccountId option").Skip(1).Select(o => o.TextContent).ToList());
        Assert.Equal(0, await app.DbAsync(db => db.TimeAccounts.SumAsync(a => a.BalanceMinutes)));
    }

    [Fact]
    public async Task A_member_donates_to_the_pool()
    {
        using var client = await app.ClientForAsync(Resident);
        var me = await app.MemberAccountAsync(GrozRole.Resident);
        var pool = await app.PoolAsync();
        var form = await client.GetAsync("/tijdbank/schenken");
        Assert.NotNull(form.Html.QuerySelector($"#Input_ToAccountId option[value='{pool.Id}']"));
        var given = await client.SubmitAsync(form, Form(pool.Id, "0", "30", "Voor de buren"));
        Assert.Equal("/tijdbank", given.Location);
        Assert.Equal(pool.BalanceMinutes + 30, await app.BalanceAsync(pool.Id));
        Assert.Equal(me.BalanceMinutes - 30, await app.BalanceAsync(me.Id));
        Assert.True(await app.DbAsync(db => db.Transfers.AnyAsync(t => t.Kind == TransferKind.Donation && t.ToAccountId == pool.Id && t.Description == "Voor de buren")));
    }

    public static TheoryData<string, Dictionary<string, string>, string, string> BadPayments => new()
    {
        { "no receiver", new() { ["Input.ToAccountId"] = "" }, "Input_ToAccountId", "Kies" },
        { "zero", new() { ["Input.Hours"] = "0", ["Input.Minutes"] = "0" }, "Input_Hours", "" },
        { "empty amount", new() { ["Input.Hours"] = "", ["Input.Minutes"] = "" }, "Input_Hours", "" },
        { "negative hours", new() { ["Input.Hours"] = "-1" }, "Input_Hours", "0 of meer" },
        { "minutes above 59", new() { ["Input.Minutes"] = "75" }, "Input_Minutes", "0 tot en met 59" },
        { "fractional hours", new() { ["Input.Hours"] = "1,5" }, "Input_Hours", "" },
        { "absurd hours", new() { ["Input.Hours"] = "99999999999" }, "Input_Hours", "" },
        { "above the maximum", new() { ["Input.Hours"] = "11" }, "Input_Hours", "10 u" },
        { "below the limit", new() { ["Input.Hours"] = "10" }, "Input_Hours", "" },
        { "no description", new() { ["Input.Description"] = " " }, "Input_Description", "" },
        { "long description", new() { ["Input.Description"] = new string('x', 501) }, "Input_Description", "500" },
        { "paying yourself", new() { ["Input.ToAccountId"] = "self" }, "Input_ToAccountId", "" },
        { "account of another leerregio", new() { ["Input.ToAccountId"] = "foreign" }, "Input_ToAccountId", "" },
        { "the pool is not paid for help", new() { ["Input.ToAccountId"] = "pool" }, "Input_ToAccountId", "" },
    };

    [Theory]
    [MemberData(nameof(BadPayments))]
    public async Task A_bad_payment_shows_the_message_next_to_the_field_and_moves_nothing(string kind, Dictionary<string, string> bad, string fieldId, string message)
    {
        using var client = await app.ClientForAsync(Entrepreneur);
        var me = await app.MemberAccountAsync(GrozRole.Entrepreneur);
        var volunteer = await app.MemberAccountAsync(GrozRole.Volunteer);
        if (kind == "below the limit")
        {
            // Bring the balance near the lower limit (−20 h) first, through the page itself: 10 h more is then too much.
            while (await app.BalanceAsync(me.Id) > -12 * 60)
            {
                Assert.Equal("/tijdbank", (await client.PostFormAsync("/tijdbank/betalen", Form(volunteer.Id, "5", "0", "Hulp"))).Location);
            }
        }
        var fields = Form(volunteer.Id, "1", "0", "Hulp bij de tuin");
        foreach (var (k, v) in bad)
        {
            fields[k] = v switch
            {
                "self" => me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "foreign" => (await app.MemberAccountAsync(GrozRole.Volunteer, "leidsche-rijn")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "pool" => (await app.PoolAsync()).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => v,
            };
        }
        var before = await app.LedgerAsync();

        var page = await client.PostFormAsync("/tijdbank/betalen", fields);

        Assert.True(page.Status == HttpStatusCode.OK, $"{kind}: {(int)page.Status} {page.Location}");
        var error = ErrorAt(page, fieldId);
        Assert.True(error.Length > 0 && error.Contains(message, StringComparison.Ordinal), $"{kind}: '{error}'");
        var input = page.Html.QuerySelector($"#{fieldId}")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains($"{fieldId}-error", input.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.NotNull(page.Html.QuerySelector($".error-summary a[href='#{fieldId}']"));
        Assert.Equal(before, await app.LedgerAsync());
    }

    [Fact]
    public async Task A_bad_donation_shows_the_message_and_moves_nothing()
    {
        using var client = await app.ClientForAsync(Resident);
        var pool = await app.PoolAsync();
        var before = await app.LedgerAsync();
        var page = await client.PostFormAsync("/tijdbank/schenken", Form(pool.Id, "0", "0", "Niets"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEqual("", ErrorAt(page, "Input_Hours"));
        page = await client.PostFormAsync("/tijdbank/schenken", Form(null, "1", "0", "Niets"));
        Assert.NotEqual("", ErrorAt(page, "Input_ToAccountId"));
        Assert.Equal(before, await app.LedgerAsync());
    }

    [Fact]
    public async Task A_coordinator_grants_from_the_pool_pays_a_group_and_corrects_a_transfer()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var pool = await app.PoolAsync();
        var (resident, student, carer) = (await app.MemberAccountAsync(GrozRole.Resident), await app.MemberAccountAsync(GrozRole.Student), await app.MemberAccountAsync(GrozRole.InformalCarer));

        var overview = await client.GetAsync("/beheer/tijdbank/utrecht");
        Assert.Equal(HttpStatusCode.OK, overview.Status);
        Assert.Equal(Minutes.Format(pool.BalanceMinutes, true), overview.Html.QuerySelector("#pool")!.TextContent);
        Assert.Contains("Fatima de Vries", overview.Text, StringComparison.Ordinal);

        // Fill the pool a little (a member's donation) so that a grant and a group payment fit.
        using (var member = await app.ClientForAsync(Resident))
        {
            Assert.Equal("/tijdbank", (await member.PostFormAsync("/tijdbank/schenken", Form(pool.Id, "2", "0", "Voor de pot"))).Location);
        }
        var poolBefore = await app.BalanceAsync(pool.Id);
        var residentBefore = await app.BalanceAsync(resident.Id);

        // The demo data's own grants are audited too: count what this test adds.
        var (grantsBefore, bulkBefore) = (await app.AuditCountAsync("timebank.granted"), await app.AuditCountAsync("timebank.bulk-paid"));
        var granted = await client.PostFormAsync("/beheer/tijdbank/utrecht/toekennen", Form(resident.Id, "0", "30", "Dank voor het opruimen"));
        Assert.Equal("/beheer/tijdbank/utrecht", granted.Location);
        Assert.Equal(residentBefore + 30, await app.BalanceAsync(resident.Id));
        Assert.Equal(poolBefore - 30, await app.BalanceAsync(pool.Id));
        Assert.Equal(grantsBefore + 1, await app.AuditCountAsync("timebank.granted"));

        var bulk = await client.PostFormAsync("/beheer/tijdbank/utrecht/groepsbetaling", new Dictionary<string, string>
        {
            ["Input.ToAccountIds[]"] = $"{resident.Id},{student.Id},{carer.Id}", ["Input.Hours"] = "0", ["Input.Minutes"] = "15", ["Input.Description"] = "Buurtschoonmaak",
        });
        Assert.Equal("/beheer/tijdbank/utrecht", bulk.Location);
        var transfer = await app.DbAsync(db => db.Transfers.Include(t => t.Entries).SingleAsync(t => t.Kind == TransferKind.Bulk));
        Assert.Equal(4, transfer.Entries.Count);
        Assert.Equal(-45, transfer.Entries.Single(e => e.AccountId == pool.Id).Minutes);
        Assert.Equal(poolBefore - 75, await app.BalanceAsync(pool.Id));
        Assert.Equal(bulkBefore + 1, await app.AuditCountAsync("timebank.bulk-paid"));

        // The coordinator opens the resident's statement and corrects the grant from its line.
        var statement = await client.GetAsync($"/beheer/tijdbank/utrecht/rekeningen/{resident.Id}");
        Assert.Equal(HttpStatusCode.OK, statement.Status);
        var grant = await app.DbAsync(db => db.Transfers.Where(t => t.Kind == TransferKind.Grant && t.ToAccountId == resident.Id).OrderByDescending(t => t.Id).FirstAsync());
        Assert.NotNull(statement.Html.QuerySelector($"a[href='/beheer/tijdbank/utrecht/correctie/{grant.Id}']"));
        var residentNow = await app.BalanceAsync(resident.Id);
        var corrected = await client.PostFormAsync($"/beheer/tijdbank/utrecht/correctie/{grant.Id}", new Dictionary<string, string> { ["Input.Reason"] = "Dubbel toegekend" });
        Assert.Equal($"/beheer/tijdbank/utrecht/rekeningen/{pool.Id}", corrected.Location);
        Assert.Equal(residentNow - 30, await app.BalanceAsync(resident.Id));
        Assert.True(await app.DbAsync(db => db.Transfers.AnyAsync(t => t.ReversesTransferId == grant.Id && t.Description == "Dubbel toegekend")));
        Assert.Equal(1, await app.AuditCountAsync("timebank.reversed"));

        // A second correction of the same transfer is refused, with the reason in the summary, and changes nothing.
        var before = await app.LedgerAsync();
        var again = await client.PostFormAsync($"/beheer/tijdbank/utrecht/correctie/{grant.Id}", new Dictionary<string, string> { ["Input.Reason"] = "Nog eens" });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.NotNull(again.Html.QuerySelector(".error-summary li"));
        Assert.Equal(before, await app.LedgerAsync());
        Assert.Equal(0, await app.DbAsync(db => db.TimeAccounts.SumAsync(a => a.BalanceMinutes)));
    }

    [Fact]
    public async Task Bad_input_on_the_coordinator_forms_shows_the_message_and_changes_nothing()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var pool = await app.PoolAsync();
        var resident = await app.MemberAccountAsync(GrozRole.Resident);
        var transfer = await app.DbAsync(db => db.Transfers.Where(t => t.LeerregioId == pool.LeerregioId && t.Kind == TransferKind.Exchange).Select(t => t.Id).FirstAsync());
        var before = await app.LedgerAsync();

        var page = await client.PostFormAsync("/beheer/tijdbank/utrecht/toekennen", Form(null, "1", "0", "Dank"));
        Assert.NotEqual("", ErrorAt(page, "Input_ToAccountId"));
        page = await client.PostFormAsync("/beheer/tijdbank/utrecht/toekennen", Form(resident.Id, "1", "75", "Dank"));
        Assert.NotEqual("", ErrorAt(page, "Input_Minutes"));
        // More than the pool holds: the pool may not go below zero.
        page = await client.PostFormAsync("/beheer/tijdbank/utrecht/toekennen", Form(resident.Id, "9", "0", "Dank"));
        Assert.Contains("Gemeenschapspot", ErrorAt(page, "Input_Hours"), StringComparison.Ordinal);

        page = await client.PostFormAsync("/beheer/tijdbank/utrecht/groepsbetaling", new Dictionary<string, string> { ["Input.Hours"] = "0", ["Input.Minutes"] = "10", ["Input.Description"] = "Samen" });
        Assert.NotEqual("", ErrorAt(page, "Input_ToAccountIds"));
        Assert.NotNull(page.Html.QuerySelector(".error-summary a[href='#Input_ToAccountIds']"));
        page = await client.PostFormAsync("/beheer/tijdbank/utrecht/groepsbetaling", new Dictionary<string, string> { ["Input.ToAccountIds[]"] = $"{resident.Id}", ["Input.Hours"] = "0", ["Input.Minutes"] = "10", ["Input.Description"] = "" });
        Assert.NotEqual("", ErrorAt(page, "Input_Description"));

        page = await client.PostFormAsync($"/beheer/tijdbank/utrecht/correctie/{transfer}", new Dictionary<string, string> { ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEqual("", ErrorAt(page, "Input_Reason"));
        Assert.Equal(before, await app.LedgerAsync());
    }

    [Fact]
    public async Task The_tijdbank_pages_of_another_leerregio_do_not_exist_for_a_coordinator_and_members_see_none()
    {
        using var utrecht = await app.ClientForAsync(Coordinator);
        var foreign = await app.MemberAccountAsync(GrozRole.Resident, "leidsche-rijn");
        var foreignTransfer = await app.DbAsync(db => db.Transfers.Where(t => t.LeerregioId == foreign.LeerregioId).Select(t => t.Id).FirstAsync());
        foreach (var url in new[]
        {
            "/beheer/tijdbank/leidsche-rijn", "/beheer/tijdbank/leidsche-rijn/toekennen", "/beheer/tijdbank/leidsche-rijn/groepsbetaling",
            "/beheer/tijdbank/leidsche-rijn/instellingen", $"/beheer/tijdbank/leidsche-rijn/rekeningen/{foreign.Id}",
            $"/beheer/tijdbank/leidsche-rijn/rekeningen/{foreign.Id}?handler=csv", $"/beheer/tijdbank/leidsche-rijn/correctie/{foreignTransfer}",
            // Through the own leerregio's address: the account and the transfer are not found there either.
            $"/beheer/tijdbank/utrecht/rekeningen/{foreign.Id}", $"/beheer/tijdbank/utrecht/rekeningen/{foreign.Id}?handler=xlsx", $"/beheer/tijdbank/utrecht/correctie/{foreignTransfer}",
        })
        {
            Assert.True((await utrecht.GetAsync(url)).Status == HttpStatusCode.NotFound, url);
        }
        var before = await app.LedgerAsync();
        var token = await utrecht.AntiforgeryTokenAsync("/beheer/tijdbank/utrecht/toekennen");
        using var grant = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.ToAccountId", foreign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Hours", "0"), new("Input.Minutes", "10"), new("Input.Description", "Over de grens")]);
        Assert.Equal(HttpStatusCode.NotFound, (await utrecht.Http.PostAsync("/beheer/tijdbank/leidsche-rijn/toekennen", grant)).StatusCode);
        using var correction = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Reason", "Over de grens")]);
        Assert.Equal(HttpStatusCode.NotFound, (await utrecht.Http.PostAsync($"/beheer/tijdbank/leidsche-rijn/correctie/{foreignTransfer}", correction)).StatusCode);
        // A grant through the own leerregio's form to a foreign account is refused at the field.
        var page = await utrecht.PostFormAsync("/beheer/tijdbank/utrecht/toekennen", Form(foreign.Id, "0", "10", "Over de grens"));
        Assert.NotEqual("", ErrorAt(page, "Input_ToAccountId"));
        Assert.Equal(before, await app.LedgerAsync());

        using var member = await app.ClientForAsync(Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/beheer/tijdbank/utrecht")).Status);
        using var anonymous = app.NewClient();
        Assert.StartsWith("/account/inloggen", new Uri(new Uri("https://localhost"), (await anonymous.GetAsync("/tijdbank")).Location!).AbsolutePath, StringComparison.Ordinal);
    }
}
