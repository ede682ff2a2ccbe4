using System.Net;
using Groz.Bench.Generate;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Platform;

/// <summary>
/// The benchmark generator (bench/Groz.Bench) writes a region the app accepts as its own: valid CBS codes, the
/// promised distributions, accounts that can sign in; and the same rows for the same seed.
/// </summary>
public sealed class SyntheticLeerregioTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static GeneratorOptions Options(string provider, string connection, int residents, params string[] more)
    {
        string[] args = ["--residents", residents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--provider", provider, "--connection", connection, .. more];
        Assert.True(GeneratorOptions.TryParse(args, out var options, out var error), error);
        return options;
    }

    [Fact]
    public async Task Generated_leerregio_lies_next_to_the_demo_data_and_its_members_can_sign_in()
    {
        var context = await Generator.RunAsync(Options(GrozApp.OnPostgres ? "postgres" : "sqlite", app.ConnectionString, 40_000), TextWriter.Null, default);
        Assert.NotNull(context);

        var wijken = await app.DbAsync(db => db.Wijken.Include(w => w.Gemeente).Include(w => w.Buurten)
            .Where(w => w.Leerregio!.Slug == "synthetisch").ToListAsync());
        Assert.Equal(40_000, wijken.Sum(w => w.Residents));
        Assert.All(wijken, w =>
        {
            Assert.InRange(w.Residents!.Value, 5_000, 30_000);
            Assert.True(CbsCode.WijkBelongsTo(w.Code, w.Gemeente!.Code), w.Code);
            Assert.Equal(w.Residents, w.Buurten.Sum(b => b.Residents));
            Assert.All(w.Buurten, b => Assert.True(CbsCode.BuurtBelongsTo(b.Code, w.Code) && b.Residents is >= 1_000 and <= 5_000, b.Code));
            Assert.NotEmpty(w.Postcodes);
        });

        var members = await app.DbAsync(db => db.Users.Where(u => u.WijkId != null && wijken.Select(w => w.Id).Contains(u.WijkId.Value))
            .GroupBy(u => u.WijkId).Select(g => new { WijkId = g.Key!.Value, Count = g.Count() }).ToListAsync());
        Assert.All(wijken, w =>
        {
            var share = members.Single(m => m.WijkId == w.Id).Count / (double)w.Residents!.Value;
            Assert.InRange(share, 0.079, 0.151);
        });
        var assistants = await app.DbAsync(db => db.RoleAssignments.Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == wijken[0].LeerregioId)
            .Select(r => new { r.WijkId, r.User!.TwoFactorEnabled }).ToListAsync());
        Assert.All(wijken, w => Assert.InRange(assistants.Count(a => a.WijkId == w.Id), 1, 3));
        Assert.All(assistants, a => Assert.True(a.TwoFactorEnabled));

        // The social map: services and organisations in proportion to the residents (10,000 and 2,000 per 100,000).
        var leerregioId = wijken[0].LeerregioId;
        Assert.Equal(4_000, await app.DbAsync(db => db.SmServices.CountAsync(s => s.LeerregioId == leerregioId)));
        Assert.Equal(800, await app.DbAsync(db => db.SmOrganizations.CountAsync(o => o.LeerregioId == leerregioId)));

        // Hulpvragen: 50,000 requests and 5,000 open per 100,000 residents, in every wijk, each with its status history
        // starting at New; closed ones have an outcome; old closed ones are already pseudonymised.
        var open = Groz.Web.Features.HelpRequests.HelpFlow.Open.ToList();
        var help = await app.DbAsync(db => db.HelpRequests.Where(r => r.LeerregioId == leerregioId)
            .Select(r => new { r.WijkId, Open = open.Contains(r.Status), r.Outcome, r.PseudonymisedAt, r.ResidentUserId, Steps = db.HelpStatusChanges.Count(c => c.HelpRequestId == r.Id) }).ToListAsync());
        Assert.Equal(20_000, help.Count);
        Assert.Equal(2_000, help.Count(r => r.Open));
        Assert.All(wijken, w => Assert.Contains(help, r => r.WijkId == w.Id));
        Assert.All(help, r => Assert.True(r.Steps >= 1 && (r.Open || r.Outcome is not null)));
        Assert.Contains(help, r => r.PseudonymisedAt is not null);
        Assert.All(help.Where(r => r.PseudonymisedAt is not null), r => Assert.Null(r.ResidentUserId));
        Assert.True(await app.DbAsync(db => db.SmServices.AnyAsync(s => s.LeerregioId == leerregioId && s.Platforms != Groz.Web.Features.SocialMap.DigitalPlatforms.None)));

        // Activiteiten: 200,000 registrations per 100,000 residents; every occurrence's counter equals its places taken,
        // never above the capacity, and its waitlist is numbered 1..n.
        var E = Groz.Web.Features.Events.RegistrationStatus.Waitlisted;
        var registrations = await app.DbAsync(db => db.EventRegistrations.Where(r => db.Events.Any(e => e.Id == r.EventId && e.LeerregioId == leerregioId))
            .Select(r => new { r.OccurrenceId, r.Status, r.WaitlistPosition }).ToListAsync());
        Assert.Equal(80_000, registrations.Count);
        var counters = await app.DbAsync(db => db.EventOccurrences.Where(o => o.Event!.LeerregioId == leerregioId)
            .Select(o => new { o.Id, o.Taken, o.WaitlistIssued, o.Event!.Capacity }).ToListAsync());
        var byOccurrence = registrations.ToLookup(r => r.OccurrenceId);
        Assert.All(counters, o =>
        {
            var rows = byOccurrence[o.Id].ToList();
            Assert.Equal(o.Taken, rows.Count(r => r.Status is Groz.Web.Features.Events.RegistrationStatus.Registered or Groz.Web.Features.Events.RegistrationStatus.Attended));
            Assert.True(o.Taken <= o.Capacity);
            Assert.Equal(Enumerable.Range(1, o.WaitlistIssued).Select(i => (int?)i), rows.Where(r => r.Status == E).Select(r => r.WaitlistPosition).Order());
        });
        Assert.Contains(registrations, r => r.Status == E);

        // Kennisbank: 1,500 documents and 4,000 responses per 100,000 residents, indexed for search, with bouwsteen updates and follows.
        Assert.Equal(600, await app.DbAsync(db => db.KnowledgeDocuments.CountAsync(d => d.LeerregioId == leerregioId && d.SearchBody != "")));
        Assert.Equal(1_600, await app.DbAsync(db => db.Set<Groz.Web.Features.Knowledge.KnowledgeComment>().CountAsync(c => c.LeerregioId == leerregioId)));
        Assert.True(await app.DbAsync(db => db.BouwsteenUpdates.AnyAsync(u => db.Bouwstenen.Any(b => b.Id == u.BouwsteenId && b.LeerregioId == leerregioId))));

        // The app serves it, and the one precomputed password hash signs a member in.
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/leerregios/synthetisch")).StatusCode);
        var email = await app.DbAsync(db => db.Users.Where(u => u.LeerregioId == wijken[0].LeerregioId && u.EmailConfirmed && !u.TwoFactorEnabled)
            .OrderBy(u => u.Email).Select(u => u.Email!).FirstAsync());
        Assert.Equal("/", (await client.SignInAsync(email)).Location);

        await TimeBankInvariantsHoldAsync(wijken[0].LeerregioId, context!.StatementAccountId, context.StatementAccountUserId!);

        // A second run into the same database refuses rather than doubling the region.
        Assert.Null(await Generator.RunAsync(Options(GrozApp.OnPostgres ? "postgres" : "sqlite", app.ConnectionString, 40_000), TextWriter.Null, default));
    }

    /// <summary>The generated ledger is one the app could have written: the invariants of the Tijdbank issue, on every row.</summary>
    private async Task TimeBankInvariantsHoldAsync(int leerregioId, int statementAccountId, string statementUserId)
    {
        using var client = app.NewClient(); // an API client: no cookie, so no antiforgery
        var accounts = await app.DbAsync(db => db.TimeAccounts.AsNoTracking().Where(a => a.LeerregioId == leerregioId).ToDictionaryAsync(a => a.Id));
        var members = await app.DbAsync(db => db.Users.CountAsync(u => u.LeerregioId == leerregioId));
        Assert.Equal(members, accounts.Values.Count(a => a.Kind == TimeAccountKind.Member));
        Assert.Single(accounts.Values, a => a.Kind == TimeAccountKind.Pool);
        Assert.True(await app.DbAsync(db => db.TimeBanks.AnyAsync(b => b.LeerregioId == leerregioId)));

        var transfers = await app.DbAsync(db => db.Transfers.AsNoTracking().Where(t => t.LeerregioId == leerregioId)
            .Select(t => new { t.Id, t.Kind, t.Status, t.FromAccountId, t.ToAccountId, t.Minutes, t.CreatedAt }).ToDictionaryAsync(t => t.Id));
        var entries = await app.DbAsync(db => db.TimeEntries.AsNoTracking().Where(e => db.Transfers.Any(t => t.Id == e.TransferId && t.LeerregioId == leerregioId))
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.TransferId, e.AccountId, e.Minutes, e.At }).ToListAsync());
        Assert.True(transfers.Count > 10_000, $"{transfers.Count} transfers");
        Assert.Contains(transfers.Values, t => t.Kind == TransferKind.Donation && accounts[t.ToAccountId].Kind == TimeAccountKind.Pool);
        Assert.Contains(transfers.Values, t => t.Kind == TransferKind.Grant);

        // 1. Every transfer: two entries that sum to zero, out of its from-account and into its to-account, at its own time.
        foreach (var group in entries.GroupBy(e => e.TransferId))
        {
            var t = transfers[group.Key];
            Assert.Equal(TransferStatus.Completed, t.Status);
            Assert.Equal(0, group.Sum(e => e.Minutes));
            Assert.Equal(-t.Minutes, group.Single(e => e.AccountId == t.FromAccountId).Minutes);
            Assert.Equal(t.Minutes, group.Single(e => e.AccountId == t.ToAccountId).Minutes);
            Assert.All(group, e => Assert.Equal(t.CreatedAt, e.At));
        }
        Assert.Equal(transfers.Count, entries.Select(e => e.TransferId).Distinct().Count());

        // 2 and 3. Replayed in id order (the order the statement uses), every account stays within its limits at every
        // step and ends at its stored balance; ids grow with time, so that order is also the order of history.
        var running = accounts.Keys.ToDictionary(id => id, _ => 0);
        DateTimeOffset previous = default;
        foreach (var e in entries)
        {
            Assert.True(e.At >= previous, $"entry {e.Id} is older than the one before it");
            previous = e.At;
            var account = accounts[e.AccountId];
            var balance = running[e.AccountId] += e.Minutes;
            Assert.True((account.MinMinutes is null || balance >= account.MinMinutes) && (account.MaxMinutes is null || balance <= account.MaxMinutes),
                $"account {account.Id} at {balance} after entry {e.Id}");
            Assert.True(e.At >= account.CreatedAt, $"entry {e.Id} before account {account.Id} was opened");
        }
        Assert.All(accounts.Values, a => Assert.Equal(running[a.Id], a.BalanceMinutes));
        Assert.Equal(0, accounts.Values.Sum(a => a.BalanceMinutes));

        // The benchmark's statement account, and its statement as the API serves it to its contact.
        Assert.Equal(TimeBankStep.StatementTransfers, transfers.Values.Count(t => t.FromAccountId == statementAccountId || t.ToAccountId == statementAccountId));
        // Conversions: a few hundred, each with its transfer to the conversion account; paid ones in schema-valid SEPA batches; budgets never below zero.
        var conversions = await app.DbAsync(db => db.Conversions.AsNoTracking().Where(c => c.LeerregioId == leerregioId).ToListAsync());
        Assert.InRange(conversions.Count, 150, 25 * TimeBankStep.ConversionsPerMonth);
        Assert.All(conversions, c => Assert.Equal((TransferKind.Conversion, c.Minutes), (transfers[c.TransferId].Kind, transfers[c.TransferId].Minutes)));
        Assert.Contains(conversions, c => c.Status == ConversionStatus.Pending);
        Assert.Contains(conversions, c => c.Status == ConversionStatus.Approved);
        await Groz.Tests.TimeBank.ConversionTestSupport.AssertBudgetsHoldAsync(app);
        var batch = await app.DbAsync(db => db.PayoutBatches.Where(b => b.LeerregioId == leerregioId).OrderBy(b => b.Id).FirstAsync());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var xml = await scope.ServiceProvider.GetRequiredService<Conversions>().XmlAsync(batch);
            Groz.Tests.TimeBank.ConversionTestSupport.AssertValidPain001(xml);
            Assert.Equal(conversions.Where(c => c.PayoutBatchId == batch.Id).Sum(c => c.AmountEuros), batch.ControlSum);
        }
        var email = await app.DbAsync(db => db.Users.Where(u => u.Id == statementUserId).Select(u => u.Email!).SingleAsync());
        var tokenResponse = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", new { email, password = DemoData.DemoPassword, scopes = new[] { "read" } });
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);
        var token = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        async Task<System.Text.Json.JsonElement> PageAsync(int page)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/timebank/transfers?accountId={statementAccountId}&page={page}&pageSize=200");
            request.Headers.Authorization = new("Bearer", token);
            var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }
        var first = await PageAsync(1);
        Assert.Equal(TimeBankStep.StatementTransfers, first.GetProperty("total").GetInt32());
        Assert.Equal(accounts[statementAccountId].BalanceMinutes, first.GetProperty("items")[0].GetProperty("balanceAfterMinutes").GetInt32());
        var oldest = (await PageAsync(TimeBankStep.StatementTransfers / 200)).GetProperty("items").EnumerateArray().Last();
        Assert.Equal(oldest.GetProperty("minutes").GetInt32(), oldest.GetProperty("balanceAfterMinutes").GetInt32());

        // 5. Append-only holds for generated rows too: the database refuses to change one.
        var someEntry = entries[entries.Count / 2].Id;
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => app.DbAsync(db =>
            db.TimeEntries.Where(e => e.Id == someEntry).ExecuteUpdateAsync(s => s.SetProperty(e => e.Minutes, 0))));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_rows()
    {
        var dir = Directory.CreateTempSubdirectory("groz-synthetic-").FullName;
        try
        {
            var runs = new List<List<string>>();
            foreach (var name in new[] { "a.db", "b.db" })
            {
                var context = await Generator.RunAsync(Options("sqlite", $"Data Source={Path.Combine(dir, name)}", 8_000, "--seed", "7"), TextWriter.Null, default);
                runs.Add([.. context!.Members.Select(m => $"{m.UserId} {m.DisplayName} {m.WijkId} {m.CreatedAt:O} {string.Join(',', m.Roles)}"),
                    .. context.Counts.Select(c => $"{c.What} {c.Count}")]);
            }
            Assert.NotEmpty(runs[0]);
            Assert.Equal(runs[0], runs[1]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
