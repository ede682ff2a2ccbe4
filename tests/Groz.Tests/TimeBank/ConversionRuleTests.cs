using System.Globalization;
using System.Net;
using Groz.Tests.Regions;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using static Groz.Tests.TimeBank.ConversionTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>Invariant 6 under concurrency: a budget never goes below zero, also when approvals race for its last euros.</summary>
public sealed class BudgetRaceTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    [Fact]
    public async Task Two_approvals_racing_for_the_last_euros_of_a_budget_exactly_one_wins()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var administrator = await app.TokenAsync(GrozRole.Administrator);
        await app.SetCapsAsync(null, null);
        await app.FundAsync(GrozRole.Resident, 600);
        await app.FundAsync(GrozRole.Volunteer, 600);
        var (resident, volunteer) = (await app.TokenAsync(GrozRole.Resident), await app.TokenAsync(GrozRole.Volunteer));
        var today = app.Clock.GetUtcNow();
        for (var round = 0; round < 6; round++)
        {
            // Room for exactly one payout of € 10.
            var budget = await app.SendAsync(HttpMethod.Post, $"{Api}/budgets", coordinator,
                new { funder = $"Fonds {round}", amountEuros = 15.00m, periodFrom = $"{today.Year}-01-01", periodTo = $"{today.Year}-12-31" }, Guid.NewGuid().ToString("N"));
            var budgetId = budget.Json.GetProperty("id").GetInt32();
            var a = await app.RequestAsync(resident, 60);
            var b = await app.RequestAsync(volunteer, 60);
            Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (a.Status, b.Status));

            using var gate = new SemaphoreSlim(0);
            var racers = new[] { (coordinator, a.Id), (administrator, b.Id) }.Select(async x =>
            {
                await gate.WaitAsync();
                return await app.ApproveAsync(x.Item1, x.Item2, budgetId);
            }).ToList();
            gate.Release(2);
            var replies = await Task.WhenAll(racers);

            Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.OK));
            var loser = Assert.Single(replies, r => r.Status != HttpStatusCode.OK);
            Assert.Equal((HttpStatusCode.Conflict, "/problems/budget-exhausted"), (loser.Status, loser.ProblemType));
            Assert.Equal(5.00m, await app.DbAsync(db => db.Budgets.Where(x => x.Id == budgetId).Select(x => x.RemainingEuros).SingleAsync()));
            Assert.Equal(2, await app.DbAsync(db => db.BudgetMovements.CountAsync(m => m.BudgetId == budgetId)));
            // The loser is still pending, untouched: it can be approved from another budget later.
            var statuses = await app.DbAsync(db => db.Conversions.Where(c => c.Id == a.Id || c.Id == b.Id).Select(c => c.Status).ToListAsync());
            Assert.Equal([ConversionStatus.Pending, ConversionStatus.Approved], statuses.Order());
            await app.AssertBudgetsHoldAsync();
        }
    }

    [Fact]
    public async Task Movements_are_append_only_in_the_database_itself()
    {
        var id = await app.DbAsync(db => db.BudgetMovements.Select(m => m.Id).FirstAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => app.DbAsync(db => db.BudgetMovements.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.AmountEuros, 1m))));
        await Assert.ThrowsAnyAsync<Exception>(() => app.DbAsync(db => db.BudgetMovements.Where(m => m.Id == id).ExecuteDeleteAsync()));
        // And a budget below zero is refused by its CHECK constraint, whatever the code does.
        await Assert.ThrowsAnyAsync<Exception>(() => app.DbAsync(db => db.Budgets.ExecuteUpdateAsync(s => s.SetProperty(b => b.RemainingEuros, -1m))));
        await app.AssertBudgetsHoldAsync();
    }
}

/// <summary>Caps per person per calendar month and year, in euros: checked at the request and again at approval.</summary>
public sealed class ConversionCapTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    [Fact]
    public async Task A_request_above_the_monthly_or_yearly_cap_is_refused_and_changes_nothing_and_a_new_month_has_room_again()
    {
        var now = TimeBankPages.Local(app.Clock.GetUtcNow());
        if (now.Month == 12 && now.Day > 20 || now.Month == 1 && now.Day < 2)
        {
            // The clock moves a month ahead below; around new year that would also reset the year.
            return;
        }
        await app.FundAsync(GrozRole.Professional, 600);
        var token = await app.TokenAsync(GrozRole.Professional);
        await app.SetCapsAsync(25m, 35m);
        Assert.Equal(HttpStatusCode.Created, (await app.RequestAsync(token, 120)).Status); // € 20

        var before = await app.EverythingAsync();
        var month = await app.RequestAsync(token, 60); // € 10 more: € 30 > € 25 this month
        Assert.Equal((HttpStatusCode.Conflict, "/problems/above-cap"), (month.Status, month.ProblemType));
        Assert.Contains("5,00", month.Json.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(before, await app.EverythingAsync());
        Assert.Equal(HttpStatusCode.Created, (await app.RequestAsync(token, 30)).Status); // € 5: exactly the cap

        // Next month: the monthly cap has room again, the yearly one (€ 35, € 25 used) only for € 10.
        app.Clock.Offset = TimeSpan.FromDays(32 - now.Day);
        try
        {
            var year = await app.RequestAsync(token, 90); // € 15
            Assert.Equal((HttpStatusCode.Conflict, "/problems/above-cap"), (year.Status, year.ProblemType));
            Assert.Equal(HttpStatusCode.Created, (await app.RequestAsync(token, 60)).Status);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_cap_lowered_after_the_request_is_checked_again_at_approval()
    {
        await app.SetCapsAsync(null, null);
        await app.FundAsync(GrozRole.Student, 120);
        var student = await app.TokenAsync(GrozRole.Student);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var pending = await app.RequestAsync(student, 120);
        Assert.Equal(HttpStatusCode.Created, pending.Status);

        await app.SetCapsAsync(5m, null);
        var before = await app.EverythingAsync();
        var refused = await app.ApproveAsync(coordinator, pending.Id);
        Assert.Equal((HttpStatusCode.Conflict, "/problems/above-cap"), (refused.Status, refused.ProblemType));
        Assert.Equal(before, await app.EverythingAsync());

        await app.SetCapsAsync(null, null);
        Assert.Equal(HttpStatusCode.OK, (await app.ApproveAsync(coordinator, pending.Id)).Status);
        await app.AssertBudgetsHoldAsync();
    }

    [Fact]
    public async Task Two_requests_at_once_cannot_pass_the_cap_together()
    {
        await app.FundAsync(GrozRole.Buurtassistent, 600);
        var token = await app.TokenAsync(GrozRole.Buurtassistent);
        var account = await app.AccountIdAsync(GrozRole.Buurtassistent);
        var used = (await app.DbAsync(db => db.Conversions.Where(c => c.AccountId == account && c.Status != ConversionStatus.Rejected).Select(c => c.AmountEuros).ToListAsync())).Sum();
        // Once more than is used this month: room for one more € 10, not two (the month's cap with the year's off).
        await app.SetCapsAsync(used + 15m, null);
        var replies = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.RequestAsync(token, 60)));
        Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(1, replies.Count(r => r.ProblemType == "/problems/above-cap"));
        await app.SetCapsAsync(null, null);
    }
}

/// <summary>Rates: euros per hour from a date; the rate valid on the day of the request applies; history is kept and never edited.</summary>
public sealed class ConversionRateTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    [Fact]
    public async Task A_rate_from_tomorrow_applies_from_tomorrow_and_old_requests_keep_their_rate()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        await app.FundAsync(GrozRole.Volunteer, 240);
        var volunteer = await app.TokenAsync(GrozRole.Volunteer);
        var today = DateOnly.FromDateTime(TimeBankPages.Local(app.Clock.GetUtcNow()));
        string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var past = await app.SendAsync(HttpMethod.Post, $"{Api}/rates", coordinator, new { eurosPerHour = 20m, validFrom = Date(today.AddDays(-1)) }, Guid.NewGuid().ToString("N"));
        Assert.True(past.Status == HttpStatusCode.BadRequest && past.Json.GetProperty("errors").TryGetProperty("validFrom", out _), past.ToString());
        foreach (var bad in new[] { 0m, -1m, 10.001m, 1000.01m })
        {
            var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/rates", coordinator, new { eurosPerHour = bad, validFrom = Date(today.AddDays(1)) }, Guid.NewGuid().ToString("N"));
            Assert.True(reply.Status == HttpStatusCode.BadRequest && reply.Json.GetProperty("errors").TryGetProperty("eurosPerHour", out _), reply.ToString());
        }
        var made = await app.SendAsync(HttpMethod.Post, $"{Api}/rates", coordinator, new { eurosPerHour = 12.50m, validFrom = Date(today.AddDays(1)) }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, made.Status);
        var twice = await app.SendAsync(HttpMethod.Post, $"{Api}/rates", coordinator, new { eurosPerHour = 13m, validFrom = Date(today.AddDays(1)) }, Guid.NewGuid().ToString("N"));
        Assert.Equal((HttpStatusCode.Conflict, "/problems/rate-exists"), (twice.Status, twice.ProblemType));

        var todays = await app.RequestAsync(volunteer, 60);
        Assert.Equal((10.00m, 10.00m), (todays.Json.GetProperty("eurosPerHour").GetDecimal(), todays.Json.GetProperty("amountEuros").GetDecimal()));
        app.Clock.Offset = TimeSpan.FromDays(1);
        try
        {
            var tomorrows = await app.RequestAsync(volunteer, 60);
            Assert.Equal((12.50m, 12.50m), (tomorrows.Json.GetProperty("eurosPerHour").GetDecimal(), tomorrows.Json.GetProperty("amountEuros").GetDecimal()));
            // The first request keeps the rate of its day.
            Assert.Equal(10.00m, (await app.GetAsync($"{Api}/conversions/{todays.Id}", volunteer)).Json.GetProperty("amountEuros").GetDecimal());
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
        var rates = await app.GetAsync($"{Api}/rates", volunteer);
        Assert.Equal([12.50m, 10.00m], rates.Json.EnumerateArray().Select(r => r.GetProperty("eurosPerHour").GetDecimal()));
    }

    [Fact]
    public async Task Without_a_rate_nothing_can_be_converted()
    {
        var leerregio = await app.LeerregioIdAsync("leidsche-rijn");
        await app.FundAsync(GrozRole.Student, 60, "leidsche-rijn");
        var rates = await app.DbAsync(db => db.ConversionRates.Where(r => r.LeerregioId == leerregio).ToListAsync());
        // Move the leerregio's rates into the future for a moment (directly: the app never edits a rate).
        await app.DbAsync(db => db.ConversionRates.Where(r => r.LeerregioId == leerregio).ExecuteUpdateAsync(s => s.SetProperty(r => r.ValidFrom, new DateOnly(2999, 1, 1))));
        try
        {
            var before = await app.EverythingAsync();
            var reply = await app.RequestAsync(await app.TokenAsync(GrozRole.Student, "leidsche-rijn"), 30);
            Assert.Equal((HttpStatusCode.Conflict, "/problems/no-rate"), (reply.Status, reply.ProblemType));
            Assert.Equal(before, await app.EverythingAsync());
        }
        finally
        {
            await app.DbAsync(db => db.ConversionRates.Where(r => r.LeerregioId == leerregio).ExecuteUpdateAsync(s => s.SetProperty(r => r.ValidFrom, rates[0].ValidFrom)));
        }
    }
}
