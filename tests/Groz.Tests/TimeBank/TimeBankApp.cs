using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.TimeBank;

/// <summary>The system clock plus an offset that a test may move forward (pending exchanges expire after days).</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>The real app (own database, demo data) with a clock the test controls, and a few ways to talk to the Tijdbank API.</summary>
public class TimeBankApp : GrozApp
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public static string Email(GrozRole role, string leerregio = "utrecht") => DemoData.DemoEmail(role, leerregio);

    /// <summary>
    /// A personal access token as POST /api/v1/tokens makes it (2FA turned on first for privileged roles, so their roles
    /// count). Made directly, not through the endpoint: a TOTP code may be used once per 30 seconds, and these tests need many.
    /// Valid for a year, so that moving the clock by weeks does not expire it.
    /// </summary>
    public async Task<string> TokenAsync(string email, params string[] scopes)
    {
        scopes = scopes.Length == 0 ? ["read", "write"] : scopes;
        var cacheKey = email + "|" + string.Join(',', scopes);
        if (_tokens.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no account " + email);
        var roles = await db.RoleAssignments.Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync();
        if (!user.TwoFactorEnabled && roles.Any(GrozRoles.RequiresTwoFactor))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "tijdbank-test", scopes, ApiTokens.MaxLifetimeDays);
        return _tokens.GetOrAdd(cacheKey, created.Secret);
    }

    public Task<string> TokenAsync(GrozRole role, string leerregio = "utrecht") => TokenAsync(Email(role, leerregio));

    /// <summary>The member's account id in the leerregio (demo members each have one).</summary>
    public Task<int> AccountIdAsync(string email, string leerregio = "utrecht") => DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Member && db.Leerregios.Any(l => l.Id == a.LeerregioId && l.Slug == leerregio) && db.Users.Any(u => u.Id == a.UserId && u.Email == email))
            .Select(a => a.Id).SingleAsync());

    public Task<int> AccountIdAsync(GrozRole role, string leerregio = "utrecht") => AccountIdAsync(Email(role, leerregio), leerregio);

    public Task<int> PoolIdAsync(string leerregio = "utrecht") => DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Pool && db.Leerregios.Any(l => l.Id == a.LeerregioId && l.Slug == leerregio)).Select(a => a.Id).SingleAsync());

    public Task<int> BalanceAsync(int accountId) => DbAsync(db => db.TimeAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceMinutes).SingleAsync());

    /// <summary>Turns "an exchange needs the other party's confirmation" on or off, as the leerregio's coordinators would.</summary>
    public Task SetConfirmationAsync(bool on, string leerregio = "utrecht") => DbAsync(async db =>
    {
        var id = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
        await db.TimeBanks.Where(b => b.LeerregioId == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ExchangeNeedsConfirmation, on));
    });

    /// <summary>A connection of its own, as a separate API client would have.</summary>
    public HttpClient NewHttp() =>
        CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    public async Task<Reply> SendAsync(HttpMethod method, string url, string? token, object? body = null, string? key = null, string? rawJson = null)
    {
        using var client = NewHttp();
        return await SendAsync(client, method, url, token, body, key, rawJson);
    }

    public static async Task<Reply> SendAsync(HttpClient client, HttpMethod method, string url, string? token, object? body = null, string? key = null, string? rawJson = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (rawJson is not null)
        {
            request.Content = new StringContent(rawJson, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (key is not null)
        {
            request.Headers.Add(TimeBankApi.IdempotencyHeader, key);
        }
        using var response = await client.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"),
            response.Content.Headers.ContentType?.MediaType);
    }

    public Task<Reply> PostTransferAsync(string token, object body, string? key = null) =>
        SendAsync(HttpMethod.Post, "/api/v1/timebank/transfers", token, body, key ?? Guid.NewGuid().ToString("N"));

    public Task<Reply> GetAsync(string url, string? token) => SendAsync(HttpMethod.Get, url, token);

    /// <summary>Every transfer, entry and balance in one string: equal before and after means the request changed nothing.</summary>
    public Task<string> LedgerSnapshotAsync() => DbAsync(async db =>
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"transfers={await db.Transfers.CountAsync()} entries={await db.TimeEntries.CountAsync()} keys={await db.IdempotencyKeys.CountAsync()}\n");
        foreach (var t in await db.Transfers.OrderBy(t => t.Id).Select(t => new { t.Id, t.Status }).ToListAsync())
        {
            s.Append(CultureInfo.InvariantCulture, $"T{t.Id}:{t.Status} ");
        }
        s.Append('\n');
        foreach (var a in await db.TimeAccounts.OrderBy(a => a.Id).Select(a => new { a.Id, a.BalanceMinutes }).ToListAsync())
        {
            s.Append(CultureInfo.InvariantCulture, $"A{a.Id}={a.BalanceMinutes} ");
        }
        return s.ToString();
    });

    /// <summary>
    /// Invariants 1–3 over the whole database, recomputed from the entries: every transfer's entries sum to zero (and a
    /// completed transfer has entries, any other none), each bank's balances sum to zero, every stored balance is the
    /// sum of its entries, and every balance lies within its limits.
    /// </summary>
    public Task AssertLedgerHoldsAsync() => DbAsync(async db =>
    {
        var entries = await db.TimeEntries.AsNoTracking().Select(e => new { e.TransferId, e.AccountId, e.Minutes }).ToListAsync();
        var transfers = await db.Transfers.AsNoTracking().Select(t => new { t.Id, t.Status }).ToListAsync();
        var accounts = await db.TimeAccounts.AsNoTracking().ToListAsync();
        var byTransfer = entries.ToLookup(e => e.TransferId);
        foreach (var t in transfers)
        {
            var own = byTransfer[t.Id].ToList();
            Assert.True(own.Sum(e => (long)e.Minutes) == 0, $"transfer {t.Id}: entries sum to {own.Sum(e => e.Minutes)}");
            Assert.True(t.Status == TransferStatus.Completed ? own.Count >= 2 : own.Count == 0, $"transfer {t.Id} ({t.Status}) has {own.Count} entries");
        }
        Assert.DoesNotContain(entries, e => transfers.All(t => t.Id != e.TransferId));
        foreach (var bank in accounts.GroupBy(a => a.LeerregioId))
        {
            Assert.True(bank.Sum(a => (long)a.BalanceMinutes) == 0, $"leerregio {bank.Key}: balances sum to {bank.Sum(a => a.BalanceMinutes)}");
        }
        var sums = entries.GroupBy(e => e.AccountId).ToDictionary(g => g.Key, g => g.Sum(e => e.Minutes));
        foreach (var a in accounts)
        {
            Assert.True(a.BalanceMinutes == sums.GetValueOrDefault(a.Id), $"account {a.Id} ({a.Name}): stored {a.BalanceMinutes}, entries {sums.GetValueOrDefault(a.Id)}");
            Assert.True(a.MinMinutes is null || a.BalanceMinutes >= a.MinMinutes, $"account {a.Id}: {a.BalanceMinutes} below {a.MinMinutes}");
            Assert.True(a.MaxMinutes is null || a.BalanceMinutes <= a.MaxMinutes, $"account {a.Id}: {a.BalanceMinutes} above {a.MaxMinutes}");
        }
    });
}

/// <summary>An HTTP answer as the tests read it.</summary>
public sealed record Reply(HttpStatusCode Status, string Text, bool Replayed, string? MediaType)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    public long Id => Json.GetProperty("id").GetInt64();
    public string? ProblemType => MediaType == "application/problem+json" && Json.TryGetProperty("type", out var t) ? t.GetString() : null;
    public override string ToString() => $"{(int)Status} {Text}";
}
